"""Outcomes: ending a seat, destination and follow-ups, self-assessment aggregates.

The run's facilitators end a seat (completed / dropped out); the client's own case manager
records what came after (destination, benefit exit, follow-ups) — facilitators never see
benefit data; management counts through the evaluation only; participants answer their own
self-assessment in the portal.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from neue_wege.clients.models import Enrollment
from neue_wege.outcomes.models import FollowUp
from neue_wege.privacy.access.catalogue import runs_led_by
from neue_wege.privacy.access.lookup import get_in_scope
from neue_wege.privacy.access.roles import Viewer, can_refer
from neue_wege.privacy.access.staff_records import clients_for
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent


def access_enrollment_to_end(user: Viewer, enrollment_id: Any) -> Enrollment:
    """An active seat in a run the user leads (to end it); logged."""
    enrollment = get_in_scope(
        Enrollment.objects.filter(run__in=runs_led_by(user), status=Enrollment.Status.ACTIVE,
                                  client__job_centre_id=getattr(user, "job_centre_id", None))
        .select_related("client", "run__programme_version__programme"),
        enrollment_id,
    )
    audit_record(actor=user, action=AuditEvent.Action.VIEW, obj=enrollment,
                 client_id=enrollment.client_id, reason="Teilnahme beenden")
    return enrollment


def case_enrollments_for(user: Viewer) -> QuerySet[Enrollment]:
    """Seats of the case manager's own caseload (any status)."""
    if not can_refer(user):
        return Enrollment.objects.none()
    return Enrollment.objects.filter(client__in=clients_for(user))


def access_case_enrollment(user: Viewer, enrollment_id: Any, *, reason: str = "") -> Enrollment:
    """A seat of a client of the user's own caseload (destination, follow-ups); logged."""
    enrollment = get_in_scope(case_enrollments_for(user).select_related(
        "client", "run__programme_version__programme", "run__location"), enrollment_id)
    audit_record(actor=user, action=AuditEvent.Action.VIEW, obj=enrollment,
                 client_id=enrollment.client_id, reason=reason or "Verbleib")
    return enrollment


def follow_ups_for(user: Viewer) -> QuerySet[FollowUp]:
    """Follow-ups of the case manager's own caseload."""
    return FollowUp.objects.filter(outcome__enrollment__in=case_enrollments_for(user))
