"""Scoring an instrument: the mean of the items, reverse-keyed items mirrored (pure, no Django).

A reverse-keyed item on a scale from `low` to `high` scores `low + high - answer`, so that a
high score always means more confidence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


class ScoringError(ValueError):
    pass


@dataclass(frozen=True)
class ItemSpec:
    key: str
    reverse: bool


def score(answers: Mapping[str, int], items: Sequence[ItemSpec], *, low: int, high: int
          ) -> float:
    """Mean item score; every item must be answered with a whole number on the scale."""
    if not items:
        raise ScoringError("Der Fragebogen hat keine Aussagen.")
    total = 0
    for item in items:
        value = answers.get(item.key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ScoringError(f"Aussage {item.key}: keine Antwort.")
        if not low <= value <= high:
            raise ScoringError(f"Aussage {item.key}: {value} liegt nicht zwischen {low} und "
                               f"{high}.")
        total += (low + high - value) if item.reverse else value
    return total / len(items)
