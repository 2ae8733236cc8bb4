import uuid

import pytest
from django.urls import reverse

from neue_wege.privacy.models import AuditEvent
from neue_wege.programmes.models import Attendance

pytestmark = pytest.mark.django_db


def url(run_id):
    return reverse("programmes:run-detail", args=[run_id])


def test_catalogue_for_staff_without_roster(cast, login):
    response = login(cast.karl).get(url(cast.run_a.pk))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Angaben zum Durchlauf" in text and "Stärken entdecken" in text
    assert "10 Plätze, davon 8 frei; 0 auf der Warteliste" in text
    assert "Alter 25 bis 60 Jahre" in text and "Standort des Jobcenters" in text
    assert "Fatma Yılmaz" in text
    # no roster, no sessions for someone who does not lead the run
    assert "Nina" not in text and "Termine planen" not in text
    assert "Anwesenheitsquoten" not in text


def test_facilitator_sees_sessions_rates_and_referral_link(cast, login, session_a):
    Attendance.objects.create(session=session_a, enrollment=cast.nina_enrollment,
                              status="present")
    Attendance.objects.create(session=session_a, enrollment=cast.ali_enrollment,
                              status="absent")
    text = login(cast.fatma).get(url(cast.run_a.pk)).content.decode()
    assert "Termine planen" in text and "Erste Geschichten" in text
    assert reverse("programmes:session-attendance", args=[session_a.pk]) in text
    assert reverse("clients:run-referrals", args=[cast.run_a.pk]) in text
    assert reverse("programmes:run-calendar", args=[cast.run_a.pk]) in text
    assert "Nina Kemper" in text and "Ali Demir" in text
    assert "Durchlauf insgesamt: 50 % (1 von 2 erfassten Anwesenheiten)" in text


def test_roster_read_is_audited(cast, login):
    login(cast.fatma).get(url(cast.run_a.pk))
    assert AuditEvent.objects.filter(actor=cast.fatma, action="view",
                                     client_id=cast.nina.pk).exists()


def test_catalogue_read_writes_no_client_audit(cast, login):
    login(cast.maria).get(url(cast.run_a.pk))
    assert not AuditEvent.objects.filter(actor=cast.maria, client_id__isnull=False).exists()


def test_personas(cast, check_personas):
    check_personas(url(cast.run_a.pk), {"fatma": 200, "jonas": 200, "karl": 200, "maria": 200,
                                        "admin": 200, "olga": 404})


def test_random_uuid_404(cast, login):
    assert login(cast.fatma).get(url(uuid.uuid4())).status_code == 404


def test_post_not_allowed(cast, login):
    assert login(cast.fatma).post(url(cast.run_a.pk)).status_code == 405
