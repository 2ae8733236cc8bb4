"""strengths:profile-export — a facilitator exports a profile only with consent."""

import uuid

import pytest
from django.urls import reverse

from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def url(run_id, enrollment_id):
    return reverse("strengths:profile-export", args=[run_id, enrollment_id])


def agree(login, cast):
    login(cast.nina_user).post(reverse("portal:profile-export-consent"), {"action": "give"})


def test_without_consent_refused_with_german_message(cast, login, data):
    response = login(cast.fatma).get(url(cast.run_a.pk, cast.nina_enrollment.pk))
    text = response.content.decode()
    assert response.status_code == 403
    assert "Export nicht möglich" in text and "nicht zugestimmt" in text
    assert "„Meine Stärken“" in text
    assert not AuditEvent.objects.filter(action="export").exists()


def test_with_consent_gives_pdf(cast, login, data):
    agree(login, cast)
    response = login(cast.fatma).get(url(cast.run_a.pk, cast.nina_enrollment.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="staerkenprofil-')
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export", actor=cast.fatma,
                                     client_id=cast.nina.pk).count() == 1


def test_withdrawn_consent_refuses_again(cast, login, data):
    agree(login, cast)
    login(cast.nina_user).post(reverse("portal:profile-export-consent"),
                               {"action": "withdraw"})
    assert login(cast.fatma).get(url(cast.run_a.pk, cast.nina_enrollment.pk)
                                 ).status_code == 403


def test_personas(cast, check_personas, data):
    check_personas(url(cast.run_a.pk, cast.nina_enrollment.pk), {"fatma": 403})
    # an enrollment of run B is not found through run A
    check_personas(url(cast.run_a.pk, cast.sven_enrollment.pk), {})


def test_personas_with_consent(cast, check_personas, client, data):
    client.force_login(cast.nina_user)
    client.post(reverse("portal:profile-export-consent"), {"action": "give"})
    check_personas(url(cast.run_a.pk, cast.nina_enrollment.pk), {"fatma": 200})


def test_random_uuid_404(cast, login, data):
    assert login(cast.fatma).get(url(cast.run_a.pk, uuid.uuid4())).status_code == 404


def test_post_not_allowed(cast, login, data):
    assert login(cast.fatma).post(url(cast.run_a.pk, cast.nina_enrollment.pk)
                                  ).status_code == 405
