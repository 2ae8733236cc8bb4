"""``neuewege apply_retention [--dry-run] [--today DATE]``: apply the retention rules.

Meant to run once a day (cron / systemd timer, see docs/privacy.md). Prints a German report;
a real run also stores it as a `RetentionRun` and writes audit events.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from neue_wege.privacy.retention import apply_retention


def _parse_day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Bitte das Datum als JJJJ-MM-TT angeben, z. B. 2026-12-31 "
                           f"(erhalten: {value!r}).", returncode=2) from error


class Command(BaseCommand):
    help = "Löschfristen anwenden: fällige Daten pseudonymisieren oder löschen, mit Bericht."

    def add_arguments(self, parser):  # noqa: ANN001
        parser.add_argument("--dry-run", action="store_true",
                            help="Nur zählen, was fällig ist; nichts ändern.")
        parser.add_argument("--today", help="Stichtag (JJJJ-MM-TT), Standard: heute.")

    def handle(self, *args, **options):  # noqa: ANN002, ANN003
        today = _parse_day(options["today"]) if options["today"] else None
        report = apply_retention(today=today, dry_run=options["dry_run"])
        for line in report.lines():
            self.stdout.write(line)
        if report.run is not None:
            self.stdout.write(f"Bericht gespeichert (Lauf {report.run.pk}).")
