import uuid

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from neue_wege.organisation.models import User
from neue_wege.organisation.tests.conftest import NON_ADMIN_STAFF
from neue_wege.privacy.models import AuditEvent
from neue_wege.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db


def url(user_id):
    return reverse("organisation:user-reactivate", kwargs={"user_id": user_id})


@pytest.fixture
def locked_jonas(cast):
    User.objects.filter(pk=cast.jonas.pk).update(is_active=False)
    return cast.jonas


def test_reactivated_account_can_log_in_again(cast, login, locked_jonas):
    assert not HttpClient().login(username="jonas", password=PASSWORD)
    response = login(cast.admin).post(url(locked_jonas.public_id), follow=True)
    assert "ist wieder aktiv" in response.content.decode()
    assert HttpClient().login(username="jonas", password=PASSWORD)
    assert AuditEvent.objects.filter(actor=cast.admin, reason="reactivated",
                                     object_id=str(locked_jonas.pk)).exists()


def test_active_account_says_already_active(cast, login):
    response = login(cast.admin).post(url(cast.karl.public_id), follow=True)
    assert "bereits aktiv" in response.content.decode()


@pytest.mark.parametrize("name", NON_ADMIN_STAFF)
def test_non_admin_staff_get_404(cast, login, locked_jonas, name):
    assert login(getattr(cast, name)).post(url(locked_jonas.public_id)).status_code == 404
    locked_jonas.refresh_from_db()
    assert not locked_jonas.is_active


def test_admin_of_other_job_centre_gets_404(cast, login, other_admin, locked_jonas):
    assert login(other_admin).post(url(locked_jonas.public_id)).status_code == 404


def test_unknown_id_gets_404(cast, login):
    assert login(cast.admin).post(url(uuid.uuid4())).status_code == 404


def test_get_gets_405(cast, login, locked_jonas):
    assert login(cast.admin).get(url(locked_jonas.public_id)).status_code == 405
