"""Names, pronouns and gendered nouns must not change the suggested occupations or scores.

The swap approach is the strength assistant's (``neue_wege/strengths/tests/test_fairness.py``):
every gendered word or name is replaced by its counterpart, in both directions.
"""

from __future__ import annotations

import json

import pytest

from neue_wege.core.paths import SHARED_DATA
from neue_wege.orientation.matcher import suggest_occupations
from neue_wege.strengths.tests.test_fairness import PAIRS, swap

EXTRA_PAIRS = [
    ("Pflegerin", "Pfleger"),
    ("Krankenschwester", "Krankenpfleger"),
    ("Kauffrau", "Kaufmann"),
    ("Lageristin", "Lagerist"),
    ("Erzieherin", "Erzieher"),
    ("Friseurin", "Friseur"),
    ("Busfahrerin", "Busfahrer"),
    ("Bewohnerinnen", "Bewohner"),
    ("Sabrina", "Christoph"),
    ("Carina", "Jonas"),
    ("Mandy", "Ralf"),
    ("Jessika", "Dimitri"),
    ("Nadja", "Mehmet"),
    ("Roswitha", "Ahmet"),
    ("Arlette", "Ali"),
]
ALL_PAIRS = PAIRS + EXTRA_PAIRS
TO_MALE = {f: m for f, m in ALL_PAIRS}
TO_FEMALE = {m: f for f, m in ALL_PAIRS}

STORIES = [
    "Anna ist 41 Jahre alt und Mutter von zwei Kindern. Als Verkäuferin stand sie an der "
    "Kasse und beriet die Kunden. Ihre Chefin sagt, sie sei sehr freundlich.",
    "Sie arbeitete als Altenpflegerin im Altenheim und pflegte die Bewohnerinnen. Ihre "
    "Kollegin meint, sie sei geduldig. Früher war sie Krankenschwester.",
    "Er war Lagerist und fuhr den Gabelstapler. Sein Vater war Kaufmann, sein Bruder "
    "Busfahrer. Seine Chefin lobte ihn.",
    "Fatma wollte als Erzieherin mit Kindern arbeiten. Ihre Tochter geht in den Kindergarten. "
    "Ihr Mann unterstützt sie, die Fallmanagerin auch.",
    "Nina ist gelernte Friseurin. Ihre Schwester ist Kauffrau im Einzelhandel. Die Frau "
    "liebt die Arbeit mit Menschen und schneidet gern Haare.",
]
DEV_STORIES = SHARED_DATA / "stories-dev" / "stories.json"


def _signature(text: str) -> list[tuple[str, float]]:
    return [(s.esco_uri, s.score) for s in suggest_occupations(text, top=20)]


@pytest.mark.parametrize("story", STORIES)
def test_gender_and_name_swap_keeps_occupations_and_scores(story):
    male = swap(story, TO_MALE)
    female = swap(story, TO_FEMALE)
    assert male != female
    original = _signature(story)
    assert _signature(male) == original
    assert _signature(female) == original


def test_gendered_occupation_words_give_the_same_terms():
    from neue_wege.orientation.match.terms import word_stem

    for female, male in [("Altenpflegerin", "Altenpfleger"), ("Kauffrau", "Kaufmann"),
                         ("Verkäuferinnen", "Verkäufer"), ("Krankenschwester", "Krankenpfleger")]:
        assert word_stem(female) == word_stem(male)


def test_shown_label_is_the_neutral_esco_label():
    suggestions = suggest_occupations(STORIES[2], top=5)
    assert any("/" in s.label for s in suggestions)  # ESCO: "Lagerarbeiter/Lagerarbeiterin"


@pytest.mark.skipif(not DEV_STORIES.exists(), reason="shared development stories not present")
def test_swap_on_real_development_stories():
    stories = json.loads(DEV_STORIES.read_text(encoding="utf-8"))
    checked = 0
    for record in stories:
        text = record["narrative"]
        for table in (TO_MALE, TO_FEMALE):
            swapped = swap(text, table)
            if swapped != text:
                assert _signature(swapped) == _signature(text), record["id"]
                checked += 1
    assert checked >= 10


