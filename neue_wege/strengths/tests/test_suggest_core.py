"""The pure suggestion core: no database, no Django."""

from __future__ import annotations

import pytest

from neue_wege.strengths.suggest import LanguageError, check_language, suggest


def ids(text: str) -> list[str]:
    return [s.id for s in suggest(text)]


def by_id(text: str) -> dict:
    return {s.id: s for s in suggest(text)}


# --- negation -------------------------------------------------------------------------


def test_plain_trait_word_is_suggested():
    assert "zuverlaessigkeit" in ids("Sie ist immer zuverlässig gewesen.")


@pytest.mark.parametrize(
    "text",
    [
        "Er war nie zuverlässig.",
        "Zuverlässig war er nie.",
        "Sie ist nicht zuverlässig.",
        "Er war kein zuverlässiger Kollege.",
    ],
)
def test_negated_trait_is_not_suggested(text):
    assert "zuverlaessigkeit" not in ids(text)


def test_not_giving_up_is_persistence():
    found = by_id("Sie hat nicht aufgegeben.")
    assert "durchhaltevermoegen" in found
    assert found["durchhaltevermoegen"].evidence[0].text == "nicht aufgegeben"


def test_giving_up_without_negation_is_no_strength():
    assert "durchhaltevermoegen" not in ids("Nach einer Woche gab sie auf.")


def test_negation_stays_inside_its_clause_part():
    found = ids("Ich gab nie auf und war immer zuverlässig.")
    assert "durchhaltevermoegen" in found
    assert "zuverlaessigkeit" in found


def test_negation_in_another_clause_does_not_count():
    found = ids("Sie war fleißig, aber eine Stelle fand sie nicht.")
    assert "fleiss" in found


def test_not_only_is_no_negation():
    found = ids("Er ist nicht nur fleißig, sondern auch hilfsbereit.")
    assert {"fleiss", "hilfsbereitschaft"} <= set(found)


def test_attributive_adjective_is_not_negated_by_a_later_negator():
    text = "Trotz guter Noten und fleißigen Bewerbens bekam sie kaum eine Einladung."
    assert "fleiss" in ids(text)


def test_never_too_proud_for_a_job_is_commitment():
    found = by_id("Sie war sich nie zu schade für einen Job.")
    assert "einsatzbereitschaft" in found
    assert found["einsatzbereitschaft"].evidence[0].text == "nie zu schade"


def test_negated_self_trust_is_not_suggested():
    assert "selbstvertrauen" not in ids("Mehr traute sie sich nicht zu.")


# --- separable verbs ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("Sie gab nicht auf.", "gab nicht auf"),
        ("Er hielt die ganze Ausbildung durch.", "hielt die ganze Ausbildung durch"),
        ("Ich bin immer drangeblieben.", "drangeblieben"),
        ("Sie hat versucht durchzuhalten.", "durchzuhalten"),
        ("Sie blieb trotz allem dran, weil sie es wollte.", "blieb trotz allem dran"),
    ],
)
def test_separable_verbs_are_put_together(text, evidence):
    found = by_id(text)
    assert "durchhaltevermoegen" in found
    assert [e.text for e in found["durchhaltevermoegen"].evidence] == [evidence]


def test_separable_particle_before_und_still_counts():
    assert "durchhaltevermoegen" in ids("Sie zog die Sache durch und bestand die Prüfung.")


# --- inflection and person ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Sie ist eine hilfsbereite Nachbarin.",
        "Er half den älteren Nachbarn jeden Tag.",
        "Ich helfe gern anderen Menschen.",
        "Wir haben den Bewohnern im Heim geholfen.",
    ],
)
def test_inflected_forms_and_persons_are_found(text):
    assert "hilfsbereitschaft" in ids(text)


def test_first_and_third_person_score_the_same():
    first = by_id("Ich bin zuverlässig und pünktlich.")
    third = by_id("Sie ist zuverlässig und pünktlich.")
    assert {k: v.score for k, v in first.items()} == {k: v.score for k, v in third.items()}
    assert {"zuverlaessigkeit", "puenktlichkeit"} <= set(first)


def test_capitalised_adjective_at_sentence_start():
    assert "freundlichkeit" in ids("Freundlich und geduldig erklärte sie den Kunden alles.")


def test_clause_about_another_person_counts_less():
    own = by_id("Sie ermutigte die anderen Teilnehmenden jeden Tag.")
    other = by_id("Ihr Fallmanager ermutigte sie jeden Tag.")
    assert own["empathie"].score > other.get("empathie", _Zero).score


BIRTHDAY = (
    "Am Geburtstag meiner Tochter lachten die Kinder viel. Der Vater eines Jungen bat mich, "
    "das nächste Fest zu organisieren."
)


def test_what_others_did_is_no_evidence_for_the_writer():
    """Issue 13: no "Humor" because the children laughed, no "Organisationsfähigkeit"
    from a father's request."""
    found = by_id(BIRTHDAY)
    assert "humor" not in found
    assert "organisationsfaehigkeit" not in found
    own = by_id("Ich organisierte das Fest und brachte alle zum Lachen.")
    assert "organisationsfaehigkeit" in own


