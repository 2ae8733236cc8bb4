"""Letters, reminders and messages (issue 15): the facilitators of a run work with its
participants' contact channels, invitations and message record; a job centre's administrators
edit the legal notice and the reminder settings (no personal data). Nobody else."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from neue_wege.clients.models import Enrollment
from neue_wege.privacy.access.catalogue import access_led_run, runs_led_by
from neue_wege.privacy.access.lookup import get_in_scope
from neue_wege.privacy.access.roles import Role, Viewer, is_staff_member
from neue_wege.programmes.models import Run


def messaging_run_for(user: Viewer, run_id: Any) -> Run:
    """A run whose invitations and messages the user handles (its facilitators); 404 else."""
    return access_led_run(user, run_id)


def messaging_enrollments_for(user: Viewer) -> QuerySet[Enrollment]:
    """Seats whose contact channels the user records: active or completed seats of the runs
    the user leads."""
    return Enrollment.objects.filter(run__in=runs_led_by(user),
                                     status__in=Enrollment.SEAT_STATUSES)


def access_messaging_enrollment(user: Viewer, enrollment_id: Any) -> Enrollment:
    return get_in_scope(messaging_enrollments_for(user).select_related("client", "run"),
                        enrollment_id)


def can_manage_message_settings(user: Viewer | None) -> bool:
    """Administrators edit the legal notice (versioned) and the reminder settings."""
    return is_staff_member(user) and user.role == Role.ADMINISTRATOR
