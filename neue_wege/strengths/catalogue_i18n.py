"""The strength catalogue in the participant's language (issue 14; docs/translations.md).

The catalogue lives in the database in German (a job centre may edit it). Translations ship as
files `catalogue/translations/<language>.json`:

    {"language": "uk", "machine_translated": true,
     "groups": {"<group key>": "..."},
     "strengths": {"<strength key>": {"label": "...", "description": "..."}}}

A translation is used only while the German text in the database is still the shipped one
(`strengths_v1.json`): a label or description the job centre changed, and a strength it added,
are shown in German until the file is updated, never with a translation of an older text. The
suggestion assistant keeps reading German (indicators are German words).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import translation

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"
TRANSLATIONS_DIR = CATALOGUE_DIR / "translations"


@lru_cache(maxsize=1)
def _shipped_german() -> dict[str, dict[str, str]]:
    document = json.loads((CATALOGUE_DIR / "strengths_v1.json").read_text(encoding="utf-8"))
    return {entry["id"]: {"label": entry["label"], "description": entry["description"]}
            for entry in document["strengths"]} | {
        f"group:{key}": {"label": label} for key, label in document["groups"].items()}


@lru_cache(maxsize=16)
def translation_document(language: str) -> dict[str, Any] | None:
    """The translation file of a language, or None (German, or no file)."""
    if not language or language == settings.LANGUAGE_CODE:
        return None
    path = TRANSLATIONS_DIR / f"{language}.json"
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def available_languages() -> list[str]:
    return sorted(path.stem for path in TRANSLATIONS_DIR.glob("*.json"))


def _active() -> dict[str, Any] | None:
    return translation_document(translation.get_language() or settings.LANGUAGE_CODE)


def strength_text(key: str, field: str, german: str) -> str:
    """`field` ("label" or "description") of strength `key` in the active language; `german`
    (the database text) when there is no translation or the German text was changed."""
    document = _active()
    if document is None or _shipped_german().get(key, {}).get(field) != german:
        return german
    return document.get("strengths", {}).get(key, {}).get(field) or german


def group_text(group: str, german: str) -> str:
    document = _active()
    if document is None:
        return german
    return document.get("groups", {}).get(group) or german


def label_for_german_label(german: str) -> str:
    """The active language's label of the shipped strength whose German label is `german`
    (reasons of occupation suggestions quote the German label); unknown labels stay."""
    for key, fields in _shipped_german().items():
        if fields.get("label") == german and not key.startswith("group:"):
            return strength_text(key, "label", german)
    return german
