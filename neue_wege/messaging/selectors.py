"""Reads of the messaging domain. Viewer-dependent reads start from privacy.access."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from neue_wege.messaging.models import Channel, ContactChannel, OutboundMessage
from neue_wege.programmes.models import Run


def reminded_seat_sessions(*, job_centre: Any, run_ids: Any = None,
                           channels: Any = None) -> set[tuple[Any, Any]]:
    """(enrollment_id, session_id) of every seat that got a reminder *sent* for a session
    (for the no-show figures: with and without reminder). Optionally only some runs or
    channels."""
    rows = OutboundMessage.objects.filter(
        job_centre=job_centre, kind=OutboundMessage.Kind.REMINDER,
        status=OutboundMessage.Status.SENT, session__isnull=False)
    if run_ids is not None:
        rows = rows.filter(run_id__in=run_ids)
    if channels is not None:
        rows = rows.filter(channel__in=channels)
    return set(rows.values_list("enrollment_id", "session_id").distinct())


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
