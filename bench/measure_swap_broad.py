"""Broad gender-and-origin swap of the occupation suggestions (issue 13, point 6).

    .venv/bin/python bench/measure_swap_broad.py              # shared 12 + real dev, per story
    .venv/bin/python bench/measure_swap_broad.py --heldout    # adds the held-out half, aggregate only

Every story is rewritten by ``neue_wege/orientation/tests/swap_broad.py`` (names of seven
origins and both genders, gendered nouns, family roles, titles, singular pronouns,
possessives, places; 36 variants per story; the person's names are passed to the matcher
as the service passes the client's, ``--no-names`` leaves them out) and the ordered top 10
(ESCO URIs) compared with the original's. Per-variant detail only for the shared 12 and the
dev half; the held-out half is counted, never shown per story.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from neue_wege.core.paths import SHARED_DATA  # noqa: E402
from neue_wege.orientation.matcher import default_matcher  # noqa: E402
from neue_wege.orientation.tests.swap_broad import (  # noqa: E402
    KNOWN_FIRST_NAMES,
    ORIGINS,
    guess_gender,
    person_names,
    variants,
)

REAL = ROOT / "bench" / "data" / "stories_de_real.json"


def variant_names(label: str, person: str, gender: str, text: str) -> list[str]:
    """The names the service would pass for a variant (the client's names)."""
    kind, _, origin = label.partition(":")
    if kind in {"gender", "places"}:
        return person_names(person) + sorted(KNOWN_FIRST_NAMES & set(text.split()))
    other = "m" if gender == "f" else "f"
    female, male, surname = ORIGINS[origin]
    first = female if (gender if kind == "names" else other) == "f" else male
    return [first, surname]


def changed(records: list[dict], top: int, names: bool = True) -> tuple[list[tuple[str, str]], int]:
    matcher = default_matcher()
    out, checked = [], 0
    for r in records:
        person = r.get("person", "") if names else ""
        gender = r.get("gender") or guess_gender(r["narrative"])
        # the generator also renames the dev stories' known first names: pass them as well
        base_names = person_names(person) + (
            sorted(KNOWN_FIRST_NAMES & set(r["narrative"].split())) if names else [])
        base = [s.esco_uri for s in matcher.suggest(r["narrative"], top=top,
                                                    names=base_names)]
        for label, text in variants(r["narrative"], r.get("person", ""), r.get("gender")):
            if text == r["narrative"]:
                continue
            checked += 1
            own = variant_names(label, person, gender, r["narrative"]) if names else []
            if [s.esco_uri for s in matcher.suggest(text, top=top, names=own)] != base:
                out.append((r["id"], label))
    return out, checked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--heldout", action="store_true")
    parser.add_argument("--no-names", action="store_true",
                        help="do not pass the person's names (the pure core alone)")
    args = parser.parse_args()
    shared = json.loads((SHARED_DATA / "stories-dev" / "stories.json").read_text("utf-8"))
    real = json.loads(REAL.read_text("utf-8"))
    sets = {"shared 12": shared, "real dev": [r for r in real if r["split"] == "dev"]}
    if args.heldout:
        sets["real held-out"] = [r for r in real if r["split"] == "heldout"]
    for name, records in sets.items():
        found, checked = changed(records, args.top, not args.no_names)
        stories = len({sid for sid, _ in found})
        print(f"{name}: {stories} of {len(records)} stories changed, "
              f"{len(found)} of {checked} variants")
        kinds = Counter(label.partition(":")[0] for _, label in found)
        if kinds:  # aggregate per variant kind (also for the held-out half: counts only)
            print("  by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
        if name != "real held-out":
            for (sid, label), _ in Counter(found).items():
                print(f"  {sid} {label}")


if __name__ == "__main__":
    main()
