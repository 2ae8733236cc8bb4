"""Places, countries and nationality words are never evidence (text core, no database)."""

from __future__ import annotations

import pytest

from neue_wege.core.text import is_origin_word, origin_positions, tokenize


def masked(text: str) -> list[str]:
    tokens = tokenize(text)
    return [tokens[i].surface for i in sorted(origin_positions(tokens))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sie kam aus Essen nach Hamm.", ["Essen", "Hamm"]),
        ("Er wohnt in Halle und arbeitet bei Bocholt.", ["Halle", "Bocholt"]),
        ("Sie lebt in Weil am Rhein.", ["Weil", "am", "Rhein"]),
        ("Früher in Halle (Saale), heute in Bad Oeynhausen.", ["Halle", "Saale", "Bad",
                                                              "Oeynhausen"]),
        ("Sie zog aus der Türkei nach Bocholt, Borken oder Ahaus.",
         ["Türkei", "Bocholt", "Borken", "Ahaus"]),
        ("Das Jobcenter Essen half ihr.", ["Essen"]),
        ("Die Syrerin spricht Arabisch, ihr syrischer Kollege Türkisch.",
         ["Syrerin", "Arabisch", "syrischer", "Türkisch"]),
        ("Viele Ukrainerinnen und Afghanen kamen nach Deutschland.",
         ["Ukrainerinnen", "Afghanen", "Deutschland"]),
        ("Sie kam 2022 aus Charkiw, ihr Mann aus Kiew.", ["Charkiw", "Kiew"]),
        ("Bochum – Seit März arbeitet sie im Lager.", ["Bochum"]),
        ("Berlin Ostbahnhof. Sie ist 47 Jahre alt.", ["Berlin"]),
        ("Sie pendelt zwischen den Städten Essen und Hamm.", ["Essen", "Hamm"]),
    ],
)
def test_places_and_origin_words_are_masked(text, expected):
    assert masked(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Sie hilft gern beim Essen und kocht das Essen für alle.",
        "Weil sie gern in der Halle arbeitet, fährt sie Gabelstapler.",
        "Sie arbeitet in Teilzeit in der Pflege, am Bau und in einer Bar.",
        "Der Maler strich Wände, der Polier leitete die Baustelle.",
        "Er saß am Steuer und fuhr den Zug.",
        "Essen ist für sie mehr als Nahrung: sie kocht gern.",
    ],
)
def test_the_same_words_elsewhere_stay_words(text):
    assert masked(text) == []


def test_origin_words_both_genders_and_all_endings():
    for word in ("Türke", "Türkin", "Türkinnen", "Türken", "türkische", "Syrer",
                 "Syrerinnen", "Polin", "Pole", "polnischen", "Deutsche", "deutscher",
                 "Eritreer", "Italienerin", "Rumäne", "Vietnamesin", "Syrien", "Ukraine"):
        assert is_origin_word(word), word
    for word in ("Maler", "Polier", "Lehrer", "Fahrerin", "technisch", "kaufmännische",
                 "Arbeit", "Kundin", "Essen", "Letter"):
        assert not is_origin_word(word), word
