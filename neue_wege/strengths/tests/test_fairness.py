"""Names, pronouns and gendered nouns must not change the suggested ids and scores."""

from __future__ import annotations

import json
import re

import pytest

from neue_wege.core.paths import SHARED_DATA
from neue_wege.strengths.suggest import suggest

# female <-> male; swapping is done in both directions on every story
PAIRS = [
    ("sie", "er"),
    ("ihr", "sein"),
    ("ihre", "seine"),
    ("ihren", "seinen"),
    ("ihrem", "seinem"),
    ("ihrer", "seiner"),
    ("Frau", "Mann"),
    ("Mutter", "Vater"),
    ("Tochter", "Sohn"),
    ("Schwester", "Bruder"),
    ("Altenpflegerin", "Altenpfleger"),
    ("Verkäuferin", "Verkäufer"),
    ("Kollegin", "Kollege"),
    ("Fallmanagerin", "Fallmanager"),
    ("Teilnehmerin", "Teilnehmer"),
    ("Lehrerin", "Lehrer"),
    ("Chefin", "Chef"),
    ("Anna", "Ahmet"),
    ("Nina", "Ali"),
    ("Fatma", "Jonas"),
    ("Kirstin", "Mehmet"),
    ("Sabrina", "Dimitri"),
]
TO_MALE = {f: m for f, m in PAIRS}
TO_FEMALE = {m: f for f, m in PAIRS}


def swap(text: str, table: dict[str, str]) -> str:
    lookup = {k.lower(): v for k, v in table.items()}

    def replace(match: re.Match) -> str:
        word = match.group()
        new = lookup.get(word.lower())
        if new is None:
            return word
        return new[0].upper() + new[1:] if word[0].isupper() else new

    return re.sub(r"\w+", replace, text)


STORIES = [
    "Anna ist 41 Jahre alt und Mutter von zwei Kindern. Als Verkäuferin war sie immer "
    "pünktlich und zuverlässig. Ihre Chefin sagt, sie sei sehr freundlich zu den Kunden. "
    "Nach der Geburt ihrer Tochter fand sie lange keine Stelle, aber sie gab nicht auf.",
    "Ich habe meiner Mutter im Haushalt geholfen und mich um meine Schwester gekümmert. "
    "Später arbeitete ich als Altenpflegerin. Meine Kollegin meint, ich sei geduldig und "
    "einfühlsam. Aufgegeben habe ich nie, auch wenn es schwer war.",
    "Fatma kam vor drei Jahren nach Deutschland. Sie lernte beharrlich Deutsch und "
    "schaffte den Sprachkurs bis zum Niveau B2. Ihre Fallmanagerin erkannte ihr Talent. "
    "Im Praktikum zeigte sie sich offen, kommunikativ und hilfsbereit; ihre Lehrerin lobte "
    "ihren Fleiß.",
    "Nina war Teilnehmerin einer Gruppe. Die Frau ist nie unpünktlich gewesen und hat "
    "immer sorgfältig gearbeitet. Sie organisierte den Alltag mit drei Kindern und hielt "
    "die Umschulung durch. Mit viel Mut und Entschlossenheit packte sie es an.",
    "Kirstin, gelernte Verkäuferin, wünschte sich, mit Kindern zu arbeiten. Ihre "
    "Fallmanagerin war fordernd, aber verständnisvoll. Sabrina, ihre Kollegin, sagt: "
    "Sie ist im Team beliebt, kreativ und bringt neue Ideen ein.",
]

DEV_STORIES = SHARED_DATA / "stories-dev" / "stories.json"


def _signature(text: str) -> list[tuple[str, float]]:
    return [(s.id, s.score) for s in suggest(text)]


@pytest.mark.parametrize("story", STORIES)
def test_gender_and_name_swap_keeps_ids_and_scores(story):
    male = swap(story, TO_MALE)
    female = swap(story, TO_FEMALE)
    assert male != story or female != story  # the swap really changed something
    original = _signature(story)
    assert original, "each test story must produce suggestions"
    assert _signature(male) == original
    assert _signature(female) == original


def test_swap_helper_changes_words():
    assert swap("Sie ist Mutter.", TO_MALE) == "Er ist Vater."
    assert swap("Er ist Altenpfleger.", TO_FEMALE) == "Sie ist Altenpflegerin."


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
