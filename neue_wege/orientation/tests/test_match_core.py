"""The pure occupation core: data, ranking sanity, reasons, language checks (no database)."""

from __future__ import annotations

import re

import pytest

from neue_wege.orientation.match import LanguageError, OccupationMatcher, load_data
from neue_wege.orientation.matcher import default_matcher, suggest_occupations

CARE_GROUPS = {"5321", "5322", "3221", "2221", "5329"}  # ISCO-08 care and nursing
LOGISTICS_GROUPS = {"4321", "8344", "9333", "1324"}  # stock clerks, forklift, freight handlers

CARE_STORY = (
    "Nach der Schule habe ich im Altenheim gearbeitet. Ich habe die Bewohner gepflegt, "
    "beim Waschen und Anziehen geholfen und das Essen gereicht. Die Pflege alter Menschen "
    "liegt mir, ich bin geduldig und einfühlsam."
)
WAREHOUSE_STORY = (
    "Ich habe viele Jahre im Lager gearbeitet und den Gabelstapler gefahren. Die Waren habe "
    "ich angenommen, sortiert, eingelagert und verpackt. Ich bin zuverlässig und pünktlich."
)


def _groups(text: str, top: int = 10) -> list[str]:
    return [s.isco08 for s in suggest_occupations(text, top=top)]


def test_data_has_all_esco_occupations_with_codes():
    data = load_data()
    assert len(data.occupations) > 3000
    for occ in data.occupations:
        assert re.fullmatch(r"\d{4}", occ.isco08), occ.uri
        assert occ.uri.startswith("http://data.europa.eu/esco/occupation/")
        assert occ.label
    with_kldb = sum(1 for o in data.occupations if o.kldb2010)
    assert with_kldb / len(data.occupations) > 0.95
    assert "ESCO" in data.attribution


@pytest.mark.parametrize(
    ("isco", "kldb_prefix"),
    [
        ("4321", "513"),  # Lagerwirtschaft
        ("5120", "293"),  # Köche
        ("5141", "823"),  # Friseurgewerbe
        ("8331", "521"),  # Fahrzeugführung im Straßenverkehr
        ("7522", "223"),  # Holzbe- und -verarbeitung
    ],
)
def test_kldb_mapping_present_for_known_isco_groups(isco, kldb_prefix):
    occupations = [o for o in load_data().occupations if o.isco08 == isco]
    assert occupations
    for occ in occupations:
        assert occ.kldb2010 is not None and re.fullmatch(r"\d{5}", occ.kldb2010)
        assert occ.kldb2010.startswith(kldb_prefix), (occ.label, occ.kldb2010)


def test_care_story_ranks_care_occupations_high():
    groups = _groups(CARE_STORY)
    assert set(groups) & CARE_GROUPS, groups


def test_warehouse_story_ranks_logistics_first():
    groups = _groups(WAREHOUSE_STORY, top=3)
    assert groups[0] in LOGISTICS_GROUPS, groups
    assert set(groups) <= LOGISTICS_GROUPS | {"8343", "9329"}


@pytest.mark.parametrize(
    ("story", "expected"),
    [
        ("Er kocht gern und hat lange in der Küche eines Restaurants gearbeitet.", {"5120", "9412"}),
        ("Sie wollte schon immer mit Kindern arbeiten und half im Kindergarten aus.",
         {"5311", "5312", "2342", "1341"}),
        ("Er war Tischler und arbeitet gern mit Holz, er baut Möbel.", {"7522", "7523"}),
    ],
)
def test_everyday_stories_find_their_occupation_in_top_five(story, expected):
    assert set(_groups(story, top=5)) & expected


def test_scores_in_range_best_first_and_reasons_german():
    suggestions = suggest_occupations(CARE_STORY, top=10)
    assert len(suggestions) == 10
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    for s in suggestions:
        assert s.reasons
        for reason in s.reasons:
            assert reason.endswith(".")
            assert re.search(r"\b(Sie|Ihre|Auch|das|dieses Berufs)\b", reason), reason
            assert not re.search(r"\b(the|and|with|of)\b", reason), reason


def test_reason_quotes_story_words():
    top = suggest_occupations(WAREHOUSE_STORY, top=1)[0]
    assert any("„Lager" in r or "„Gabelstapler" in r for r in top.reasons), top.reasons


def test_strength_reason_names_strength_and_skill():
    suggestions = suggest_occupations(CARE_STORY, top=10)
    strength_reasons = [r for s in suggestions for r in s.reasons if r.startswith("Ihre Stärke")]
    assert strength_reasons
    assert all("passt zur Fähigkeit „" in r for r in strength_reasons)


def test_accepted_strengths_and_interests_change_the_ranking():
    text = "Ich habe lange gearbeitet und viel erlebt. Jetzt suche ich etwas Neues."
    plain = default_matcher().suggest(text, top=5)
    social = default_matcher().suggest(
        text, top=5, strengths=["empathie", "fuersorge"], interests={"S": 7, "C": 1}
    )
    assert [s.esco_uri for s in plain] != [s.esco_uri for s in social]
    assert any("Einfühlungsvermögen" in r for s in social for r in s.reasons)


def test_unknown_strength_id_is_an_error():
    with pytest.raises(KeyError):
        default_matcher().suggest(CARE_STORY, strengths=["gibt_es_nicht"])


