import datetime as dt

import pytest
from django.utils import timezone

from neue_wege.clients.models import Enrollment
from neue_wege.outcomes.models import (
    FollowUp,
    Instrument,
    LabourMarketEvent,
    Outcome,
    SelfAssessment,
)
from neue_wege.outcomes.services import (
    InstrumentFileError,
    OutcomeError,
    current_instrument,
    enrollment_end,
    follow_up_due_on,
    follow_up_months,
    follow_up_record,
    instrument_load,
    outcome_record,
    self_assessment_submit,
)
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_completing_sets_enrollment_and_creates_outcome(cast, past_run):
    outcome = enrollment_end(actor=cast.fatma, enrollment=cast.nina_enrollment,
                             ended_how="completed", ended_on=past_run.ends_on)
    enrollment = Enrollment.objects.get(pk=cast.nina_enrollment.pk)
    assert enrollment.status == "completed" and enrollment.ended_on == past_run.ends_on
    assert outcome.enrollment_id == enrollment.pk and outcome.destination == ""
    assert outcome.ended_by == cast.fatma and outcome.dropout_reason == ""
    assert AuditEvent.objects.filter(object_type="outcomes.Outcome", action="create",
                                     client_id=cast.nina.pk, actor=cast.fatma).exists()
    assert not FollowUp.objects.exists()  # only when the destination is recorded


def test_dropping_out_needs_a_reason_and_keeps_it(cast, past_run):
    with pytest.raises(OutcomeError, match="Grund des Abbruchs"):
        enrollment_end(actor=cast.fatma, enrollment=cast.ali_enrollment,
                       ended_how="dropped_out", ended_on=past_run.ends_on)
    assert Enrollment.objects.get(pk=cast.ali_enrollment.pk).status == "active"
    outcome = enrollment_end(actor=cast.fatma, enrollment=cast.ali_enrollment,
                             ended_how="dropped_out", ended_on=past_run.starts_on
                             + dt.timedelta(days=20), dropout_reason="childcare",
                             dropout_note="Kita-Platz fiel weg.")
    enrollment = Enrollment.objects.get(pk=cast.ali_enrollment.pk)
    assert enrollment.status == "dropped_out" and enrollment.end_reason == "Kinderbetreuung"
    assert outcome.dropout_reason == "childcare" and outcome.dropout_note == "Kita-Platz fiel weg."


def test_cannot_end_twice_or_out_of_range(cast, past_run):
    with pytest.raises(OutcomeError, match="vor dem Beginn"):
        enrollment_end(actor=cast.fatma, enrollment=cast.nina_enrollment, ended_how="completed",
                       ended_on=past_run.starts_on - dt.timedelta(days=1))
    with pytest.raises(OutcomeError, match="Zukunft"):
        enrollment_end(actor=cast.fatma, enrollment=cast.nina_enrollment, ended_how="completed",
                       ended_on=timezone.localdate() + dt.timedelta(days=1))
    enrollment_end(actor=cast.fatma, enrollment=cast.nina_enrollment, ended_how="completed",
                   ended_on=past_run.ends_on)
    with pytest.raises(OutcomeError, match="bereits beendet"):
        enrollment_end(actor=cast.fatma, enrollment=cast.nina_enrollment, ended_how="completed",
                       ended_on=past_run.ends_on)
    assert Outcome.objects.count() == 1


def test_recording_destination_creates_follow_ups_once(cast, nina_outcome, past_run):
    outcome_record(actor=cast.karl, outcome=nina_outcome, destination="employment",
                   destination_started_on=past_run.ends_on + dt.timedelta(days=30),
                   benefit_exit_on=past_run.ends_on + dt.timedelta(days=60))
    follow_ups = list(nina_outcome.follow_ups.order_by("months_after"))
    assert [f.months_after for f in follow_ups] == [6, 12]
    assert follow_ups[0].due_on == follow_up_due_on(past_run.ends_on, 6)
    assert follow_ups[1].due_on == follow_up_due_on(past_run.ends_on, 12)
    outcome_record(actor=cast.karl, outcome=nina_outcome, destination="minijob",
                   destination_started_on=past_run.ends_on, benefit_exit_on=None)
    assert nina_outcome.follow_ups.count() == 2
    nina_outcome.refresh_from_db()
    assert nina_outcome.destination == "minijob" and nina_outcome.benefit_exit_on is None
    actions = list(AuditEvent.objects.filter(object_type="outcomes.Outcome", actor=cast.karl)
                   .values_list("action", flat=True))
    assert sorted(actions) == ["change", "create"]


