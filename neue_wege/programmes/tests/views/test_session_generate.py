import datetime as dt
import re
import uuid
import zoneinfo

import pytest
from django.urls import reverse

from neue_wege.programmes.models import Run, Session

pytestmark = pytest.mark.django_db
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def url(run_id):
    return reverse("programmes:session-generate", args=[run_id])


@pytest.fixture
def autumn_run(cast):
    # Oct 12 - Nov 6, 2026: NRW autumn school holidays are Oct 17 - Oct 31, 2026
    Run.objects.filter(pk=cast.run_a.pk).update(starts_on=dt.date(2026, 10, 12),
                                                 ends_on=dt.date(2026, 11, 6))
    return cast.run_a


def test_form(cast, login):
    text = login(cast.fatma).get(url(cast.run_a.pk)).content.decode()
    assert "Termine planen" in text and "Montag" in text and "Schulferien" in text


def test_generate_skips_school_holidays_and_shows_skipped(cast, login, autumn_run):
    response = login(cast.fatma).post(url(autumn_run.pk), {
        "weekdays": ["1", "3"], "starts_at": "09:00", "ends_at": "12:00",
        "skip_school_holidays": "on"})
    text = response.content.decode()
    assert response.status_code == 200
    days = sorted(s.starts_at.astimezone(BERLIN).date()
                  for s in Session.objects.filter(run=autumn_run))
    assert days == [dt.date(2026, 10, 13), dt.date(2026, 10, 15), dt.date(2026, 11, 3),
                    dt.date(2026, 11, 5)]
    assert "4 Termine angelegt" in text
    assert "Ausgelassene Tage" in text and "Schulferien: Herbstferien 2026" in text
    assert "20.10.2026" in text


def test_generate_without_school_holiday_skip(cast, login, autumn_run):
    login(cast.fatma).post(url(autumn_run.pk), {
        "weekdays": ["1"], "starts_at": "09:00", "ends_at": "12:00"})
    assert Session.objects.filter(run=autumn_run).count() == 4


def test_invalid_input_keeps_values(cast, login):
    response = login(cast.fatma).post(url(cast.run_a.pk), {
        "weekdays": ["2"], "starts_at": "14:00", "ends_at": "13:00"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Das Ende muss nach dem Beginn liegen." in text
    assert 'value="14:00"' in text
    assert re.search(r'<input type="checkbox" name="weekdays" value="2"[^>]*checked', text)
    assert not re.search(r'<input type="checkbox" name="weekdays" value="1"[^>]*checked', text)
    assert not Session.objects.filter(run=cast.run_a).exists()


def test_missing_weekday_german_error(cast, login):
    text = login(cast.fatma).post(url(cast.run_a.pk), {
        "starts_at": "09:00", "ends_at": "10:00"}).content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in text


def test_personas(cast, check_personas):
    check_personas(url(cast.run_a.pk), {"fatma": 200, "jonas": 404, "karl": 404,
                                        "maria": 404, "admin": 404, "olga": 404})


def test_other_facilitator_cannot_post(cast, login):
    response = login(cast.jonas).post(url(cast.run_a.pk), {
        "weekdays": ["1"], "starts_at": "09:00", "ends_at": "12:00"})
    assert response.status_code == 404
    assert not Session.objects.exists()


def test_random_uuid_404(cast, login):
    assert login(cast.fatma).get(url(uuid.uuid4())).status_code == 404


def test_put_not_allowed(cast, login):
    assert login(cast.fatma).put(url(cast.run_a.pk)).status_code == 405
