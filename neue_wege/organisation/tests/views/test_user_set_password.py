import uuid

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from neue_wege.organisation.tests.conftest import NON_ADMIN_STAFF
from neue_wege.privacy.models import AuditEvent
from neue_wege.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db
NEW = "Neuer-Weg-ueber-die-Aa-2027"


def url(user_id):
    return reverse("organisation:user-set-password", kwargs={"user_id": user_id})


def test_form_in_german(cast, login):
    response = login(cast.admin).get(url(cast.karl.public_id))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Neues Passwort für Karl Böing</h1>" in body
    assert "Passwort wiederholen" in body
    assert "Mindestens 12 Zeichen" in body


def test_admin_sets_password_and_old_sessions_end(cast, login):
    karls_browser = HttpClient()
    assert karls_browser.login(username="karl", password=PASSWORD)
    response = login(cast.admin).post(url(cast.karl.public_id), {"password1": NEW, "password2": NEW})
    assert response.status_code == 302
    assert response["Location"] == reverse("organisation:user-update",
                                           kwargs={"user_id": cast.karl.public_id})
    assert karls_browser.get(reverse("dashboards:home")).status_code == 302
    assert not HttpClient().login(username="karl", password=PASSWORD)
    assert HttpClient().login(username="karl", password=NEW)
    assert AuditEvent.objects.filter(actor=cast.admin, object_id=str(cast.karl.pk),
                                     reason__startswith="password set").exists()


def test_weak_password_is_refused(cast, login):
    same_as_email = "karl@example.org"
    response = login(cast.admin).post(url(cast.karl.public_id),
                                      {"password1": same_as_email, "password2": same_as_email})
    assert response.status_code == 200
    body = response.content.decode()
    assert "zu ähnlich" in body
    assert 'value="karl@example.org"' not in body
    assert HttpClient().login(username="karl", password=PASSWORD)


def test_mismatch_is_refused(cast, login):
    body = login(cast.admin).post(url(cast.karl.public_id),
                                  {"password1": NEW, "password2": NEW + "!"}).content.decode()
    assert "stimmen nicht überein" in body


def test_own_password_is_not_set_here(cast, login):
    body = login(cast.admin).post(url(cast.admin.public_id), {"password1": NEW, "password2": NEW}
                                  ).content.decode()
    assert "Ihr eigenes Passwort können Sie hier nicht ändern." in body
    cast.admin.refresh_from_db()
    assert cast.admin.check_password(PASSWORD)


@pytest.mark.parametrize("name", NON_ADMIN_STAFF)
def test_non_admin_staff_get_404(cast, login, name):
    client = login(getattr(cast, name))
    assert client.get(url(cast.petra.public_id)).status_code == 404
    assert client.post(url(cast.petra.public_id), {"password1": NEW, "password2": NEW}
                       ).status_code == 404
    assert HttpClient().login(username="petra", password=PASSWORD)


def test_admin_of_other_job_centre_gets_404(cast, login, other_admin):
    assert login(other_admin).get(url(cast.karl.public_id)).status_code == 404


def test_portal_account_gets_404(cast, login, participant_account):
    assert login(cast.admin).get(url(participant_account.public_id)).status_code == 404


def test_unknown_id_gets_404(cast, login):
    assert login(cast.admin).get(url(uuid.uuid4())).status_code == 404


def test_put_gets_405(cast, login):
    assert login(cast.admin).put(url(cast.karl.public_id)).status_code == 405


def test_anonymous_is_sent_to_login(cast, client):
    response = client.post(url(cast.karl.public_id), {"password1": NEW, "password2": NEW})
    assert response["Location"].startswith(reverse("login"))
