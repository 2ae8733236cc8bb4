import uuid

import pytest
from django.urls import reverse

from neue_wege.organisation.tests.conftest import NON_ADMIN_STAFF
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def url(location_id):
    return reverse("organisation:location-deactivate", kwargs={"location_id": location_id})


def test_admin_deactivates_location(cast, login):
    response = login(cast.admin).post(url(cast.location.pk), follow=True)
    body = response.content.decode()
    assert "ist deaktiviert" in body
    assert "Standort wieder aktivieren" in body
    cast.location.refresh_from_db()
    assert not cast.location.is_active
    assert AuditEvent.objects.filter(actor=cast.admin, reason="deactivated",
                                     object_id=str(cast.location.pk)).exists()


def test_twice_says_already(cast, login):
    client = login(cast.admin)
    client.post(url(cast.location.pk))
    assert "bereits deaktiviert" in client.post(url(cast.location.pk),
                                                follow=True).content.decode()


@pytest.mark.parametrize("name", NON_ADMIN_STAFF)
def test_non_admin_staff_get_404(cast, login, name):
    assert login(getattr(cast, name)).post(url(cast.location.pk)).status_code == 404
    cast.location.refresh_from_db()
    assert cast.location.is_active


def test_admin_of_other_job_centre_gets_404(cast, login, other_admin):
    assert login(other_admin).post(url(cast.location.pk)).status_code == 404


def test_random_id_gets_404(cast, login):
    assert login(cast.admin).post(url(uuid.uuid4())).status_code == 404


def test_get_gets_405(cast, login):
    assert login(cast.admin).get(url(cast.location.pk)).status_code == 405