def test_destination_rules(cast, nina_outcome, past_run):
    with pytest.raises(OutcomeError, match="wann"):
        outcome_record(actor=cast.karl, outcome=nina_outcome, destination="training",
                       destination_started_on=None, benefit_exit_on=None)
    with pytest.raises(OutcomeError, match="kein Beginndatum"):
        outcome_record(actor=cast.karl, outcome=nina_outcome, destination="none",
                       destination_started_on=past_run.ends_on, benefit_exit_on=None)
    with pytest.raises(OutcomeError, match="Verbleib"):
        outcome_record(actor=cast.karl, outcome=nina_outcome, destination="lottery",
                       destination_started_on=None, benefit_exit_on=None)
    assert not FollowUp.objects.exists()


def test_follow_up_points_are_configurable(cast, nina_outcome, settings):
    settings.NW_FOLLOW_UP_MONTHS = "3, 24,12"
    assert follow_up_months() == (3, 12, 24)
    outcome_record(actor=cast.karl, outcome=nina_outcome, destination="none",
                   destination_started_on=None, benefit_exit_on=None)
    assert sorted(nina_outcome.follow_ups.values_list("months_after", flat=True)) == [3, 12, 24]


def test_due_date_keeps_month_ends():
    assert follow_up_due_on(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert follow_up_due_on(dt.date(2026, 6, 30), 12) == dt.date(2027, 6, 30)


def test_follow_up_record(cast, nina_outcome):
    outcome_record(actor=cast.karl, outcome=nina_outcome, destination="none",
                   destination_started_on=None, benefit_exit_on=None)
    follow_up = nina_outcome.follow_ups.get(months_after=6)
    follow_up_record(actor=cast.karl, follow_up=follow_up, destination="employment",
                     destination_started_on=timezone.localdate() - dt.timedelta(days=10),
                     in_benefits=False)
    follow_up.refresh_from_db()
    assert follow_up.recorded_on == timezone.localdate() and follow_up.source == "case_manager"
    assert follow_up.in_benefits is False and follow_up.recorded_by == cast.karl
    assert AuditEvent.objects.filter(object_type="outcomes.FollowUp", action="create",
                                     client_id=cast.nina.pk).exists()


# --- instruments and self-assessment ----------------------------------------------------------------
def test_shipped_instrument_is_loaded_on_demand():
    instrument = current_instrument()
    assert instrument.key == "zutrauen" and instrument.scale_min == 1
    assert instrument.scale_max == 4
    assert instrument.items.count() == 8 and instrument.items.filter(reverse=True).count() == 2
    assert current_instrument() == instrument and Instrument.objects.count() == 1


LICENSED = {"key": "gse", "version": 1, "name": "Lizenzierte Skala", "licence_note": "Lizenz 7",
            "scale": {"min": 1, "max": 5, "labels": {"1": "nie", "5": "immer"}},
            "items": [{"text": "Aussage A"}, {"text": "Aussage B", "reverse": True}]}


def test_loading_an_instrument_is_idempotent_and_replaces_the_current_one():
    current_instrument()
    instrument, created = instrument_load(LICENSED)
    assert created and instrument.items.count() == 2
    assert instrument_load(LICENSED) == (instrument, False)
    assert current_instrument() == instrument
    with pytest.raises(InstrumentFileError, match="anderem Inhalt"):
        instrument_load({**LICENSED, "name": "Geändert"})


@pytest.mark.parametrize("broken", [
    {"version": 1}, {**LICENSED, "scale": {"min": 3, "max": 1}}, {**LICENSED, "items": []},
    {**LICENSED, "items": [{"text": ""}]}, {**LICENSED, "items": [{"text": "a", "reverse": 1}]},
    {**LICENSED, "scale": {"min": 1, "max": 5, "labels": {"9": "x"}}}, [1, 2],
])
def test_broken_instrument_files_are_refused(broken):
    with pytest.raises(InstrumentFileError):
        instrument_load(broken)
    assert not Instrument.objects.filter(key="gse").exists()


def test_self_assessment_scores_with_reverse_items(cast):
    instrument = current_instrument()
    answers = {str(item.order): 4 for item in instrument.items.all()}
    assessment = self_assessment_submit(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                                        instrument=instrument, moment="start", answers=answers)
    # six items at 4, two reverse-keyed at 4 → 1: (6*4 + 2*1) / 8
    assert assessment.score == pytest.approx(26 / 8)
    with pytest.raises(OutcomeError, match="schon ausgefüllt"):
        self_assessment_submit(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                               instrument=instrument, moment="start", answers=answers)
    with pytest.raises(OutcomeError, match="alle Aussagen"):
        self_assessment_submit(actor=cast.nina_user, enrollment=cast.nina_enrollment,
                               instrument=instrument, moment="end", answers={"1": 4})
    assert SelfAssessment.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="outcomes.SelfAssessment",
                                     actor=cast.nina_user).count() == 1


