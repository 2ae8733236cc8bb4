"""Programme catalogue, runs and sessions, strength catalogue versions (staff).

Staff of a job centre read its catalogue; facilitators work with the runs they lead (roster,
sessions, referrals). See the role table in `roles.py`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from neue_wege.organisation.models import Room
from neue_wege.privacy.access.lookup import get_in_scope
from neue_wege.privacy.access.roles import Viewer, can_read_catalogue, is_facilitator, is_staff_member
from neue_wege.programmes.models import Method, Programme, Run, Session
from neue_wege.strengths.models import StrengthCatalogue


def programmes_for(user: Viewer) -> QuerySet[Programme]:
    if not can_read_catalogue(user):
        return Programme.objects.none()
    return Programme.objects.filter(job_centre_id=user.job_centre_id)


def methods_for(user: Viewer) -> QuerySet[Method]:
    if not can_read_catalogue(user):
        return Method.objects.none()
    return Method.objects.filter(job_centre_id=user.job_centre_id)


def runs_for(user: Viewer) -> QuerySet[Run]:
    """The run catalogue a user may read (no participant data in it)."""
    if not is_staff_member(user):
        return Run.objects.none()
    return Run.objects.filter(programme_version__programme__job_centre_id=user.job_centre_id)


def runs_led_by(user: Viewer) -> QuerySet[Run]:
    """Runs whose roster, sessions and referrals the user works with."""
    if not is_facilitator(user):
        return Run.objects.none()
    return runs_for(user).filter(facilitators=user)


def leads_run(user: Viewer, run: Run) -> bool:
    return runs_led_by(user).filter(pk=run.pk).exists()


def sessions_for(user: Viewer) -> QuerySet[Session]:
    return Session.objects.filter(run__in=runs_led_by(user))


def sessions_in_centre(user: Viewer) -> QuerySet[Session]:
    """Every session of the job centre, for the planning calendars (dates, rooms, who leads;
    no participant data): staff of the job centre."""
    return Session.objects.filter(run__in=runs_for(user))


def rooms_for(user: Viewer) -> QuerySet[Room]:
    """Rooms of the job centre's locations (read: staff; change: facilitators)."""
    if not is_staff_member(user):
        return Room.objects.none()
    return Room.objects.filter(location__job_centre_id=user.job_centre_id)


def access_room(user: Viewer, room_id: Any) -> Room:
    return get_in_scope(rooms_for(user).select_related("location"), room_id)


def access_programme(user: Viewer, programme_id: Any) -> Programme:
    return get_in_scope(programmes_for(user), programme_id)


def access_method(user: Viewer, method_id: Any) -> Method:
    return get_in_scope(methods_for(user), method_id)


def access_run(user: Viewer, run_id: Any) -> Run:
    return get_in_scope(runs_for(user).select_related(
        "programme_version__programme", "location"), run_id)


def access_led_run(user: Viewer, run_id: Any) -> Run:
    return get_in_scope(runs_led_by(user).select_related(
        "programme_version__programme", "location"), run_id)


def access_session(user: Viewer, session_id: Any) -> Session:
    return get_in_scope(sessions_for(user).select_related("run"), session_id)


# --- strength catalogue versions ----------------------------------------------------------------
def strength_catalogues_for(user: Viewer) -> QuerySet[StrengthCatalogue]:
    """Versions of the user's own job centre's strength catalogue (staff read them)."""
    if not can_read_catalogue(user):
        return StrengthCatalogue.objects.none()
    return StrengthCatalogue.objects.filter(job_centre_id=user.job_centre_id)


def access_strength_catalogue(user: Viewer, catalogue_id: Any) -> StrengthCatalogue:
    return get_in_scope(strength_catalogues_for(user).select_related("created_by"), catalogue_id)
