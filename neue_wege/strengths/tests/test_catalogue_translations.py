"""Every strength of the catalogue has a label and a description in every participant language.

The translation files (``catalogue/translations/<lang>.json``) are machine-made and await a
native speaker's review; these tests keep them complete and stop German text from slipping
through as a "translation".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CATALOGUE_DIR = Path(__file__).resolve().parents[1] / "catalogue"
LANGUAGES = ["uk", "ru", "tr", "ar"]

# Words that may stay the same as the German text (names, international abbreviations).
SAME_AS_GERMAN_ALLOWED: set[str] = {"ESCO"}


def _german() -> dict:
    return json.loads((CATALOGUE_DIR / "strengths_v1.json").read_text(encoding="utf-8"))


def _translation(language: str) -> dict:
    path = CATALOGUE_DIR / "translations" / f"{language}.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_file_names_its_language_and_is_marked_as_machine_translated(language):
    data = _translation(language)
    assert data["language"] == language
    assert data["machine_translated"] is True
    assert set(data) == {"language", "machine_translated", "groups", "strengths"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_group_and_strength_has_non_empty_text(language):
    german, data = _german(), _translation(language)
    assert set(data["groups"]) == set(german["groups"])
    assert all(text.strip() for text in data["groups"].values())
    assert set(data["strengths"]) == {s["id"] for s in german["strengths"]}
    for key, entry in data["strengths"].items():
        assert set(entry) == {"label", "description"}, key
        assert entry["label"].strip(), key
        assert entry["description"].strip(), key


def same_as_german(german: dict, data: dict) -> list[str]:
    """Keys whose translated text is the German text (names excepted)."""
    same = [key for key, text in data["groups"].items() if text == german["groups"][key]]
    for strength in german["strengths"]:
        entry = data["strengths"][strength["id"]]
        for part in ("label", "description"):
            if entry[part] == strength[part] and entry[part] not in SAME_AS_GERMAN_ALLOWED:
                same.append(f"{strength['id']}.{part}")
    return same


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translation_is_the_german_text(language):
    assert same_as_german(_german(), _translation(language)) == []


def test_german_text_left_in_a_translation_is_found():
    german = _german()
    data = _translation(LANGUAGES[0])
    first = german["strengths"][0]
    data["strengths"][first["id"]]["description"] = first["description"]
    data["groups"]["social"] = german["groups"]["social"]
    assert same_as_german(german, data) == ["social", f"{first['id']}.description"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_labels_are_unique_within_a_language(language):
    labels = [entry["label"] for entry in _translation(language)["strengths"].values()]
    assert len(labels) == len(set(labels))
