"""Queue the daily e-mail digest of unread notices for every member of staff who opted in."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from neue_wege.inbox.services import digests_start


class Command(BaseCommand):
    help = "Queue the daily notice digest (run once a day by cron or a systemd timer)."

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = digests_start()
        self.stdout.write(f"{len(jobs)} digest job(s) queued")
