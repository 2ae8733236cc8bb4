"""Reads of the messaging domain. Viewer-dependent reads start from privacy.access."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from neue_wege.clients.models import Client, Enrollment
from neue_wege.messaging.models import (
    Channel,
    ContactChannel,
    LegalNotice,
    OutboundMessage,
    ReminderSetting,
)
from neue_wege.programmes.models import Programme, Run


def reminders_sent(*, job_centre: Any, run_ids: Any = None,
                   channels: Any = None) -> QuerySet[OutboundMessage]:
    """The reminders *sent* for a session, with their enrollment and session (for the no-show
    figures: with and without reminder). A query, so that the database pairs them with the
    attendance (at a county's scale these are millions). Optionally only some runs or
    channels."""
    rows = OutboundMessage.objects.filter(
        job_centre=job_centre, kind=OutboundMessage.Kind.REMINDER,
        status=OutboundMessage.Status.SENT, session__isnull=False)
    if run_ids is not None:
        rows = rows.filter(run_id__in=run_ids)
    if channels is not None:
        rows = rows.filter(channel__in=channels)
    return rows


def run_messages(run: Run, *, limit: int = 200) -> QuerySet[OutboundMessage]:
    """The run's messages, newest first, failures included (the facilitator's view)."""
    return (OutboundMessage.objects.filter(run=run)
            .select_related("client", "session").order_by("-created_at")[:limit])


def run_failures(run: Run) -> QuerySet[OutboundMessage]:
    return (OutboundMessage.objects.filter(run=run, status=OutboundMessage.Status.FAILED)
            .select_related("client", "session").order_by("-updated_at"))


def invitation_letters(run: Run) -> QuerySet[OutboundMessage]:
    return (OutboundMessage.objects.filter(run=run, kind=OutboundMessage.Kind.INVITATION,
                                           channel=Channel.LETTER)
            .select_related("client", "enrollment__client", "enrollment__run__location",
                            "run__location__municipality", "job_centre", "legal_notice")
            .order_by("client__last_name", "client__first_name"))


def active_channels(client_ids: Any) -> dict[Any, dict[str, ContactChannel]]:
    out: dict[Any, dict[str, ContactChannel]] = {}
    for row in ContactChannel.objects.filter(client_id__in=list(client_ids),
                                             withdrawn_at__isnull=True):
        out.setdefault(row.client_id, {})[row.channel] = row
    return out


def run_overview(run: Run) -> dict[str, Any]:
    """What the run's message page shows: its seats with consents and invitation state, the
    message record, its failures and the reminder days of the programme."""
    enrollments = list(run.enrollments.filter(status__in=Enrollment.SEAT_STATUSES)
                       .select_related("client").order_by("client__last_name",
                                                          "client__first_name"))
    consents = active_channels(e.client_id for e in enrollments)
    invited = set(run.messages.filter(kind=OutboundMessage.Kind.INVITATION)
                  .values_list("enrollment_id", flat=True))
    rows = [{"enrollment": e, "channels": consents.get(e.client_id, {}),
             "invited": e.pk in invited} for e in enrollments]
    messages = list(run_messages(run))
    setting = ReminderSetting.objects.filter(
        programme_id=run.programme_version.programme_id).first()
    return {
        "enrollments": enrollments, "rows": rows, "messages_list": messages,
        "failures": [m for m in messages if m.status == OutboundMessage.Status.FAILED],
        "uninvited": sum(1 for row in rows if not row["invited"]
                         and row["enrollment"].status == Enrollment.Status.ACTIVE),
        "letters": any(m.channel == Channel.LETTER and m.kind == OutboundMessage.Kind.INVITATION
                       for m in messages),
        "days_before": setting.days_before if setting else ReminderSetting.DEFAULT_DAYS_BEFORE,
    }


def legal_notices(job_centre_id: Any) -> list[LegalNotice]:
    """The job centre's legal notice versions, newest (the one in force) first."""
    return list(LegalNotice.objects.filter(job_centre_id=job_centre_id)
                .select_related("created_by").order_by("-version"))


def reminder_settings(programmes: QuerySet[Programme]) -> list[ReminderSetting]:
    return list(ReminderSetting.objects.filter(programme__in=programmes)
                .select_related("programme").order_by("programme__name"))


def contact_channels_of(client: Client) -> list[ContactChannel]:
    return list(ContactChannel.objects.filter(client=client)
                .select_related("consent_recorded_by", "withdrawn_by"))
