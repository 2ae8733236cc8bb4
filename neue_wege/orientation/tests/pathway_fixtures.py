"""Helpers for the pathway tests: a few occupations and a stand-in for the assistant."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from neue_wege.orientation.models import ClassificationVersion, Occupation

ALL_ANSWERS = {key: 0 for key in (
    "r1", "r2", "r3", "i1", "i2", "i3", "a1", "a2", "a3",
    "s1", "s2", "s3", "e1", "e2", "e3", "c1", "c2", "c3")}


def make_occupations(count: int = 3) -> list[Occupation]:
    version, _ = ClassificationVersion.objects.get_or_create(
        name="test-v1", defaults={"source_digest": "0" * 64})
    labels = ["Pflegehelfer/Pflegehelferin", "Lagerarbeiter/Lagerarbeiterin",
              "Kinderbetreuer/Kinderbetreuerin", "Verkäufer/Verkäuferin"]
    return [Occupation.objects.get_or_create(
        esco_uri=f"http://data.europa.eu/esco/occupation/test-{i}",
        defaults={"isco08": "5322", "kldb2010": "82101", "label": labels[i],
                  "classification_version": version})[0] for i in range(count)]


@dataclass
class FakeResult:
    occupation: Occupation
    score: float
    reasons: list[str] = field(default_factory=lambda: ["Sie erzählen vom Helfen."])
    in_regional_demand: bool | None = True


def fake_assistant(monkeypatch: Any, occupations: list[Occupation]) -> list[int]:
    """Replace the assistant: it suggests `occupations` in order (mutable: tests edit it)."""
    from neue_wege.orientation.services import suggestions

    calls: list[int] = []

    def suggest(enrollment: Any, top: int = 10, **kwargs: Any) -> list[FakeResult]:
        calls.append(top)
        return [FakeResult(occ, round(0.9 - 0.1 * i, 2)) for i, occ in enumerate(occupations)]

    monkeypatch.setattr(suggestions, "suggest_for_enrollment", suggest)
    return calls
