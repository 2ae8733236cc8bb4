"""strengths:strength-create — add a strength to a planned version."""

import uuid

import pytest
from django.urls import reverse

from neue_wege.strengths.services.catalogue import current_catalogue
from neue_wege.strengths.tests.views.catalogue_helpers import planned_version

pytestmark = pytest.mark.django_db


def url(catalogue_id):
    return reverse("strengths:strength-create", args=[catalogue_id])


def values(**extra):
    data = {"label": "Pflegekompetenz", "group": "activity",
            "description": "Sie kümmern sich gut um andere.", "ba_profile": "",
            "indicators": "pflegen\nOma versorgen ; Gewicht 0,6\nauf|geben ; verneint"}
    data.update(extra)
    return data


def test_add_strength(cast, login):
    version = planned_version(cast)
    response = login(cast.fatma).post(url(version.pk), values())
    assert response.status_code == 302
    added = version.strengths.get(key="pflegekompetenz")
    assert added.indicators == ["pflegen", {"text": "Oma versorgen", "weight": 0.6},
                                {"text": "auf|geben", "polarity": "negated"}]
    assert added.group == "activity"


def test_bad_indicator_line_keeps_input(cast, login):
    version = planned_version(cast)
    response = login(cast.fatma).post(url(version.pk), values(indicators="gut ; sehr"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Zeile 1" in text and "Pflegekompetenz" in text
    assert not version.strengths.filter(key="pflegekompetenz").exists()


def test_duplicate_label_in_german(cast, login):
    version = planned_version(cast)
    text = login(cast.fatma).post(url(version.pk), values(label="Mut")).content.decode()
    assert "gibt es in dieser Version schon" in text


def test_version_in_force_shows_no_form(cast, login):
    current = current_catalogue(cast.job_centre)
    text = login(cast.fatma).get(url(current.pk)).content.decode()
    assert "gilt schon und wird nicht mehr geändert" in text and "<textarea" not in text
    response = login(cast.fatma).post(url(current.pk), values())
    assert "wird nicht mehr geändert" in response.content.decode()
    assert not current.strengths.filter(key="pflegekompetenz").exists()


def test_personas(cast, check_personas):
    version = planned_version(cast)
    check_personas(url(version.pk), {"fatma": 200, "jonas": 200, "admin": 200,
                                     "karl": 403, "petra": 403, "maria": 403})


def test_random_uuid_404(cast, login):
    assert login(cast.fatma).get(url(uuid.uuid4())).status_code == 404


def test_delete_not_allowed(cast, login):
    assert login(cast.fatma).delete(url(planned_version(cast).pk)).status_code == 405
