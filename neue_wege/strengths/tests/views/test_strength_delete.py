"""strengths:strength-delete — remove a strength from a planned version."""

import uuid

import pytest
from django.urls import reverse

from neue_wege.strengths.services.catalogue import current_catalogue
from neue_wege.strengths.tests.views.catalogue_helpers import planned_version

pytestmark = pytest.mark.django_db


def url(catalogue_id, strength_id):
    return reverse("strengths:strength-delete", args=[catalogue_id, strength_id])


def test_remove_from_planned_version(cast, login):
    version = planned_version(cast)
    humor = version.strengths.get(key="humor")
    response = login(cast.fatma).post(url(version.pk, humor.pk), follow=True)
    assert "„Humor“ ist aus dieser Version entfernt." in response.content.decode()
    assert not version.strengths.filter(key="humor").exists()
    assert current_catalogue(cast.job_centre).strengths.filter(key="humor").exists()


def test_version_in_force_refuses_in_german(cast, login):
    current = current_catalogue(cast.job_centre)
    humor = current.strengths.get(key="humor")
    response = login(cast.fatma).post(url(current.pk, humor.pk), follow=True)
    assert "wird nicht mehr geändert" in response.content.decode()
    assert current.strengths.filter(key="humor").exists()


@pytest.mark.parametrize(("name", "status"), [
    ("karl", 403), ("petra", 403), ("maria", 403), ("olga", 404), ("nina_user", 404),
    ("ali_user", 404), ("fatma", 302), ("jonas", 302), ("admin", 302)])
def test_personas(cast, login, name, status):
    version = planned_version(cast)
    humor = version.strengths.get(key="humor")
    assert login(getattr(cast, name)).post(url(version.pk, humor.pk)).status_code == status
    assert version.strengths.filter(key="humor").exists() == (status != 302)


def test_random_uuid_404(cast, login):
    version = planned_version(cast)
    assert login(cast.fatma).post(url(version.pk, uuid.uuid4())).status_code == 404


def test_get_not_allowed(cast, login):
    version = planned_version(cast)
    humor = version.strengths.get(key="humor")
    assert login(cast.fatma).get(url(version.pk, humor.pk)).status_code == 405