def test_another_person_naming_the_writers_quality_still_counts_a_little():
    praised = by_id("Ihre Lehrerin lobte ihren Fleiß.")
    own = by_id("Sie zeigte Fleiß.")
    assert 0 < praised["fleiss"].score < own["fleiss"].score


def test_stop_phrases_are_no_evidence():
    assert "selbstdisziplin" in by_id("Sie stand jeden Tag früh auf.")  # "jeden Tag" stays
    tokens = [e.text for s in suggest("Am Ende war sie vor allem stolz.") for e in s.evidence]
    assert not any(t in {"Ende", "vor allem", "Am Ende"} for t in tokens)


class _Zero:
    score = 0.0


# --- compounds ------------------------------------------------------------------------


def test_compound_with_catalogue_head_is_found():
    found = by_id("Sie arbeitete nebenher als Laiendolmetscherin.")
    assert "sprachkompetenz" in found
    assert found["sprachkompetenz"].evidence[0].text == "Laiendolmetscherin"


def test_compound_with_trait_head():
    assert "motivation" in ids("Ihre Arbeitsmotivation ist hoch.")


def test_un_prefix_is_not_a_compound():
    assert "zuverlaessigkeit" not in ids("Er war unzuverlässig.")
    assert "puenktlichkeit" not in ids("Seine Unpünktlichkeit war ein Problem.")


def test_gendered_nouns_are_not_traits():
    # "Mutter" must not be read as "Mut"
    assert "mut" not in ids("Sie ist Mutter von drei Kindern und wohnt in Borken.")


# --- evidence and output --------------------------------------------------------------


STORY = (
    "Nina ist 36 Jahre alt und zieht drei Kinder allein groß. Im Altenheim merkte sie, "
    "wie gern sie die älteren Bewohnerinnen unterstützte und ihnen Mut machte. „Ich habe "
    "nie aufgegeben“, sagt sie. Die Gruppe fand in ihren Geschichten Motivation, Empathie "
    "und Fleiß.\nSie ist pünktlich – jeden Morgen um sieben."
)


def test_evidence_offsets_index_the_original_text():
    results = suggest(STORY)
    assert results
    for suggestion in results:
        assert suggestion.evidence
        for evidence in suggestion.evidence:
            assert STORY[evidence.start : evidence.end] == evidence.text
            assert evidence.text.strip() == evidence.text


def test_scores_are_between_zero_and_one_and_ranked():
    results = suggest(STORY)
    scores = [s.score for s in results]
    assert all(0 < s <= 1 for s in scores)
    assert scores == sorted(scores, reverse=True)


def test_more_evidence_gives_a_higher_score():
    one = by_id("Sie war fleißig.")["fleiss"].score
    two = by_id("Sie war fleißig. Alle lobten ihren Fleiß und ihren Eifer.")["fleiss"].score
    assert two > one


def test_limit():
    assert len(suggest(STORY, limit=2)) == 2


def test_encouraging_others_is_empathy_not_courage():
    found = by_id("Sie machte den Bewohnern Mut.")
    assert "empathie" in found
    assert "mut" not in found


# --- language check -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("abc\x00\x01\x02def", "binary"),
        ("The applicant was always reliable and never gave up on her goals.", "not_german"),
        ("Elle a toujours été fiable et n'a jamais abandonné.", "not_german"),
        ("12345 67890 !!! ???", "not_german"),
    ],
)
def test_unusable_input_is_rejected_with_a_german_message(text, code):
    with pytest.raises(LanguageError) as info:
        suggest(text)
    assert info.value.code == code
    assert any(word in info.value.message for word in ("Text", "Eingabe"))


def test_short_german_text_is_accepted():
    check_language("Ich bin zuverlässig.")


def test_core_imports_no_django():
    import subprocess
    import sys

    code = (
        "import sys, neue_wege.strengths.suggest as s; s.suggest('Ich bin zuverlässig.'); "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0  # noqa: S603


@pytest.mark.parametrize(
    "text",
    [
        "Die alleinerziehende Mutter organisierte das Fest und war immer zuverlässig.",
        "Der alleinerziehende Vater organisierte das Fest und war immer zuverlässig.",
        "Die Teilnehmerin organisierte das Fest und war immer zuverlässig.",
    ],
)
def test_role_noun_protagonist_is_the_writer(text):
    """Issue 13: a third-person story about "die alleinerziehende Mutter" is about her; the
    same sentence with "Ihre Mutter" (someone else) gives nothing."""
    assert {"organisationsfaehigkeit", "zuverlaessigkeit"} <= set(by_id(text))
    other = text.replace("Die alleinerziehende", "Ihre").replace("Der alleinerziehende", "Sein")
    other = other.replace("Die Teilnehmerin", "Ihre Kollegin")
    assert not {"organisationsfaehigkeit", "zuverlaessigkeit"} & set(by_id(other))
