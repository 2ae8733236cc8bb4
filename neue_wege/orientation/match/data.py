"""The shipped occupation data (built by ``scripts/build_occupation_data.py``)."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_DATA = DATA_DIR / "occupations_v1.json.gz"


@dataclass(frozen=True, slots=True)
class Occupation:
    uri: str
    isco08: str
    label: str  # ESCO German preferred label (both gender forms as ESCO writes them)
    alt: tuple[str, ...]
    definition: str
    essential: tuple[int, ...]  # indices into OccupationData.skills
    optional: tuple[int, ...]
    kldb2010: str | None
    riasec: tuple[float, ...] | None  # O*NET OI scores 1..7 in R, I, A, S, E, C order


@dataclass(frozen=True, slots=True)
class Skill:
    uri: str
    label_de: str | None
    label_en: str | None


@dataclass(frozen=True, slots=True)
class OccupationData:
    version: int
    occupations: tuple[Occupation, ...]
    skills: tuple[Skill, ...]
    skill_broader: tuple[tuple[int, int], ...]  # (narrower skill, broader skill)
    isco_groups: dict[str, str]
    kldb: dict[str, dict[str, str]]  # code -> {"title", "activities"}
    attribution: str


@lru_cache(maxsize=2)
def load_raw(path: str | Path | None = None) -> dict:
    """The parsed JSON file, once per process and path (shared by the core and the import).

    Callers must not change the returned dict.
    """
    with gzip.open(path or DEFAULT_DATA, "rt", encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=4)
def load_data(path: str | Path | None = None) -> OccupationData:
    """Read the gzip'd JSON once per process and path."""
    raw = load_raw(str(path or DEFAULT_DATA))
    occupations = tuple(
        Occupation(
            uri=o["uri"],
            isco08=o["isco08"],
            label=o["label"],
            alt=tuple(o["alt"]),
            definition=o["definition"],
            essential=tuple(o["essential"]),
            optional=tuple(o["optional"]),
            kldb2010=o["kldb2010"],
            riasec=tuple(o["riasec"]) if o["riasec"] else None,
        )
        for o in raw["occupations"]
    )
    return OccupationData(
        version=int(raw["version"]),
        occupations=occupations,
        skills=tuple(Skill(*s) for s in raw["skills"]),
        skill_broader=tuple((int(a), int(b)) for a, b in raw["skill_broader"]),
        isco_groups=dict(raw["isco_groups"]),
        kldb=dict(raw["kldb"]),
        attribution=raw["attribution"],
    )
