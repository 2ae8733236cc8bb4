import uuid

import pytest
from django.urls import reverse

from neue_wege.organisation.models import Location
from neue_wege.organisation.tests.conftest import NON_ADMIN_STAFF
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def url(location_id):
    return reverse("organisation:location-update", kwargs={"location_id": location_id})


def form_data(cast, **changes):
    data = {"name": "Bocholt Europaplatz", "kind": "office",
            "municipality": str(cast.bocholt.pk), "address": "Europaplatz 19, 46399 Bocholt"}
    data.update(changes)
    return data


def test_page_in_german(cast, login):
    response = login(cast.admin).get(url(cast.location.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Standort Bocholt</h1>" in body
    assert 'value="Europaplatz 17, 46399 Bocholt"' in body
    assert "Standort deaktivieren" in body


def test_admin_changes_location(cast, login):
    response = login(cast.admin).post(url(cast.location.pk), form_data(cast))
    assert response.status_code == 302
    cast.location.refresh_from_db()
    assert cast.location.name == "Bocholt Europaplatz"
    assert cast.location.address == "Europaplatz 19, 46399 Bocholt"
    assert AuditEvent.objects.filter(actor=cast.admin, action="change",
                                     object_id=str(cast.location.pk)).exists()


@pytest.mark.parametrize("name", NON_ADMIN_STAFF)
def test_non_admin_staff_get_404(cast, login, name):
    client = login(getattr(cast, name))
    assert client.get(url(cast.location.pk)).status_code == 404
    assert client.post(url(cast.location.pk), form_data(cast)).status_code == 404
    cast.location.refresh_from_db()
    assert cast.location.name == "Bocholt"


def test_admin_of_other_job_centre_gets_404(cast, login, other_admin):
    assert login(other_admin).get(url(cast.location.pk)).status_code == 404


def test_random_id_gets_404(cast, login):
    assert login(cast.admin).get(url(uuid.uuid4())).status_code == 404


def test_delete_gets_405(cast, login):
    assert login(cast.admin).delete(url(cast.location.pk)).status_code == 405


def test_invalid_input_keeps_what_was_typed(cast, login):
    Location.objects.create(job_centre=cast.job_centre, name="Gronau", municipality=cast.gronau)
    response = login(cast.admin).post(url(cast.location.pk),
                                      form_data(cast, name="Gronau", address="Neue Adresse 1"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Einen Standort mit diesem Namen gibt es schon." in body
    assert 'value="Neue Adresse 1"' in body
    cast.location.refresh_from_db()
    assert cast.location.name == "Bocholt"


def test_keeping_the_own_name_is_fine(cast, login):
    response = login(cast.admin).post(url(cast.location.pk), form_data(cast, name="Bocholt"))
    assert response.status_code == 302