# --- issue 11, point 3: every outcome date is checked against the seat --------------------------
def test_destination_cannot_start_before_the_seat_ended(cast, nina_outcome, past_run):
    """A job started on 01.06. was accepted for a seat that ended on 17.07."""
    with pytest.raises(OutcomeError, match="vor dem Ende der Teilnahme"):
        outcome_record(actor=cast.karl, outcome=nina_outcome, destination="employment",
                       destination_started_on=past_run.ends_on - dt.timedelta(days=46),
                       benefit_exit_on=None)
    nina_outcome.refresh_from_db()
    assert nina_outcome.destination == "" and not FollowUp.objects.exists()
    outcome_record(actor=cast.karl, outcome=nina_outcome, destination="employment",
                   destination_started_on=past_run.ends_on, benefit_exit_on=None)


def test_destination_start_tolerance_is_a_setting(cast, nina_outcome, past_run, settings):
    settings.NW_DESTINATION_BEFORE_END_DAYS = 60
    outcome_record(actor=cast.karl, outcome=nina_outcome, destination="minijob",
                   destination_started_on=past_run.ends_on - dt.timedelta(days=46),
                   benefit_exit_on=None)
    with pytest.raises(OutcomeError, match="vor dem Ende der Teilnahme"):
        outcome_record(actor=cast.karl, outcome=nina_outcome, destination="minijob",
                       destination_started_on=past_run.ends_on - dt.timedelta(days=61),
                       benefit_exit_on=None)


def test_benefit_exit_cannot_lie_before_the_seat_started(cast, nina_outcome, past_run):
    with pytest.raises(OutcomeError, match="Leistungsbezug.*vor dem Beginn der Teilnahme"):
        outcome_record(actor=cast.karl, outcome=nina_outcome, destination="none",
                       destination_started_on=None,
                       benefit_exit_on=past_run.starts_on - dt.timedelta(days=1))


def test_follow_up_destination_cannot_start_before_the_seat_ended(cast, nina_outcome,
                                                                   past_run):
    outcome_record(actor=cast.karl, outcome=nina_outcome, destination="none",
                   destination_started_on=None, benefit_exit_on=None)
    follow_up = nina_outcome.follow_ups.get(months_after=6)
    with pytest.raises(OutcomeError, match="vor dem Ende der Teilnahme"):
        follow_up_record(actor=cast.karl, follow_up=follow_up, destination="employment",
                         destination_started_on=past_run.ends_on - dt.timedelta(days=1),
                         in_benefits=False)
    follow_up.refresh_from_db()
    assert follow_up.recorded_on is None


