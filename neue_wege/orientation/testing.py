"""Test helpers for the occupational classification (for every app's tests).

    from neue_wege.orientation.testing import import_occupations

    def test_something(db):
        import_occupations()                      # all 3,039 occupations, ~1.5 s
        import_occupations(limit=50)              # the first 50 of the file, fast
        import_occupations(uris=[CARE_URI, ...])  # just these

The import is the real one (``services.occupations_import``), so what tests see is what the
command loads. A subset import never removes other occupations. ``sample_uris`` names a few
well-known occupations (care, childcare, warehouse, office, retail, cleaning) for tests that
need recognisable rows without the whole file.
"""

from __future__ import annotations

from collections.abc import Iterable

from neue_wege.orientation.match.data import load_data
from neue_wege.orientation.services.occupations_import import ImportResult
from neue_wege.orientation.services.occupations_import import (
    import_occupations as _import,
)

SAMPLE_ISCO = ("5322", "5311", "9333", "4110", "5223", "9112", "7522", "8331")


def import_occupations(limit: int | None = None, uris: Iterable[str] | None = None) -> ImportResult:
    """Fill ``Occupation`` from the shipped file (all, the first ``limit``, or ``uris``)."""
    return _import(uris=list(uris) if uris is not None else None, limit=limit)


def sample_uris(per_group: int = 2) -> list[str]:
    """ESCO URIs of a few occupations of everyday ISCO groups (care, retail, warehouse …)."""
    out: list[str] = []
    counts: dict[str, int] = {}
    for occ in load_data().occupations:
        if occ.isco08 in SAMPLE_ISCO and counts.get(occ.isco08, 0) < per_group:
            counts[occ.isco08] = counts.get(occ.isco08, 0) + 1
            out.append(occ.uri)
    return out
