"""Benchmark: a full evaluation from the database, per job centre, as a snapshot computes it.

Run (PostgreSQL scale data built with `neuewege generate_clients --count 1000000`):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nw_scale_1m \\
        .venv/bin/python bench/bench_evaluation_db.py [--explain docs/explain.md]

For every job centre with enrollments it runs `selectors.evaluation(job_centre=…, filters=
Filters())` (all programmes, all years: the largest snapshot) and prints the wall time of each
stage (from the `progress` callback), the number of SQL queries and their total time, and the
peak RSS of the process (ru_maxrss). Goal (issue 12): under 2 minutes and 4 GB.

With ``--explain PATH`` it then runs ``EXPLAIN (ANALYZE, BUFFERS)`` for every query the
evaluation sent and writes them as Markdown to PATH (for docs/performance.md).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neue_wege.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from neue_wege.clients.models import Client, Enrollment  # noqa: E402
from neue_wege.evaluation import selectors  # noqa: E402
from neue_wege.organisation.models import JobCentre  # noqa: E402

GOAL_SECONDS, GOAL_GB = 120, 4.0


def _rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def _explain(queries: list[dict[str, str]], path: Path, title: str) -> None:
    lines = [title, ""]
    with connection.cursor() as cursor:
        for number, query in enumerate(queries, 1):
            sql = query["sql"]
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            lines += [f"#### Query {number} ({float(query['time']) * 1000:,.0f} ms in the run)",
                      "", "```sql", sql, "```", "", "```", plan, "```", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--explain", type=Path, help="write EXPLAIN (ANALYZE, BUFFERS) here")
    args = parser.parse_args(argv)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}; "
          f"{Client.objects.count():,} clients, {Enrollment.objects.count():,} enrollments")
    today = timezone.localdate()
    evaluating = cpu_total = 0.0
    explained = False
    for job_centre in JobCentre.objects.order_by("name"):
        if not Enrollment.objects.filter(run__location__job_centre=job_centre).exists():
            continue
        stages: list[tuple[float, str]] = []
        started, cpu_started = time.perf_counter(), time.process_time()

        def told(done: int, total: int, text: str, started: float = started,
                 stages: list[tuple[float, str]] = stages) -> None:
            stages.append((time.perf_counter() - started, text))

        with CaptureQueriesContext(connection) as queries:
            result = selectors.evaluation(job_centre=job_centre, filters=selectors.Filters(),
                                          data_date=today, progress=told)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        evaluating += elapsed
        cpu_total += cpu
        sql_seconds = sum(float(q["time"]) for q in queries.captured_queries)
        print(f"\n{job_centre.name}: {result.n_enrollments:,} enrollments, "
              f"{len(result.tables)} tables, {len(result.curves)} curves, comparison: "
              f"{'yes' if result.comparison else result.comparison_error}")
        for (at, text), (following, _next) in zip(stages, [*stages[1:], (elapsed, "")],
                                                 strict=True):
            print(f"  {following - at:7.1f} s  {text}")
        print(f"  {elapsed:7.1f} s  total ({cpu:.1f} s CPU of this process); "
              f"{len(queries.captured_queries)} SQL queries taking "
              f"{sql_seconds:.1f} s; longest SQL text "
              f"{max(len(q['sql']) for q in queries.captured_queries):,} characters")
        print(f"  peak RSS so far {_rss_gb():.2f} GB")
        if args.explain and not explained:
            _explain(queries.captured_queries, args.explain,
                     f"### EXPLAIN (ANALYZE, BUFFERS) — {job_centre.name}, "
                     f"{result.n_enrollments:,} enrollments")
            explained = True
            print(f"  EXPLAIN of {len(queries.captured_queries)} queries → {args.explain}")
    total = evaluating
    rss = _rss_gb()
    print(f"\nall job centres: {total:.1f} s wall, {cpu_total:.1f} s CPU (goal < {GOAL_SECONDS} "
          f"s), peak RSS {rss:.2f} GB "
          f"(goal < {GOAL_GB} GB): {'met' if total < GOAL_SECONDS and rss < GOAL_GB else 'NOT met'}")


if __name__ == "__main__":
    main()
