"""Notices written by the services that cause them, the absence threshold, the digest job."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone, translation

from neue_wege.clients import services as clients
from neue_wege.inbox import services
from neue_wege.inbox.models import InboxPolicy, Notice
from neue_wege.jobs.worker import run_queued
from neue_wege.outcomes.services import enrollment_end
from neue_wege.programmes.models import Attendance, Session
from neue_wege.programmes.services import attendance_record

pytestmark = pytest.mark.django_db


def _kinds(user) -> list[str]:  # noqa: ANN001
    return list(Notice.objects.filter(recipient=user).order_by("created_at")
                .values_list("kind", flat=True))


def _past_session(run, days_ago: int) -> Session:  # noqa: ANN001
    start = timezone.now() - dt.timedelta(days=days_ago)
    return Session.objects.create(run=run, starts_at=start, ends_at=start + dt.timedelta(hours=2))


def test_the_cast_wrote_the_expected_notices(cast):
    # build_cast referred and accepted Nina, Ali (karl → fatma) and Sven (petra → jonas)
    assert _kinds(cast.fatma) == ["referral_new", "referral_new"]
    assert _kinds(cast.karl) == ["accepted", "accepted"]
    assert _kinds(cast.petra) == ["accepted"]
    text = Notice.objects.filter(recipient=cast.karl).first().text
    assert "wurde in „Stärken entdecken A“ aufgenommen." in text


def test_decline_notifies_the_case_manager_without_the_reason(cast):
    new = clients.client_create(actor=cast.karl, case_number="BOR-0777", first_name="Lena",
                                last_name="Offen", date_of_birth=dt.date(1990, 1, 1),
                                gender="f", municipality=cast.bocholt,
                                benefit_since=dt.date(2022, 1, 1))
    referral = clients.referral_create(actor=cast.karl, client=new, run=cast.run_a,
                                       potential_note="Potenzial")
    clients.referral_decline(actor=cast.fatma, referral=referral,
                             reason="Vertrauliche Begründung")
    notice = Notice.objects.get(recipient=cast.karl, kind="declined")
    assert "wurde abgelehnt" in notice.text and "Vertrauliche" not in notice.text
    assert "Vertrauliche" not in str(notice.params)


def test_two_unexcused_absences_notify_the_case_manager_once(cast):
    nina = cast.nina_enrollment
    first, second, third = (_past_session(cast.run_a, n) for n in (5, 4, 3))
    attendance_record(actor=cast.fatma, session=first, statuses={nina.pk: "absent"}, note="")
    assert not Notice.objects.filter(kind="absences").exists()
    attendance_record(actor=cast.fatma, session=second,
                      statuses={nina.pk: "absent", cast.ali_enrollment.pk: "present"},
                      note="Privat: Kind krank")
    notice = Notice.objects.get(kind="absences")
    assert notice.recipient == cast.karl and notice.params["count"] == 2
    assert "Nina Kemper hat in „Stärken entdecken A“ 2 Termine unentschuldigt gefehlt." == (
        notice.text)
    assert "Kind" not in str(notice.params)
    # recording the same session again does not repeat it; a third absence is not a new step
    attendance_record(actor=cast.fatma, session=second, statuses={nina.pk: "absent"}, note="")
    attendance_record(actor=cast.fatma, session=third, statuses={nina.pk: "absent"}, note="")
    assert Notice.objects.filter(kind="absences").count() == 1


def test_the_threshold_is_set_per_job_centre(cast):
    InboxPolicy.objects.create(job_centre=cast.job_centre, absence_threshold=1)
    session = _past_session(cast.run_a, 2)
    attendance_record(actor=cast.fatma, session=session,
                      statuses={cast.ali_enrollment.pk: "absent"}, note="")
    assert Notice.objects.filter(kind="absences", recipient=cast.karl).count() == 1
    assert Attendance.objects.count() == 1


def test_ending_a_seat_tells_the_case_manager_the_category(cast):
    enrollment_end(actor=cast.fatma, enrollment=cast.nina_enrollment, ended_how="dropped_out",
                   ended_on=timezone.localdate(), dropout_reason="health",
                   dropout_note="Details, die nicht weitergegeben werden")
    notice = Notice.objects.get(kind="seat_ended")
    assert notice.recipient == cast.karl
    assert "abgebrochen (Gesundheit)" in notice.text and "Details" not in notice.text


def test_the_category_is_shown_in_the_readers_language_whoever_wrote_it(cast):
    """Fatma works in English; Karl reads German (and the other way round)."""
    with translation.override("en"):
        enrollment_end(actor=cast.fatma, enrollment=cast.nina_enrollment,
                       ended_how="dropped_out", ended_on=timezone.localdate(),
                       dropout_reason="health", dropout_note="")
    notice = Notice.objects.get(kind="seat_ended")
    assert (notice.params["category"], notice.params["detail"]) == ("abgebrochen", "Gesundheit")
    cast.nina_enrollment.refresh_from_db()
    assert cast.nina_enrollment.end_reason == "Gesundheit"  # the record, too, in German
    with translation.override("de"):
        assert notice.text.endswith("ist beendet: abgebrochen (Gesundheit).")
    with translation.override("en"):
        assert notice.text.endswith("has ended: dropped out (Health).")
    # A notice written before the categories were kept as source text shows as it was.
    Notice.objects.filter(pk=notice.pk).update(params={"run": "Stärken entdecken A",
                                                      "category": "abgebrochen (Gesundheit)"})
    notice.refresh_from_db()
    with translation.override("en"):
        assert notice.text.endswith("has ended: abgebrochen (Gesundheit).")


def test_a_withdrawal_releases_the_seat_to_the_facilitators(cast):
    clients.referral_withdraw(actor=cast.karl, referral=cast.nina_enrollment.referral,
                              reason="Umzug")
    notice = Notice.objects.get(kind="seat_released")
    assert notice.recipient == cast.fatma
    assert not Notice.objects.filter(kind="seat_ended").exists()  # karl did it himself


def test_daily_digest_is_sent_once_through_the_task_runner(cast, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cast.karl.email = "karl@example.org"
    cast.karl.save()
    services.digest_set(actor=cast.karl, daily=True)
    services.digests_start()
    run_queued()
    assert len(mail.outbox) == 1
    assert "2 ungelesene Nachrichten" in mail.outbox[0].subject
    assert "aufgenommen" in mail.outbox[0].body
    services.digests_start()  # nothing new: no second job, no second e-mail
    run_queued()
    assert len(mail.outbox) == 1
    assert services.digests_start() == []


def test_without_opt_in_no_digest(cast, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cast.karl.email = "karl@example.org"
    cast.karl.save()
    assert services.digests_start() == []
    run_queued()
    assert mail.outbox == []


def test_notices_do_not_keep_the_name_after_pseudonymisation(cast):
    from neue_wege.privacy.retention import pseudonymise_client

    notice = Notice.objects.filter(recipient=cast.karl, client=cast.nina).first()
    assert "Nina Kemper" in notice.text
    assert "Kemper" not in str(notice.params)
    pseudonymise_client(cast.nina)
    notice = Notice.objects.get(pk=notice.pk)
    assert "Kemper" not in notice.text


def test_inbox_digest_command_queues_the_jobs(cast, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cast.petra.email = "petra@example.org"
    cast.petra.save()
    services.digest_set(actor=cast.petra, daily=True)
    out = StringIO()
    call_command("inbox_digest", stdout=out)
    assert "1 digest job(s) queued" in out.getvalue()
    run_queued()
    assert [m.to for m in mail.outbox] == [["petra@example.org"]]