def test_seat_cannot_end_after_the_run(cast, past_run):
    with pytest.raises(OutcomeError, match="nach dem letzten Tag des Durchlaufs"):
        enrollment_end(actor=cast.fatma, enrollment=cast.nina_enrollment, ended_how="completed",
                       ended_on=past_run.ends_on + dt.timedelta(days=1))
    assert not Outcome.objects.exists()


# --- issue 11, point 2: follow-ups not before their window; "Person nicht erreicht" -----------
@pytest.fixture
def planned_follow_ups(cast, nina_outcome):
    outcome_record(actor=cast.karl, outcome=nina_outcome, destination="none",
                   destination_started_on=None, benefit_exit_on=None)
    return {f.months_after: f for f in nina_outcome.follow_ups.all()}


def test_follow_up_before_its_window_is_refused(cast, planned_follow_ups):
    """A 12-month follow-up due months ahead was saved today without warning."""
    twelve = planned_follow_ups[12]
    assert twelve.due_on > timezone.localdate() + dt.timedelta(days=14)
    with pytest.raises(OutcomeError, match="erst ab dem"):
        follow_up_record(actor=cast.karl, follow_up=twelve, destination="none",
                         destination_started_on=None, in_benefits=True)
    twelve.refresh_from_db()
    assert twelve.recorded_on is None


def test_follow_up_window_opens_days_before_due(cast, planned_follow_ups, settings):
    twelve = planned_follow_ups[12]
    FollowUp.objects.filter(pk=twelve.pk).update(
        due_on=timezone.localdate() + dt.timedelta(days=14))
    follow_up_record(actor=cast.karl, follow_up=twelve, destination="none",
                     destination_started_on=None, in_benefits=True)
    settings.NW_FOLLOW_UP_OPENS_DAYS_BEFORE = 7
    FollowUp.objects.filter(pk=twelve.pk).update(recorded_on=None)
    with pytest.raises(OutcomeError, match="erst ab dem"):
        follow_up_record(actor=cast.karl, follow_up=twelve, destination="none",
                         destination_started_on=None, in_benefits=True)


def test_early_follow_up_with_a_reason_when_the_job_centre_allows_it(cast, planned_follow_ups,
                                                                     settings):
    twelve = planned_follow_ups[12]
    settings.NW_FOLLOW_UP_EARLY_WITH_REASON = True
    with pytest.raises(OutcomeError, match="Grund"):
        follow_up_record(actor=cast.karl, follow_up=twelve, destination="none",
                         destination_started_on=None, in_benefits=True, early_reason="  ")
    follow_up_record(actor=cast.karl, follow_up=twelve, destination="none",
                     destination_started_on=None, in_benefits=True,
                     early_reason="Zieht nächste Woche nach Bayern.")
    twelve.refresh_from_db()
    assert twelve.early_reason == "Zieht nächste Woche nach Bayern."
    assert AuditEvent.objects.filter(object_type="outcomes.FollowUp", object_id=str(twelve.pk),
                                     reason__contains="early").exists()


def test_person_not_reached_is_recorded_without_answers(cast, planned_follow_ups):
    six = planned_follow_ups[6]
    follow_up_record(actor=cast.karl, follow_up=six, reached=False, destination="",
                     destination_started_on=None, in_benefits=None)
    six.refresh_from_db()
    assert six.not_reached is True and six.recorded_on == timezone.localdate()
    assert (six.destination, six.destination_started_on, six.in_benefits) == ("", None, None)
    assert str(six.result_display) == "Person nicht erreicht"
    # reached later: the answers replace the attempt
    follow_up_record(actor=cast.karl, follow_up=six, destination="none",
                     destination_started_on=None, in_benefits=True)
    six.refresh_from_db()
    assert six.not_reached is False and six.destination == "none"


def test_not_reached_cannot_carry_answers_in_the_database(cast, planned_follow_ups):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.filter(pk=planned_follow_ups[6].pk).update(
            not_reached=True, recorded_on=timezone.localdate(), destination="employment")