# --- origin: first names and places (issue 13, point 6) -----------------------------------
# The protagonists' names of the development stories, each with a Turkish, an Arabic and a
# Ukrainian first name of the same gender (transliterated as German texts write them).
ORIGIN_NAMES = {
    "Nina": ("Ayşe", "Fatima", "Olena"),
    "Sabrina": ("Elif", "Layla", "Oksana"),
    "Christoph": ("Mehmet", "Mohammed", "Taras"),
    "Jessika": ("Zeynep", "Aisha", "Iryna"),
    "Ralf": ("Mustafa", "Omar", "Dmytro"),
    "Jonas": ("Emre", "Yusuf", "Bohdan"),
    "Carina": ("Emine", "Samira", "Natalija"),
    "Mandy": ("Hatice", "Rania", "Julija"),
    "Nadja": ("Merve", "Amal", "Switlana"),
    "Kirstin": ("Fatma", "Nour", "Tetjana"),
    "Arlette": ("Büşra", "Yasmin", "Halyna"),
    "Roswitha": ("Songül", "Huda", "Larysa"),
}
# Places of origin: German towns <-> countries and cities people come from ("aus Syrien" <->
# "aus Bocholt"); both directions are tried.
ORIGIN_PLACES = [
    ("Bocholt", "Syrien"),
    ("Bochum", "Türkei"),
    ("Jena", "Ukraine"),
    ("Bremerhaven", "Irak"),
    ("Bremen", "Afghanistan"),
    ("Oberhausen", "Charkiw"),
    ("Lichtenfels", "Aleppo"),
    ("Düsseldorf", "Istanbul"),
    ("Venezuela", "Borken"),
    ("Griechenland", "Ahaus"),
]
ORIGIN_TABLES = [
    {german: foreign[k] for german, foreign in ORIGIN_NAMES.items()} for k in range(3)
] + [
    dict(ORIGIN_PLACES),
    {foreign: german for german, foreign in ORIGIN_PLACES},
]
ORIGIN_STORY = (
    "Olena kam 2022 aus der Ukraine nach Bocholt. Sie arbeitete dort im Lager, fuhr den "
    "Gabelstapler und half ihren Kolleginnen. Ihr Vater bat sie, das Fest zu organisieren; "
    "die Kinder lachten viel. Sie ist zuverlässig und geduldig."
)


def _top10(text: str) -> list[tuple[str, float]]:
    return [(s.esco_uri, s.score) for s in suggest_occupations(text, top=10)]


def _strengths(text: str) -> list[tuple[str, float]]:
    from neue_wege.strengths.suggest import suggest

    return [(s.id, s.score) for s in suggest(text)]


def test_origin_swap_on_a_written_story():
    swapped = [
        swap(ORIGIN_STORY, {"Olena": "Anna", "Ukraine": "Borken", "Bocholt": "Syrien"}),
        swap(ORIGIN_STORY, {"Olena": "Ayşe", "Ukraine": "Türkei"}),
        swap(ORIGIN_STORY, {"Olena": "Fatima", "Ukraine": "Irak", "Bocholt": "Aleppo"}),
    ]
    occupations, strengths = _top10(ORIGIN_STORY), _strengths(ORIGIN_STORY)
    assert occupations and strengths
    for text in swapped:
        assert text != ORIGIN_STORY
        assert _top10(text) == occupations
        assert _strengths(text) == strengths


@pytest.mark.skipif(not DEV_STORIES.exists(), reason="shared development stories not present")
def test_gender_and_origin_swap_keeps_top10_and_strengths_on_development_stories():
    """Every origin table, alone and together with the gender swap, on all dev stories:
    the top 10 occupations (with scores) and all strength suggestions stay the same."""
    stories = json.loads(DEV_STORIES.read_text(encoding="utf-8"))
    checked = 0
    for record in stories:
        text = record["narrative"]
        occupations, strengths = _top10(text), _strengths(text)
        for n, origin in enumerate(ORIGIN_TABLES):
            for gender in (None, TO_MALE if n % 2 else TO_FEMALE):
                swapped = swap(text, origin)
                if gender is not None:
                    swapped = swap(swapped, gender)
                if swapped == text:
                    continue
                assert _top10(swapped) == occupations, (record["id"], origin, gender)
                assert _strengths(swapped) == strengths, (record["id"], origin, gender)
                checked += 1
    assert checked >= 40
