"""Time the staff list pages and the overviews on scale data (a plain script, not a test).

    .venv/bin/python bench/bench_list_pages.py                  # SQLite, 100,000 clients (built once)
    .venv/bin/python bench/bench_list_pages.py --count 20000 --rebuild
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nw_scale_1m \\
        .venv/bin/python bench/bench_list_pages.py --no-build   # an existing PostgreSQL database
    … bench_list_pages.py --no-build --http    # over HTTP, against gunicorn, as a browser asks

Without DATABASE_URL the data lives in its own SQLite file (var/bench.sqlite3 unless --db),
never in the development database. With DATABASE_URL the script uses that database as it is
(build it with `neuewege generate_clients`). Prints, per page and persona: status, SQL
queries, median and p95 in ms, and the p95 as a multiple of the health check's p95 in the same
run. Exits 1 when a page misses the budget (p95 ≤ --budget-ms and ≤ --budget-ratio × health).

Two ways to ask: by default Django's test client in this process (no network, no server: the
page's own work only); with --http a gunicorn with the production configuration
(deploy/gunicorn.conf.py, one sync worker, so requests do not overlap) on 127.0.0.1, asked
over a new TCP connection per request with the session cookie of the persona, as a browser
behind the county's proxy asks. The health check is asked the same way in the same run, so
the ratio compares like with like.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from urllib.parse import quote

from _django import ROOT, start_django


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


PAGES = [
    (None, "health", "", "Health-Check"),
    ("maria", "dashboards:home", "", "Übersicht Leitung"),
    ("fatma", "dashboards:home", "", "Übersicht Projektleitung"),
    ("karl", "dashboards:home", "", "Übersicht Fallmanagement"),
    ("admin", "dashboards:home", "", "Übersicht Administration"),
    ("fatma", "programmes:run-list", "", "Durchläufe"),
    ("fatma", "programmes:run-list", "page=last", "Durchläufe, letzte Seite"),
    ("fatma", "programmes:programme-list", "", "Projekte"),
    ("fatma", "programmes:method-list", "", "Methodenkoffer"),
    ("fatma", "clients:referral-list", "", "Zuweisungen (Projektleitung)"),
    ("fatma", "clients:referral-list", "status=&runs=", "Zuweisungen PL, alle"),
    ("fatma", "clients:referral-list", "status=&runs=&ende=1", "Zuweisungen PL, letzte"),
    ("karl", "clients:referral-list", "", "Zuweisungen (Fallmanagement)"),
    ("karl", "clients:referral-list", "ende=1", "Zuweisungen FM, letzte"),
    ("karl", "clients:client-list", "", "Kund:innen (Fallmanagement)"),
    ("karl", "clients:client-list", "ende=1", "Kund:innen, letzte Seite"),
    ("karl", "clients:client-list", "sort=-created", "Kund:innen, neueste"),
    ("karl", "outcomes:follow-ups-due", "", "Fällige Nachbefragungen"),
    ("karl", "outcomes:follow-ups-due", "ende=1", "Nachbefragungen, letzte"),
    ("admin", "privacy:audit-event-list", "", "Protokoll"),
    ("admin", "privacy:audit-event-list", "ende=1", "Protokoll, letzte Seite"),
    ("admin", "privacy:audit-event-list", "action=view", "Protokoll, Aktion"),
    ("admin", "privacy:audit-event-list", "object_type=clients.Client",
     "Protokoll, Art"),
    ("admin", "privacy:audit-event-list", "actor=Böing", "Protokoll, wer"),
    ("admin", "privacy:audit-event-list", "date_from=2026-01-01&date_to=2026-01-31",
     "Protokoll, Zeitraum"),
    ("admin", "organisation:user-list", "", "Konten"),
    ("fatma", "programmes:facilitator-calendar", "", "Kalender (Projektleitung)"),
    ("karl", "inbox:notice-list", "", "Nachrichten (Fallmanagement)"),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn() -> tuple[subprocess.Popen, int]:
    """gunicorn with the production configuration, one sync worker, on a free local port."""
    port = _free_port()
    env = {**os.environ, "NW_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1",
           "DJANGO_SETTINGS_MODULE": "neue_wege.settings"}
    server = subprocess.Popen(  # noqa: S603 - our own virtual environment's gunicorn
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
         "neue_wege.wsgi"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/health/")
            if connection.getresponse().status == 200:
                return server, port
        except OSError:
            time.sleep(0.3)
    os.killpg(server.pid, signal.SIGTERM)
    raise SystemExit("gunicorn did not answer within 60 s")


def http_getter(port: int, cookies: dict[str, str]) -> Callable[[str], tuple[int, bytes]]:
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())

    def get(target: str) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", quote(target, safe="/?=&"),
                           headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, body

    return get


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="synthetic clients (SQLite)")
    parser.add_argument("--db", default=str(ROOT / "var" / "bench.sqlite3"))
    parser.add_argument("--rebuild", action="store_true", help="delete and build the data again")
    parser.add_argument("--no-build", action="store_true", help="never build, measure as is")
    parser.add_argument("--repeat", type=int, default=20, help="requests per page")
    parser.add_argument("--budget-ms", type=float, default=150.0)
    parser.add_argument("--budget-ratio", type=float, default=30.0)
    parser.add_argument("--http", action="store_true",
                        help="over HTTP against gunicorn (production configuration)")
    args = parser.parse_args()

    start_django(args.db, rebuild=args.rebuild)
    from django.core.management import call_command
    from django.db import connection

    from neue_wege.clients.models import Client

    call_command("migrate", verbosity=0)
    existing = Client.objects.count()
    if existing < args.count and not args.no_build and connection.vendor == "sqlite":
        print(f"Building scale data in {args.db} ({args.count:,} clients) …")
        started = time.monotonic()
        call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        call_command("generate_clients", count=args.count - Client.objects.count())
        print(f"built in {time.monotonic() - started:.1f} s")
    where = connection.settings_dict["NAME"]
    print(f"\n{Client.objects.count():,} clients in {connection.vendor} {where}, "
          f"{args.repeat} requests per page, "
          + ("over HTTP to gunicorn (1 sync worker)" if args.http else "in-process test client")
          + "\n")
    server, port = start_gunicorn() if args.http else (None, 0)
    try:
        failures, health_p95 = measure(args, PAGES, port)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    print(f"\nbudget: p95 ≤ {args.budget_ms:.0f} ms and ≤ {args.budget_ratio:.0f}× health "
          f"check ({health_p95:.2f} ms): "
          + ("all pages within" if not failures else f"missed by {', '.join(failures)}"))
    sys.exit(1 if failures else 0)


def measure(args: argparse.Namespace, pages: list[tuple], port: int) -> tuple[list[str], float]:
    """Ask every page ``args.repeat`` times; return the pages over budget and the health p95."""
    from django.db import connection, reset_queries
    from django.test import Client as HttpClient
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from neue_wege.organisation.models import User
    from neue_wege.organisation.two_factor import force_login_verified


    health_p95 = 0.0
    failures = []
    print(f"{'page':<30}{'user':<7}{'status':>7}{'queries':>9}{'median':>9}{'p95 ms':>9}"
          f"{'× health':>10}")
    for username, name, query, label in pages:
        try:
            url = reverse(name)
        except NoReverseMatch:
            print(f"{label:<30}{username or '':<7}{'–':>7}  (URL name {name} missing)")
            continue
        browser = HttpClient(HTTP_HOST="localhost")
        if username:
            force_login_verified(browser, User.objects.get(username=username))
        if query == "page=last":  # numbered pages: the last one the list offers
            first = browser.get(url)
            pages_total = getattr(first.context and first.context.get("listing"), "page", None)
            last = pages_total.paginator.num_pages if pages_total is not None else 1
            query = f"page={last}"
        target = f"{url}?{query}" if query else url
        count_queries = not args.http
        if args.http:
            fetch = http_getter(port, {name: morsel.value
                                       for name, morsel in browser.cookies.items()})
        else:
            def fetch(target: str, browser: HttpClient = browser) -> tuple[int, bytes]:
                response = browser.get(target)
                return response.status_code, response.content
        fetch(target)  # warm: sessions, template cache
        times = []
        status = queries = 0
        for _ in range(args.repeat):
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                status, _body = fetch(target)
                times.append((time.perf_counter() - started) * 1000)
            queries = len(captured.captured_queries) if count_queries else 0
        slow = p95(times)
        if name == "health":
            health_p95 = slow
        ratio = slow / health_p95 if health_p95 else 0.0
        flag = ""
        if name != "health" and (slow > args.budget_ms or ratio > args.budget_ratio
                                 or status != 200):
            flag = "  ✗"
            failures.append(label)
        print(f"{label:<30}{username or '':<7}{status:>7}{queries:>9}"
              f"{statistics.median(times):>9.1f}{slow:>9.1f}{ratio:>10.1f}{flag}")
    return failures, health_p95


if __name__ == "__main__":
    main()
