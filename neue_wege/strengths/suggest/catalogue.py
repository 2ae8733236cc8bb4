"""The versioned German strength catalogue (data in ``strengths/catalogue/``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "catalogue"
DEFAULT_CATALOGUE = CATALOGUE_DIR / "strengths_v1.json"

GROUPS = ("personal", "social", "methodical", "activity")
POLARITIES = ("positive", "negated")


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator word or phrase of a strength, as written in the catalogue."""

    text: str
    weight: float = 1.0
    polarity: str = "positive"  # "negated": counts only when negated ("nicht aufgeben")
    adjacent: bool = False  # words must stand next to each other, in this order


@dataclass(frozen=True, slots=True)
class EscoLink:
    uri: str
    label_de: str | None
    label_en: str | None


@dataclass(frozen=True, slots=True)
class Strength:
    id: str
    group: str
    label: str
    description: str
    ba_profile: str | None
    esco: tuple[EscoLink, ...]
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True, slots=True)
class Catalogue:
    version: int
    strengths: tuple[Strength, ...]
    groups: dict[str, str]

    def get(self, strength_id: str) -> Strength:
        for strength in self.strengths:
            if strength.id == strength_id:
                return strength
        raise KeyError(strength_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.strengths)


def _indicator(raw: str | dict) -> Indicator:
    if isinstance(raw, str):
        return Indicator(text=raw)
    indicator = Indicator(
        text=raw["text"],
        weight=float(raw.get("weight", 1.0)),
        polarity=raw.get("polarity", "positive"),
        adjacent=bool(raw.get("adjacent", False)),
    )
    if indicator.polarity not in POLARITIES:
        raise ValueError(f"unknown polarity {indicator.polarity!r} in {indicator.text!r}")
    if not 0 < indicator.weight <= 1:
        raise ValueError(f"weight out of range in {indicator.text!r}")
    return indicator


def parse_catalogue(document: dict) -> Catalogue:
    strengths = []
    seen: set[str] = set()
    for raw in document["strengths"]:
        if raw["id"] in seen:
            raise ValueError(f"duplicate strength id {raw['id']!r}")
        if raw["group"] not in GROUPS:
            raise ValueError(f"unknown group {raw['group']!r} for {raw['id']!r}")
        seen.add(raw["id"])
        strengths.append(
            Strength(
                id=raw["id"],
                group=raw["group"],
                label=raw["label"],
                description=raw["description"],
                ba_profile=raw.get("ba_profile"),
                esco=tuple(
                    EscoLink(e["uri"], e.get("label_de"), e.get("label_en"))
                    for e in raw.get("esco", ())
                ),
                indicators=tuple(_indicator(i) for i in raw["indicators"]),
            )
        )
    return Catalogue(
        version=int(document["version"]),
        strengths=tuple(strengths),
        groups=dict(document.get("groups", {})),
    )


@lru_cache(maxsize=8)
def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Read and check a catalogue file once (cached per path)."""
    with open(path or DEFAULT_CATALOGUE, encoding="utf-8") as handle:
        return parse_catalogue(json.load(handle))
