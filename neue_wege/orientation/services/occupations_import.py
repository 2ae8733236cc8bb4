"""Import the shipped classification file into ``ClassificationVersion`` + ``Occupation``.

Idempotent: rows are keyed by ESCO URI; a digest of each row's content decides between
new / changed / unchanged, so a re-run of the same file writes nothing. Occupations that the
file no longer holds are reported; they are deleted unless something refers to them (saved
suggestions), in which case they stay with ``is_current=False``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from neue_wege.orientation.match.data import DEFAULT_DATA, load_raw
from neue_wege.orientation.models import ClassificationVersion, Occupation
from neue_wege.orientation.models.occupations import RIASEC_ORDER

BATCH_SIZE = 500
_FIELDS = ("isco08", "isco_group_label", "kldb2010", "kldb_title", "kldb_activities",
           "kldb_all", "label", "alt_labels", "definition", "riasec", "riasec_source",
           "essential_skills", "optional_skills", "content_digest", "is_current",
           "classification_version")


@dataclass
class ImportResult:
    version: ClassificationVersion
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: list[str] = field(default_factory=list)  # URIs kept because referenced
    deleted: list[str] = field(default_factory=list)

    def summary_de(self) -> str:
        """The German summary the command prints."""
        lines = [
            f"Klassifikation {self.version.name}: {self.created} neu, {self.updated} geändert, "
            f"{self.unchanged} unverändert."
        ]
        if self.deleted:
            lines.append(f"{len(self.deleted)} Berufe sind nicht mehr enthalten und wurden "
                         "entfernt.")
        if self.retired:
            lines.append(f"{len(self.retired)} Berufe sind nicht mehr enthalten, werden aber "
                         "noch verwendet und bleiben als „nicht aktuell“ erhalten.")
        return "\n".join(lines)


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _skills(indices: Iterable[int], skills: list[list[Any]]) -> list[dict[str, str]]:
    out = []
    for index in indices:
        uri, label_de, label_en = skills[index]
        label, lang = (label_de, "de") if label_de else (label_en or uri, "en")
        out.append({"uri": uri, "label": label, "lang": lang})
    return out


def occupation_values(raw: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    """The model field values of one occupation of the file (without the version)."""
    kldb = item.get("kldb2010") or ""
    values: dict[str, Any] = {
        "isco08": item["isco08"],
        "isco_group_label": raw["isco_groups"].get(item["isco08"], ""),
        "kldb2010": kldb,
        "kldb_title": raw["kldb"].get(kldb, {}).get("title", "") if kldb else "",
        "kldb_activities": raw["kldb"].get(kldb, {}).get("activities", "") if kldb else "",
        "kldb_all": list(item.get("kldb_all") or []),
        "label": item["label"],
        "alt_labels": list(item.get("alt") or []),
        "definition": item.get("definition") or "",
        "riasec": (dict(zip(RIASEC_ORDER, item["riasec"], strict=True))
                   if item.get("riasec") else {}),
        "riasec_source": item.get("riasec_source") or "",
        "essential_skills": _skills(item.get("essential") or (), raw["skills"]),
        "optional_skills": _skills(item.get("optional") or (), raw["skills"]),
    }
    values["content_digest"] = hashlib.sha256(
        json.dumps(values, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return values


def _referenced_ids(ids: Iterable[Any]) -> set[Any]:
    """Ids among ``ids`` that a row of another model points to (any reverse relation)."""
    ids = list(ids)
    found: set[Any] = set()
    for relation in Occupation._meta.related_objects:
        model = relation.related_model
        column = relation.field.name
        found.update(model._default_manager.filter(**{f"{column}__in": ids})
                     .values_list(column, flat=True))
    return found


def import_occupations(
    path: str | Path | None = None,
    *,
    uris: Iterable[str] | None = None,
    limit: int | None = None,
    progress: Callable[[Iterable[Any], int], Iterable[Any]] | None = None,
) -> ImportResult:
    """Load the classification file; ``uris``/``limit`` import a subset (tests only).

    A subset import never removes occupations that are missing from it.
    """
    path = Path(path or DEFAULT_DATA)
    raw = load_raw(str(path))
    items = raw["occupations"]
    partial = uris is not None or limit is not None
    if uris is not None:
        wanted = set(uris)
        items = [o for o in items if o["uri"] in wanted]
    if limit is not None:
        items = items[:limit]
    name = f"{path.name.split('.')[0]}"
    digest = _file_digest(path)
    with transaction.atomic():
        version, _ = ClassificationVersion.objects.update_or_create(
            name=name, defaults={"source_digest": digest, "attribution": raw["attribution"],
                                 "sources": raw.get("sources", {})})
        result = ImportResult(version=version)
        existing = {o.esco_uri: o for o in Occupation.objects.all()}
        to_create: list[Occupation] = []
        to_update: list[Occupation] = []
        seen: set[str] = set()
        iterable: Iterable[Any] = progress(items, len(items)) if progress else items
        for item in iterable:
            values = occupation_values(raw, item)
            seen.add(item["uri"])
            row = existing.get(item["uri"])
            if row is None:
                to_create.append(Occupation(esco_uri=item["uri"], classification_version=version,
                                            **values))
                result.created += 1
            elif (row.content_digest == values["content_digest"] and row.is_current
                  and row.classification_version_id == version.pk):
                result.unchanged += 1
            else:
                for key, value in values.items():
                    setattr(row, key, value)
                row.is_current = True
                row.classification_version = version
                to_update.append(row)
                result.updated += 1
            if len(to_create) >= BATCH_SIZE:
                Occupation.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
                to_create = []
            if len(to_update) >= BATCH_SIZE:
                Occupation.objects.bulk_update(to_update, _FIELDS, batch_size=BATCH_SIZE)
                to_update = []
        Occupation.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        Occupation.objects.bulk_update(to_update, _FIELDS, batch_size=BATCH_SIZE)
        if not partial:
            gone = {uri: row for uri, row in existing.items() if uri not in seen}
            referenced = _referenced_ids(row.pk for row in gone.values())
            keep = [row for row in gone.values() if row.pk in referenced]
            drop = [row.pk for row in gone.values() if row.pk not in referenced]
            Occupation.objects.filter(pk__in=[row.pk for row in keep]).update(is_current=False)
            Occupation.objects.filter(pk__in=drop).delete()
            result.retired = sorted(row.esco_uri for row in keep)
            result.deleted = sorted(uri for uri, row in gone.items() if row.pk not in referenced)
    return result
