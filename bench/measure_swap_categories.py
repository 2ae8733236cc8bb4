"""Which swap category moves a top 10? Each category applied alone, counted per set.

    .venv/bin/python bench/measure_swap_categories.py              # shared 12 + real dev
    .venv/bin/python bench/measure_swap_categories.py --heldout    # + held-out, aggregate only

Categories (``neue_wege/orientation/tests/swap_broad.py``, ``category_variants``): ``names``
(the person's names → seven origins, same gender), ``pronouns`` (personal pronouns and
possessives flipped), ``nouns`` (gendered person nouns, the title, the article before them),
``places`` (towns and cities ↔ other towns and places of origin), ``origin`` (countries,
nationality adjectives and nouns ↔ other origins); plus the two halves of the swap of
``bench/measure_occupations_real.py``: ``bench-gender`` (its gender flip alone) and
``bench-names`` (its name swap alone). A story counts for a category when the ordered top 10
(ESCO URIs) of any of its variants differs from the original's. The names passed to the
matcher are the record's ``person`` (the new names for a name variant), as the service
passes the client's.

Output is aggregate only: stories changed / variants changed per category and set. With
``--detail`` the shared 12 and the dev half also list (id, category) – never the held-out
half, whose stories must not be read when changing rules.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from measure_occupations_real import NAMES, flip_story  # noqa: E402

from neue_wege.core.paths import SHARED_DATA  # noqa: E402
from neue_wege.orientation.matcher import default_matcher  # noqa: E402
from neue_wege.orientation.tests.swap_broad import (  # noqa: E402
    KNOWN_FIRST_NAMES,
    ORIGINS,
    category_variants,
    guess_gender,
    person_names,
)

REAL = ROOT / "bench" / "data" / "stories_de_real.json"
CATEGORIES = ("names", "pronouns", "nouns", "places", "origin", "bench-gender", "bench-names")


def bench_variants(text: str, person: str, gender: str) -> list[tuple[str, str, list[str]]]:
    """The bench's own swap, split: its gender flip alone, its name swap alone."""
    out = [("bench-gender", flip_story(text, gender), [])]
    parts = person_names(person)
    for origin, by_gender in NAMES.items():
        first, last = by_gender["m" if gender == "f" else "f"]
        new = text
        for part in sorted(parts, key=len, reverse=True):
            repl = first if part == parts[0] else last
            new = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", repl, new)
        out.append(("bench-names", new, [first, last]))
        del origin
    return out


def measure(records: list[dict], field: str = "narrative"
            ) -> tuple[dict[str, set[str]], dict[str, list[int]]]:
    matcher = default_matcher()
    stories: dict[str, set[str]] = defaultdict(set)
    variants: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # changed, checked
    for r in records:
        text, person = r.get(field) or r["narrative"], r.get("person", "")
        gender = r.get("gender") or guess_gender(text)
        known = sorted(KNOWN_FIRST_NAMES & set(text.split()))
        own = person_names(person) + known
        base = [s.esco_uri for s in matcher.suggest(text, top=10, names=own)]
        todo: list[tuple[str, str, list[str]]] = []
        for k, (category, new) in enumerate(category_variants(text, person, gender)):
            names = own
            if category == "names":
                female, male, surname = ORIGINS[list(ORIGINS)[k % len(ORIGINS)]]
                names = [female if gender == "f" else male, *surname.split()]
            todo.append((category, new, names))
        todo += [(c, t, n or own) for c, t, n in bench_variants(text, person, gender)]
        for category, new, names in todo:
            if new == text:
                continue
            variants[category][1] += 1
            if [s.esco_uri for s in matcher.suggest(new, top=10, names=names)] != base:
                variants[category][0] += 1
                stories[category].add(r["id"])
    return stories, variants


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heldout", action="store_true",
                        help="also the held-out half (aggregate counts only)")
    parser.add_argument("--field", default="narrative",
                        help="'text' reads the dev stories' full published texts (longer; "
                             "never with --heldout)")
    parser.add_argument("--detail", action="store_true",
                        help="list (id, category) for the shared 12 and the dev half")
    args = parser.parse_args()
    shared = json.loads((SHARED_DATA / "stories-dev" / "stories.json").read_text("utf-8"))
    real = json.loads(REAL.read_text("utf-8"))
    sets = {"shared 12": shared, "real dev": [r for r in real if r["split"] == "dev"]}
    if args.heldout and args.field != "narrative":
        parser.error("the held-out half is measured on its narratives only")
    if args.heldout:
        sets["real held-out"] = [r for r in real if r["split"] == "heldout"]
    print("| category | " + " | ".join(sets) + " |")
    print("|---|" + "---|" * len(sets))
    results = {name: measure(records, args.field) for name, records in sets.items()}
    for category in CATEGORIES:
        cells = []
        for name, records in sets.items():
            stories, variants = results[name]
            changed, checked = variants.get(category, [0, 0])
            cells.append(f"{len(stories.get(category, ()))} of {len(records)} "
                         f"({changed}/{checked} variants)")
        print(f"| {category} | " + " | ".join(cells) + " |")
    if args.detail:
        for name in ("shared 12", "real dev"):
            for category, ids in results[name][0].items():
                for sid in sorted(ids):
                    print(f"  {name}: {sid} {category}")


if __name__ == "__main__":
    main()
