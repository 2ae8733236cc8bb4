import uuid

import pytest
from django.urls import reverse

from neue_wege.organisation.models import Location
from neue_wege.organisation.tests.conftest import NON_ADMIN_STAFF

pytestmark = pytest.mark.django_db


def url(location_id):
    return reverse("organisation:location-reactivate", kwargs={"location_id": location_id})


@pytest.fixture
def closed(cast):
    Location.objects.filter(pk=cast.location.pk).update(is_active=False)
    return cast.location


def test_admin_reactivates_location(cast, login, closed):
    body = login(cast.admin).post(url(closed.pk), follow=True).content.decode()
    assert "ist wieder aktiv" in body
    closed.refresh_from_db()
    assert closed.is_active


def test_active_location_says_already_active(cast, login):
    body = login(cast.admin).post(url(cast.location.pk), follow=True).content.decode()
    assert "bereits aktiv" in body


@pytest.mark.parametrize("name", NON_ADMIN_STAFF)
def test_non_admin_staff_get_404(cast, login, closed, name):
    assert login(getattr(cast, name)).post(url(closed.pk)).status_code == 404
    closed.refresh_from_db()
    assert not closed.is_active


def test_admin_of_other_job_centre_gets_404(cast, login, other_admin, closed):
    assert login(other_admin).post(url(closed.pk)).status_code == 404


def test_random_id_gets_404(cast, login):
    assert login(cast.admin).post(url(uuid.uuid4())).status_code == 404


def test_get_gets_405(cast, login, closed):
    assert login(cast.admin).get(url(closed.pk)).status_code == 405
