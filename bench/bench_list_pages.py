"""Time the main list pages and the overviews on scale data (a plain script, not a test).

    .venv/bin/python bench/bench_list_pages.py                  # 100,000 clients (built once)
    .venv/bin/python bench/bench_list_pages.py --count 20000 --rebuild

The data lives in its own SQLite file (var/bench.sqlite3 unless --db), never in the
development database. Prints, per page and persona: status, SQL queries, median and worst time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="synthetic clients")
    parser.add_argument("--db", default=str(ROOT / "var" / "bench.sqlite3"))
    parser.add_argument("--rebuild", action="store_true", help="delete and build the data again")
    parser.add_argument("--repeat", type=int, default=5, help="requests per page")
    args = parser.parse_args()

    db = Path(args.db)
    if args.rebuild:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    os.environ["SQLITE_PATH"] = str(db)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neue_wege.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client as HttpClient
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from neue_wege.clients.models import Client
    from neue_wege.organisation.models import User
    from neue_wege.organisation.two_factor import force_login_verified

    call_command("migrate", verbosity=0)
    existing = Client.objects.count() if "clients_client" in connection.introspection.table_names() else 0
    if existing < args.count:
        print(f"Building scale data in {db} ({args.count:,} clients) …")
        started = time.monotonic()
        call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        call_command("generate_clients", count=args.count - Client.objects.count())
        print(f"built in {time.monotonic() - started:.1f} s")
    print(f"\n{Client.objects.count():,} clients in {db}\n")

    pages = [
        ("maria", "dashboards:home", "Übersicht Leitung"),
        ("fatma", "dashboards:home", "Übersicht Projektleitung"),
        ("karl", "dashboards:home", "Übersicht Fallmanagement"),
        ("admin", "dashboards:home", "Übersicht Administration"),
        ("fatma", "programmes:run-list", "Durchläufe"),
        ("fatma", "programmes:programme-list", "Projekte"),
        ("fatma", "programmes:method-list", "Methodenkoffer"),
        ("fatma", "clients:referral-list", "Zuweisungen (Projektleitung)"),
        ("karl", "clients:referral-list", "Zuweisungen (Fallmanagement)"),
        ("karl", "clients:client-list", "Kund:innen (Fallmanagement)"),
    ]
    print(f"{'page':<32}{'user':<8}{'status':>7}{'queries':>9}{'median ms':>11}{'max ms':>9}")
    for username, name, label in pages:
        try:
            url = reverse(name)
        except NoReverseMatch:
            print(f"{label:<32}{username:<8}{'–':>7}  (URL name {name} missing)")
            continue
        browser = HttpClient(HTTP_HOST="localhost")
        force_login_verified(browser, User.objects.get(username=username))
        times = []
        status = queries = 0
        for _ in range(args.repeat):
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = browser.get(url)
                times.append((time.perf_counter() - started) * 1000)
            status, queries = response.status_code, len(captured.captured_queries)
        print(f"{label:<32}{username:<8}{status:>7}{queries:>9}"
              f"{statistics.median(times):>11.1f}{max(times):>9.1f}")


if __name__ == "__main__":
    main()
