"""Participants and their programme space: seats, stories, feedback, portal invitations.

A participant sees their own stories and what their group shares; the run's facilitators see
what is shared with the group or with them; nobody else sees programme-space content (case
managers only what a participant releases, see `requests.access_released_item`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Q, QuerySet, Value, When

from neue_wege.clients.models import Enrollment
from neue_wege.portal.models import Invitation
from neue_wege.privacy.access.catalogue import leads_run, runs_led_by
from neue_wege.privacy.access.lookup import get_in_scope, not_found
from neue_wege.privacy.access.roles import Viewer, is_facilitator, is_participant
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent
from neue_wege.programmes.models import Run
from neue_wege.strengths.models import Story, StrengthFeedback


def enrollments_of(user: Viewer) -> QuerySet[Enrollment]:
    """The participant's own seats (active or completed runs)."""
    if not is_participant(user):
        return Enrollment.objects.none()
    return Enrollment.objects.filter(client__user=user, status__in=Enrollment.SEAT_STATUSES)


def current_enrollment(user: Viewer) -> Enrollment | None:
    active_first = Case(When(status=Enrollment.Status.ACTIVE, then=Value(0)), default=Value(1))
    return (enrollments_of(user).select_related("run", "client")
            .order_by(active_first, "-started_on").first())


# --- stories and feedback -----------------------------------------------------------------------
def stories_for(user: Viewer) -> QuerySet[Story]:
    visibility = Story.Visibility
    if is_participant(user):
        mine = enrollments_of(user)
        group_runs = mine.values("run_id")
        return Story.objects.filter(
            Q(enrollment__in=mine)
            | Q(visibility=visibility.GROUP, enrollment__run_id__in=group_runs,
                enrollment__status__in=Enrollment.SEAT_STATUSES)
        )
    if is_facilitator(user):
        return Story.objects.filter(enrollment__run__in=runs_led_by(user),
                                    visibility__in=[visibility.GROUP, visibility.FACILITATOR])
    return Story.objects.none()


def is_story_writer(user: Viewer, story: Story) -> bool:
    return is_participant(user) and story.enrollment.client.user_id == user.pk


def access_story(user: Viewer, story_id: Any) -> Story:
    """A story the user may read; reading someone else's story is logged."""
    story = get_in_scope(
        stories_for(user).select_related("enrollment__client", "enrollment__run"), story_id)
    if not is_story_writer(user, story):
        audit_record(actor=user, action=AuditEvent.Action.VIEW, obj=story,
                     client_id=story.enrollment.client_id)
    return story


def access_own_story(user: Viewer, story_id: Any) -> Story:
    """Only the writer edits, shares or withdraws a story."""
    story = access_story(user, story_id)
    if not is_story_writer(user, story):
        raise not_found()
    return story


def feedback_for(user: Viewer) -> QuerySet[StrengthFeedback]:
    """Feedback the user may read: visible feedback on readable stories; facilitators of the
    run also see held feedback (to release or remove it); givers see what they gave."""
    readable = stories_for(user)
    visible = StrengthFeedback.Status.VISIBLE
    if is_facilitator(user):
        return StrengthFeedback.objects.filter(story__in=readable)
    if is_participant(user):
        return StrengthFeedback.objects.filter(
            Q(story__in=readable, status=visible) | Q(given_by=user))
    return StrengthFeedback.objects.none()


def story_feedback_for(user: Viewer, story: Story) -> QuerySet[StrengthFeedback]:
    """The feedback shown on a story's page: never removed feedback; a participant sees what
    is visible and what they gave themselves, the run's facilitators also held feedback."""
    feedback = (feedback_for(user).filter(story=story)
                .exclude(status=StrengthFeedback.Status.REMOVED))
    if is_participant(user):
        feedback = feedback.filter(Q(status=StrengthFeedback.Status.VISIBLE)
                                   | Q(given_by_id=user.pk))
    return feedback


def can_moderate_feedback(user: Viewer, feedback: StrengthFeedback) -> bool:
    return leads_run(user, feedback.story.enrollment.run)


# --- the facilitator's view of a participant, portal invitations --------------------------------
def access_run_enrollment(user: Viewer, run: Run, enrollment_id: Any) -> Enrollment:
    """A participant (seat) of a run the user leads; 404 for everything else."""
    queryset = Enrollment.objects.filter(run=run, run__in=runs_led_by(user),
                                         status__in=Enrollment.SEAT_STATUSES)
    return get_in_scope(queryset.select_related("client", "run__programme_version__programme"),
                        enrollment_id)


def access_enrollment_for_facilitator(user: Viewer, enrollment_id: Any) -> Enrollment:
    """A participant's seat in a run the user leads (to invite them to the portal); logged."""
    enrollment = get_in_scope(
        Enrollment.objects.filter(run__in=runs_led_by(user),
                                  client__job_centre_id=getattr(user, "job_centre_id", None))
        .select_related("client", "run__location"),
        enrollment_id,
    )
    audit_record(actor=user, action=AuditEvent.Action.VIEW, obj=enrollment,
                 client_id=enrollment.client_id)
    return enrollment


def access_invitation_for_facilitator(user: Viewer, invitation_id: Any) -> Invitation:
    """A portal invitation to a run the user leads (the printed sheet); logged."""
    job_centre_id = getattr(user, "job_centre_id", None)
    invitation = get_in_scope(
        Invitation.objects.filter(enrollment__run__in=runs_led_by(user),
                                  enrollment__client__job_centre_id=job_centre_id)
        .select_related("enrollment__client", "enrollment__run__location"),
        invitation_id,
    )
    audit_record(actor=user, action=AuditEvent.Action.VIEW, obj=invitation,
                 client_id=invitation.enrollment.client_id)
    return invitation
