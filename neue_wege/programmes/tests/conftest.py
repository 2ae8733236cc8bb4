"""Helpers for the programmes tests: a method, sessions of run A, persona status checks."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo

import pytest

from neue_wege.programmes.models import Method, Session

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
OUTSIDERS_404 = ("olga",)


@pytest.fixture
def method(cast) -> Method:  # noqa: ANN001
    return Method.objects.create(
        job_centre=cast.job_centre, name="Erfolgsgeschichte schreiben",
        purpose="Teilnehmende schreiben über einen gelungenen Moment.", duration_minutes=45,
        instructions="Zehn Minuten schreiben, dann in Paaren vorlesen.")


@pytest.fixture
def session_a(cast) -> Session:  # noqa: ANN001
    day = cast.run_a.starts_on + dt.timedelta(days=1)
    return Session.objects.create(
        run=cast.run_a, topic="Erste Geschichten",
        starts_at=dt.datetime.combine(day, dt.time(9, 0), tzinfo=BERLIN),
        ends_at=dt.datetime.combine(day, dt.time(12, 0), tzinfo=BERLIN))


@pytest.fixture
def check_personas(cast, client):  # noqa: ANN001
    """`check_personas(url, {"fatma": 200, "karl": 403, ...}, method="get", data=None)`."""

    def _check(url: str, expected: dict[str, int], *, method: str = "get",
               data: dict | None = None) -> None:
        users = cast.users()
        for name, status in expected.items():
            client.force_login(users[name])
            response = getattr(client, method)(url, data or {})
            assert response.status_code == status, (name, response.status_code)

    return _check


def random_uuid() -> uuid.UUID:
    return uuid.uuid4()
