"""Idle timeout: a session without a request for NW_IDLE_TIMEOUT_MINUTES is logged out."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db
PAGE = reverse("clients:client-list")


def test_default_is_30_minutes():
    from neue_wege import settings as project_settings

    assert project_settings.NW_IDLE_TIMEOUT_MINUTES == 30


def test_active_session_stays_and_idle_session_ends(cast, login, settings):
    settings.NW_IDLE_TIMEOUT_MINUTES = 30
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        browser = login(cast.karl)
        assert browser.get(PAGE).status_code == 200
        for _ in range(4):  # active for two hours, a request every 29 minutes
            traveller.shift(dt.timedelta(minutes=29))
            assert browser.get(PAGE).status_code == 200
        traveller.shift(dt.timedelta(minutes=31))
        response = browser.get(PAGE)
        assert response.status_code == 302
        assert response["Location"] == reverse("login") + "?next=" + PAGE
        page = browser.get(response["Location"]).content.decode()
        assert "länger als 30 Minuten nicht aktiv" in page
        assert "_auth_user_id" not in browser.session
        # Still logged out afterwards: the session is gone, not only this request.
        assert browser.get(PAGE)["Location"].startswith(reverse("login"))


def test_participants_time_out_too(cast, login):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        browser = login(cast.nina_user)
        assert browser.get(reverse("portal:home")).status_code == 200
        traveller.shift(dt.timedelta(minutes=45))
        assert browser.get(reverse("portal:home"))["Location"].startswith(reverse("login"))


def test_timeout_follows_the_setting(cast, login, settings):
    settings.NW_IDLE_TIMEOUT_MINUTES = 5
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        browser = login(cast.karl)
        assert browser.get(PAGE).status_code == 200
        traveller.shift(dt.timedelta(minutes=6))
        assert browser.get(PAGE).status_code == 302


def test_session_is_not_written_on_every_request(cast, login):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        browser = login(cast.karl)
        browser.get(PAGE)
        stamp = browser.session["nw_last_activity"]
        traveller.shift(dt.timedelta(seconds=30))
        browser.get(PAGE)
        assert browser.session["nw_last_activity"] == stamp
        traveller.shift(dt.timedelta(seconds=40))
        browser.get(PAGE)
        assert browser.session["nw_last_activity"] == stamp + 70


# --- the warning a minute ahead, with "Angemeldet bleiben" (issue 11, point 14) ---------------
def _warning_data(page: str) -> dict[str, str]:
    import re

    box = page.split('id="nw-idle-warning"', 1)[1].split(">", 1)[0]
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', box))


def test_pages_carry_the_warning_with_the_seconds_left(cast, login, settings):
    settings.NW_IDLE_TIMEOUT_MINUTES = 30
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        browser = login(cast.karl)
        browser.get(PAGE)
        traveller.shift(dt.timedelta(seconds=40))  # the activity was noted 40 s ago
        page = browser.get(PAGE).content.decode()
    data = _warning_data(page)
    assert data["remaining"] == str(30 * 60 - 40)
    assert data["warn"] == "60" and data["timeout"] == "1800"
    assert data["extend-url"] == reverse("organisation:session-extend")
    assert "Sie werden gleich abgemeldet" in page and "Angemeldet bleiben" in page
    assert '<script src="/static/core/idle-warning.js" defer></script>' in page
    portal = login(cast.nina_user).get(reverse("portal:home")).content.decode()
    assert 'id="nw-idle-warning"' in portal


def test_anonymous_pages_have_no_warning(client):
    assert 'id="nw-idle-warning"' not in client.get(reverse("login")).content.decode()


def test_extend_keeps_the_session(cast, login, settings):
    settings.NW_IDLE_TIMEOUT_MINUTES = 30
    extend = reverse("organisation:session-extend")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        browser = login(cast.karl)
        browser.get(PAGE)
        traveller.shift(dt.timedelta(minutes=29, seconds=10))  # the warning is showing
        response = browser.post(extend)
        assert response.status_code == 200
        assert response.json() == {"remaining": 1800}
        traveller.shift(dt.timedelta(minutes=29))  # 58 minutes after the last page
        assert browser.get(PAGE).status_code == 200
    assert browser.get(extend).status_code == 405


def test_extend_does_not_revive_an_ended_session(cast, login):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        browser = login(cast.karl)
        browser.get(PAGE)
        traveller.shift(dt.timedelta(minutes=31))
        assert browser.post(reverse("organisation:session-extend")).status_code == 302
        assert browser.get(PAGE)["Location"].startswith(reverse("login"))


def test_warning_script_is_a_file_without_inline_code():
    from pathlib import Path

    from django.conf import settings as django_settings

    script = (Path(django_settings.BASE_DIR) / "core" / "static" / "core"
              / "idle-warning.js").read_text()
    assert "nw-idle-warning" in script and "X-CSRFToken" in script
