"""Retention job: what is due goes, what is not stays, statistics still count, a trail is left."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from neue_wege.clients.models import Client, Enrollment, Referral
from neue_wege.privacy import retention
from neue_wege.privacy.models import AuditEvent, Consent, RetentionRule, RetentionRun
from neue_wege.strengths.models import Story

pytestmark = pytest.mark.django_db


def _story(enrollment: Enrollment, title: str = "Mein Garten") -> Story:
    return Story.objects.create(enrollment=enrollment, title=title, text="Ich habe gepflanzt.")


def _at(day: dt.date):  # noqa: ANN202
    return time_machine.travel(dt.datetime.combine(day, dt.time(3, 0), tzinfo=dt.UTC), tick=False)


def _enrollments_per_run() -> dict:
    return dict(Enrollment.objects.values_list("run_id").annotate(n=Count("id")))


def test_default_rules_are_seeded_with_reasons():
    rules = {rule.record_kind: rule for rule in RetentionRule.objects.all()}
    assert set(rules) == set(RetentionRule.RecordKind.values)
    assert all(rule.reason for rule in rules.values())
    assert rules["stories"].action == "delete"
    assert rules["client"].action == "pseudonymise"


def test_stories_go_180_days_after_their_run_ends_not_a_day_earlier(cast):
    nina_story, sven_story = _story(cast.nina_enrollment), _story(cast.sven_enrollment)
    run_a_end = cast.run_a.ends_on
    with _at(run_a_end + dt.timedelta(days=179)):
        retention.apply_retention()
    assert Story.objects.filter(pk=nina_story.pk).exists()
    day = run_a_end + dt.timedelta(days=180)
    with _at(day):
        report = retention.apply_retention()
    assert not Story.objects.filter(pk=nina_story.pk).exists()
    # Run B ends ten days later: Sven's story is not due yet.
    assert Story.objects.filter(pk=sven_story.pk).exists()
    assert report.counts["stories"] == 1
    assert report.clients["stories"] == {cast.nina.pk}


def test_dry_run_counts_but_changes_nothing(cast):
    story = _story(cast.nina_enrollment)
    events_before = AuditEvent.objects.count()
    report = retention.apply_retention(today=cast.run_a.ends_on + dt.timedelta(days=400),
                                       dry_run=True)
    assert report.counts["stories"] == 1
    assert report.counts["referral_notes"] >= 1
    assert report.run is None
    assert Story.objects.filter(pk=story.pk).exists()
    assert Referral.objects.get(pk=cast.nina_enrollment.referral_id).potential_note
    assert RetentionRun.objects.count() == 0
    assert AuditEvent.objects.count() == events_before
    assert "Probelauf" in report.lines()[0]


def test_running_twice_does_nothing_the_second_time(cast, monkeypatch):
    monkeypatch.setattr(retention, "_benefit_exits",
                        lambda: {cast.nina.pk: cast.run_a.ends_on})
    _story(cast.nina_enrollment)
    day = cast.run_b.ends_on + dt.timedelta(days=1200)
    with _at(day):
        first = retention.apply_retention()
        second = retention.apply_retention()
    assert first.total > 0
    assert first.counts["client"] == 1
    assert second.total == 0, second.counts
    assert RetentionRun.objects.count() == 2


def test_client_is_pseudonymised_and_statistics_still_count(cast, monkeypatch):
    monkeypatch.setattr(retention, "_benefit_exits", lambda: {
        cast.nina.pk: cast.run_a.ends_on + dt.timedelta(days=30),
        cast.sven.pk: cast.run_b.ends_on + dt.timedelta(days=30),
    })
    before = _enrollments_per_run()
    referrals_before = Referral.objects.count()
    nina_user = cast.nina_user
    day = cast.run_a.ends_on + dt.timedelta(days=30 + 730)
    with _at(day):
        report = retention.apply_retention()
    nina = Client.objects.get(pk=cast.nina.pk)
    assert nina.first_name == "Pseudonym"
    assert nina.last_name.startswith("PSN-") and nina.case_number == nina.last_name
    assert "Kemper" not in str(nina) and nina.email == "" and nina.phone == ""
    assert nina.date_of_birth == dt.date(1988, 1, 1)
    assert nina.user_id is None
    nina_user.refresh_from_db()
    assert not nina_user.is_active and nina_user.last_name == ""
    assert not nina_user.has_usable_password()
    # Sven's benefit ended later (run B ends ten days after run A): not yet due.
    assert Client.objects.get(pk=cast.sven.pk).last_name == "Lammers"
    # Ali has no recorded end of benefit receipt: kept.
    assert Client.objects.get(pk=cast.ali.pk).last_name == "Demir"
    assert _enrollments_per_run() == before
    assert Referral.objects.count() == referrals_before
    assert report.counts["client"] == 1


def test_referral_notes_are_emptied_but_referrals_remain(cast):
    referral = Referral.objects.get(pk=cast.nina_enrollment.referral_id)
    assert referral.potential_note
    retention.apply_retention(today=cast.run_a.ends_on + dt.timedelta(days=365))
    referral.refresh_from_db()
    assert referral.potential_note == ""
    assert referral.status == Referral.Status.ACCEPTED


def test_run_leaves_an_audit_trail_and_a_report(cast):
    _story(cast.nina_enrollment)
    day = cast.run_a.ends_on + dt.timedelta(days=200)
    with _at(day):
        report = retention.apply_retention()
    run = RetentionRun.objects.get()
    assert run.pk == report.run.pk
    assert run.counts["stories"] == 1
    assert "Geschichten" in run.report
    about_nina = AuditEvent.objects.filter(client_id=cast.nina.pk, actor__isnull=True,
                                           action=AuditEvent.Action.DELETE)
    assert about_nina.filter(reason__contains="stories").exists()
    assert AuditEvent.objects.filter(object_type="privacy.RetentionRun",
                                     object_id=str(run.pk)).exists()


def test_old_audit_events_and_consents_go_after_their_periods(cast):
    consent = Consent.objects.create(client=cast.nina, purpose="show_name",
                                     object_type="clients.Client", object_id=str(cast.nina.pk),
                                     wording="Text")
    old_event_ids = list(AuditEvent.objects.values_list("pk", flat=True))
    assert old_event_ids
    with _at(timezone.localdate() + dt.timedelta(days=731 + 1200)):
        report = retention.apply_retention()
    assert not AuditEvent.objects.filter(pk__in=old_event_ids).exists()
    assert not Consent.objects.filter(pk=consent.pk).exists()
    assert report.counts["audit_log"] >= len(old_event_ids)


def test_inactive_rules_are_not_applied(cast):
    story = _story(cast.nina_enrollment)
    RetentionRule.objects.filter(record_kind="stories").update(active=False)
    retention.apply_retention(today=cast.run_a.ends_on + dt.timedelta(days=1000))
    assert Story.objects.filter(pk=story.pk).exists()


def test_command_prints_a_german_report_and_refuses_bad_dates(cast):
    _story(cast.nina_enrollment)
    out = StringIO()
    day = cast.run_a.ends_on + dt.timedelta(days=181)
    call_command("apply_retention", "--dry-run", "--today", day.isoformat(), stdout=out)
    text = out.getvalue()
    assert f"Probelauf (es wird nichts geändert), Stichtag {day:%d.%m.%Y}" in text
    assert "Geschichten mit Rückmeldungen und Vorschlägen: 1 Datensätze fällig" in text
    assert Story.objects.count() == 1
    with pytest.raises(CommandError, match="JJJJ-MM-TT"):
        call_command("apply_retention", "--today", "31.12.2026")


def test_erasure_on_request_removes_programme_work_and_pseudonymises(cast):
    _story(cast.nina_enrollment)
    before = _enrollments_per_run()
    report = retention.erase_on_request(client=cast.nina, actor=cast.karl, request_id="42")
    assert not Story.objects.filter(enrollment__client=cast.nina).exists()
    assert Client.objects.get(pk=cast.nina.pk).first_name == "Pseudonym"
    assert _enrollments_per_run() == before
    assert report.counts["stories"] == 1 and report.counts["client"] == 1
    assert AuditEvent.objects.filter(client_id=cast.nina.pk, actor=cast.karl,
                                     reason__startswith="Löschung auf Antrag 42").exists()


def test_orientation_data_goes_a_year_after_the_run_with_its_strategies(cast):
    from neue_wege.orientation.models import ActionStep, Obstacle, Strategy, Vision
    from neue_wege.orientation.services import pathway

    nina, enrollment = cast.nina_user, cast.nina_enrollment
    obstacle = pathway.obstacle_add(actor=nina, enrollment=enrollment, kind="health",
                                    details="Rückenschmerzen.")
    pathway.strategy_add(actor=nina, obstacle=obstacle, description="Rückenschule",
                         helper="doctor")
    pathway.vision_save(actor=nina, enrollment=enrollment, what="Pflege")
    pathway.step_add(actor=nina, enrollment=enrollment, description="Anrufen", due_on=None)
    retention.apply_retention(today=cast.run_a.ends_on + dt.timedelta(days=364))
    assert Obstacle.objects.filter(enrollment=enrollment).exists()
    report = retention.apply_retention(today=cast.run_a.ends_on + dt.timedelta(days=365))
    for model in (Obstacle, Vision, ActionStep):
        assert not model.objects.filter(enrollment=enrollment).exists(), model
    assert not Strategy.objects.filter(obstacle__enrollment=enrollment).exists()
    assert report.counts["orientation"] >= 3


def test_administrators_see_rules_and_reports_others_do_not(cast, login):
    from django.urls import reverse

    _story(cast.nina_enrollment)
    retention.apply_retention(today=cast.run_a.ends_on + dt.timedelta(days=200))
    url = reverse("privacy:retention-overview")
    body = login(cast.admin).get(url).content.decode()
    assert "Geschichten mit Rückmeldungen und Vorschlägen" in body
    assert "Geschichten mit Rückmeldungen und Vorschlägen: 1" in body
    for other in ("karl", "fatma", "maria", "olga"):
        assert login(getattr(cast, other)).get(url).status_code == 403, other
    assert login(cast.nina_user).get(url).status_code == 403


def test_erasure_ends_releases_to_the_case_manager_at_once(cast, login):
    from django.urls import reverse

    from neue_wege.privacy.releases import release_give

    release_give(actor=cast.nina_user, client=cast.nina, key="strength_profile")
    url = reverse("privacy:released-item", args=[cast.nina.pk, "strength_profile"])
    assert login(cast.karl).get(url).status_code == 200
    retention.erase_on_request(client=cast.nina, actor=cast.karl)
    assert login(cast.karl).get(url).status_code == 404
    assert not Consent.objects.filter(client=cast.nina, withdrawn_at__isnull=True).exists()


def test_benefit_exit_recorded_in_outcomes_starts_the_client_period(cast):
    from neue_wege.outcomes.models import Outcome

    exit_on = cast.run_a.ends_on + dt.timedelta(days=40)
    Outcome.objects.create(enrollment=cast.nina_enrollment, ended_how="dropped_out",
                           dropout_reason="other", dropout_note="Gesundheitliche Gründe",
                           ended_on=cast.run_a.ends_on, benefit_exit_on=exit_on)
    retention.apply_retention(today=exit_on + dt.timedelta(days=729))
    assert Client.objects.get(pk=cast.nina.pk).last_name == "Kemper"
    assert Outcome.objects.get(enrollment=cast.nina_enrollment).dropout_note == ""
    retention.apply_retention(today=exit_on + dt.timedelta(days=730))
    assert Client.objects.get(pk=cast.nina.pk).last_name.startswith("PSN-")
    assert Outcome.objects.filter(enrollment=cast.nina_enrollment).exists()


def test_reason_for_an_early_follow_up_is_emptied_with_the_referral_notes(cast):
    """Issue 11: the free-text reason of an early follow-up goes with the other notes."""
    from neue_wege.outcomes.models import FollowUp, Outcome

    exit_on = cast.run_a.ends_on + dt.timedelta(days=40)
    outcome = Outcome.objects.create(enrollment=cast.nina_enrollment, ended_how="completed",
                                     ended_on=cast.run_a.ends_on, benefit_exit_on=exit_on)
    FollowUp.objects.create(outcome=outcome, months_after=6, due_on=exit_on,
                            recorded_on=exit_on, destination="none", in_benefits=True,
                            early_reason="Zieht nach Bayern.")
    retention.apply_retention(today=exit_on + dt.timedelta(days=729))
    assert FollowUp.objects.get(outcome=outcome).early_reason == ""


# --- issue 11, point 13: fallback for clients without a recorded end of benefit receipt --------
def test_client_without_benefit_exit_is_pseudonymised_after_the_fallback(cast, settings):
    settings.NW_RETENTION_NO_BENEFIT_EXIT_DAYS = 1095
    last_run_end = cast.run_a.ends_on  # Ali's only run; no outcome with a benefit exit
    retention.apply_retention(today=last_run_end + dt.timedelta(days=1095 + 729))
    assert Client.objects.get(pk=cast.ali.pk).last_name == "Demir"
    report = retention.apply_retention(today=last_run_end + dt.timedelta(days=1095 + 730))
    assert Client.objects.get(pk=cast.ali.pk).last_name.startswith("PSN-")
    assert cast.ali.pk in report.clients["client"]


def test_the_fallback_is_a_setting(cast, settings):
    settings.NW_RETENTION_NO_BENEFIT_EXIT_DAYS = 0
    day = cast.run_a.ends_on + dt.timedelta(days=730)
    retention.apply_retention(today=day)
    assert Client.objects.get(pk=cast.ali.pk).last_name.startswith("PSN-")


def test_a_recorded_benefit_exit_wins_over_the_fallback(cast, settings, monkeypatch):
    settings.NW_RETENTION_NO_BENEFIT_EXIT_DAYS = 0
    exit_on = cast.run_a.ends_on + dt.timedelta(days=400)
    monkeypatch.setattr(retention, "_benefit_exits", lambda: {cast.ali.pk: exit_on})
    retention.apply_retention(today=exit_on + dt.timedelta(days=729))
    assert Client.objects.get(pk=cast.ali.pk).last_name == "Demir"


def test_a_negative_fallback_is_refused_at_start():
    import subprocess
    import sys

    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django, os; os.environ.setdefault("
         "'DJANGO_SETTINGS_MODULE', 'neue_wege.settings'); django.setup()"],
        env={**__import__("os").environ, "NW_RETENTION_NO_BENEFIT_EXIT_DAYS": "-1"},
        capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "NW_RETENTION_NO_BENEFIT_EXIT_DAYS" in result.stderr
