"""strengths:catalogue-detail — the catalogue in force, by group."""

import pytest
from django.urls import reverse

from neue_wege.strengths.tests.views.catalogue_helpers import planned_version

pytestmark = pytest.mark.django_db
URL = "/staerkenkatalog/"


def test_url():
    assert reverse("strengths:catalogue-detail") == URL


def test_lists_current_catalogue_by_group(cast, login):
    response = login(cast.fatma).get(URL)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Stärkenkatalog" in text and "Gültige Fassung: Version 1" in text
    for group in ("Persönliche Stärken", "Soziale Stärken", "Methodische Stärken",
                  "Tätigkeitsbezogene Stärken"):
        assert group in text
    assert "Sie halten, was Sie zusagen." in text
    assert "zuverlässig handeln" in text  # ESCO label
    assert "Neue Version anlegen" in text


def test_planned_version_is_linked_instead_of_new(cast, login):
    planned = planned_version(cast)
    text = login(cast.admin).get(URL).content.decode()
    assert reverse("strengths:catalogue-version-detail", args=[planned.pk]) in text
    assert "Neue Version anlegen" not in text


def test_read_only_staff_see_no_create_button(cast, login):
    text = login(cast.karl).get(URL).content.decode()
    assert "Zuverlässigkeit" in text and "Neue Version anlegen" not in text


def test_personas(cast, check_personas):
    check_personas(URL, {name: 200 for name in ("fatma", "jonas", "karl", "petra", "maria",
                                                 "admin", "olga")})


def test_post_not_allowed(cast, login):
    assert login(cast.fatma).post(URL).status_code == 405
