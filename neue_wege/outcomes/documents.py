"""Printed documents of a seat (issue 15): the certificate of participation
(Teilnahmebescheinigung) for the participant and the confirmation for the case manager's file.

Both carry attendance facts only: the dates attended, counts of excused and unexcused
absences, how the seat ended (category) — never stories, notes or obstacles. The content
covered comes from the methods of the run's programme version. PDFs via `core.pdf`; each
print is audited as an export.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from neue_wege.clients.models import Enrollment
from neue_wege.core.pdf import html_to_pdf
from neue_wege.outcomes.models import Outcome
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent
from neue_wege.programmes.models import Attendance, Session


@dataclass
class SeatFacts:
    attended: list[dt.date]
    excused: int
    absent: int
    sessions_held: int
    methods: list[Any]
    outcome: Outcome | None


def seat_facts(enrollment: Enrollment) -> SeatFacts:
    statuses = list(Attendance.objects.filter(enrollment=enrollment)
                    .select_related("session").order_by("session__starts_at"))
    attended = [timezone.localtime(a.session.starts_at).date() for a in statuses
                if a.status == Attendance.Status.PRESENT]
    end = enrollment.ended_on or timezone.localdate()
    held = Session.objects.filter(run_id=enrollment.run_id,
                                  starts_at__date__gte=enrollment.started_on,
                                  starts_at__date__lte=end, starts_at__lte=timezone.now()).count()
    return SeatFacts(
        attended=attended,
        excused=sum(a.status == Attendance.Status.EXCUSED for a in statuses),
        absent=sum(a.status == Attendance.Status.ABSENT for a in statuses),
        sessions_held=held,
        methods=list(enrollment.run.programme_version.methods.order_by("name")),
        outcome=Outcome.objects.filter(enrollment=enrollment).first())


def _context(enrollment: Enrollment) -> dict[str, Any]:
    run = enrollment.run
    return {"enrollment": enrollment, "client": enrollment.client, "run": run,
            "programme": run.programme_version.programme, "facts": seat_facts(enrollment),
            "job_centre": run.programme_version.programme.job_centre,
            "today": timezone.localdate(), "finished": enrollment.ended_on is not None}


@transaction.atomic
def certificate_pdf(*, actor: Any, enrollment: Enrollment) -> bytes:
    """Teilnahmebescheinigung: dates attended and the content covered."""
    pdf = html_to_pdf(render_to_string("outcomes/certificate_pdf.html", _context(enrollment)))
    audit_record(actor=actor, action=AuditEvent.Action.EXPORT, obj=enrollment,
                 client_id=enrollment.client_id, reason="Teilnahmebescheinigung als PDF")
    return pdf


@transaction.atomic
def confirmation_pdf(*, actor: Any, enrollment: Enrollment) -> bytes:
    """Confirmation for the case manager's file: seat, attendance counts, how it ended."""
    pdf = html_to_pdf(render_to_string("outcomes/confirmation_pdf.html", _context(enrollment)))
    audit_record(actor=actor, action=AuditEvent.Action.EXPORT, obj=enrollment,
                 client_id=enrollment.client_id, reason="Teilnahmebestätigung für die Akte")
    return pdf
