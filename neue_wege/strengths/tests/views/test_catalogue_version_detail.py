"""strengths:catalogue-version-detail — one version, editable until it is in force."""

import uuid

import pytest
from django.urls import reverse

from neue_wege.strengths.services.catalogue import current_catalogue
from neue_wege.strengths.services.catalogue_edit import strength_add
from neue_wege.strengths.tests.views.catalogue_helpers import planned_version

pytestmark = pytest.mark.django_db


def url(catalogue_id):
    return reverse("strengths:catalogue-version-detail", args=[catalogue_id])


def test_planned_version_has_edit_links(cast, login):
    version = planned_version(cast)
    strength_add(actor=cast.fatma, catalogue=version, label="Pflegekompetenz",
                 description="Sie pflegen gut.", group="activity")
    text = login(cast.fatma).get(url(version.pk)).content.decode()
    assert "Stärkenkatalog, Version 2" in text
    assert "kann bis dahin bearbeitet werden" in text
    assert "Neu:</strong> Pflegekompetenz" in text
    assert "Stärke hinzufügen" in text
    mut = version.strengths.get(key="mut")
    assert reverse("strengths:strength-update", args=[version.pk, mut.pk]) in text


def test_version_in_force_has_no_edit_links(cast, login):
    current = current_catalogue(cast.job_centre)
    text = login(cast.fatma).get(url(current.pk)).content.decode()
    assert "gilt schon und wird nicht mehr geändert" in text
    assert "Stärke hinzufügen" not in text and "Bearbeiten" not in text


def test_read_only_staff_see_no_edit_links(cast, login):
    version = planned_version(cast)
    text = login(cast.karl).get(url(version.pk)).content.decode()
    assert "Zuverlässigkeit" in text and "Stärke hinzufügen" not in text


def test_personas(cast, check_personas):
    version = planned_version(cast)
    check_personas(url(version.pk), {name: 200 for name in ("fatma", "jonas", "karl",
                                                             "petra", "maria", "admin")})


def test_random_uuid_404(cast, login):
    assert login(cast.fatma).get(url(uuid.uuid4())).status_code == 404


def test_post_not_allowed(cast, login):
    assert login(cast.fatma).post(url(current_catalogue(cast.job_centre).pk)
                                  ).status_code == 405
