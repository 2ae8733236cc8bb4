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
