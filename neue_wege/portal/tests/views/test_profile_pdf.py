"""portal:profile-pdf — the participant chooses what goes into the PDF."""

from __future__ import annotations

import pytest
from django.urls import reverse

from neue_wege.privacy.models import AuditEvent
from neue_wege.strengths.tests.views.profile_data import QUOTE, build_profile_data
from neue_wege.testing.assertions import pdf_text as read_pdf_text

pytestmark = pytest.mark.django_db
URL = "/portal/staerken/pdf/"


@pytest.fixture
def data(cast):
    return build_profile_data(cast)


def pdf_text(pdf: bytes) -> str:
    """The PDF's words on one line (line breaks of the layout do not matter here)."""
    return " ".join(read_pdf_text(pdf, layout=False).split())


def test_url():
    assert reverse("portal:profile-pdf") == URL


def test_form_lists_own_strengths(cast, login, data):
    response = login(cast.nina_user).get(URL)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Welche Stärken sollen in das PDF?" in text
    assert "Durchhaltevermögen" in text and "Teamfähigkeit" in text
    assert "Stellen aus meinen Geschichten zeigen" in text
    assert "Humor" not in text  # Ali's strength


def test_pdf_has_only_chosen_strengths(cast, login, data):
    response = login(cast.nina_user).post(URL, {"strengths": ["durchhaltevermoegen"],
                                                "include_passages": "on"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = pdf_text(response.content)
    assert "Durchhaltevermögen" in text and QUOTE in text
    assert "Nina Kemper" in text
    for other in ("Zuverlässigkeit", "Teamfähigkeit", "Kommunikationsfähigkeit"):
        assert other not in text
    assert "aus der Gruppe genannt" not in text  # counts not chosen
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.actor == cast.nina_user and event.client_id == cast.nina.pk


def test_nothing_chosen_gives_german_error_and_keeps_ticks(cast, login, data):
    response = login(cast.nina_user).post(URL, {"include_peer_counts": "on"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Bitte wählen Sie mindestens eine Stärke aus." in text
    assert 'id="id_include_peer_counts" checked' in text
    assert 'id="id_include_passages" checked' not in text
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_someone_elses_strength_is_not_a_choice(cast, login, data):
    response = login(cast.nina_user).post(URL, {"strengths": ["humor"]})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "humor ist keine gültige Auswahl." in response.content.decode()


def test_ali_cannot_get_ninas_strengths(cast, login, data):
    response = login(cast.ali_user).post(URL, {"strengths": ["durchhaltevermoegen"]})
    assert response["Content-Type"].startswith("text/html")
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_empty_profile_has_no_form(cast, login):
    text = login(cast.sven_user).get(URL).content.decode()
    assert "Darum gibt es noch kein PDF." in text and "<form method=\"post\" novalidate" not in text


@pytest.mark.parametrize("name", ["fatma", "jonas", "karl", "maria", "admin", "olga"])
def test_staff_get_404(cast, login, name):
    assert login(getattr(cast, name)).get(URL).status_code == 404


def test_put_not_allowed(cast, login):
    assert login(cast.nina_user).put(URL).status_code == 405
