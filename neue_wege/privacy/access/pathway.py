"""The path: interests, vision, obstacles and strategies, next steps, occupation suggestions.

The participant reads and writes their own path; the facilitators of the run read it (obstacles
included, also health and addiction, which are special categories under Art. 9 GDPR). Case
managers, management and administrators read none of it: a later "release to the case
manager" must go through `obstacles_for` and leave out `special_category` rows unless the
participant released that very row.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet

from neue_wege.clients.models import Enrollment
from neue_wege.orientation.models import ActionStep, Obstacle, OccupationSuggestion, Strategy
from neue_wege.privacy.access.catalogue import runs_led_by
from neue_wege.privacy.access.lookup import get_in_scope
from neue_wege.privacy.access.programme_space import enrollments_of
from neue_wege.privacy.access.roles import Viewer, is_facilitator, is_participant
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent
from neue_wege.programmes.models import Run


def pathway_enrollments_for(user: Viewer) -> QuerySet[Enrollment]:
    """Seats whose path the user reads: their own (participant) or those of runs they lead."""
    if is_participant(user):
        return enrollments_of(user)
    if is_facilitator(user):
        return Enrollment.objects.filter(run__in=runs_led_by(user),
                                         client__job_centre_id=user.job_centre_id,
                                         status__in=Enrollment.SEAT_STATUSES)
    return Enrollment.objects.none()


def may_read_special_category(user: Viewer, enrollment: Enrollment) -> bool:
    """Health and addiction entries: only the participant and the run's facilitators."""
    return pathway_enrollments_for(user).filter(pk=enrollment.pk).exists()


def obstacles_for(user: Viewer) -> QuerySet[Obstacle]:
    """Obstacles the user reads (special categories included only for the two roles above)."""
    return Obstacle.objects.filter(enrollment__in=pathway_enrollments_for(user))


def _own(user: Viewer, model: type[Model], object_id: Any, via: str = "enrollment") -> Any:
    """A path object of the participant's own seats (they change it); 404 for everyone else."""
    return get_in_scope(model._default_manager.filter(**{f"{via}__in": enrollments_of(user)}),
                        object_id)


def access_own_obstacle(user: Viewer, obstacle_id: Any) -> Obstacle:
    return _own(user, Obstacle, obstacle_id)


def access_own_strategy(user: Viewer, strategy_id: Any) -> Strategy:
    return get_in_scope(Strategy.objects.filter(obstacle__enrollment__in=enrollments_of(user))
                        .select_related("obstacle"), strategy_id)


def access_own_action_step(user: Viewer, step_id: Any) -> ActionStep:
    return _own(user, ActionStep, step_id)


def access_own_occupation_suggestion(user: Viewer, suggestion_id: Any) -> OccupationSuggestion:
    return _own(user, OccupationSuggestion, suggestion_id)


def access_pathway_enrollment(user: Viewer, run: Run, enrollment_id: Any) -> Enrollment:
    """A participant of a run the facilitator leads, to read their path; the read is logged."""
    enrollment = get_in_scope(pathway_enrollments_for(user).filter(run=run)
                              .select_related("client", "run__programme_version__programme"),
                              enrollment_id)
    audit_record(actor=user, action=AuditEvent.Action.VIEW, obj=enrollment,
                 client_id=enrollment.client_id, reason="Weg: Interessen, Zielbild, Schritte")
    return enrollment


def may_decide_occupation_suggestions(user: Viewer, enrollment: Enrollment) -> bool:
    """Save / dismiss occupation suggestions: the participant and the run's facilitators."""
    return pathway_enrollments_for(user).filter(pk=enrollment.pk).exists()


def access_pathway_occupation_suggestion(user: Viewer, enrollment: Enrollment,
                                         suggestion_id: Any) -> OccupationSuggestion:
    """A suggestion on the list of a participant the facilitator leads (404 otherwise);
    `enrollment` comes from `access_pathway_enrollment`."""
    return get_in_scope(OccupationSuggestion.objects.filter(
        enrollment=enrollment, enrollment__in=pathway_enrollments_for(user),
        enrollment__run__in=runs_led_by(user))
        .select_related("occupation", "enrollment"), suggestion_id)
