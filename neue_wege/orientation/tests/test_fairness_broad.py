"""The broad gender-and-origin swap (issue 13, point 6) over the development stories: the 12
shared ones and the dev half of the real stories (never the held-out half). Pure core, no
database. The generator (``swap_broad.py``) is independent of the engine's word lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from neue_wege.core.paths import SHARED_DATA
from neue_wege.core.text import fold_gender_surface
from neue_wege.orientation.matcher import suggest_occupations

from .swap_broad import flip_gender, person_names, replace_names, variants

DEV_STORIES = SHARED_DATA / "stories-dev" / "stories.json"
REAL_STORIES = Path(__file__).resolve().parents[3] / "bench" / "data" / "stories_de_real.json"
# a subset of the variants keeps the test at a few seconds; bench/measure_swap_broad.py
# runs all of them
CHECKED = ("gender", "gender+names:arabic", "names:west_african", "places:3", "all:polish")


def _dev_records() -> list[dict]:
    records = []
    if DEV_STORIES.exists():
        records += json.loads(DEV_STORIES.read_text(encoding="utf-8"))
    records += [r for r in json.loads(REAL_STORIES.read_text(encoding="utf-8"))
                if r["split"] == "dev"]
    return records


def _top10(text: str) -> list[str]:
    return [s.esco_uri for s in suggest_occupations(text, top=10)]


def test_generator_swaps_what_it_should():
    text = ("Die alleinerziehende Mutter arbeitete als Verkäuferin. Ihr Sohn brachte sie auf "
            "die Idee. Die Kinder arbeiten viel, sie sind fleißig. Frau Yılmaz kam aus Syrien.")
    male = flip_gender(text, "m")
    assert "Der alleinerziehender Vater arbeitete als Verkäufer" in male
    assert "Sein Sohn brachte er auf" in male  # "sie" is read as "er" (the engine folds
    # "ihn" to "sie", so the object form would give the same)
    assert "sie sind fleißig" in male  # plural "sie" stays
    assert "Herr Yılmaz" in male
    assert flip_gender(male, "f").startswith("Die alleinerziehende Mutter")
    assert replace_names("Nina Weber kam. Nina lachte.", "Nina Weber", "arabic", "f") == (
        "Fatima Al-Hassan kam. Fatima lachte.")
    assert "Semester" in flip_gender("Er studierte ein Semester in Deutschland.", "f")
    # the meal is no place: a town takes no article, adjective or verb before it
    from .swap_broad import replace_places
    assert replace_places("Sie kocht warmes Essen, beim Essen hilft sie in Essen.", 0) == (
        "Sie kocht warmes Essen, beim Essen hilft sie in Ukraine.")
    # a swap keeps the number: a masculine plural becomes -innen, not -in
    assert flip_gender("Er half die Bewohner zu pflegen.", "f") == (
        "Sie half die Bewohnerinnen zu pflegen.")


def test_broad_swap_changes_no_top10_on_development_stories():
    records = _dev_records()
    assert len(records) >= 31
    checked = 0
    for record in records:
        text = record["narrative"]
        original = _top10(text)
        for label, swapped in variants(text, record.get("person", ""), record.get("gender")):
            if label not in CHECKED or swapped == text:
                continue
            assert _top10(swapped) == original, (record["id"], label)
            checked += 1
    assert checked >= 150


@pytest.mark.parametrize(
    ("female", "male"),
    [
        # found by the broad swap on the dev stories' full texts (fixed in the engine)
        ("Von einer Jobcenter-Kundin zur besten Bodenlegerin im Land.",
         "Von einem Jobcenter-Kunden zum besten Bodenleger im Land."),
        ("Ihr Sohn, der bei der Saarbahn arbeitet, brachte sie auf die Idee, sich als "
         "Busfahrerin zu bewerben.",
         "Sein Sohn, der bei der Saarbahn arbeitet, brachte ihn auf die Idee, sich als "
         "Busfahrer zu bewerben."),
        ("Sie verdankt ihr, dass sie wieder als Ärztin arbeiten kann.",
         "Er verdankt ihm, dass er wieder als Arzt arbeiten kann."),
        # written for the follow-up: pregnancy and parenthood are no evidence about work
        ("Nach der Schwangerschaft half sie ihrer Cousine im Laden an der Kasse.",
         "Nach der Elternzeit half er seinem Cousin im Laden an der Kasse."),
        # a masculine plural after "die" is a plural, like its female form
        ("Die Pflegehelferin pflegte die Bewohnerinnen im Heim.",
         "Der Pflegehelfer pflegte die Bewohner im Heim."),
    ],
)
def test_found_sensitivities_stay_fixed(female, male):
    assert _top10(female) == _top10(male)


def test_own_names_are_never_evidence():
    """A surname that is a word ("Koch", "Al-Hassan") given as the person's name moves
    nothing: the list equals the one with a neutral surname."""
    # no first name before it: the text alone does not show "Koch" as a name
    story = ("Koch arbeitete lange im Lager und fuhr den Gabelstapler. Koch sortierte Pakete "
             "und mag Ordnung.")
    assert [s.esco_uri for s in suggest_occupations(story, top=10)] != [
        s.esco_uri for s in suggest_occupations(story.replace("Koch", "Nowak"), top=10)]
    neutral = story.replace("Koch", "Nowak")
    own = [s.esco_uri for s in suggest_occupations(story, top=10, names=["Sabine", "Koch"])]
    assert own == [s.esco_uri for s in suggest_occupations(neutral, top=10,
                                                           names=["Sabine", "Nowak"])]
    hyphen = story.replace("Koch", "Al-Hassan")
    assert own == [s.esco_uri for s in suggest_occupations(hyphen, top=10,
                                                           names=["Sabine", "Al-Hassan"])]


# --- invariance by construction: the canonical text (issue 13 follow-up) -------------------
# Written stories (not taken from any story set): many origins, both genders, and places
# that are also ordinary words (Essen, Halle, Hamm, Weil, Bad, Hof).
WRITTEN = [
    ("Sabine Krause kam aus Essen nach Hamm. Dort arbeitete sie im Lager, fuhr den "
     "Gabelstapler und half ihren Kolleginnen. Beim Essen in der Kantine erzählte sie gern "
     "von ihrer Tochter.", "Sabine Krause", "f"),
    ("Mehmet Yılmaz ist Türke und lebt seit 2015 in Halle. Er war Busfahrer in Istanbul; "
     "sein Vater fuhr Lkw. Das Jobcenter Halle bezahlte ihm den Führerschein.",
     "Mehmet Yılmaz", "m"),
    ("Die gebürtige Syrerin Fatima Al-Hassan wohnt in Weil am Rhein. Sie kocht gern für "
     "viele Menschen und arbeitete als Küchenhilfe in einer Kantine in Bad Oeynhausen.",
     "Fatima Al-Hassan", "f"),
    ("Olena Kowalenko floh aus der Ukraine über Polen nach Borken. Die Ukrainerin pflegte "
     "ihre Großmutter und arbeitet heute als Pflegehelferin im Altenheim.",
     "Olena Kowalenko", "f"),
    ("Kwame Mensah kam aus Ghana nach Hof. Er ist gelernter Elektriker, spricht Englisch "
     "und repariert gern Geräte. Sein Chef lobt ihn.", "Kwame Mensah", "m"),
    ("Thi Lan Nguyen, Vietnamesin aus Leipzig, war Verkäuferin in einem Supermarkt in "
     "Bochum. Die Kundinnen mochten sie, sie beriet sie freundlich an der Kasse.",
     "Thi Lan Nguyen", "f"),
]
PLACE_WORDS = ["Essen", "Halle", "Hamm", "Weil am Rhein", "Bad Oeynhausen", "Hof", "Syrien",
               "Afghanistan", "Aleppo", "Kiew", "Bocholt", "der Türkei"]


def _suggest(text: str, names: list[str]) -> list[str]:
    return [s.esco_uri for s in suggest_occupations(text, top=10, names=names)]


@pytest.mark.parametrize(("text", "person", "gender"), WRITTEN)
def test_every_swap_category_alone_keeps_the_top10(text, person, gender):
    """Names of seven origins, pronouns, gendered nouns, places, origin words – each alone:
    the top 10 stays (the generator is independent of the engine's lists)."""
    from .swap_broad import ORIGINS, category_variants

    original = _suggest(text, person.split())
    checked = 0
    for k, (category, swapped) in enumerate(category_variants(text, person, gender)):
        if swapped == text:
            continue
        names = person.split()
        if category == "names":
            female, male, surname = ORIGINS[list(ORIGINS)[k % len(ORIGINS)]]
            names = [female if gender == "f" else male, surname]
        assert _suggest(swapped, names) == original, (category, swapped)
        checked += 1
    assert checked >= 8


@pytest.mark.parametrize("place", PLACE_WORDS)
def test_a_place_that_is_a_word_is_no_evidence(place):
    """"kam aus Essen" reads like "kam aus Syrien": the place is masked in the canonical
    text, so the query (evidence) is the same for every place."""
    from neue_wege.orientation.matcher import default_matcher

    matcher = default_matcher()
    story = ("Sie kam vor zehn Jahren aus {p} und putzte Büros. Heute reinigt sie Praxen "
             "und Schulen.")
    reference = matcher.query(matcher.canonical(story.format(p="Bocholt")))[0]
    assert matcher.query(matcher.canonical(story.format(p=place)))[0] == reference


def test_beim_essen_still_counts():
    """The same word outside a place position is evidence ("beim Essen helfen")."""
    from neue_wege.orientation.match.terms import word_stem
    from neue_wege.orientation.matcher import default_matcher

    matcher = default_matcher()
    text = "Sie hilft im Heim beim Essen und reicht das Essen an."
    assert "Essen" in matcher.canonical(text)
    query = matcher.query(matcher.canonical(text))[0]
    assert word_stem("Essen") in query


def test_origin_words_are_no_evidence():
    """Countries, nationality adjectives and nouns of any origin read alike."""
    base = _suggest("Die Deutsche spricht Deutsch und arbeitete in Deutschland als "
                    "Verkäuferin.", [])
    for adjective, noun, country in [("Arabisch", "Syrerin", "Syrien"),
                                     ("Türkisch", "Türkin", "Türkei"),
                                     ("Ukrainisch", "Ukrainerin", "Ukraine"),
                                     ("Persisch", "Afghanin", "Afghanistan"),
                                     ("Polnisch", "Polin", "Polen")]:
        text = (f"Die {noun} spricht {adjective} und arbeitete in {country} als "
                "Verkäuferin.")
        assert _suggest(text, []) == base, noun


# Found by bench/probe_gender_pairs.py over every person-noun pair of the ESCO and KldB titles
# (never over stories): the two forms were read differently in three places.
VOCABULARY_PAIRS = [
    # the morphology model splits the male form of a compound it does not know, not the
    # female one: its parts (Band, Stanzer) counted for one gender only
    ("Bandstanzerin", "Bandstanzer"),
    ("Drehbuchschreiberin", "Drehbuchschreiber"),
    ("Büromaschinenmechanikermeisterin", "Büromaschinenmechanikermeister"),
    # irregular pairs the -in cut cannot fold (taken from the data's own "M/F" titles)
    ("Zimmerin", "Zimmerer"),
    ("Fluglotsin", "Fluglotse"),
    ("Polsterin", "Polsterer"),
    # the strength core's compound heads (HanTa keeps the female form whole)
    ("Gebärdensprachdolmetscherin", "Gebärdensprachdolmetscher"),
]
VOCABULARY_SENTENCES = [
    ("Früher habe ich als {} gearbeitet. Heute helfe ich gern anderen Menschen.",) * 2,
    ("Die {} zeigte mir, wie man die Ware sortiert. Ich war stolz.",
     "Der {} zeigte mir, wie man die Ware sortiert. Ich war stolz."),
    ("Meine {} Petra hat mir Mut gemacht. Zusammen haben wir das Fest organisiert.",
     "Mein {} Peter hat mir Mut gemacht. Zusammen haben wir das Fest organisiert."),
]


@pytest.mark.parametrize(("female", "male"), VOCABULARY_PAIRS)
def test_both_forms_of_a_person_noun_read_alike(female, male):
    for female_sentence, male_sentence in VOCABULARY_SENTENCES:
        assert _top10(female_sentence.format(female)) == _top10(male_sentence.format(male))


def test_a_colleague_before_a_name_is_no_first_name():
    """*Kollegin* folded to *Kolleg* once looked like a first name (unknown, not dropped), so
    "Meine Kollegin Petra" masked both words and "Mein Kollege Peter" neither."""
    assert (_top10("Meine Kollegin Petra hat mir Mut gemacht. Wir haben das Fest organisiert.")
            == _top10("Mein Kollege Peter hat mir Mut gemacht. Wir haben das Fest organisiert."))


def test_only_agent_nouns_are_folded_as_written():
    assert fold_gender_surface("Bandstanzerin") == "Bandstanzer"
    assert fold_gender_surface("Studentinnen") == "Student"
    assert fold_gender_surface("Kauffrau") == "Kaufmann"
    for word in ("Busführerschein", "Termin", "Medizin", "Disziplin", "Kollege"):
        assert fold_gender_surface(word) == word


def test_a_record_naming_several_people_gives_names_only():
    """A ``person`` field that names several people must not make its small words names:
    the swap replaced every "und" of such a story by a surname (the last held-out change of
    the broad swap was this generator fault, found from counts only)."""
    assert person_names("Maria Albrecht (Name geändert)") == ["Maria", "Albrecht"]
    assert person_names("Ali und Omar Haddad, Brüder.") == ["Ali", "Omar", "Haddad", "Brüder"]
    text = "Ali und Omar Haddad kamen 2015. Ali lernte Deutsch und Omar fuhr Bus."
    swapped = replace_names(text, "Ali und Omar Haddad", "german", "m")
    assert swapped.count(" und ") == 2 and "Ali" not in swapped and "Haddad" not in swapped
