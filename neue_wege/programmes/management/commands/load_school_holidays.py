"""Load (or correct) NRW school holidays from a CSV file: name,starts_on,ends_on.

Without a path, the shipped file programmes/data/school_holidays_nrw.csv is read. Rows are
matched by name and first day; a different last day is corrected. Nothing is deleted.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from neue_wege.programmes.models import SchoolHoliday

DEFAULT = Path(__file__).resolve().parents[2] / "data" / "school_holidays_nrw.csv"


class Command(BaseCommand):
    help = "Load or correct NRW school holidays from a CSV file (name,starts_on,ends_on)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(DEFAULT))

    @transaction.atomic
    def handle(self, *args: Any, path: str, **options: Any) -> None:
        created = changed = 0
        try:
            with Path(path).open(encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        for number, row in enumerate(rows, start=2):
            try:
                name = row["name"].strip()
                starts_on = dt.date.fromisoformat(row["starts_on"].strip())
                ends_on = dt.date.fromisoformat(row["ends_on"].strip())
            except (KeyError, ValueError, AttributeError) as error:
                raise CommandError(f"Line {number}: {error}") from error
            if ends_on < starts_on:
                raise CommandError(f"Line {number}: ends before it starts")
            holiday, was_created = SchoolHoliday.objects.get_or_create(
                name=name, starts_on=starts_on, defaults={"ends_on": ends_on})
            if was_created:
                created += 1
            elif holiday.ends_on != ends_on:
                holiday.ends_on = ends_on
                holiday.save(update_fields=["ends_on", "updated_at"])
                changed += 1
        self.stdout.write(f"{created} created, {changed} corrected, {len(rows)} rows read")
