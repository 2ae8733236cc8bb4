"""Changing one's own password ends every other session of the account."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from neue_wege.privacy.models import AuditEvent
from neue_wege.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db
URL = reverse("organisation:password-change")
NEW = "Neuer-Weg-ueber-die-Aa-2027"


def change(client, current=PASSWORD, new=NEW, again=None):
    return client.post(URL, {"current": current, "password1": new, "password2": again or new})


def test_other_sessions_end_this_one_stays(cast, login):
    other_pc = HttpClient()
    assert other_pc.login(username="karl", password=PASSWORD)
    browser = login(cast.karl)
    assert browser.get(URL).status_code == 200
    response = change(browser)
    assert response.status_code == 302
    assert browser.get(reverse("clients:client-list")).status_code == 200
    assert other_pc.get(reverse("clients:client-list"))["Location"].startswith(reverse("login"))
    assert HttpClient().login(username="karl", password=NEW)
    assert not HttpClient().login(username="karl", password=PASSWORD)
    assert AuditEvent.objects.filter(actor=cast.karl, object_id=str(cast.karl.pk),
                                     reason="own password changed; other sessions ended: 1"
                                     ).exists()


def test_wrong_current_password_changes_nothing(cast, login):
    response = change(login(cast.fatma), current="Falsches-Passwort-1")
    assert response.status_code == 200
    assert "Das bisherige Passwort stimmt nicht" in response.content.decode()
    cast.fatma.refresh_from_db()
    assert cast.fatma.check_password(PASSWORD)


@pytest.mark.parametrize(("new", "again", "message"), [
    (NEW, NEW + "x", "Die beiden Passwörter stimmen nicht überein."),
    ("kurz", None, "zu kurz"),
])
def test_new_password_is_checked(cast, login, new, again, message):
    response = change(login(cast.fatma), new=new, again=again)
    assert message in response.content.decode()
    cast.fatma.refresh_from_db()
    assert cast.fatma.check_password(PASSWORD)


def test_participants_can_change_theirs(cast, login):
    assert change(login(cast.nina_user)).status_code == 302
    cast.nina_user.refresh_from_db()
    assert cast.nina_user.check_password(NEW)


def test_anonymous_is_sent_to_log_in(client):
    assert client.get(URL)["Location"].startswith(reverse("login"))


def test_staff_header_links_to_it(cast, login):
    assert URL in login(cast.maria).get(reverse("dashboards:home")).content.decode()
