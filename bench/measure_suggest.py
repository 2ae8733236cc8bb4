"""Measure the strength suggestion assistant on the development stories.

    .venv/bin/python bench/measure_suggest.py [--stories PATH] [--verbose]

Prints recall of the strengths each story names among the top 5 and top 10 suggestions
and precision of the top 5. A named strength counts as found when a suggestion is one of
the catalogue ids in EQUIVALENCES below: the table was written once, before measuring,
from the catalogue descriptions (stories-dev/README.md: "decide equivalences once").
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from neue_wege.core.paths import SHARED_DATA
from neue_wege.strengths.suggest import default_suggester  # noqa: E402

DEFAULT_STORIES = str(SHARED_DATA / "stories-dev" / "stories.json")

# named strength (as in stories.json) -> catalogue ids that mean the same trait
EQUIVALENCES: dict[str, set[str]] = {
    "Motivation": {"motivation"},
    "Empathie": {"empathie"},
    "Fleiß": {"fleiss"},
    "gute Noten": {"lernbereitschaft", "auffassungsgabe"},
    "fleißiges Bewerben": {"fleiss"},
    "ließ sich nicht gehen": {"selbstdisziplin", "durchhaltevermoegen"},
    "Bewerbung, die sich abgehoben hat": {"sorgfalt", "kreativitaet"},
    "hat immer gearbeitet": {"fleiss", "einsatzbereitschaft"},
    "sich nie zu schade für einen Job": {"einsatzbereitschaft", "flexibilitaet"},
    "hat die Sache durchgezogen": {"durchhaltevermoegen", "zielstrebigkeit"},
    "frühes Aufstehen kein Problem": {"puenktlichkeit", "selbstdisziplin"},
    "gehört morgens zu den Ersten am Arbeitsplatz": {"puenktlichkeit", "zuverlaessigkeit"},
    "gibt selbst Impulse": {"initiative", "kreativitaet"},
    "Energie für eine andere Sicht auf die Dinge": {"kreativitaet", "offenheit"},
    "Beharrlichkeit": {"durchhaltevermoegen"},
    "hartnäckig": {"durchhaltevermoegen"},
    "immer drangeblieben": {"durchhaltevermoegen"},
    "lernte beharrlich Deutsch": {"sprachkompetenz", "lernbereitschaft", "durchhaltevermoegen"},
    "eifrig": {"fleiss", "motivation"},
    "verlor ihr Ziel nie aus den Augen": {"zielstrebigkeit", "durchhaltevermoegen"},
    "Deutsch bis C1": {"sprachkompetenz"},
    "Laiendolmetscherin": {"sprachkompetenz", "interkulturelle_kompetenz"},
    "arbeitete mit Überzeugung": {"motivation", "einsatzbereitschaft"},
    "Lust zu lernen („total Bock zu lernen“)": {"lernbereitschaft", "neugier"},
    "freundlich": {"freundlichkeit"},
    "Mut": {"mut"},
    "Entschlossenheit": {"entschlossenheit"},
    "Durchhaltewille": {"durchhaltevermoegen"},
    "offen": {"offenheit", "kontaktfreude"},
    "sympathisch": {"freundlichkeit"},
    "kommunikativ": {"kommunikationsfaehigkeit"},
    "Deutsch bis C1 in anderthalb Jahren": {"sprachkompetenz", "auffassungsgabe"},
}


def measure(stories: list[dict], verbose: bool = False) -> dict:
    suggester = default_suggester()
    ids = set(suggester.catalogue.ids)
    for named, accepted in EQUIVALENCES.items():
        unknown = accepted - ids
        if unknown:
            raise SystemExit(f"equivalence {named!r} names unknown ids {sorted(unknown)}")
    named_total = found5 = found10 = 0
    precision_hits = precision_slots = precision_strict = 0
    stories_with_names = 0
    for story in stories:
        ranked = [s.id for s in suggester.suggest(story["narrative"])]
        top5, top10 = ranked[:5], ranked[:10]
        names = story["strengths"]
        if verbose:
            print(f"{story['id']}: top 10 {top10}")
        if not names:
            continue
        stories_with_names += 1
        accepted_any: set[str] = set()
        for name in names:
            if name not in EQUIVALENCES:
                raise SystemExit(f"no equivalence for named strength {name!r}: add it first")
            accepted = EQUIVALENCES[name]
            accepted_any |= accepted
            named_total += 1
            hit5 = bool(accepted & set(top5))
            hit10 = bool(accepted & set(top10))
            found5 += hit5
            found10 += hit10
            if verbose:
                print(f"   {'+' if hit5 else ('~' if hit10 else '-')} {name}")
        relevant = sum(1 for s in top5 if s in accepted_any)
        precision_hits += relevant
        precision_slots += len(top5)
        precision_strict += 5
    return {
        "stories": len(stories),
        "stories_with_named_strengths": stories_with_names,
        "named_strengths": named_total,
        "recall_at_5": found5 / named_total,
        "recall_at_10": found10 / named_total,
        "precision_at_5": precision_hits / max(precision_slots, 1),
        "precision_at_5_strict": precision_hits / max(precision_strict, 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--stories", default=DEFAULT_STORIES)
    parser.add_argument("--verbose", action="store_true", help="per story and named strength")
    args = parser.parse_args(argv)
    with open(args.stories, encoding="utf-8") as handle:
        stories = json.load(handle)
    figures = measure(stories, verbose=args.verbose)
    print(f"stories: {figures['stories']} ({figures['stories_with_named_strengths']} name "
          f"strengths; {figures['named_strengths']} named strengths in all)")
    print(f"recall@5:  {figures['recall_at_5']:.3f}")
    print(f"recall@10: {figures['recall_at_10']:.3f}")
    print(f"precision@5: {figures['precision_at_5']:.3f} (of the suggestions given; "
          f"{figures['precision_at_5_strict']:.3f} counting empty slots as misses)")


if __name__ == "__main__":
    main()
