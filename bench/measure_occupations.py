"""Occupation suggestions on the development stories: hit@1, hit@3, hit@10 and MRR.

    .venv/bin/python bench/measure_occupations.py [--stories PATH] [--verbose]

Only ``narrative`` is fed in. A suggestion is a hit when its ISCO-08 group is in
``accept_isco08`` or its German label (either gender form, the part before or after "/")
equals one of ``outcome_accept`` (case-insensitive). MRR counts the first hit in the
top 10 (0 when none).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from neue_wege.core.paths import SHARED_DATA  # noqa: E402
from neue_wege.orientation.matcher import default_matcher  # noqa: E402

DEFAULT = SHARED_DATA / "stories-dev" / "stories.json"


def _names(label: str) -> set[str]:
    return {part.strip().lower() for part in label.split("/") if part.strip()} | {label.lower()}


def is_hit(suggestion, record: dict) -> bool:  # noqa: ANN001
    if suggestion.isco08 in set(record["accept_isco08"]):
        return True
    accepted = {a.strip().lower() for a in record["outcome_accept"]}
    return bool(_names(suggestion.label) & accepted)


def measure(records: list[dict], top: int = 10) -> dict:
    matcher = default_matcher()
    ranks = []
    for record in records:
        suggestions = matcher.suggest(record["narrative"], top=top)
        rank = next((n for n, s in enumerate(suggestions, 1) if is_hit(s, record)), None)
        ranks.append((record["id"], rank, suggestions))
    n = len(ranks)
    return {
        "stories": n,
        "hit@1": sum(1 for _, r, _ in ranks if r == 1) / n,
        "hit@3": sum(1 for _, r, _ in ranks if r and r <= 3) / n,
        "hit@10": sum(1 for _, r, _ in ranks if r and r <= 10) / n,
        "mrr": sum(1 / r for _, r, _ in ranks if r) / n,
        "ranks": [(i, r, s) for i, r, s in ranks],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=Path, default=DEFAULT)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    records = json.loads(args.stories.read_text(encoding="utf-8"))
    result = measure(records)
    if args.verbose:
        outcome = {r["id"]: r["outcome_occupation"] for r in records}
        for story_id, rank, suggestions in result["ranks"]:
            print(f"{story_id}  rank {rank or '-':>2}  ({outcome[story_id]})")
            for s in suggestions[:5]:
                print(f"      {s.score:.3f} {s.isco08} {s.label}")
    print(f"stories            {result['stories']}")
    print(f"hit in top 10      {result['hit@10']:.3f}")
    print(f"hit@1              {result['hit@1']:.3f}")
    print(f"hit@3              {result['hit@3']:.3f}")
    print(f"MRR (top 10)       {result['mrr']:.3f}")


if __name__ == "__main__":
    main()
