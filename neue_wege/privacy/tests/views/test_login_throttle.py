"""Log-in throttling (django-axes) through the real log-in form.

Five failed attempts for one user name from one address lock that combination for 15 minutes;
the lock ends by itself. Unknown user names and wrong passwords answer alike (no enumeration).
The test suite switches axes off by default (conftest.py); the fixture `axes_on` turns it on.
"""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from neue_wege.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db
URL = reverse("login")
WRONG = "Falsches-Passwort-123"
LOCK_HEADING = "Anmeldung vorübergehend gesperrt"
BAD_CREDENTIALS = "Benutzername oder Passwort stimmen nicht."


@pytest.fixture(autouse=True)
def axes_on(settings):  # noqa: ANN001
    settings.AXES_ENABLED = True


def _try(browser: HttpClient, username: str, password: str, address: str = "127.0.0.1"):  # noqa: ANN202
    return browser.post(URL, {"username": username, "password": password},
                        REMOTE_ADDR=address)


def _fail(browser: HttpClient, username: str, times: int, address: str = "127.0.0.1"):  # noqa: ANN202
    response = None
    for _ in range(times):
        response = _try(browser, username, WRONG, address)
    return response


def test_axes_is_on_by_default_outside_the_tests():
    from neue_wege import settings as project_settings

    if "AXES_ENABLED" not in os.environ:
        assert project_settings.AXES_ENABLED is True
    assert project_settings.NW_LOGIN_FAILURE_LIMIT == 5
    assert project_settings.NW_ADDRESS_FAILURE_LIMIT == 30
    assert project_settings.NW_INVITATION_CODE_FAILURE_LIMIT == 10
    assert project_settings.AXES_COOLOFF_TIME == dt.timedelta(minutes=15)
    assert project_settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_correct_password_logs_in_through_the_form(cast, client):
    response = _try(client, "karl", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboards:home")
    # Staff then need the code from their authenticator app (organisation.two_factor).
    assert client.get(reverse("clients:client-list"))["Location"].startswith(
        reverse("organisation:two-factor-verify"))
    key = TOTPDevice.objects.get(user=cast.karl).bin_key
    client.post(reverse("organisation:two-factor-verify"), {"code": f"{totp(key):06d}"})
    assert client.get(reverse("clients:client-list")).status_code == 200
    assert AccessLog.objects.filter(username="karl").exists()


def test_four_failures_still_allow_the_correct_password(cast, client):
    response = _fail(client, "karl", 4)
    assert response.status_code == 200
    assert BAD_CREDENTIALS in response.content.decode()
    assert _try(client, "karl", PASSWORD).status_code == 302


def test_five_wrong_passwords_lock_with_the_german_page(cast, client):
    response = _fail(client, "karl", 5)
    assert response.status_code == 429
    body = response.content.decode()
    assert f"{LOCK_HEADING}</h1>" in body
    assert "15 Minuten gesperrt" in body
    assert 'lang="de"' in body


def test_correct_password_is_refused_while_locked(cast, client):
    _fail(client, "karl", 5)
    response = _try(client, "karl", PASSWORD)
    assert response.status_code == 429
    assert LOCK_HEADING in response.content.decode()
    assert client.get(reverse("clients:client-list")).status_code == 302  # not logged in


def test_lock_ends_by_itself_after_the_cool_off(cast, client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _fail(client, "karl", 5)
    with time_machine.travel(start + dt.timedelta(minutes=14), tick=False):
        assert _try(HttpClient(), "karl", PASSWORD).status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=14 + 16), tick=False):
        fresh = HttpClient()
        response = _try(fresh, "karl", PASSWORD)
        assert response.status_code == 302
        # The password is accepted: next comes the code step (second factor).
        assert fresh.get(reverse("clients:client-list"))["Location"].startswith(
            reverse("organisation:two-factor-verify"))


def test_lock_is_per_user_name_and_address(cast, client):
    _fail(client, "karl", 5, address="10.0.0.1")
    # The same person from another address, and another user from the same address, go on.
    assert _try(HttpClient(), "karl", PASSWORD, address="10.0.0.2").status_code == 302
    assert _try(HttpClient(), "petra", PASSWORD, address="10.0.0.1").status_code == 302


def test_failures_are_recorded_in_axes_tables(cast, client):
    _fail(client, "karl", 2)
    attempt = AccessAttempt.objects.get(username="karl")
    assert attempt.failures_since_start == 2
    assert attempt.ip_address == "127.0.0.1"
    assert AccessFailureLog.objects.filter(username="karl").count() == 2
    # The password typed is never stored.
    assert WRONG not in attempt.post_data


def _normalised(body: str) -> str:
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    body = re.sub(r'"X-CSRFToken": "[^"]+"', "", body)
    return re.sub(r'name="username"[^>]*value="[^"]*"', "", body)


def test_unknown_user_and_wrong_password_answer_alike(cast):
    unknown = _try(HttpClient(), "niemand-hier", WRONG)
    wrong = _try(HttpClient(), "karl", WRONG)
    assert unknown.status_code == wrong.status_code == 200
    assert BAD_CREDENTIALS in unknown.content.decode()
    assert _normalised(unknown.content.decode()) == _normalised(wrong.content.decode())


def test_unknown_user_is_locked_alike(cast, client):
    unknown = _fail(client, "niemand-hier", 5)
    known = _fail(HttpClient(), "karl", 5)
    assert unknown.status_code == known.status_code == 429
    assert _normalised(unknown.content.decode()) == _normalised(known.content.decode())


def test_inactive_account_answers_like_a_wrong_password(cast):
    cast.jonas.is_active = False
    cast.jonas.save(update_fields=["is_active"])
    response = _try(HttpClient(), "jonas", PASSWORD)
    assert response.status_code == 200
    assert BAD_CREDENTIALS in response.content.decode()


def test_lock_out_page_has_the_security_headers(cast, client):
    response = _fail(client, "karl", 5)
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


# --- password spraying: many names from one address (issue 11, point 9) ----------------------
def test_spraying_across_names_locks_the_address(cast, settings):
    settings.NW_ADDRESS_FAILURE_LIMIT = 12
    sprayer = HttpClient()
    for number in range(12):  # 12 names, at most 1 failure each: no per-name lock is reached
        response = _try(sprayer, f"name-{number}", WRONG, address="10.9.9.9")
    assert response.status_code == 429
    assert "Von dieser Adresse gab es zu viele erfolglose Anmeldeversuche" in (
        response.content.decode())
    # Every name from that address is locked now, even with the right password ...
    assert _try(HttpClient(), "karl", PASSWORD, address="10.9.9.9").status_code == 429
    # ... but not from another address, and not after the cool-off.
    assert _try(HttpClient(), "karl", PASSWORD, address="10.9.9.8").status_code == 302
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16), tick=False):
        assert _try(HttpClient(), "petra", PASSWORD, address="10.9.9.9").status_code == 302


def test_failures_below_the_address_limit_lock_nobody_else(cast):
    office = "10.1.1.1"
    for name in ("anna", "bernd", "carla", "dieter"):  # colleagues mistyping, 4 each
        _fail(HttpClient(), name, 4, address=office)
    assert _try(HttpClient(), "karl", PASSWORD, address=office).status_code == 302
