"""Speed of the occupation suggestions with the data loaded (goal: < 20 ms per suggestion).

    .venv/bin/python bench/bench_occupations.py [--n 200]

One process: the data is loaded and indexed once (time printed), then every development
story (narrative only) is suggested ``n`` times in rotation over all ESCO occupations, top 10
with reasons. Prints suggestions per second and the median / 95th percentile per suggestion.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from neue_wege.core.paths import SHARED_DATA  # noqa: E402
from neue_wege.orientation.matcher import build_matcher  # noqa: E402

DEFAULT = SHARED_DATA / "stories-dev" / "stories.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=240)
    parser.add_argument("--stories", type=Path, default=DEFAULT)
    args = parser.parse_args()
    texts = [r["narrative"] for r in json.loads(args.stories.read_text(encoding="utf-8"))]

    started = time.perf_counter()
    matcher = build_matcher()
    matcher.suggest(texts[0], top=10)  # strength catalogue and simplemma dictionary
    load = time.perf_counter() - started

    first = []
    for text in texts:  # word caches still cold for these words
        t = time.perf_counter()
        matcher.suggest(text, top=10)
        first.append(time.perf_counter() - t)

    times = []
    cpu_all = time.process_time()
    t_all = time.perf_counter()
    for i in range(args.n):
        t = time.perf_counter()
        matcher.suggest(texts[i % len(texts)], top=10)
        times.append(time.perf_counter() - t)
    total = time.perf_counter() - t_all
    cpu = time.process_time() - cpu_all
    times.sort()
    print(f"occupations                 {len(matcher.data.occupations)}")
    print(f"load + index (once)         {load:.2f} s")
    print(f"first run per story         {statistics.median(first) * 1000:.1f} ms (median)")
    print(f"suggestions per second      {args.n / total:.0f}")
    print(f"ms per suggestion, median   {statistics.median(times) * 1000:.2f}")
    print(f"ms per suggestion, p95      {times[int(0.95 * (len(times) - 1))] * 1000:.2f}")
    # CPU time of this process: does not grow when other jobs share the machine.
    print(f"CPU ms per suggestion, mean {cpu / args.n * 1000:.2f}")
    print("goal                        < 20 ms per suggestion")


if __name__ == "__main__":
    main()
