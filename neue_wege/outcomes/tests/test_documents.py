"""Sign-in sheet, certificate of participation, confirmation for the file (issue 15)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from neue_wege.clients.models import Enrollment
from neue_wege.outcomes.documents import seat_facts
from neue_wege.privacy.consents import consent_give
from neue_wege.privacy.models import AuditEvent, Consent
from neue_wege.programmes.models import Session
from neue_wege.programmes.services import attendance_record
from neue_wege.testing.assertions import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def attended(cast, method):  # noqa: ANN001
    cast.version.methods.add(method)
    Enrollment.objects.filter(run=cast.run_a).update(started_on=cast.run_a.starts_on)
    start = timezone.now() - dt.timedelta(days=3)
    first = Session.objects.create(run=cast.run_a, starts_at=start,
                                   ends_at=start + dt.timedelta(hours=2), topic="Start")
    second = Session.objects.create(run=cast.run_a, starts_at=start + dt.timedelta(days=1),
                                    ends_at=start + dt.timedelta(days=1, hours=2))
    nina = cast.nina_enrollment
    attendance_record(actor=cast.fatma, session=first, statuses={nina.pk: "present"},
                      note="Geheime Notiz zur Sitzung")
    attendance_record(actor=cast.fatma, session=second, statuses={nina.pk: "absent"}, note="")
    return first, second


@pytest.fixture
def method(cast):  # noqa: ANN001
    from neue_wege.programmes.models import Method

    return Method.objects.create(job_centre=cast.job_centre, name="Erfolgsgeschichte schreiben",
                                 purpose="Teilnehmende schreiben über einen gelungenen Moment.",
                                 duration_minutes=45, instructions="…")


def test_sign_in_sheet_shows_names_as_participants_allow(cast, attended, login):
    first, _second = attended
    consent_give(actor=cast.nina_user, client=cast.nina, purpose=Consent.Purpose.SHOW_NAME,
                 obj=cast.nina_enrollment, wording="Mein Name darf erscheinen.")
    response = login(cast.fatma).get(reverse("programmes:session-sign-in-sheet",
                                             args=[first.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Unterschriftenliste" in text and "Unterschrift" in text
    assert "Nina Kemper" in text       # agreed to show her name
    assert "Ali D." in text and "Demir" not in text
    assert AuditEvent.objects.filter(action="export", object_id=str(first.pk)).exists()


def test_certificate_lists_dates_attended_and_methods(cast, attended, login):
    first, _second = attended
    response = login(cast.fatma).get(reverse("outcomes:enrollment-certificate",
                                             args=[cast.nina_enrollment.pk]))
    text = pdf_text(response.content)
    assert "Teilnahmebescheinigung" in text and "Nina Kemper" in text
    assert timezone.localtime(first.starts_at).strftime("%d.%m.%Y") in text
    assert "Erfolgsgeschichte schreiben" in text
    assert "Geheime Notiz" not in text
    roster = login(cast.fatma).get(reverse("clients:run-referrals", args=[cast.run_a.pk]))
    assert reverse("outcomes:enrollment-certificate",
                   args=[cast.nina_enrollment.pk]) in roster.content.decode()
    assert login(cast.karl).get(reverse("outcomes:enrollment-certificate",
                                        args=[cast.nina_enrollment.pk])).status_code == 404


def test_confirmation_for_the_file_has_attendance_facts_only(cast, attended, login):
    response = login(cast.karl).get(reverse("outcomes:enrollment-confirmation",
                                            args=[cast.nina_enrollment.pk]))
    text = " ".join(pdf_text(response.content, layout=False).split())
    assert "Teilnahmebestätigung für die Akte" in text and "BOR-0001" in text
    assert "unentschuldigt gefehlt" in text
    facts = seat_facts(cast.nina_enrollment)
    assert (len(facts.attended), facts.excused, facts.absent) == (1, 0, 1)
    assert "Geheime Notiz" not in text
    record = login(cast.karl).get(reverse("clients:client-detail", args=[cast.nina.pk]))
    assert reverse("outcomes:enrollment-confirmation",
                   args=[cast.nina_enrollment.pk]) in record.content.decode()
    assert login(cast.petra).get(reverse("outcomes:enrollment-confirmation",
                                         args=[cast.nina_enrollment.pk])).status_code == 404
