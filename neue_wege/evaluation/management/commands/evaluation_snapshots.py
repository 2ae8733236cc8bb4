"""`neuewege evaluation_snapshots`: compute the evaluation snapshots, nightly (docs/tasks.md).

For every job centre: "everything" (no filter) and each filter combination management viewed
or had computed in the last ``--days`` days. Runs in this process (no worker needed), so a
cron job or systemd timer can call it at night; the page then opens in a second.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from neue_wege.evaluation import snapshots
from neue_wege.organisation.models import JobCentre


class Command(BaseCommand):
    help = ("Auswertungen für jedes Jobcenter vorberechnen: ohne Filter und für die zuletzt "
            "genutzten Filter.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=30,
                            help="Filter, die in so vielen Tagen genutzt wurden (Standard: 30).")

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        count = 0
        for job_centre in JobCentre.objects.order_by("name"):
            for filters in snapshots.filters_in_use(job_centre, days=days):
                started = time.monotonic()
                snapshot = snapshots.compute(job_centre=job_centre, filters=filters)
                count += 1
                self.stdout.write(f"{job_centre}: {snapshot.filter_text} – "
                                  f"{snapshot.n_enrollments} Teilnahmen, "
                                  f"{time.monotonic() - started:.1f} s")
        self.stdout.write(self.style.SUCCESS(f"{count} Auswertungen berechnet."))
