"""The self-assessment questionnaire has a complete text in every participant language.

The files in ``outcomes/data/translations/`` are machine-made (``machine_translated``) and not
validated: answers given in another language may not be comparable with the German version.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
LANGUAGES = ["uk", "ru", "tr", "ar"]


def _german() -> dict:
    return json.loads((DATA / "zutrauen-v1.json").read_text(encoding="utf-8"))


def _translation(language: str) -> dict:
    path = DATA / "translations" / f"zutrauen-v1.{language}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def missing_or_german(german: dict, data: dict) -> list[str]:
    """What is empty, missing or still the German text in a translation."""
    problems = []
    for part in ("name", "intro"):
        if not data.get(part, "").strip() or data[part] == german[part]:
            problems.append(part)
    labels = data.get("scale_labels", {})
    for value, text in german["scale"]["labels"].items():
        if not labels.get(value, "").strip() or labels[value] == text:
            problems.append(f"scale.{value}")
    items = data.get("items", [])
    if len(items) != len(german["items"]):
        problems.append("items")
    for number, (item, translated) in enumerate(zip(german["items"], items, strict=False)):
        if not translated.strip() or translated == item["text"]:
            problems.append(f"items.{number}")
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_translation_matches_the_german_questionnaire(language):
    german, data = _german(), _translation(language)
    assert data["language"] == language
    assert data["machine_translated"] is True
    assert (data["key"], data["version"]) == (german["key"], german["version"])
    assert missing_or_german(german, data) == []


def test_a_german_item_or_missing_label_is_found():
    german = _german()
    data = _translation("uk")
    data["items"][2] = german["items"][2]["text"]
    del data["scale_labels"]["4"]
    assert missing_or_german(german, data) == ["scale.4", "items.2"]
