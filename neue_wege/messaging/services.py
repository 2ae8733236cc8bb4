"""Every write of the messaging domain: consents per channel, legal notice versions, reminder
settings, invitations, reminders and the delivery of each message.

Delivery is exactly once: a message row is unique per (seat, session, kind, channel), and a
sender claims it with one conditional UPDATE (queued → sending) before it talks to the
channel; a second worker or a second run of the reminder job finds nothing to claim.
Consent is checked at send time: a withdrawn channel cancels what is still queued.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from neue_wege.clients.models import Client, Enrollment
from neue_wege.messaging import channels, content
from neue_wege.messaging.exceptions import DeliveryError, MessagingError
from neue_wege.messaging.models import (
    Channel,
    ContactChannel,
    LegalNotice,
    OutboundMessage,
    ReminderSetting,
)
from neue_wege.organisation.models import JobCentre
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent
from neue_wege.programmes.models import Attendance, Programme, Run, Session

logger = logging.getLogger("neue_wege.messaging")
Status = OutboundMessage.Status
Kind = OutboundMessage.Kind
# How long after a transient failure the next attempt waits: 1, 4, 16, 64 minutes …
BACKOFF_BASE_MINUTES = 1
BACKOFF_FACTOR = 4
# Absences older than this get no "we missed you" any more (a late record is not news).
MISSED_WITHIN = dt.timedelta(days=7)


# --- consent per channel ------------------------------------------------------------------------
@transaction.atomic
def contact_channel_add(*, actor: Any, client: Client, channel: str,
                        address: str) -> ContactChannel:
    """Record the client's consent to be reached through `channel` at `address` (already
    normalised by the form: E.164, e-mail address, postal lines)."""
    if channel not in Channel.values:
        raise MessagingError(_("Diesen Kontaktweg gibt es nicht."))
    if ContactChannel.objects.select_for_update().filter(
            client=client, channel=channel, withdrawn_at__isnull=True).exists():
        raise MessagingError(_("Für diesen Kontaktweg gibt es schon eine Einwilligung. Bitte "
                               "widerrufen Sie sie zuerst, um die Angabe zu ändern."))
    row = ContactChannel(client=client, channel=channel, address=address,
                         consent_at=timezone.now(), consent_recorded_by=actor)
    row.full_clean()
    row.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=row, client_id=client.pk,
                 reason=f"Einwilligung {channel}")
    return row


@transaction.atomic
def contact_channel_withdraw(*, actor: Any, client: Client, channel: str) -> ContactChannel:
    """Withdraw the consent at once: queued messages through that channel are cancelled (and
    delivery checks the consent again at send time)."""
    row = (ContactChannel.objects.select_for_update()
           .filter(client=client, channel=channel, withdrawn_at__isnull=True).first())
    if row is None:
        raise MessagingError(_("Für diesen Kontaktweg liegt keine Einwilligung vor."))
    row.withdrawn_at = timezone.now()
    row.withdrawn_by = actor
    row.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    OutboundMessage.objects.filter(client=client, channel=channel, status=Status.QUEUED).update(
        status=Status.CANCELLED, error=_("Einwilligung widerrufen"), updated_at=timezone.now())
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=row, client_id=client.pk,
                 reason=f"Einwilligung {channel} widerrufen")
    return row


# --- legal notice and reminder settings ---------------------------------------------------------
@transaction.atomic
def legal_notice_add(*, actor: Any, text: str) -> LegalNotice:
    """A new version of the job centre's legal notice; earlier versions stay as they were."""
    text = text.strip()
    if len(text) < 20:
        raise MessagingError(_("Bitte geben Sie den vollständigen Text der "
                               "Rechtsfolgenbelehrung ein."))
    job_centre = JobCentre.objects.select_for_update().get(pk=actor.job_centre_id)
    latest = LegalNotice.objects.filter(job_centre=job_centre).aggregate(v=Max("version"))["v"]
    notice = LegalNotice.objects.create(job_centre=job_centre, version=(latest or 0) + 1,
                                        text=text, created_by=actor)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=notice)
    return notice


