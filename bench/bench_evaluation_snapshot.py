"""Time an evaluation snapshot: computing it (the background job) and serving it (a plain
script, not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nw_bench \\
        .venv/bin/python bench/bench_evaluation_snapshot.py          # data already there
    .venv/bin/python bench/bench_evaluation_snapshot.py --count 20000 --rebuild   # SQLite

Without DATABASE_URL the data lives in its own SQLite file (var/bench-snapshot.sqlite3 unless
--db). Prints: the computation (evaluation, Excel, CSV, PDF: wall clock and peak RSS), then the
page from the snapshot and each download (median of --repeat requests, SQL queries), and for
comparison the health check.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time

from _django import ROOT, start_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000, help="synthetic clients to build")
    parser.add_argument("--db", default=str(ROOT / "var" / "bench-snapshot.sqlite3"))
    parser.add_argument("--rebuild", action="store_true", help="build the data (again)")
    parser.add_argument("--repeat", type=int, default=5, help="requests per page")
    args = parser.parse_args()
    start_django(args.db, rebuild=args.rebuild)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client as HttpClient
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from neue_wege.clients.models import Client
    from neue_wege.evaluation import selectors, snapshots
    from neue_wege.organisation.models import JobCentre, User
    from neue_wege.organisation.two_factor import verify_test_session

    call_command("migrate", verbosity=0)
    if args.rebuild or not JobCentre.objects.exists():
        call_command("generate_clients", count=args.count, no_progress=True)
    manager = User.objects.filter(role=User.Role.MANAGEMENT, is_active=True).first()
    job_centre = manager.job_centre
    print(f"{connection.vendor}: {job_centre}, "
          f"{Client.objects.filter(job_centre=job_centre).count()} clients")

    steps: list[tuple[float, str]] = []
    started = time.monotonic()
    snapshot = snapshots.compute(
        job_centre=job_centre, filters=selectors.Filters(),
        progress=lambda done, total, text: steps.append((time.monotonic(), text)))
    took = time.monotonic() - started
    marks = [(when, text) for when, text in steps if not text.startswith("Auswertung:")]
    for (when, text), (after, _) in zip(marks, [*marks[1:], (started + took, "")], strict=True):
        print(f"  {text}: {after - when:.1f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"compute snapshot (evaluation + xlsx + csv + pdf): {took:.1f} s, peak RSS "
          f"{peak:.0f} MB, {snapshot.n_enrollments} enrollments, pdf "
          f"{len(snapshots.stored_file(snapshot, 'pdf')) / 1024:.0f} KB")

    client = HttpClient(HTTP_HOST="127.0.0.1")
    client.force_login(manager)
    session = client.session
    verify_test_session(session, manager)
    session.save()
    for label, url in (("health", reverse("health")), ("page", reverse("evaluation:page")),
                       ("xlsx", reverse("evaluation:export-xlsx")),
                       ("csv", reverse("evaluation:export-csv")),
                       ("pdf", reverse("evaluation:export-pdf"))):
        times, queries, status = [], 0, 0
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                begin = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - begin) * 1000)
            queries, status = len(captured), response.status_code
        print(f"{label:7} {status}  median {statistics.median(times):7.1f} ms  "
              f"worst {max(times):7.1f} ms  {queries} queries  {len(response.content) / 1024:.0f} KB")


if __name__ == "__main__":
    main()
