"""Logging overhead: pages that write audit events, with the audit writes on and off.

    .venv/bin/python bench/bench_audit.py                  # 200 requests per page and mode
    .venv/bin/python bench/bench_audit.py --repeat 500

A fresh SQLite file in a temporary directory holds the test cast plus enough clients for a full
client list page (25 rows, one audit event each, written with one bulk insert). For the "off"
runs `audit_record` and `audit_views` are replaced by no-ops in every module that imported them
(in this process only). The two modes alternate request by request so that drift (caches, the
growing audit table) affects both alike. Prints the median and 90th percentile per page and
mode and the difference of the medians.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="requests per page and mode")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="nw-bench-audit-")
    os.environ["SQLITE_PATH"] = str(Path(workdir) / "bench.sqlite3")
    os.environ.pop("DATABASE_URL", None)
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neue_wege.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client as HttpClient
    from django.urls import reverse

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False  # the test client logs in without a request
    call_command("migrate", verbosity=0)

    from neue_wege.clients.services import client_create
    from neue_wege.organisation.two_factor import force_login_verified
    from neue_wege.privacy import audit
    from neue_wege.privacy.models import AuditEvent
    from neue_wege.testing.personas import build_cast

    cast = build_cast()
    for number in range(40):
        client_create(actor=cast.karl, case_number=f"BOR-9{number:03d}", first_name="Test",
                      last_name=f"Person{number:02d}", date_of_birth=dt.date(1980, 1, 1),
                      gender="f", municipality=cast.bocholt,
                      benefit_since=dt.date(2022, 1, 1))

    originals = {"audit_record": audit.audit_record, "audit_views": audit.audit_views}
    no_ops = {"audit_record": lambda **kwargs: None, "audit_views": lambda **kwargs: None}
    def audit_on(enabled: bool) -> None:
        for module in holders:
            for name, function in originals.items():
                if getattr(module, name, None) in (function, no_ops[name]):
                    setattr(module, name, function if enabled else no_ops[name])

    browser = HttpClient(HTTP_HOST="localhost")
    force_login_verified(browser, cast.karl)  # past the second factor
    pages = [
        ("Kund:innen-Liste (25 Zeilen)", reverse("clients:client-list")),
        ("Kund:innen-Akte", reverse("clients:client-detail", kwargs={"client_id": cast.nina.pk})),
    ]
    for _label, url in pages:  # imports every view module before the patching
        assert browser.get(url).status_code == 200
    holders = [module for module in list(sys.modules.values())
               if getattr(module, "__name__", "").startswith("neue_wege")
               and any(getattr(module, name, None) is function
                       for name, function in originals.items())]
    print(f"SQLite {os.environ['SQLITE_PATH']}, {args.repeat} requests per page and mode, "
          f"audit patched in {len(holders)} modules\n")
    print(f"{'page':<30}{'mode':<6}{'events/req':>11}{'median ms':>11}{'p90 ms':>9}")
    for label, url in pages:
        for _ in range(20):  # warm up both paths
            for enabled in (True, False):
                audit_on(enabled)
                assert browser.get(url).status_code == 200
        times: dict[bool, list[float]] = {True: [], False: []}
        events: dict[bool, int] = {}
        for _ in range(args.repeat):
            for enabled in (True, False):
                audit_on(enabled)
                before = AuditEvent.objects.count()
                started = time.perf_counter()
                response = browser.get(url)
                times[enabled].append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
                events[enabled] = AuditEvent.objects.count() - before
        medians = {}
        for enabled in (True, False):
            values = sorted(times[enabled])
            medians[enabled] = statistics.median(values)
            p90 = values[int(len(values) * 0.9) - 1]
            mode = "an" if enabled else "aus"
            print(f"{label:<30}{mode:<6}{events[enabled]:>11}{medians[enabled]:>11.2f}"
                  f"{p90:>9.2f}")
        difference = medians[True] - medians[False]
        print(f"{'':<30}{'Δ':<6}{'':>11}{difference:>+11.2f}"
              f"{'':>9}  ({difference / medians[False]:+.1%})\n")
    audit_on(True)


if __name__ == "__main__":
    main()