def legal_notice_current(job_centre_id: Any) -> LegalNotice | None:
    return LegalNotice.objects.filter(job_centre_id=job_centre_id).order_by("-version").first()


@transaction.atomic
def reminder_setting_set(*, actor: Any, programme: Programme, days_before: int,
                         missed_message: bool) -> ReminderSetting:
    if programme.job_centre_id != actor.job_centre_id:
        raise MessagingError(_("Dieses Projekt gehört nicht zu Ihrem Jobcenter."))
    setting, _created = ReminderSetting.objects.get_or_create(programme=programme)
    setting.days_before = days_before
    setting.missed_message = missed_message
    setting.full_clean()
    setting.save()
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=setting)
    return setting


# --- creating messages --------------------------------------------------------------------------
def _active_channels(client_ids: Iterable[Any]) -> dict[tuple[Any, str], ContactChannel]:
    rows = ContactChannel.objects.filter(client_id__in=list(client_ids),
                                         withdrawn_at__isnull=True)
    return {(row.client_id, row.channel): row for row in rows}


def _new_message(*, enrollment: Enrollment, kind: str, channel: str,
                 contact: ContactChannel | None, session: Session | None = None,
                 actor: Any = None, legal_notice: LegalNotice | None = None) -> OutboundMessage:
    return OutboundMessage(
        job_centre_id=enrollment.run.programme_version.programme.job_centre_id,
        run=enrollment.run, enrollment=enrollment, client=enrollment.client, session=session,
        kind=kind, channel=channel, contact=contact,
        recipient=contact.address if contact else "", legal_notice=legal_notice,
        created_by=actor)


def invitations_create(*, actor: Any, run: Run) -> list[OutboundMessage]:
    """Invite every participant of the run who has no invitation yet: a letter for everyone
    (the legal notice's current version is recorded with it), plus e-mail and SMS where the
    person agreed. Delivery starts in the background after the commit."""
    with transaction.atomic():
        run = Run.objects.select_for_update().select_related(
            "programme_version__programme", "location").get(pk=run.pk)
        notice = legal_notice_current(run.programme_version.programme.job_centre_id)
        if notice is None:
            raise MessagingError(_("Es gibt noch keine Rechtsfolgenbelehrung. Bitte lassen Sie "
                                   "sie von der Administration anlegen."))
        invited = OutboundMessage.objects.filter(run=run, kind=Kind.INVITATION).values(
            "enrollment_id")
        enrollments = list(run.enrollments.filter(status=Enrollment.Status.ACTIVE)
                           .exclude(pk__in=invited).select_related("client", "run"))
        if not enrollments:
            raise MessagingError(_("Alle Teilnehmenden dieses Durchlaufs sind schon "
                                   "eingeladen."))
        consents = _active_channels(e.client_id for e in enrollments)
        messages = []
        for enrollment in enrollments:
            messages.append(_new_message(
                enrollment=enrollment, kind=Kind.INVITATION, channel=Channel.LETTER,
                contact=consents.get((enrollment.client_id, Channel.LETTER)), actor=actor,
                legal_notice=notice))
            for channel in (Channel.EMAIL, Channel.SMS):
                contact = consents.get((enrollment.client_id, channel))
                if contact is not None:
                    messages.append(_new_message(enrollment=enrollment, kind=Kind.INVITATION,
                                                 channel=channel, contact=contact, actor=actor))
        OutboundMessage.objects.bulk_create(messages)
        for message in messages:
            audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=message,
                         client_id=message.client_id, reason=f"Einladung {message.channel}")
        ids = [str(message.pk) for message in messages]
        transaction.on_commit(lambda: _start_delivery(actor=actor, run=run, message_ids=ids))
    return messages


def _start_delivery(*, actor: Any, run: Run, message_ids: list[str]) -> None:
    from neue_wege.jobs import services as jobs
    from neue_wege.messaging.tasks import deliver_messages

    jobs.start(owner=actor, kind="messaging.deliver", title=_("Einladungen für %(run)s") % {
        "run": run.title}, task=deliver_messages, message_ids=message_ids)


