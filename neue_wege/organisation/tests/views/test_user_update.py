import uuid

import pytest
from django.urls import reverse

from neue_wege.organisation.models import User
from neue_wege.organisation.tests.conftest import NON_ADMIN_STAFF
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def url(user_id):
    return reverse("organisation:user-update", kwargs={"user_id": user_id})


def form_data(cast, **changes):
    data = {"first_name": "Karl", "last_name": "Böing-Terwey", "email": "kb@example.org",
            "role": "facilitator", "home_location": str(cast.location.pk)}
    data.update(changes)
    return data


def test_page_shows_account_in_german(cast, login):
    response = login(cast.admin).get(url(cast.karl.public_id))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Benutzerkonto von Karl Böing</h1>" in body
    assert "Konto deaktivieren" in body
    assert 'value="Böing"' in body
    assert AuditEvent.objects.filter(actor=cast.admin, action="view",
                                     object_id=str(cast.karl.pk)).exists()


def test_admin_changes_role_names_and_location(cast, login):
    response = login(cast.admin).post(url(cast.karl.public_id), form_data(cast))
    assert response.status_code == 302
    cast.karl.refresh_from_db()
    assert cast.karl.last_name == "Böing-Terwey"
    assert cast.karl.role == User.Role.FACILITATOR
    assert cast.karl.home_location == cast.location
    assert cast.karl.email == "kb@example.org"
    assert AuditEvent.objects.filter(actor=cast.admin, action="change",
                                     object_id=str(cast.karl.pk)).exists()
    page = login(cast.admin).get(response["Location"]).content.decode()
    assert "Die Änderungen sind gespeichert." in page


@pytest.mark.parametrize("name", NON_ADMIN_STAFF)
def test_non_admin_staff_get_404(cast, login, name):
    client = login(getattr(cast, name))
    assert client.get(url(cast.karl.public_id)).status_code == 404
    assert client.post(url(cast.karl.public_id), form_data(cast)).status_code == 404
    cast.karl.refresh_from_db()
    assert cast.karl.role == User.Role.CASE_MANAGER


def test_admin_of_other_job_centre_gets_404(cast, login, other_admin):
    assert login(other_admin).get(url(cast.karl.public_id)).status_code == 404


def test_admin_cannot_open_other_job_centre_accounts(cast, login):
    assert login(cast.admin).get(url(cast.olga.public_id)).status_code == 404


def test_portal_accounts_are_not_managed_here(cast, login, participant_account):
    assert login(cast.admin).get(url(participant_account.public_id)).status_code == 404


@pytest.mark.parametrize("bad_id", [uuid.uuid4(), "00000000-0000-0000-0000-000000000000"])
def test_unknown_id_gets_404(cast, login, bad_id):
    assert login(cast.admin).get(url(bad_id)).status_code == 404


def test_uuid_instead_of_number_gets_404(cast, login):
    path = reverse("organisation:user-list") + f"{uuid.uuid4()}/"
    assert login(cast.admin).get(path).status_code == 404


def test_delete_gets_405(cast, login):
    assert login(cast.admin).delete(url(cast.karl.public_id)).status_code == 405


def test_invalid_input_keeps_what_was_typed(cast, login):
    data = form_data(cast, first_name="", email="kein-mail")
    response = login(cast.admin).post(url(cast.karl.public_id), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in body
    assert "gültige E-Mail-Adresse" in body
    assert 'value="Böing-Terwey"' in body and 'value="kein-mail"' in body
    cast.karl.refresh_from_db()
    assert cast.karl.last_name == "Böing"


def test_admin_cannot_change_own_role(cast, login):
    data = {"first_name": "Anna", "last_name": "Admin", "email": "", "role": "management",
            "home_location": ""}
    body = login(cast.admin).post(url(cast.admin.public_id), data).content.decode()
    assert "Sie können Ihre eigene Rolle nicht ändern." in body
    cast.admin.refresh_from_db()
    assert cast.admin.role == User.Role.ADMINISTRATOR


def test_own_page_offers_no_deactivation(cast, login):
    body = login(cast.admin).get(url(cast.admin.public_id)).content.decode()
    assert "Ihr eigenes Konto können Sie nicht deaktivieren." in body
    assert "Konto deaktivieren</span>" not in body


def test_inactive_account_offers_reactivation(cast, login):
    User.objects.filter(pk=cast.jonas.pk).update(is_active=False)
    body = login(cast.admin).get(url(cast.jonas.public_id)).content.decode()
    assert "Konto wieder aktivieren" in body
    assert "deaktiviert – kann sich nicht anmelden" in body