# --- issue 11, point 4: withdrawn seats have an outcome; destinations write their events -------
def test_withdrawing_a_seat_creates_its_outcome_without_follow_ups(cast, past_run):
    from neue_wege.clients.services import referral_withdraw

    referral_withdraw(actor=cast.karl, referral=cast.nina_enrollment.referral,
                      reason="Hat vor Beginn eine Stelle gefunden.")
    outcome = Outcome.objects.get(enrollment=cast.nina_enrollment)
    assert outcome.ended_how == "withdrawn" and outcome.get_ended_how_display() == "abgemeldet"
    assert outcome.ended_on == timezone.localdate() and outcome.dropout_reason == ""
    outcome_record(actor=cast.karl, outcome=outcome, destination="employment",
                   destination_started_on=timezone.localdate(), benefit_exit_on=None)
    assert not outcome.follow_ups.exists()
    assert LabourMarketEvent.objects.filter(client=cast.nina, outcome=outcome,
                                            destination="employment").count() == 1


def test_the_end_form_cannot_choose_withdrawn(cast, past_run):
    with pytest.raises(OutcomeError, match="wie die Teilnahme endete"):
        enrollment_end(actor=cast.fatma, enrollment=cast.nina_enrollment, ended_how="withdrawn",
                       ended_on=past_run.ends_on)


def test_recorded_destination_writes_and_corrects_its_event(cast, nina_outcome, past_run):
    start, exit_on = past_run.ends_on + dt.timedelta(days=30), past_run.ends_on + dt.timedelta(
        days=60)
    outcome_record(actor=cast.karl, outcome=nina_outcome, destination="employment",
                   destination_started_on=start, benefit_exit_on=exit_on)
    events = set(LabourMarketEvent.objects.filter(client=cast.nina).values_list(
        "event_on", "destination", "benefit_exit", "source"))
    assert events == {(start, "employment", False, "case_manager"),
                      (exit_on, "employment", True, "case_manager")}
    # a correction rewrites the events; "keine Veränderung" writes none
    outcome_record(actor=cast.karl, outcome=nina_outcome, destination="none",
                   destination_started_on=None, benefit_exit_on=None)
    assert not LabourMarketEvent.objects.filter(client=cast.nina).exists()


def test_recorded_follow_up_writes_its_event_and_not_reached_none(cast, nina_outcome):
    outcome_record(actor=cast.karl, outcome=nina_outcome, destination="none",
                   destination_started_on=None, benefit_exit_on=None)
    six = nina_outcome.follow_ups.get(months_after=6)
    day = timezone.localdate() - dt.timedelta(days=10)
    follow_up_record(actor=cast.karl, follow_up=six, destination="training",
                     destination_started_on=day, in_benefits=True)
    assert list(LabourMarketEvent.objects.filter(follow_up=six).values_list(
        "client_id", "event_on", "destination")) == [(cast.nina.pk, day, "training")]
    follow_up_record(actor=cast.karl, follow_up=six, reached=False, destination="",
                     destination_started_on=None, in_benefits=None)
    assert not LabourMarketEvent.objects.filter(follow_up=six).exists()


def test_seat_cannot_end_before_a_session_with_recorded_attendance(cast, past_run):
    """Issue 11, point 1 the other way round: no end before a session already recorded."""
    import zoneinfo

    from neue_wege.programmes.models import Attendance, Session

    day = past_run.ends_on - dt.timedelta(days=7)
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    session = Session.objects.create(
        run=past_run, starts_at=dt.datetime.combine(day, dt.time(9), tzinfo=berlin),
        ends_at=dt.datetime.combine(day, dt.time(11), tzinfo=berlin))
    Attendance.objects.create(session=session, enrollment=cast.nina_enrollment, status="present")
    with pytest.raises(OutcomeError, match="schon Anwesenheit erfasst"):
        enrollment_end(actor=cast.fatma, enrollment=cast.nina_enrollment,
                       ended_how="dropped_out", dropout_reason="health",
                       ended_on=day - dt.timedelta(days=1))
    enrollment_end(actor=cast.fatma, enrollment=cast.nina_enrollment, ended_how="dropped_out",
                   dropout_reason="health", ended_on=day)