def test_matcher_without_a_strength_assistant_ranks_on_words_and_interests():
    """The pure core does not import the strength assistant: without one the strengths part
    drops out, strength ids are unknown, and the words still find the care occupations."""
    matcher = OccupationMatcher(load_data())
    assert matcher.catalogue is None
    suggestions = matcher.suggest(CARE_STORY, top=10)
    assert {s.isco08 for s in suggestions[:5]} & CARE_GROUPS
    assert not [r for s in suggestions for r in s.reasons if r.startswith("Ihre Stärke")]
    with pytest.raises(KeyError):
        matcher.suggest(CARE_STORY, strengths=["empathie"])


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   \n ", "empty"),
        ("abc\x00\x01\x02def", "binary"),
        ("I worked in a warehouse for many years and I was always on time at the job.", "not_german"),
    ],
)
def test_language_rejection(text, code):
    with pytest.raises(LanguageError) as info:
        suggest_occupations(text)
    assert info.value.code == code
    assert info.value.message and "Text" in info.value.message or "Eingabe" in info.value.message


def test_no_matching_words_still_gives_ranked_output():
    suggestions = suggest_occupations("Das war so. Und dann war es nicht mehr so.", top=3)
    assert len(suggestions) == 3
    assert all(0.0 <= s.score <= 1.0 for s in suggestions)


# --- reading German (issue 13, point 3) -----------------------------------------------------
def _reason_words(text: str, top: int = 10) -> str:
    return " ".join(r for s in suggest_occupations(text, top=top) for r in s.reasons)


def test_kindergarten_is_no_garden():
    matcher = default_matcher()
    query, _, _ = matcher.query("Ich arbeitete drei Jahre im Kindergarten.")
    assert "kindergart" in query
    assert "gart" not in query  # the index knows "Kindergarten" as a whole word
    query, _, _ = matcher.query("Ich hatte oft Bauchschmerzen im Blumengeschäft.")
    assert not any(t.startswith("bau") and not t.startswith("bauch") for t in query)
    assert "blum" in query  # a real compound is still split
    suggestions = suggest_occupations("Ich arbeitete drei Jahre im Kindergarten.", top=10)
    assert suggestions
    assert not any("gärtner" in s.label.lower() for s in suggestions)
    assert any(s.isco08 in {"5311", "2342"} for s in suggestions[:3])  # childcare, pre-school


def test_stop_phrases_give_no_reasons():
    text = "Zum Beispiel habe ich letzten Sommer im Lager Waren verpackt."
    reasons = _reason_words(text)
    assert "Beispiel" not in reasons and "Sommer" not in reasons
    assert "Lager" in reasons


def test_what_other_people_do_is_not_the_writers_occupation():
    text = ("Meine Mutter war Krankenschwester und pflegte Patienten. Ich habe im Lager "
            "gearbeitet und den Gabelstapler gefahren.")
    groups = _groups(text, top=10)
    assert not CARE_GROUPS & set(groups[:5])
    assert LOGISTICS_GROUPS & set(groups[:3])
    own = _groups("Ich war Krankenschwester und pflegte Patienten.", top=5)
    assert CARE_GROUPS & set(own)


def test_kldb_job_titles_are_occupation_words():
    """The KldB's assigned job titles ("Zugeordnete Berufe") are indexed: "Putzhilfe" and
    "Fernfahrer" are no ESCO labels, but KldB titles of cleaning and lorry driving."""
    kldb = load_data().kldb
    assert "Fernfahrer/in" in kldb["52122"]["jobs"]
    assert "Putzhilfe" in kldb["54101"]["jobs"]
    assert "9112" in _groups("Ich habe jahrelang als Putzhilfe gearbeitet.", top=5)
    assert "8332" in _groups("Ich war zehn Jahre Fernfahrer.", top=3)


def test_short_morphemes_of_real_compounds_count():
    matcher = default_matcher()
    query, _, _ = matcher.query("Ich habe den Busführerschein gemacht.")
    assert "bus" in query  # a three-letter morpheme at a real boundary
    assert "fuhrerschein" not in query  # a licence stands for the activity (synonyms only)
    assert any(t.startswith("omnibus") or t.startswith("busfahr") for t in query)
    assert "8331" in _groups("Ich habe den Busführerschein gemacht.", top=5)
    query, _, _ = matcher.query("Ich komme aus Lichtenfels.")
    assert "licht" not in query and "fels" not in query  # a place is not split


def test_person_names_are_no_evidence():
    matcher = default_matcher()
    for text in (
        "Marco Leister hat im Lager gearbeitet. Leister fuhr den Gabelstapler.",
        "„Ich arbeite gern im Lager“, sagt Leister. Er fuhr den Gabelstapler.",
        "Frau Leister arbeitete im Lager und fuhr den Gabelstapler.",
    ):
        query, _, _ = matcher.query(text)
        assert "leist" not in query, text
        assert "lag" in query or "lager" in query, text
    # a noun after a word the index knows is no name
    query, _, _ = matcher.query("Im Gewerbegebiet Lager und Versand habe ich Pakete gepackt.")
    assert any(t.startswith("versand") for t in query)


def test_hyphenated_female_forms_give_the_same_term():
    matcher = default_matcher()
    his, _, _ = matcher.query("Ich bin gelernter Industrie-Elektroniker.")
    hers, _, _ = matcher.query("Ich bin gelernte Industrie-Elektronikerin.")
    assert his == hers
