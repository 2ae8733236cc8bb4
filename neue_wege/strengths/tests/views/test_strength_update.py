"""strengths:strength-update — change a strength of a planned version."""

import uuid

import pytest
from django.urls import reverse

from neue_wege.strengths.services.catalogue import current_catalogue
from neue_wege.strengths.tests.views.catalogue_helpers import planned_version

pytestmark = pytest.mark.django_db


def url(catalogue_id, strength_id):
    return reverse("strengths:strength-update", args=[catalogue_id, strength_id])


def test_form_is_prefilled_with_indicator_lines(cast, login):
    version = planned_version(cast)
    fleiss = version.strengths.get(key="fleiss")
    text = login(cast.fatma).get(url(version.pk, fleiss.pk)).content.decode()
    assert "Stärke bearbeiten: Fleiß" in text
    assert "eifrig ; Gewicht 0,9" in text


def test_change_label_keeps_key_and_old_version(cast, login):
    version = planned_version(cast)
    mut = version.strengths.get(key="mut")
    data = {"label": "Tapferkeit", "group": "personal", "description": "Sie trauen sich.",
            "ba_profile": "", "indicators": "mutig\ntrauen"}
    response = login(cast.admin).post(url(version.pk, mut.pk), data)
    assert response.status_code == 302
    mut.refresh_from_db()
    assert (mut.label, mut.key, mut.indicators) == ("Tapferkeit", "mut", ["mutig", "trauen"])
    assert current_catalogue(cast.job_centre).strengths.get(key="mut").label == "Mut"


def test_unchanged_indicators_round_trip(cast, login):
    version = planned_version(cast)
    fleiss = version.strengths.get(key="fleiss")
    before = list(fleiss.indicators)
    http = login(cast.fatma)
    from neue_wege.strengths.forms import StrengthForm

    http.post(url(version.pk, fleiss.pk), StrengthForm.initial_from(fleiss))
    fleiss.refresh_from_db()
    assert fleiss.indicators == before


def test_empty_label_keeps_other_input(cast, login):
    version = planned_version(cast)
    mut = version.strengths.get(key="mut")
    response = login(cast.fatma).post(url(version.pk, mut.pk), {
        "label": "", "group": "personal", "description": "Neuer Text"})
    text = response.content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in text and "Neuer Text" in text


def test_version_in_force_is_not_edited(cast, login):
    current = current_catalogue(cast.job_centre)
    mut = current.strengths.get(key="mut")
    response = login(cast.fatma).post(url(current.pk, mut.pk), {
        "label": "Tapferkeit", "group": "personal", "description": "x"})
    assert "wird nicht mehr geändert" in response.content.decode()
    mut.refresh_from_db()
    assert mut.label == "Mut"


def test_personas(cast, check_personas):
    version = planned_version(cast)
    mut = version.strengths.get(key="mut")
    check_personas(url(version.pk, mut.pk), {"fatma": 200, "jonas": 200, "admin": 200,
                                             "karl": 403, "petra": 403, "maria": 403})


def test_strength_of_other_version_is_404(cast, login):
    version = planned_version(cast)
    old = current_catalogue(cast.job_centre).strengths.get(key="mut")
    assert login(cast.fatma).get(url(version.pk, old.pk)).status_code == 404
    assert login(cast.fatma).get(url(version.pk, uuid.uuid4())).status_code == 404


def test_delete_not_allowed(cast, login):
    version = planned_version(cast)
    mut = version.strengths.get(key="mut")
    assert login(cast.fatma).delete(url(version.pk, mut.pk)).status_code == 405
