"""strengths:catalogue-history — every version with what changed."""

import pytest
from django.urls import reverse

from neue_wege.strengths.services.catalogue_edit import strength_add, strength_change
from neue_wege.strengths.tests.views.catalogue_helpers import planned_version
from neue_wege.testing.assertions import assert_max_queries

pytestmark = pytest.mark.django_db
URL = "/staerkenkatalog/versionen/"


def test_url():
    assert reverse("strengths:catalogue-history") == URL


def test_shows_versions_and_changes(cast, login):
    version = planned_version(cast)
    strength_add(actor=cast.fatma, catalogue=version, label="Pflegekompetenz",
                 description="Sie pflegen gut.", group="activity")
    strength_change(actor=cast.fatma, strength=version.strengths.get(key="mut"),
                    label="Tapferkeit")
    text = login(cast.maria).get(URL).content.decode()
    assert "Version 2, gültig ab" in text and "Version 1, gültig ab" in text
    assert "geplant" in text and "gilt heute" in text
    assert "Neu:</strong> Pflegekompetenz" in text
    assert "Geändert:</strong> Mut → Tapferkeit" in text
    assert "Pflege-Karten ergänzen" in text


def test_olga_sees_only_her_job_centre(cast, login):
    planned_version(cast)
    text = login(cast.olga).get(URL).content.decode()
    assert "Version 1, gültig ab" in text and "Version 2" not in text


def test_queries_are_bounded(cast, login):
    planned_version(cast)
    http = login(cast.fatma)
    with assert_max_queries(9):  # +1: the unread count of the staff inbox in the header
        response = http.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Version 2, gültig ab" in text and "Version 1, gültig ab" in text


def test_personas(cast, check_personas):
    check_personas(URL, {name: 200 for name in ("fatma", "jonas", "karl", "petra", "maria",
                                                 "admin", "olga")})


def test_post_not_allowed(cast, login):
    assert login(cast.fatma).post(URL).status_code == 405
