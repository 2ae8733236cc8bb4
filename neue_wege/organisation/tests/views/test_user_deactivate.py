import uuid

import pytest
from django.contrib.sessions.models import Session
from django.test import Client as HttpClient
from django.urls import reverse

from neue_wege.organisation.tests.conftest import NON_ADMIN_STAFF
from neue_wege.privacy.models import AuditEvent
from neue_wege.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db


def url(user_id):
    return reverse("organisation:user-deactivate", kwargs={"user_id": user_id})


def test_deactivated_account_is_logged_out_and_cannot_log_in(cast, login):
    karls_browser = HttpClient()
    assert karls_browser.login(username="karl", password=PASSWORD)
    petras_browser = HttpClient()
    assert petras_browser.login(username="petra", password=PASSWORD)
    assert Session.objects.count() == 2

    response = login(cast.admin).post(url(cast.karl.public_id))
    assert response.status_code == 302
    assert response["Location"] == reverse("organisation:user-update",
                                           kwargs={"user_id": cast.karl.public_id})
    cast.karl.refresh_from_db()
    assert not cast.karl.is_active
    # Karl's session row is deleted; Petra's and the admin's remain.
    logged_in = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert str(cast.karl.pk) not in logged_in
    assert sorted(logged_in) == sorted([str(cast.petra.pk), str(cast.admin.pk)])
    home = reverse("dashboards:home")
    assert karls_browser.get(home).status_code == 302
    assert petras_browser.get(home).status_code == 200
    assert not HttpClient().login(username="karl", password=PASSWORD)
    assert AuditEvent.objects.filter(actor=cast.admin, action="change",
                                     object_id=str(cast.karl.pk),
                                     reason__startswith="deactivated").exists()
    page = login(cast.admin).get(response["Location"]).content.decode()
    assert "ist deaktiviert" in page


def test_admin_cannot_deactivate_themself(cast, login):
    client = login(cast.admin)
    response = client.post(url(cast.admin.public_id), follow=True)
    assert "Sie können Ihr eigenes Konto nicht deaktivieren." in response.content.decode()
    cast.admin.refresh_from_db()
    assert cast.admin.is_active


def test_deactivating_twice_says_so(cast, login):
    client = login(cast.admin)
    client.post(url(cast.karl.public_id))
    response = client.post(url(cast.karl.public_id), follow=True)
    assert "bereits deaktiviert" in response.content.decode()


@pytest.mark.parametrize("name", NON_ADMIN_STAFF)
def test_non_admin_staff_get_404(cast, login, name):
    assert login(getattr(cast, name)).post(url(cast.petra.public_id)).status_code == 404
    cast.petra.refresh_from_db()
    assert cast.petra.is_active


def test_admin_of_other_job_centre_gets_404(cast, login, other_admin):
    assert login(other_admin).post(url(cast.karl.public_id)).status_code == 404
    cast.karl.refresh_from_db()
    assert cast.karl.is_active


def test_unknown_id_gets_404(cast, login):
    assert login(cast.admin).post(url(uuid.uuid4())).status_code == 404


def test_get_gets_405(cast, login):
    assert login(cast.admin).get(url(cast.karl.public_id)).status_code == 405
    cast.karl.refresh_from_db()
    assert cast.karl.is_active


def test_anonymous_is_sent_to_login(cast, client):
    response = client.post(url(cast.karl.public_id))
    assert response["Location"].startswith(reverse("login"))
    cast.karl.refresh_from_db()
    assert cast.karl.is_active
