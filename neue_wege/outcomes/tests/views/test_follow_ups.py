import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from neue_wege.clients.models import Enrollment, Referral
from neue_wege.outcomes.models import FollowUp
from neue_wege.outcomes.services import outcome_record
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db
DUE = reverse("outcomes:follow-ups-due")


def record_url(enrollment_id):
    return reverse("outcomes:follow-up-record", args=[enrollment_id])


@pytest.fixture
def planned(cast, nina_outcome):
    """Nina's destination is recorded: her 6-month follow-up is overdue (run ended 200 days
    ago), the 12-month one lies in the future."""
    outcome_record(actor=cast.karl, outcome=nina_outcome, destination="none",
                   destination_started_on=None, benefit_exit_on=None)
    return nina_outcome


def test_due_list_shows_overdue_only_and_logs(cast, login, planned):
    response = login(cast.karl).get(DUE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fällige Nachbefragungen" in html and "Kemper, Nina" in html
    assert "überfällig" in html and "nach 6 Monaten" in html and "nach 12 Monaten" not in html
    assert AuditEvent.objects.filter(action="view", object_type="outcomes.FollowUp",
                                     client_id=cast.nina.pk, actor=cast.karl).count() == 1


def test_due_list_of_another_case_manager_is_empty(cast, login, planned):
    html = login(cast.petra).get(DUE).content.decode()
    assert "Kemper" not in html and "Zurzeit ist keine Nachbefragung fällig." in html


def test_dashboard_shows_due_follow_ups(cast, login, planned):
    html = login(cast.karl).get(reverse("dashboards:home")).content.decode()
    assert "Fällige Nachbefragungen" in html and "Kemper, Nina" in html


@pytest.mark.parametrize("name", ["fatma", "maria", "admin", "olga"])
def test_due_list_is_for_case_managers_only(cast, login, name):
    assert login(getattr(cast, name)).get(DUE).status_code == 403


def test_due_list_refuses_participants(cast, login):
    assert login(cast.nina_user).get(DUE).status_code == 403


def test_recording_a_follow_up_removes_it_from_the_due_list(cast, login, planned):
    client = login(cast.karl)
    html = client.get(record_url(cast.nina_enrollment.pk) + "?monate=6").content.decode()
    assert "Nachbefragung: Nina Kemper" in html and "nach 6 Monaten" in html
    started = (timezone.localdate() - dt.timedelta(days=5)).isoformat()
    response = client.post(record_url(cast.nina_enrollment.pk), {
        "months_after": "6", "destination": "minijob", "destination_started_on": started,
        "in_benefits": "yes"})
    assert response.status_code == 302 and response.url == DUE
    follow_up = FollowUp.objects.get(outcome=planned, months_after=6)
    assert follow_up.destination == "minijob" and follow_up.in_benefits is True
    assert follow_up.source == "case_manager"
    assert "Kemper, Nina" not in client.get(DUE).content.decode()


def test_invalid_follow_up_keeps_values(cast, login, planned):
    response = login(cast.karl).post(record_url(cast.nina_enrollment.pk), {
        "months_after": "6", "destination": "none", "destination_started_on": "2026-02-03"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte wählen Sie eine Antwort." in html and 'value="2026-02-03"' in html
    assert not FollowUp.objects.filter(recorded_on__isnull=False).exists()


def test_unknown_point_is_refused(cast, login, planned):
    response = login(cast.karl).post(record_url(cast.nina_enrollment.pk), {
        "months_after": "7", "destination": "none", "in_benefits": "no"})
    assert response.status_code == 200
    assert not FollowUp.objects.filter(recorded_on__isnull=False).exists()


def test_without_outcome_redirects_to_the_outcome_page(cast, login):
    response = login(cast.karl).get(record_url(cast.nina_enrollment.pk))
    assert response.status_code == 302
    assert response.url == reverse("outcomes:case-outcome", args=[cast.nina_enrollment.pk])


@pytest.mark.parametrize("name", ["fatma", "jonas", "petra", "maria", "admin", "olga"])
def test_others_get_404(cast, login, name, planned):
    client = login(getattr(cast, name))
    assert client.get(record_url(cast.nina_enrollment.pk)).status_code == 404
    assert client.post(record_url(cast.nina_enrollment.pk), {
        "months_after": "6", "destination": "none", "in_benefits": "no"}).status_code == 404
    assert not FollowUp.objects.filter(recorded_on__isnull=False).exists()


def _add_due(cast, count):
    """`count` more clients of Karl's with an overdue 6-month follow-up."""
    from neue_wege.clients.tests.conftest import make_client
    from neue_wege.outcomes.models import Outcome
    from neue_wege.outcomes.services import follow_ups_ensure

    start = FollowUp.objects.count()
    for n in range(start, start + count):
        client = make_client(cast, number=f"BOR-05{n:02d}", first=f"K{n}")
        referral = Referral.objects.create(client=client, run=cast.run_a, referred_by=cast.karl,
                                           potential_note="x", status="accepted")
        enrollment = Enrollment.objects.create(referral=referral, client=client, run=cast.run_a,
                                               started_on=cast.run_a.starts_on,
                                               status="completed", ended_on=cast.run_a.ends_on)
        follow_ups_ensure(outcome=Outcome.objects.create(
            enrollment=enrollment, ended_how="completed", ended_on=cast.run_a.ends_on))


def test_due_list_is_paged_logs_only_the_rows_shown_and_queries_stay_constant(
        cast, login, planned, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from neue_wege.testing.assertions import assert_max_queries

    settings.NW_PAGE_SIZE = 10
    browser = login(cast.karl)
    with CaptureQueriesContext(connection) as small:  # one due follow-up
        browser.get(DUE)
    _add_due(cast, 30)
    logged = AuditEvent.objects.filter(object_type="outcomes.FollowUp")
    before = logged.count()
    with assert_max_queries(len(small.captured_queries)):  # 31: as many queries as for one
        html = browser.get(DUE).content.decode()
    assert html.count("überfällig") == 10 and "31 offene Nachbefragungen" in html
    assert "Seite 1 von 4" in html and "Letzte Seite" in html
    assert logged.count() == before + 10  # the rows shown, not all 31
    with assert_max_queries(len(small.captured_queries) + 1):  # + the boundary row
        last = browser.get(DUE, {"ende": 1}).content.decode()
    assert last.count("überfällig") == 1 and "Seite 4 von 4" in last
    assert logged.count() == before + 11


# --- issue 11, point 2 ---------------------------------------------------------------------------
def test_follow_up_before_its_window_is_refused_on_the_page(cast, login, planned):
    twelve = FollowUp.objects.get(outcome=planned, months_after=12)
    client = login(cast.karl)
    html = client.get(record_url(cast.nina_enrollment.pk)).content.decode()
    assert "offen ab" in html
    assert "Grund, falls Sie vor dem Zeitraum" not in html  # refused, not negotiable by default
    response = client.post(record_url(cast.nina_enrollment.pk), {
        "months_after": "12", "reached": "yes", "destination": "none", "in_benefits": "yes"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "ist erst ab dem" in html and twelve.due_on.strftime("%d.%m.%Y") in html
    twelve.refresh_from_db()
    assert twelve.recorded_on is None


def test_person_not_reached_is_saved_from_the_page(cast, login, planned):
    client = login(cast.karl)
    response = client.post(record_url(cast.nina_enrollment.pk), {
        "months_after": "6", "reached": "no"})
    assert response.status_code == 302
    six = FollowUp.objects.get(outcome=planned, months_after=6)
    assert six.not_reached and six.recorded_on == timezone.localdate()
    html = client.get(reverse("outcomes:case-outcome",
                              args=[cast.nina_enrollment.pk])).content.decode()
    assert "Person nicht erreicht" in html


def test_reached_still_needs_the_answers(cast, login, planned):
    response = login(cast.karl).post(record_url(cast.nina_enrollment.pk), {
        "months_after": "6", "reached": "yes"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte wählen Sie den Verbleib." in html and "Bitte wählen Sie eine Antwort." in html
    assert not FollowUp.objects.filter(recorded_on__isnull=False).exists()
