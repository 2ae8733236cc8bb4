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


# --- one password policy per role (issue 11, point 11) ---------------------------------------
EIGHT = "Aa-Weg-27"  # 9 characters: fits the participants' policy, not the staff's


def test_participant_may_change_to_what_activation_allowed(cast, login):
    browser = login(cast.nina_user)
    page = browser.get(URL).content.decode()
    assert "Mindestens 8 Zeichen" in page
    assert "12 Zeichen" not in page
    assert change(browser, new=EIGHT).status_code == 302
    cast.nina_user.refresh_from_db()
    assert cast.nina_user.check_password(EIGHT)


def test_staff_policy_is_stated_and_applied(cast, login):
    browser = login(cast.fatma)
    assert "Mindestens 12 Zeichen" in browser.get(URL).content.decode()
    response = change(browser, new=EIGHT)
    assert response.status_code == 200
    assert "zu kurz" in response.content.decode()
    cast.fatma.refresh_from_db()
    assert cast.fatma.check_password(PASSWORD)


def test_activation_states_the_same_policy_as_the_change():
    from neue_wege.organisation.forms import OwnPasswordChangeForm
    from neue_wege.organisation.models import User
    from neue_wege.portal.forms import AccountSetupForm

    participant = User(role=User.Role.PARTICIPANT, username="x")
    setup = AccountSetupForm(first_name="Nina", last_name="Kemper")
    change_form = OwnPasswordChangeForm(account=participant)
    assert setup.fields["password1"].help_text == change_form.fields["password1"].help_text


# --- the current password is throttled like the log-in (issue 11, point 9) -------------------
def test_wrong_current_password_is_throttled_like_the_log_in(cast, login, settings):
    settings.AXES_ENABLED = True
    browser = login(cast.fatma)
    for _ in range(4):
        assert change(browser, current="Falsch-1234567").status_code == 200
    locked = change(browser, current="Falsch-1234567")
    assert locked.status_code == 429
    assert "Das bisherige Passwort wurde zu oft falsch eingegeben." in locked.content.decode()
    # Locked: even the right current password changes nothing now ...
    assert change(browser).status_code == 429
    cast.fatma.refresh_from_db()
    assert cast.fatma.check_password(PASSWORD)
    # ... and the log-in with this name from this address is locked too.
    response = HttpClient().post(reverse("login"), {"username": "fatma", "password": PASSWORD})
    assert response.status_code == 429
    # No password typed is kept in axes' tables.
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.get(username="fatma")
    assert "Falsch-1234567" not in attempt.post_data
    assert NEW not in attempt.post_data


def test_portal_header_links_to_it(cast, login):
    """Issue 11, point 14: participants find "Passwort ändern" in their own header."""
    browser = login(cast.nina_user)
    home = browser.get(reverse("portal:home")).content.decode()
    header = home.split('<header class="nw-portal-header">')[1].split("</header>")[0]
    assert f'href="{URL}"' in header
    assert "Passwort ändern" in header
    page = browser.get(URL).content.decode()
    assert "nw-portal-header" in page  # the page opens in the portal's frame
    assert 'aria-current="page">Passwort ändern' in page
