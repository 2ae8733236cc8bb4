"""Invitations, reminders, "we missed you", consent withdrawal and retries, end to end through
the task runner and real local SMTP and SMS servers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from neue_wege.jobs.worker import run_queued
from neue_wege.messaging import selectors, services
from neue_wege.messaging.exceptions import MessagingError
from neue_wege.messaging.letters import letters_pdf
from neue_wege.messaging.models import ContactChannel, OutboundMessage, ReminderSetting
from neue_wege.messaging.tests.conftest import NOTICE, add_session, consent
from neue_wege.privacy.models import AuditEvent
from neue_wege.programmes.models import Attendance
from neue_wege.testing.assertions import pdf_text

Status = OutboundMessage.Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def consents(cast):  # noqa: ANN001, ANN201
    """Nina agreed to e-mail, SMS and letters; Ali only gave his postal address."""
    consent(cast, cast.nina, "email", "nina@example.org")
    consent(cast, cast.nina, "sms", "+4915123456789")
    consent(cast, cast.nina, "letter", "Nordstraße 3\n46399 Bocholt")
    consent(cast, cast.ali, "letter", "Südwall 8\n46397 Bocholt")


def invite(cast, django_capture_on_commit_callbacks):  # noqa: ANN001, ANN201
    with django_capture_on_commit_callbacks(execute=True):
        messages = services.invitations_create(actor=cast.fatma, run=cast.run_a)
    run_queued()
    return messages


def test_invitations_go_out_by_letter_and_by_the_agreed_channels(
        cast, notice, consents, smtp, sms, django_capture_on_commit_callbacks):  # noqa: ANN001
    add_session(cast.run_a, days=3)
    messages = invite(cast, django_capture_on_commit_callbacks)
    assert sorted((m.client.first_name, m.channel) for m in messages) == [
        ("Ali", "letter"), ("Nina", "email"), ("Nina", "letter"), ("Nina", "sms")]
    assert [m["X-Envelope-To"] for m in smtp.received] == ["nina@example.org"]
    assert "Europaplatz 17" in smtp.bodies()[0]
    assert [r["json"]["to"] for r in sms.requests] == ["+4915123456789"]
    text = sms.requests[0]["json"]["text"]
    # No programme content in an SMS: no run title, no topic, no programme name.
    for word in ("Stärken", "entdecken", cast.run_a.title):
        assert word not in text
    assert "Europaplatz 17" in text
    rows = OutboundMessage.objects.filter(run=cast.run_a)
    assert set(rows.values_list("status", flat=True)) == {Status.SENT}
    assert all(len(row.content_digest) == 64 for row in rows)
    assert rows.get(channel="letter", client=cast.nina).legal_notice == notice
    assert rows.get(channel="sms").provider_id == "sms-1"
    assert AuditEvent.objects.filter(object_type="messaging.OutboundMessage",
                                     action="create").count() == 4
    with pytest.raises(MessagingError, match="schon eingeladen"):
        services.invitations_create(actor=cast.fatma, run=cast.run_a)


def test_invitations_need_a_legal_notice(cast):  # noqa: ANN001
    with pytest.raises(MessagingError, match="Rechtsfolgenbelehrung"):
        services.invitations_create(actor=cast.fatma, run=cast.run_a)


def test_letters_of_a_run_are_one_pdf_with_the_recorded_notice_version(
        cast, notice, consents, smtp, sms, django_capture_on_commit_callbacks):  # noqa: ANN001
    add_session(cast.run_a, days=3)
    invite(cast, django_capture_on_commit_callbacks)
    services.legal_notice_add(actor=cast.admin, text="Eine spätere Fassung mit anderem Text.")
    letters = list(selectors.invitation_letters(cast.run_a))
    text = pdf_text(letters_pdf(letters))
    assert text.count("Einladung zu einem Gruppenangebot") == 2
    assert "Nordstraße 3" in text and "Südwall 8" in text
    assert "Europaplatz 17, 46399 Bocholt" in text and "openstreetmap.org" in text
    assert "Fatma Yılmaz" in text
    # Each letter keeps the version it was made with, not the newer one.
    assert text.count("Fassung 1") == 2 and "spätere Fassung" not in text
    assert NOTICE.split()[0] in text


def test_day_before_reminders_are_sent_once_when_the_job_runs_twice(
        cast, consents, smtp, sms):  # noqa: ANN001
    consent(cast, cast.ali, "email", "ali@example.org")
    tomorrow = add_session(cast.run_a, days=1)
    add_session(cast.run_a, days=3)  # default: only the day before
    for _round in range(2):
        call_command("send_reminders")
        call_command("send_reminders")
        run_queued()
    assert sorted(m["X-Envelope-To"] for m in smtp.received) == ["ali@example.org",
                                                                "nina@example.org"]
    assert len(sms.requests) == 1
    assert "Erinnerung" in sms.requests[0]["json"]["text"]
    assert set(selectors.reminders_sent(job_centre=cast.job_centre)
               .values_list("enrollment_id", "session_id")) == {
        (cast.nina_enrollment.pk, tomorrow.pk), (cast.ali_enrollment.pk, tomorrow.pk)}


def test_two_workers_claim_a_message_once(cast, consents, smtp):  # noqa: ANN001
    add_session(cast.run_a, days=1)
    services.reminders_plan()
    message = OutboundMessage.objects.get(channel="email")
    assert services.message_deliver(message_id=message.pk).status == Status.SENT
    assert services.message_deliver(message_id=message.pk) is None
    assert len(smtp.received) == 1


def test_reminder_days_are_configurable_per_programme(cast, consents, smtp, sms):  # noqa: ANN001
    add_session(cast.run_a, days=3)
    services.reminders_plan()
    assert not OutboundMessage.objects.exists()
    services.reminder_setting_set(actor=cast.admin, programme=cast.programme, days_before=3,
                                  missed_message=True)
    assert services.reminders_plan() == 2  # Nina: e-mail and SMS


def test_withdrawn_sms_consent_stops_sms_at_once(cast, consents, smtp, sms):  # noqa: ANN001
    add_session(cast.run_a, days=1)
    services.reminders_plan()
    queued = OutboundMessage.objects.get(channel="sms")
    services.contact_channel_withdraw(actor=cast.fatma, client=cast.nina, channel="sms")
    call_command("send_reminders", "--now")
    assert sms.requests == []
    assert len(smtp.received) == 1
    queued.refresh_from_db()
    assert queued.status == Status.CANCELLED and queued.error == "Einwilligung widerrufen"
    row = ContactChannel.objects.get(client=cast.nina, channel="sms")
    assert row.withdrawn_by == cast.fatma and row.withdrawn_at is not None
    assert AuditEvent.objects.filter(object_id=str(row.pk), action="change").exists()


def test_consent_is_checked_at_send_time(cast, consents, sms):  # noqa: ANN001
    """A message already claimed by the queue still stops when the consent is gone."""
    add_session(cast.run_a, days=1)
    services.reminders_plan()
    ContactChannel.objects.filter(channel="sms").update(withdrawn_at=timezone.now())
    message = OutboundMessage.objects.get(channel="sms")
    assert services.message_deliver(message_id=message.pk).status == Status.CANCELLED
    assert sms.requests == []


def test_transient_failures_are_retried_with_backoff(cast, consents, sms):  # noqa: ANN001
    import time_machine
    add_session(cast.run_a, days=1)
    ContactChannel.objects.filter(channel="email").delete()
    services.reminders_plan()
    sms.answers[:] = [503, 503]
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        services.deliver(services.message_ids_due())
        message = OutboundMessage.objects.get(channel="sms")
        assert (message.status, message.attempts) == (Status.QUEUED, 1)
        assert "503" in message.error
        assert message.next_attempt_at == start + dt.timedelta(minutes=1)
        assert services.message_ids_due() == []  # waits for the backoff
        traveller.shift(dt.timedelta(minutes=2))
        services.deliver(services.message_ids_due())
        message.refresh_from_db()
        assert message.next_attempt_at == timezone.now() + dt.timedelta(minutes=4)
        traveller.shift(dt.timedelta(minutes=5))
        services.deliver(services.message_ids_due())
    message.refresh_from_db()
    assert (message.status, message.attempts, message.error) == (Status.SENT, 3, "")
    assert len(sms.requests) == 3


def test_permanent_failure_is_recorded_in_german(cast, consents, sms):  # noqa: ANN001
    add_session(cast.run_a, days=1)
    ContactChannel.objects.filter(channel="email").delete()
    services.reminders_plan()
    sms.answers[:] = [400]
    services.deliver(services.message_ids_due())
    message = OutboundMessage.objects.get(channel="sms")
    assert message.status == Status.FAILED
    assert message.error == "Der SMS-Dienst hat die Nachricht abgelehnt (Status 400)."
    assert list(selectors.run_failures(cast.run_a)) == [message]


def test_unexcused_absence_gets_a_friendly_message_once(cast, consents, smtp, sms):  # noqa: ANN001
    past = add_session(cast.run_a, days=-1)
    add_session(cast.run_a, days=6)
    Attendance.objects.create(session=past, enrollment=cast.nina_enrollment, status="absent")
    Attendance.objects.create(session=past, enrollment=cast.ali_enrollment, status="excused")
    call_command("send_reminders", "--now")
    call_command("send_reminders", "--now")
    assert [m["Subject"] for m in smtp.received] == ["Wir haben Sie vermisst"]
    assert "vermisst" in sms.requests[0]["json"]["text"]
    assert len(sms.requests) == 1
    ReminderSetting.objects.create(programme=cast.programme, missed_message=False)
    OutboundMessage.objects.all().delete()
    assert services.reminders_plan() == 0


def test_second_consent_for_the_same_channel_is_refused(cast, consents):  # noqa: ANN001
    with pytest.raises(MessagingError, match="schon eine Einwilligung"):
        consent(cast, cast.nina, "sms", "+4917012345678")


def test_legal_notice_versions_are_added_not_edited(cast):  # noqa: ANN001
    first = services.legal_notice_add(actor=cast.admin, text=NOTICE)
    second = services.legal_notice_add(actor=cast.admin, text=NOTICE + " Ergänzt.")
    other = services.legal_notice_add(actor=cast.olga, text=NOTICE)
    assert (first.version, second.version, other.version) == (1, 2, 1)
    assert services.legal_notice_current(cast.job_centre.pk) == second
    with pytest.raises(MessagingError):
        services.legal_notice_add(actor=cast.admin, text="kurz")


def test_data_export_lists_channels_and_messages(cast, consents):  # noqa: ANN001
    from neue_wege.privacy.subject_rights import collect
    add_session(cast.run_a, days=1)
    services.reminders_plan()
    section = next(s for s in collect(cast.nina)["sections"] if s["key"] == "messaging")
    kinds = sorted(r["record_type"] for r in section["rows"])
    assert kinds == ["Kontaktweg"] * 3 + ["Nachricht"] * 2
    assert "+4915123456789" in str(section["rows"])
