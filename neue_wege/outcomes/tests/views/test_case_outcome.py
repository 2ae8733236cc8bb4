import datetime as dt

import pytest
from django.urls import reverse

from neue_wege.outcomes.models import FollowUp
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def url(enrollment_id):
    return reverse("outcomes:case-outcome", args=[enrollment_id])


def test_running_seat_shows_the_plan_and_no_form(cast, login):
    response = login(cast.karl).get(url(cast.nina_enrollment.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Verbleib: Nina Kemper" in html and "Die Teilnahme läuft noch" in html
    assert "nach 6 Monaten" in html and "Verbleib speichern" not in html
    assert AuditEvent.objects.filter(action="view", object_type="clients.Enrollment",
                                     client_id=cast.nina.pk, actor=cast.karl).exists()


def test_post_on_running_seat_changes_nothing(cast, login):
    response = login(cast.karl).post(url(cast.nina_enrollment.pk), {"destination": "none"})
    assert response.status_code == 302 and not FollowUp.objects.exists()


def test_case_manager_records_destination_and_follow_ups_appear(cast, login, nina_outcome,
                                                                 past_run):
    client = login(cast.karl)
    html = client.get(url(cast.nina_enrollment.pk)).content.decode()
    assert "abgeschlossen" in html and "Verbleib speichern" in html
    started = (past_run.ends_on + dt.timedelta(days=14)).isoformat()
    response = client.post(url(cast.nina_enrollment.pk), {
        "destination": "training", "destination_started_on": started, "benefit_exit_on": ""})
    assert response.status_code == 302
    nina_outcome.refresh_from_db()
    assert nina_outcome.destination == "training" and nina_outcome.recorded_by == cast.karl
    assert FollowUp.objects.filter(outcome=nina_outcome).count() == 2
    html = client.get(url(cast.nina_enrollment.pk)).content.decode()
    assert "Nachbefragung nach 6 Monaten erfassen" in html


def test_invalid_destination_keeps_values(cast, login, nina_outcome):
    response = login(cast.karl).post(url(cast.nina_enrollment.pk), {
        "destination": "employment", "destination_started_on": "", "benefit_exit_on":
        "2026-01-05"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte geben Sie an, wann die Beschäftigung oder Maßnahme begann." in html
    assert 'value="2026-01-05"' in html and not FollowUp.objects.exists()


@pytest.mark.parametrize("name", ["fatma", "jonas", "petra", "maria", "admin", "olga"])
def test_others_get_404(cast, login, name, nina_outcome):
    client = login(getattr(cast, name))
    assert client.get(url(cast.nina_enrollment.pk)).status_code == 404
    assert client.post(url(cast.nina_enrollment.pk), {"destination": "none"}).status_code == 404
    nina_outcome.refresh_from_db()
    assert nina_outcome.destination == ""


def test_participant_and_random_id_get_404(cast, login):
    assert login(cast.nina_user).get(url(cast.nina_enrollment.pk)).status_code == 404
    assert login(cast.karl).get(url("6f1b8a4e-0000-4000-8000-000000000000")).status_code == 404
    assert login(cast.karl).get(url(cast.sven_enrollment.pk)).status_code == 404


def test_withdrawn_seat_gets_a_destination_form_and_no_follow_ups(cast, login):
    """Issue 11, point 4: a withdrawn seat has an outcome; what came after can be recorded."""
    from django.utils import timezone

    from neue_wege.clients.services import referral_withdraw
    from neue_wege.outcomes.models import LabourMarketEvent

    referral_withdraw(actor=cast.karl, referral=cast.nina_enrollment.referral,
                      reason="Umzug nach Münster")
    client = login(cast.karl)
    html = client.get(url(cast.nina_enrollment.pk)).content.decode()
    assert "abgemeldet" in html and "Verbleib speichern" in html
    assert "Nachbefragungen werden dafür nicht geplant" in html
    response = client.post(url(cast.nina_enrollment.pk), {
        "destination": "employment",
        "destination_started_on": timezone.localdate().isoformat()}, follow=True)
    assert "Der Verbleib ist gespeichert." in response.content.decode()
    assert "Die Nachbefragungen sind geplant" not in response.content.decode()
    assert not FollowUp.objects.exists()
    assert LabourMarketEvent.objects.filter(client=cast.nina, destination="employment").exists()