def _reminder_days(programme_ids: Iterable[Any]) -> dict[Any, ReminderSetting]:
    return {s.programme_id: s for s in ReminderSetting.objects.filter(
        programme_id__in=list(programme_ids))}


def reminders_plan(*, now: dt.datetime | None = None) -> int:
    """Queue the reminders that are due (sessions starting before the end of the day
    `days_before` days ahead, not started yet) and the "we missed you" messages for unexcused
    absences of the last week. Safe to run any number of times, by any number of processes:
    the unique constraints let each (seat, session, kind, channel) in once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon_days = 14
    sessions = list(Session.objects.filter(
        starts_at__gt=now,
        starts_at__date__lte=today + dt.timedelta(days=horizon_days),
        run__status__in=[Run.Status.OPEN, Run.Status.RUNNING, Run.Status.PLANNED],
    ).select_related("run__programme_version__programme"))
    settings_by_programme = _reminder_days(s.run.programme_version.programme_id
                                           for s in sessions)
    created = 0
    for session in sessions:
        setting = settings_by_programme.get(session.run.programme_version.programme_id)
        days = setting.days_before if setting else ReminderSetting.DEFAULT_DAYS_BEFORE
        if session.day > today + dt.timedelta(days=days):
            continue
        created += _queue_for_session(session, Kind.REMINDER)
    absences = (Attendance.objects.filter(
        status=Attendance.Status.ABSENT, session__starts_at__gte=now - MISSED_WITHIN,
        session__starts_at__lte=now, enrollment__status=Enrollment.Status.ACTIVE)
        .select_related("session__run__programme_version__programme", "enrollment"))
    absences = list(absences)
    settings_by_programme = _reminder_days(a.session.run.programme_version.programme_id
                                           for a in absences)
    for absence in absences:
        setting = settings_by_programme.get(absence.session.run.programme_version.programme_id)
        if setting is not None and not setting.missed_message:
            continue
        created += _queue_for_session(absence.session, Kind.MISSED,
                                      enrollment_ids=[absence.enrollment_id])
    return created


def _queue_for_session(session: Session, kind: str, enrollment_ids: list[Any] | None = None
                       ) -> int:
    enrollments = session.run.enrollments.filter(status=Enrollment.Status.ACTIVE)
    if enrollment_ids is not None:
        enrollments = enrollments.filter(pk__in=enrollment_ids)
    enrollments = list(enrollments.select_related("client", "run__programme_version__programme"))
    consents = _active_channels(e.client_id for e in enrollments)
    created = 0
    for enrollment in enrollments:
        for channel in (Channel.EMAIL, Channel.SMS):
            contact = consents.get((enrollment.client_id, channel))
            if contact is None:
                continue
            message = _new_message(enrollment=enrollment, kind=kind, channel=channel,
                                   contact=contact, session=session)
            try:
                with transaction.atomic():
                    message.save()
                    audit_record(actor=None, action=AuditEvent.Action.CREATE, obj=message,
                                 client_id=enrollment.client_id, reason=f"{kind} {channel}")
            except IntegrityError:
                continue  # already queued or sent: exactly once
            created += 1
    return created


# --- delivery -----------------------------------------------------------------------------------
def message_ids_due(*, now: dt.datetime | None = None) -> list[str]:
    now = now or timezone.now()
    return [str(pk) for pk in OutboundMessage.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        status=Status.QUEUED).order_by("created_at").values_list("pk", flat=True)[:5000]]


def message_deliver(*, message_id: Any) -> OutboundMessage | None:
    """Send one queued message once. Returns it after the attempt, or None when another
    process has it (or it is no longer queued)."""
    now = timezone.now()
    claimed = OutboundMessage.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        pk=message_id, status=Status.QUEUED,
    ).update(status=Status.SENDING, attempts=F("attempts") + 1, updated_at=now)
    if not claimed:
        return None
    message = OutboundMessage.objects.select_related(
        "enrollment__client", "enrollment__run__location__municipality", "session", "contact",
        "run__programme_version__programme").get(pk=message_id)
    try:
        with translation.override("de"):  # participants get German, whoever started it
            provider_id, digest = _send(message)
    except DeliveryError as error:
        return _record_failure(message, error)
    except Exception:  # noqa: BLE001 - any other fault: try again later, log it
        logger.exception("sending %s failed", message.pk)
        return _record_failure(message, DeliveryError(
            _("Beim Versand ist ein Fehler aufgetreten."), transient=True))
    return _record(message, status=Status.SENT, sent_at=timezone.now(),
                   provider_id=provider_id[:200], content_digest=digest, error="",
                   next_attempt_at=None)


def _record(message: OutboundMessage, **fields: Any) -> OutboundMessage:
    fields["updated_at"] = timezone.now()
    with transaction.atomic():
        OutboundMessage.objects.filter(pk=message.pk).update(**fields)
        for name, value in fields.items():
            setattr(message, name, value)
        if fields.get("status") in (Status.SENT, Status.FAILED, Status.CANCELLED):
            audit_record(actor=None, action=AuditEvent.Action.CHANGE, obj=message,
                         client_id=message.client_id,
                         reason=f"{message.kind} {message.channel}: {fields['status']}")
    return message


def _record_failure(message: OutboundMessage, error: DeliveryError) -> OutboundMessage:
    if isinstance(error, ConsentWithdrawnError):
        return _record(message, status=Status.CANCELLED, error=error.message,
                       next_attempt_at=None)
    attempts = message.attempts  # read after the claim, which counted this attempt
    if error.transient and attempts < OutboundMessage.MAX_ATTEMPTS:
        wait = dt.timedelta(minutes=BACKOFF_BASE_MINUTES * BACKOFF_FACTOR ** (attempts - 1))
        return _record(message, status=Status.QUEUED, error=error.message[:300],
                       next_attempt_at=timezone.now() + wait)
    return _record(message, status=Status.FAILED, error=error.message[:300],
                   next_attempt_at=None)


def _send(message: OutboundMessage) -> tuple[str, str]:
    """Talk to the channel; returns (provider id, content digest)."""
    enrollment = message.enrollment
    if message.channel == Channel.LETTER:
        # A letter is "sent" when it is ready for print; the PDF is built from the run's data
        # and the recorded legal notice version (letters.py).
        text = content.Text("letter", "|".join([str(message.legal_notice_id),
                                                *content.run_dates(enrollment.run),
                                                content.venue(enrollment.run)]))
        return "", text.digest
    contact = message.contact
    # Consent is checked at send time: a withdrawn consent stops the message at once.
    if contact is None or contact.withdrawn_at is not None:
        raise ConsentWithdrawnError
    sms = message.channel == Channel.SMS
    if message.kind == Kind.INVITATION:
        text = content.invitation_sms(enrollment) if sms else content.invitation_email(enrollment)
    elif message.kind == Kind.REMINDER:
        text = content.reminder(enrollment, message.session, sms=sms)
    else:
        text = content.missed(enrollment, message.session, sms=sms)
    if sms:
        return channels.send_sms(to=contact.address, text=text.body), text.digest
    return channels.send_email(to=contact.address, subject=text.subject, body=text.body), \
        text.digest


class ConsentWithdrawnError(DeliveryError):
    def __init__(self) -> None:
        super().__init__(_("Einwilligung widerrufen"), transient=False)


def deliver(message_ids: Iterable[Any]) -> dict[str, int]:
    """Deliver each message (those another process holds are skipped); counts by outcome."""
    counts = {"sent": 0, "failed": 0, "retry": 0, "skipped": 0, "cancelled": 0}
    for message_id in message_ids:
        message = message_deliver(message_id=message_id)
        if message is None:
            counts["skipped"] += 1
        elif message.status == Status.SENT:
            counts["sent"] += 1
        elif message.status == Status.QUEUED:
            counts["retry"] += 1
        elif message.status == Status.CANCELLED:
            counts["cancelled"] += 1
        else:
            counts["failed"] += 1
    return counts
