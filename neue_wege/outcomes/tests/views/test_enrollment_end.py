import pytest
from django.urls import reverse
from django.utils import timezone

from neue_wege.clients.models import Enrollment
from neue_wege.outcomes.models import Outcome
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def url(enrollment_id):
    return reverse("outcomes:enrollment-end", args=[enrollment_id])


def test_facilitator_sees_the_form_and_reading_is_logged(cast, login):
    response = login(cast.fatma).get(url(cast.nina_enrollment.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Teilnahme von Nina Kemper beenden" in html and "abgebrochen" in html
    assert "<legend" in html  # the radio group is a fieldset
    assert AuditEvent.objects.filter(action="view", object_type="clients.Enrollment",
                                     client_id=cast.nina.pk, actor=cast.fatma).exists()


def test_completing_redirects_to_the_roster(cast, login):
    today = timezone.localdate().isoformat()
    response = login(cast.fatma).post(url(cast.nina_enrollment.pk),
                                      {"ended_how": "completed", "ended_on": today})
    assert response.status_code == 302
    assert response.url == reverse("clients:run-referrals", args=[cast.run_a.pk])
    assert Enrollment.objects.get(pk=cast.nina_enrollment.pk).status == "completed"
    assert Outcome.objects.get(enrollment=cast.nina_enrollment).ended_how == "completed"


def test_dropout_without_reason_keeps_input_and_says_why(cast, login):
    today = timezone.localdate().isoformat()
    response = login(cast.fatma).post(url(cast.nina_enrollment.pk),
                                      {"ended_how": "dropped_out", "ended_on": today,
                                       "dropout_note": "Meine Notiz"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte geben Sie den Grund des Abbruchs an." in html and "Meine Notiz" in html
    assert not Outcome.objects.exists()


def test_future_date_is_refused(cast, login):
    response = login(cast.fatma).post(url(cast.nina_enrollment.pk),
                                      {"ended_how": "completed", "ended_on": "2099-01-01"})
    assert "nicht in der Zukunft" in response.content.decode()
    assert not Outcome.objects.exists()


@pytest.mark.parametrize("name", ["jonas", "karl", "petra", "maria", "admin", "olga"])
def test_others_get_404(cast, login, name):
    assert login(getattr(cast, name)).get(url(cast.nina_enrollment.pk)).status_code == 404
    today = timezone.localdate().isoformat()
    assert login(getattr(cast, name)).post(url(cast.nina_enrollment.pk), {
        "ended_how": "completed", "ended_on": today}).status_code == 404
    assert not Outcome.objects.exists()


def test_participant_gets_404(cast, login):
    assert login(cast.nina_user).get(url(cast.nina_enrollment.pk)).status_code == 404


def test_ended_seat_and_random_id_get_404(cast, login):
    today = timezone.localdate().isoformat()
    client = login(cast.fatma)
    client.post(url(cast.nina_enrollment.pk), {"ended_how": "completed", "ended_on": today})
    assert client.get(url(cast.nina_enrollment.pk)).status_code == 404
    assert client.get(url("6f1b8a4e-0000-4000-8000-000000000000")).status_code == 404


def test_put_is_not_allowed(cast, login):
    assert login(cast.fatma).put(url(cast.nina_enrollment.pk)).status_code == 405


def test_the_runs_last_day_is_proposed_for_a_finished_run(cast, login, past_run):
    html = login(cast.fatma).get(url(cast.nina_enrollment.pk)).content.decode()
    assert f'value="{past_run.ends_on.isoformat()}"' in html


def test_end_page_explains_where_a_mistaken_seat_is_withdrawn(cast, login):
    """Issue 11.18: the roster's inline "abmelden" box is gone; this page says where that is."""
    from django.urls import reverse as _reverse

    html = login(cast.fatma).get(_reverse("outcomes:enrollment-end",
                                          args=[cast.nina_enrollment.pk])).content.decode()
    assert "irrtümlich aufgenommen" in html
    assert _reverse("clients:referral-detail", args=[cast.nina_enrollment.referral_id]) in html
