"""Time the planning calendars in the busiest week of the data (a plain script, not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nw_scale_1m \\
        .venv/bin/python bench/bench_calendars.py --repeat 20

Finds the week with the most sessions, then asks, as an administrator of the job centre
(`programmes.selectors`, in this process, no HTTP): the calendar of every location of the
job centre and the calendar of the facilitator who leads the most sessions that week
(`Session.leaders`). Prints per calendar: sessions shown, clash marks, SQL queries, median and
p95 in ms. Without DATABASE_URL it uses the SQLite file of bench_list_pages (`--db`).
"""

from __future__ import annotations

import argparse
import statistics
import time

from _django import start_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="var/bench.sqlite3")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    start_django(args.db, rebuild=False)

    from django.db import connection
    from django.db.models import Count
    from django.db.models.functions import TruncWeek
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from neue_wege.organisation.models import Location, User
    from neue_wege.programmes import selectors
    from neue_wege.programmes.models import Session

    busiest = (Session.objects.annotate(week=TruncWeek("starts_at")).values("week")
               .annotate(n=Count("pk")).order_by("-n").first())
    if busiest is None:
        raise SystemExit("no sessions: build the data first (neuewege generate_clients)")
    monday = selectors.week_start(timezone.localtime(busiest["week"]).date())
    start, end = selectors._week_bounds(monday)  # noqa: SLF001
    in_week = Session.objects.filter(starts_at__lt=end, ends_at__gt=start)
    counts: dict[int, int] = {}
    for session in in_week.select_related("run", "facilitator").prefetch_related(
            "run__facilitators"):
        for person in session.leaders():
            counts[person.pk] = counts.get(person.pk, 0) + 1
    person = User.objects.get(pk=max(counts, key=counts.get))
    admin = User.objects.filter(role=User.Role.ADMINISTRATOR,
                                job_centre_id=person.job_centre_id).first()
    print(f"week of {monday:%d.%m.%Y}: {in_week.count()} sessions of the installation; "
          f"{person.get_full_name()} leads {counts[person.pk]}")
    calendars = [(f"Standort {location.name}",
                  lambda location=location: selectors.location_calendar(
                      user=admin, location=location, monday=monday))
                 for location in Location.objects.filter(job_centre_id=person.job_centre_id)]
    calendars.append((f"Projektleitung {person.get_full_name()}",
                      lambda: selectors.facilitator_calendar(user=admin, person=person,
                                                             monday=monday)))
    print(f"{'calendar':<40}{'shown':>7}{'clashes':>9}{'queries':>9}{'median':>9}{'p95 ms':>9}")
    for label, ask in calendars:
        with CaptureQueriesContext(connection) as queries:
            days = ask()
        entries = [entry for day in days for entry in day.entries]
        times = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            ask()
            times.append((time.perf_counter() - began) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(f"{label[:39]:<40}{len(entries):>7}{sum(bool(e.clashes) for e in entries):>9}"
              f"{len(queries):>9}{statistics.median(times):>9.1f}{p95:>9.1f}")


if __name__ == "__main__":
    main()
