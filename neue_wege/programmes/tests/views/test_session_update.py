import datetime as dt
import uuid
import zoneinfo

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def url(session_id):
    return reverse("programmes:session-update", args=[session_id])


def test_form_prefilled(cast, login, session_a):
    text = login(cast.fatma).get(url(session_a.pk)).content.decode()
    assert "bearbeiten" in text and 'value="09:00"' in text and 'value="Erste Geschichten"' in text


def test_move_session(cast, login, session_a):
    response = login(cast.fatma).post(url(session_a.pk), {
        "day": "2026-12-02", "starts_at": "13:30", "ends_at": "15:00", "topic": "Zielbild"})
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:run-detail", args=[cast.run_a.pk])
    session_a.refresh_from_db()
    assert session_a.starts_at == dt.datetime(2026, 12, 2, 13, 30, tzinfo=BERLIN)
    assert session_a.ends_at == dt.datetime(2026, 12, 2, 15, 0, tzinfo=BERLIN)
    assert session_a.topic == "Zielbild"


def test_invalid_input_keeps_values(cast, login, session_a):
    response = login(cast.fatma).post(url(session_a.pk), {
        "day": "2026-12-02", "starts_at": "15:00", "ends_at": "13:30", "topic": "Mein Thema"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Das Ende muss nach dem Beginn liegen." in text and 'value="Mein Thema"' in text
    session_a.refresh_from_db()
    assert session_a.topic == "Erste Geschichten"


def test_personas(session_a, check_personas):
    check_personas(url(session_a.pk), {"fatma": 200, "jonas": 404, "karl": 404, "maria": 404,
                                       "admin": 404, "olga": 404})


def test_random_uuid_404(cast, login):
    assert login(cast.fatma).get(url(uuid.uuid4())).status_code == 404


def test_delete_not_allowed(cast, login, session_a):
    assert login(cast.fatma).delete(url(session_a.pk)).status_code == 405
