"""Load the NRW school holidays shipped in programmes/data/school_holidays_nrw.csv (idempotent)."""

import csv
import datetime as dt
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "school_holidays_nrw.csv"


def load(apps, schema_editor):
    SchoolHoliday = apps.get_model("programmes", "SchoolHoliday")
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            SchoolHoliday.objects.get_or_create(
                name=row["name"].strip(),
                starts_on=dt.date.fromisoformat(row["starts_on"]),
                defaults={"ends_on": dt.date.fromisoformat(row["ends_on"])},
            )


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
