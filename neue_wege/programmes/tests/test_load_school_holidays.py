import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from neue_wege.programmes.models import SchoolHoliday

pytestmark = pytest.mark.django_db


def test_shipped_file_loads_nothing_new(cast):
    before = SchoolHoliday.objects.count()
    out = StringIO()
    call_command("load_school_holidays", stdout=out)
    assert SchoolHoliday.objects.count() == before
    assert "0 created, 0 corrected" in out.getvalue()


def test_corrects_and_adds(tmp_path):
    path = tmp_path / "ferien.csv"
    path.write_text("name,starts_on,ends_on\n"
                    "Herbstferien 2026,2026-10-17,2026-11-01\n"
                    "Osterferien 2028,2028-04-10,2028-04-22\n", encoding="utf-8")
    call_command("load_school_holidays", str(path), stdout=StringIO())
    assert SchoolHoliday.objects.get(name="Herbstferien 2026").ends_on == dt.date(2026, 11, 1)
    assert SchoolHoliday.objects.filter(name="Osterferien 2028").exists()


def test_bad_row_fails_loudly_and_changes_nothing(tmp_path):
    path = tmp_path / "ferien.csv"
    path.write_text("name,starts_on,ends_on\nNeu,2030-01-01,2030-01-05\n"
                    "Kaputt,2030-13-01,2030-01-05\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("load_school_holidays", str(path), stdout=StringIO())
    assert not SchoolHoliday.objects.filter(name="Neu").exists()
