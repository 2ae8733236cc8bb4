"""The strength catalogue in the database: version 1 comes from the shipped JSON file."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from neue_wege.organisation.models import JobCentre
from neue_wege.strengths.models import Strength, StrengthCatalogue

SHIPPED = Path(__file__).resolve().parents[1] / "catalogue" / "strengths_v1.json"


@lru_cache(maxsize=1)
def shipped_document() -> dict[str, Any]:
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


def current_catalogue(job_centre: JobCentre | Any) -> StrengthCatalogue | None:
    """The newest version in force today."""
    return (StrengthCatalogue.objects
            .filter(job_centre=job_centre, valid_from__lte=timezone.localdate())
            .order_by("-number").first())


@transaction.atomic
def catalogue_ensure(*, job_centre: JobCentre, actor: Any = None) -> StrengthCatalogue:
    """Give a job centre its first catalogue (from the shipped file) unless it has one."""
    existing = current_catalogue(job_centre) or StrengthCatalogue.objects.filter(
        job_centre=job_centre).order_by("-number").first()
    if existing is not None:
        return existing
    document = shipped_document()
    catalogue = StrengthCatalogue.objects.create(
        job_centre=job_centre, number=1, valid_from=timezone.localdate().replace(year=2013),
        change_note="Erste Fassung aus dem mitgelieferten Katalog "
                    f"(Version {document['version']})", created_by=actor)
    Strength.objects.bulk_create(
        Strength(catalogue=catalogue, key=entry["id"], group=entry["group"],
                 label=entry["label"], description=entry["description"],
                 ba_profile=entry.get("ba_profile") or "", esco=entry.get("esco", []),
                 indicators=entry.get("indicators", []))
        for entry in document["strengths"]
    )
    return catalogue


def catalogue_document(catalogue: StrengthCatalogue) -> dict[str, Any]:
    """The catalogue in the assistant's format (`strengths.suggest.parse_catalogue`)."""
    shipped = shipped_document()
    return {
        **{key: shipped[key] for key in ("catalogue", "language", "groups", "notation",
                                          "attribution")},
        "version": catalogue.number,
        "strengths": [
            {"id": s.key, "group": s.group, "label": s.label, "description": s.description,
             "ba_profile": s.ba_profile or None, "esco": s.esco, "indicators": s.indicators}
            for s in catalogue.strengths.order_by("key")
        ],
    }
