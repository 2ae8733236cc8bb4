"""The Art. 15 export as plain German for people (the PDF): headings per area, German labels,
no field names, no internal ids, no JSON. The JSON download (Art. 20) keeps the machine names;
both are built from the same `subject_rights.collect()`.

What is left out of the readable version, and why:
- internal ids and references to other records (uuids, numbers): they mean nothing to a
  reader; the JSON file has them;
- character positions of a marked passage (`evidence_start`/`evidence_end`);
- machine-made reasons of the access log ("status: accepted", "peer, visible"); the log line
  itself (who, when, what kind of record, which action) stays.
A field without a German label is shown as "Weitere Angabe" rather than by its name.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Fields that are ids, references or positions: in the JSON only.
HIDDEN = {"id", "updated_at", "record_id", "object_id", "evidence_start", "evidence_end",
          "referral", "client", "enrollment", "story", "user", "model", "format"}
# German labels for fields whose model gives none (or the name only).
LABELS = {
    "draft_title": gettext_lazy("Entwurf der Überschrift"),
    "draft_text": gettext_lazy("Entwurf des Textes"),
    "moderated_at": gettext_lazy("geprüft am"),
    "from": gettext_lazy("von wem"),
    "from_status": gettext_lazy("Stand vorher"),
    "to_status": gettext_lazy("Stand nachher"),
    "changed_at": gettext_lazy("geändert am"),
    "object_type": gettext_lazy("betrifft"),
    "record_type": gettext_lazy("Art des Eintrags"),
    "show_name": gettext_lazy("Vorname gezeigt"),
    "decided_at": gettext_lazy("entschieden am"),
    "source": gettext_lazy("Art der Rückmeldung"),
}
# Kinds of records that are not a model of their own.
KINDS = {"strengths.StrengthProfile": gettext_lazy("Stärkenprofil")}
_MACHINE = re.compile(r"^[a-z_]+(?:[:,]\s*[a-z_]+)*$")
_MODEL_LABEL = re.compile(r"^[a-z_]+\.[A-Z][A-Za-z]+$")


@lru_cache(maxsize=1)
def _relation_names() -> frozenset[str]:
    names = set()
    for model in apps.get_models():
        names.update(f.name for f in model._meta.concrete_fields if f.is_relation)
    return frozenset(names)


@lru_cache(maxsize=1)
def _choice_words() -> dict[str, str]:
    """Machine choice values of every model ("pending") → their German word."""
    words: dict[str, str] = {}
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            for value, label in f.flatchoices or ():
                if isinstance(value, str) and value:
                    words.setdefault(value, str(label))
    return words


def _is_id(value: Any) -> bool:
    if isinstance(value, int) and not isinstance(value, bool):
        return False
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _model_name(label: str) -> str:
    if label in KINDS:
        return str(KINDS[label])
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return _("ein Eintrag")


def text(value: Any, labels: dict[str, str] | None = None) -> str:
    """One value as German text."""
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, dict):
        return "; ".join(f"{label}: {shown}" for label, shown in pairs(value, labels))
    if isinstance(value, list | tuple):
        return "\n".join(text(item, labels) for item in value)
    if isinstance(value, str):
        if _MODEL_LABEL.match(value):
            return _model_name(value)
        if value in _choice_words() and _MACHINE.match(value):
            return _choice_words()[value]
    return str(value)


def pairs(record: dict[str, Any], labels: dict[str, str] | None = None
          ) -> list[tuple[str, str]]:
    """(German label, German text) of one record, without ids, references and machine text."""
    labels = labels or {}
    result = []
    for key, value in record.items():
        if key in HIDDEN or (key in _relation_names() and key not in labels and key not in LABELS):
            continue
        if key.endswith("_by") and (isinstance(value, int) or _is_id(value)
                                    or (isinstance(value, str) and value.isdigit())):
            continue
        if _is_id(value) or (key == "reason" and isinstance(value, str) and _MACHINE.match(value)):
            continue
        label = str(LABELS.get(key) or labels.get(key) or _("Weitere Angabe"))
        result.append((label, text(value, labels)))
    return result


def sections(data: dict[str, Any], labels: dict[str, str]) -> list[dict[str, Any]]:
    """The sections of `subject_rights.collect()` for the readable PDF: each record as
    label/text pairs, records of a generic section under a sub-heading per kind."""
    result = []
    for section in data["sections"]:
        records = []
        for row in section["rows"]:
            kind = row.get("record_type") if section["key"] in {"orientation", "outcomes",
                                                                "other"} else None
            shown = pairs({k: v for k, v in row.items() if not (kind and k == "record_type")},
                          labels)
            records.append({"kind": kind, "pairs": shown})
        result.append({"title": section["title"], "records": records})
    return result
