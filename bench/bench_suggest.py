"""Speed of the strength suggestion assistant in one process.

    .venv/bin/python bench/bench_suggest.py [--stories PATH] [--count 1000]

Builds 1,000 stories from the development stories (shuffled, sentences recombined, so
that the stories differ), loads the catalogue once, and prints words per second over all
stories and the time for one 500-word story (median of 50 runs). Two figures for the
1,000 stories: a cold run (fresh word caches) and a warm run (caches filled), because the
per-word lemma cache is what makes the assistant fast on real, repetitive language.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from neue_wege.core.paths import SHARED_DATA
from neue_wege.core.text import tokens as text_module  # noqa: E402
from neue_wege.strengths.suggest import Suggester, load_catalogue  # noqa: E402

DEFAULT_STORIES = str(SHARED_DATA / "stories-dev" / "stories.json")
SENTENCE = re.compile(r"(?<=[.!?“])\s+")


def build_stories(narratives: list[str], count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    sentences = [s for n in narratives for s in SENTENCE.split(n) if s.strip()]
    stories = []
    for _ in range(count):
        k = rng.randint(6, 14)
        stories.append(" ".join(rng.sample(sentences, k)))
    return stories


def story_of_words(narratives: list[str], words: int) -> str:
    out: list[str] = []
    for n in narratives * 10:
        out.extend(n.split())
        if len(out) >= words:
            break
    return " ".join(out[:words])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="strength assistant speed")
    parser.add_argument("--stories", default=DEFAULT_STORIES)
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args(argv)
    with open(args.stories, encoding="utf-8") as handle:
        narratives = [r["narrative"] for r in json.load(handle)]
    stories = build_stories(narratives, args.count)
    words = sum(len(s.split()) for s in stories)

    t0 = time.perf_counter()
    catalogue = load_catalogue()
    suggester = Suggester(catalogue)
    suggester.suggest(narratives[0])  # loads simplemma's German dictionary
    load_s = time.perf_counter() - t0

    text_module._LEMMA_CACHE.clear()
    suggester._keys.clear()
    t0 = time.perf_counter()
    for story in stories:
        suggester.suggest(story)
    cold = time.perf_counter() - t0

    t0 = time.perf_counter()
    for story in stories:
        suggester.suggest(story)
    warm = time.perf_counter() - t0

    long_story = story_of_words(narratives, 500)
    timings = []
    for _ in range(50):
        t0 = time.perf_counter()
        suggester.suggest(long_story)
        timings.append(time.perf_counter() - t0)
    text_module._LEMMA_CACHE.clear()
    suggester._keys.clear()
    t0 = time.perf_counter()
    suggester.suggest(long_story)
    first_500 = time.perf_counter() - t0

    print(f"catalogue + dictionary load: {load_s * 1000:.0f} ms (once per process)")
    print(f"{len(stories)} stories, {words} words")
    print(f"cold caches: {words / cold:,.0f} words/s ({cold:.2f} s)")
    print(f"warm caches: {words / warm:,.0f} words/s ({warm:.2f} s)")
    print(
        f"500-word story: median {statistics.median(timings) * 1000:.1f} ms, "
        f"max {max(timings) * 1000:.1f} ms; first time with empty caches "
        f"{first_500 * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
