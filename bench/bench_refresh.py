"""Time "Vorschläge neu holen" for one participant (a plain script, not a test).

    .venv/bin/python bench/bench_refresh.py                 # 20 warm refreshes
    .venv/bin/python bench/bench_refresh.py --repeat 50 --ba-delay 0.5

Builds the test personas and the whole classification in a fresh SQLite file
(var/bench_refresh.sqlite3, never the development database), gives Nina a story, two named
strengths, an interest check and a Zielbild, then prints:
- the matcher's load (once per worker process: the WSGI warm-up does it at start),
- a refresh in a cold process (load included) and warm refreshes (a new Zielbild before each,
  so the inputs really change): wall and CPU time, median / p95 / max,
- the outdated check of a page view,
- with the BA connection on and every call answered after ``--ba-delay`` seconds (a stand-in
  for a slow network): the refresh with the parallel look-ups against the sequential cost.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from _django import ROOT, start_django

STORY = ("Ich habe drei Jahre im Lager gearbeitet, Waren angenommen, sortiert und mit dem "
         "Gabelstapler eingeräumt. Am liebsten mag ich es, wenn alles ordentlich ist und die "
         "Kolleginnen sich auf mich verlassen können.")


def _figures(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (f"median {statistics.median(ordered) * 1000:7.0f} ms   p95 {p95 * 1000:7.0f} ms   "
            f"max {ordered[-1] * 1000:7.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="warm refreshes")
    parser.add_argument("--ba-delay", type=float, default=0.5,
                        help="seconds each stand-in BA call takes")
    parser.add_argument("--db", default=str(ROOT / "var" / "bench_refresh.sqlite3"))
    args = parser.parse_args()

    start_django(args.db, rebuild=True, sqlite_only=True)
    from django.core.management import call_command
    from django.utils import timezone

    from neue_wege.orientation import matcher, selectors
    from neue_wege.orientation.ba import BAClient, fixtures
    from neue_wege.orientation.services import occupation_choices, pathway, suggestions
    from neue_wege.orientation.testing import import_occupations
    from neue_wege.strengths.models import Story, StrengthFeedback
    from neue_wege.strengths.services.catalogue import current_catalogue
    from neue_wege.testing.personas import build_cast

    call_command("migrate", verbosity=0)
    cast = build_cast()
    import_occupations()
    nina, enrollment = cast.nina_user, cast.nina_enrollment
    story = Story.objects.create(enrollment=enrollment, title="Lager", text=STORY)
    for key in ("sorgfalt", "zuverlaessigkeit"):
        strength = current_catalogue(cast.job_centre).strengths.filter(key=key).first()
        if strength is not None:
            StrengthFeedback.objects.create(story=story, strength=strength, source="self",
                                            given_by=nina, giver_enrollment=enrollment)
    pathway.interest_check_save(actor=nina, enrollment=enrollment,
                                answers={key: 2 for key in pathway.interest_check.ITEM_KEYS})
    visions = ["Im Lager arbeiten", "Mit Menschen arbeiten, in der Pflege",
               "Im Büro Ordnung halten", "In einer Kita mit Kindern arbeiten"]

    def refresh() -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        occupation_choices.suggestions_refresh(actor=nina, enrollment=enrollment)
        return time.perf_counter() - wall, time.process_time() - cpu

    print(f"{timezone.now():%Y-%m-%d %H:%M} · load average {os.getloadavg()[0]:.1f} · "
          f"{os.cpu_count()} cores")
    pathway.vision_save(actor=nina, enrollment=enrollment, what=visions[0])
    matcher._DEFAULT = None  # noqa: SLF001 - a cold worker
    wall, cpu = refresh()
    print(f"cold refresh (matcher load included)   {wall * 1000:7.0f} ms wall, "
          f"{cpu * 1000:7.0f} ms CPU")
    started = time.perf_counter()
    matcher.build_matcher()
    print(f"matcher load alone (once per process)  {(time.perf_counter() - started) * 1000:7.0f}"
          " ms wall")

    walls, cpus, checks = [], [], []
    for index in range(args.repeat):
        pathway.vision_save(actor=nina, enrollment=enrollment,
                            what=f"{visions[(index + 1) % len(visions)]} ({index})")
        started = time.perf_counter()
        assert selectors.suggestions_outdated(enrollment=enrollment)
        checks.append(time.perf_counter() - started)
        wall, cpu = refresh()
        walls.append(wall)
        cpus.append(cpu)
    print(f"warm refresh, {args.repeat}×, wall       {_figures(walls)}")
    print(f"warm refresh, {args.repeat}×, CPU        {_figures(cpus)}")
    print(f"outdated check of a page view        {_figures(checks)}")

    def slow(url: str, headers: dict, timeout: float) -> bytes:
        time.sleep(args.ba_delay)  # a slow network, for the figure only
        return fixtures.fixture_transport(url, headers, timeout)

    suggestions.get_client = lambda: BAClient(enabled=True, transport=slow,  # type: ignore[assignment]
                                              cache=_NoCache())
    places = len(selectors.places_for(enrollment))
    pathway.vision_save(actor=nina, enrollment=enrollment, what="Im Lager arbeiten (BA)")
    wall, _ = refresh()
    print(f"refresh with the BA on, {args.ba_delay:.1f} s per call   {wall * 1000:7.0f} ms wall "
          f"(one after the other: 10 × {places} places × {args.ba_delay:.1f} s = "
          f"{10 * places * args.ba_delay:.1f} s)")


class _NoCache:
    """Every BA call goes to the (stand-in) network."""

    def get(self, key: str, default: object = None) -> object:
        return default

    def set(self, key: str, value: object, timeout: object = None) -> None:
        return None


if __name__ == "__main__":
    main()
