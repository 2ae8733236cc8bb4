"""The shipped NRW school holidays and their data migration."""

import csv
import datetime as dt
import importlib
from pathlib import Path

import pytest
from django.apps import apps as django_apps

from neue_wege.programmes.models import SchoolHoliday

CSV = Path(__file__).resolve().parent.parent / "data" / "school_holidays_nrw.csv"


def test_csv_rows_are_valid_ranges():
    with CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 19
    for row in rows:
        start, end = dt.date.fromisoformat(row["starts_on"]), dt.date.fromisoformat(row["ends_on"])
        assert start <= end, row
        assert (end - start).days < 50, row
    assert (CSV.parent / "SOURCE.md").exists()


@pytest.mark.django_db
def test_migration_loaded_known_dates():
    summer = SchoolHoliday.objects.get(name="Sommerferien 2026")
    assert (summer.starts_on, summer.ends_on) == (dt.date(2026, 7, 20), dt.date(2026, 9, 1))
    christmas = SchoolHoliday.objects.get(name="Weihnachtsferien 2025/26")
    assert christmas.covers(dt.date(2026, 1, 2))
    assert SchoolHoliday.objects.filter(starts_on=dt.date(2024, 3, 25)).exists()


@pytest.mark.django_db
def test_migration_is_idempotent_and_keeps_corrections():
    module = importlib.import_module("neue_wege.programmes.migrations.0002_load_school_holidays")
    SchoolHoliday.objects.filter(name="Herbstferien 2026").update(ends_on=dt.date(2026, 11, 1))
    before = SchoolHoliday.objects.count()
    module.load(django_apps, None)
    assert SchoolHoliday.objects.count() == before
    assert SchoolHoliday.objects.get(name="Herbstferien 2026").ends_on == dt.date(2026, 11, 1)
