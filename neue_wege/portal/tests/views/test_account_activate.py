"""portal:account-activate — set up the portal account with the code from the printed sheet."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from neue_wege.clients.models import Client, Enrollment
from neue_wege.clients.services import client_create, referral_accept, referral_create
from neue_wege.organisation.models import User
from neue_wege.portal.models import Invitation
from neue_wege.portal.services import code_format, invitation_create

URL = "/portal/willkommen/"
FAILURE = "Dieser Code funktioniert nicht."
pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(cast) -> Enrollment:
    person = client_create(actor=cast.karl, case_number="BOR-0200", first_name="Lena",
                           last_name="Brüggemann", date_of_birth=dt.date(1990, 2, 2),
                           gender="f", municipality=cast.bocholt,
                           benefit_since=dt.date(2022, 1, 1))
    return referral_accept(actor=cast.fatma, referral=referral_create(
        actor=cast.karl, client=person, run=cast.run_a, potential_note="Organisiert gern."))


@pytest.fixture
def code(cast, newcomer) -> str:
    return code_format(invitation_create(actor=cast.fatma, enrollment=newcomer)[1])


def _account(code: str, **fields: str) -> dict[str, str]:
    return {"step": "account", "code": code, "username": "lena.b",
            "password1": "Gartenzaun-77", "password2": "Gartenzaun-77", **fields}


def test_url_and_no_login_needed(client):
    assert reverse("portal:account-activate") == URL
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Willkommen bei Neue Wege" in page
    assert "Geben Sie den Code von Ihrem Blatt ein." in page
    assert response["Cache-Control"].startswith("max-age=0")


def test_code_from_the_qr_link_is_filled_in(client):
    page = client.get(URL, {"code": "K7QX-M4PZ-2H"}).content.decode()
    assert 'value="K7QX-M4PZ-2H"' in page


def test_end_to_end_new_account(client, newcomer, code):
    step_two = client.post(URL, {"step": "code", "code": code.lower()})
    page = step_two.content.decode()
    assert step_two.status_code == 200
    assert "Hallo Lena!" in page
    assert 'value="lena.b"' in page  # suggested user name
    response = client.post(URL, _account(code, username="lena.garten"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    user = User.objects.get(username="lena.garten")
    assert user.role == "participant"
    assert Client.objects.get(pk=newcomer.client_id).user == user
    assert Invitation.objects.get(enrollment=newcomer).used_at is not None
    home = client.get(response["Location"])
    assert home.status_code == 200
    assert "Hallo Lena!" in home.content.decode()
    assert "Willkommen! Ihr Zugang ist fertig." in home.content.decode()
    client.logout()
    assert client.login(username="lena.garten", password="Gartenzaun-77")


def test_used_code_cannot_be_used_again(client, code):
    client.post(URL, _account(code))
    client.logout()
    again = client.post(URL, {"step": "code", "code": code})
    assert FAILURE in again.content.decode()
    second = client.post(URL, _account(code, username="lena.zwei"))
    assert FAILURE in second.content.decode()
    assert not User.objects.filter(username="lena.zwei").exists()


def test_all_bad_codes_look_the_same(cast, client, newcomer, code):
    _, revoked = invitation_create(actor=cast.fatma, enrollment=cast.ali_enrollment)
    invitation_create(actor=cast.fatma, enrollment=cast.ali_enrollment)
    _, expired = invitation_create(actor=cast.jonas, enrollment=cast.sven_enrollment)
    Invitation.objects.filter(enrollment=cast.sven_enrollment).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1))
    client.post(URL, _account(code))
    client.logout()
    pages = {}
    for name, attempt in [("used", code), ("revoked", revoked), ("expired", expired),
                          ("wrong", "ABCD-EFGH-JK"), ("short", "abc")]:
        response = client.post(URL, {"step": "code", "code": attempt})
        assert response.status_code == 200
        page = response.content.decode()
        assert FAILURE in page, name
        assert "Hallo" not in page, name
        pages[name] = page.replace(attempt, "")
    # the pages differ only in what was typed (removed above) and the CSRF tokens
    assert len({re.sub(r"[A-Za-z0-9]{64}", "", p) for p in pages.values()}) == 1


def test_empty_code_gets_german_error(client):
    page = client.post(URL, {"step": "code", "code": ""}).content.decode()
    assert "Bitte geben Sie Ihren Code ein." in page


def test_invalid_account_input_keeps_values_and_explains_in_german(client, code):
    response = client.post(URL, _account(code, username="lena mit leerzeichen",
                                          password1="kurz", password2="anders"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="lena mit leerzeichen"' in page
    assert "Bitte nur Buchstaben, Zahlen und die Zeichen . - _ verwenden." in page
    assert "Die beiden Passwörter sind nicht gleich." in page
    assert not User.objects.filter(role="participant", username__startswith="lena").exists()


def test_short_and_common_passwords_are_refused_in_german(client, code):
    page = client.post(URL, _account(code, password1="passwort", password2="passwort")
                       ).content.decode()
    assert "Dieses Passwort ist zu üblich." in page
    page = client.post(URL, _account(code, password1="Ab-1234", password2="Ab-1234")
                       ).content.decode()
    assert "mindestens 8 Zeichen" in page


def test_taken_username_is_explained(client, code):
    page = client.post(URL, _account(code, username="Fatma")).content.decode()
    assert "Diesen Benutzernamen gibt es schon." in page
    assert 'value="Fatma"' in page


def test_existing_account_sets_a_new_password(cast, client):
    _, code = invitation_create(actor=cast.fatma, enrollment=cast.nina_enrollment)
    page = client.post(URL, {"step": "code", "code": code}).content.decode()
    assert "Sie haben schon einen Zugang." in page
    assert cast.nina_user.username in page
    assert 'name="username"' not in page
    response = client.post(URL, {"step": "account", "code": code,
                                 "password1": "Neuer-Weg-2026", "password2": "Neuer-Weg-2026"})
    assert response.status_code == 302
    cast.nina_user.refresh_from_db()
    assert cast.nina_user.check_password("Neuer-Weg-2026")


def test_put_is_not_allowed(client):
    assert client.put(URL).status_code == 405


# --- wrong codes are throttled like the log-in (issue 11, point 9) ---------------------------
def test_wrong_codes_lock_the_address_for_a_while(client, code, settings):
    import time_machine
    from axes.models import AccessAttempt

    settings.AXES_ENABLED = True
    wrong = "ZZZZ-ZZZZ-ZZ"
    for _ in range(9):
        response = client.post(URL, {"step": "code", "code": wrong}, REMOTE_ADDR="10.2.2.2")
        assert FAILURE in response.content.decode()
    locked = client.post(URL, {"step": "code", "code": wrong}, REMOTE_ADDR="10.2.2.2")
    assert locked.status_code == 429
    assert "Von diesem Gerät wurden zu oft falsche Codes eingegeben." in locked.content.decode()
    # While locked even the right code is not checked (no more Argon2 work for this address).
    assert client.post(URL, {"step": "code", "code": code},
                       REMOTE_ADDR="10.2.2.2").status_code == 429
    assert wrong not in AccessAttempt.objects.get().post_data
    # Another address goes on; after the cool-off this one does too.
    assert "lena.b" in client.post(URL, {"step": "code", "code": code},
                                   REMOTE_ADDR="10.2.2.3").content.decode()
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16), tick=False):
        assert client.post(URL, {"step": "code", "code": code},
                           REMOTE_ADDR="10.2.2.2").status_code == 200


def test_the_log_in_page_links_to_activation_with_a_code(client):  # noqa: ANN001
    from django.urls import reverse as _reverse

    page = client.get(_reverse("login")).content.decode()
    assert f'href="{_reverse("portal:account-activate")}">Ich habe einen Code</a>' in page
