import datetime as dt
import uuid
import zoneinfo

import pytest
from django.urls import reverse
from icalendar import Calendar

pytestmark = pytest.mark.django_db
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def url(run_id):
    return reverse("programmes:run-calendar", args=[run_id])


def test_calendar_parses_back(cast, login, session_a):
    response = login(cast.fatma).get(url(cast.run_a.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith("attachment;")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    start = event.decoded("dtstart")
    expected = dt.datetime.combine(cast.run_a.starts_on + dt.timedelta(days=1), dt.time(9),
                                   tzinfo=BERLIN)
    assert start == expected
    assert str(start.tzinfo) in {"Europe/Berlin", "CET", "CEST"} or start.utcoffset() in {
        dt.timedelta(hours=1), dt.timedelta(hours=2)}
    assert event.decoded("dtend") - start == dt.timedelta(hours=3)
    assert "TZID=Europe/Berlin" in response.content.decode()
    assert str(event["summary"]) == "Stärken entdecken A: Erste Geschichten"
    assert str(event["location"]) == "Bocholt, Europaplatz 17, 46399 Bocholt"
    assert str(session_a.pk) in str(event["uid"])
    # The product, not one of the job centres sharing the installation.
    assert str(calendar["prodid"]) == "-//Neue Wege//Neue Wege//DE"


def test_personas(cast, check_personas):
    check_personas(url(cast.run_a.pk), {"fatma": 200, "jonas": 404, "karl": 404,
                                        "maria": 404, "admin": 404, "olga": 404})


def test_random_uuid_404(cast, login):
    assert login(cast.fatma).get(url(uuid.uuid4())).status_code == 404


def test_post_not_allowed(cast, login):
    assert login(cast.fatma).post(url(cast.run_a.pk)).status_code == 405
