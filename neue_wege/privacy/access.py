"""Who may see and change what: the one module every view and selector asks.

The rules, per role (all of them only ever inside the user's own job centre):

| record                         | facilitator        | case manager          | management | administrator |
|--------------------------------|--------------------|-----------------------|------------|---------------|
| programme, version, method     | read, change       | read                  | read       | read, change  |
| run: catalogue (dates, seats)  | read; create       | read                  | read       | read          |
| run: roster, sessions, notes,  | runs they lead     | –                     | –          | –             |
|   attendance, referral decision|                    |                       |            |               |
| client record                  | clients referred   | own caseload          | –          | –             |
|                                | to runs they lead  | (read, change, refer) |            |               |
| referral                       | to runs they lead  | of own caseload       | –          | –             |
| key figures (aggregates)       | –                  | –                     | read       | –             |
| staff accounts (not portal     | –                  | –                     | –          | read, create, |
|   accounts), locations         |                    |                       |            | change        |
| location (pickers, read only)  | read               | read                  | read       | read          |
| municipality (shared, all job  | –                  | –                     | –          | read          |
|   centres; admin list)         |                    |                       |            |               |

Participants (portal accounts) see none of the staff pages.

Objects outside a user's scope answer 404, exactly like objects that do not exist, so that no
one learns that a record exists (`access_*`). An allowed reader without the right to act gets
403 (`require`).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.http import Http404

from neue_wege.organisation.models import User
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent

if TYPE_CHECKING:
    from neue_wege.clients.models import Client, Enrollment, Referral
    from neue_wege.organisation.models import Location, Municipality
    from neue_wege.programmes.models import Method, Programme, Run, Session
    from neue_wege.strengths.models import Story, StrengthFeedback

Role = User.Role
STAFF_ROLES = frozenset({Role.FACILITATOR, Role.CASE_MANAGER, Role.MANAGEMENT,
                         Role.ADMINISTRATOR})


# --- capabilities (no object) -----------------------------------------------------------------
def is_staff_member(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and user.role in STAFF_ROLES and user.job_centre_id is not None)


def can_read_catalogue(user: Any) -> bool:
    return is_staff_member(user)


def can_change_catalogue(user: Any) -> bool:
    return is_staff_member(user) and user.role in {Role.FACILITATOR, Role.ADMINISTRATOR}


def can_create_run(user: Any) -> bool:
    return is_staff_member(user) and user.role == Role.FACILITATOR


def can_refer(user: Any) -> bool:
    return is_staff_member(user) and user.role == Role.CASE_MANAGER


def can_see_key_figures(user: Any) -> bool:
    return is_staff_member(user) and user.role == Role.MANAGEMENT


def can_manage_accounts(user: Any) -> bool:
    """Administrators manage the staff accounts of their own job centre."""
    return is_staff_member(user) and user.role == Role.ADMINISTRATOR


def can_manage_locations(user: Any) -> bool:
    """Administrators manage their job centre's locations and see the municipality list."""
    return is_staff_member(user) and user.role == Role.ADMINISTRATOR


def can_list_referrals(user: Any) -> bool:
    """Case managers (their caseload's referrals) and facilitators (referrals to their runs)."""
    return can_refer(user) or (is_staff_member(user) and user.role == Role.FACILITATOR)


def can_change_client(user: Any, client: Client) -> bool:
    """Only the client's own case manager edits the record and refers the client."""
    return can_refer(user) and client.case_manager_id == user.pk


def can_decide_referral(user: Any, referral: Referral) -> bool:
    """Accept or decline: the facilitators who lead the run."""
    return leads_run(user, referral.run)


def can_withdraw_referral(user: Any, referral: Referral) -> bool:
    """Withdraw: the run's facilitators or the client's case manager."""
    return can_change_client(user, referral.client) or leads_run(user, referral.run)


def require(allowed: bool) -> None:
    """For users inside the scope who lack the right to act: 403."""
    if not allowed:
        raise PermissionDenied


def _not_found() -> Http404:
    return Http404("Nicht gefunden")


def _parse_id(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError) as error:
        raise _not_found() from error


# --- scoped querysets ---------------------------------------------------------------------------
def programmes_for(user: Any) -> QuerySet[Programme]:
    from neue_wege.programmes.models import Programme

    if not can_read_catalogue(user):
        return Programme.objects.none()
    return Programme.objects.filter(job_centre_id=user.job_centre_id)


def methods_for(user: Any) -> QuerySet[Method]:
    from neue_wege.programmes.models import Method

    if not can_read_catalogue(user):
        return Method.objects.none()
    return Method.objects.filter(job_centre_id=user.job_centre_id)


def runs_for(user: Any) -> QuerySet[Run]:
    """The run catalogue a user may read (no participant data in it)."""
    from neue_wege.programmes.models import Run

    if not is_staff_member(user):
        return Run.objects.none()
    return Run.objects.filter(programme_version__programme__job_centre_id=user.job_centre_id)


def runs_led_by(user: Any) -> QuerySet[Run]:
    """Runs whose roster, sessions and referrals the user works with."""
    from neue_wege.programmes.models import Run

    if not (is_staff_member(user) and user.role == Role.FACILITATOR):
        return Run.objects.none()
    return runs_for(user).filter(facilitators=user)


def leads_run(user: Any, run: Run) -> bool:
    return runs_led_by(user).filter(pk=run.pk).exists()


def clients_for(user: Any) -> QuerySet[Client]:
    from neue_wege.clients.models import Client, Referral

    if not is_staff_member(user):
        return Client.objects.none()
    own_centre = Client.objects.filter(job_centre_id=user.job_centre_id)
    if user.role == Role.CASE_MANAGER:
        return own_centre.filter(case_manager=user)
    if user.role == Role.FACILITATOR:
        referred_to_my_runs = Referral.objects.filter(
            client=OuterRef("pk"), run__in=runs_led_by(user)
        )
        return own_centre.filter(Exists(referred_to_my_runs))
    return Client.objects.none()


def referrals_for(user: Any) -> QuerySet[Referral]:
    from neue_wege.clients.models import Referral

    if not is_staff_member(user):
        return Referral.objects.none()
    own_centre = Referral.objects.filter(client__job_centre_id=user.job_centre_id)
    if user.role == Role.CASE_MANAGER:
        return own_centre.filter(client__case_manager=user)
    if user.role == Role.FACILITATOR:
        return own_centre.filter(run__in=runs_led_by(user))
    return Referral.objects.none()


def referrals_for_aggregates(user: Any) -> QuerySet[Referral]:
    """Referrals that management may count (never list): their job centre's runs."""
    from neue_wege.clients.models import Referral

    if not can_see_key_figures(user):
        return Referral.objects.none()
    return Referral.objects.filter(run__in=runs_for(user))


def sessions_for(user: Any) -> QuerySet[Session]:
    from neue_wege.programmes.models import Session

    return Session.objects.filter(run__in=runs_led_by(user))


def users_for(user: Any) -> QuerySet[User]:
    """Staff accounts of the administrator's job centre (never participants' portal accounts)."""
    if not can_manage_accounts(user):
        return User.objects.none()
    return User.objects.filter(job_centre_id=user.job_centre_id, role__in=STAFF_ROLES)


def locations_for(user: Any) -> QuerySet[Location]:
    """Locations and mobile venues of the user's job centre, for reading (e.g. pickers)."""
    from neue_wege.organisation.models import Location

    if not is_staff_member(user):
        return Location.objects.none()
    return Location.objects.filter(job_centre_id=user.job_centre_id)


def managed_locations_for(user: Any) -> QuerySet[Location]:
    """Locations an administrator may change: those of their own job centre."""
    from neue_wege.organisation.models import Location

    if not can_manage_locations(user):
        return Location.objects.none()
    return locations_for(user)


def municipalities_for(user: Any) -> QuerySet[Municipality]:
    """Municipalities are shared by all job centres; administrators see the list."""
    from neue_wege.organisation.models import Municipality

    if not can_manage_locations(user):
        return Municipality.objects.none()
    return Municipality.objects.all()


# --- single objects: 404 for missing and forbidden alike -----------------------------------------
def _get(queryset: QuerySet[Any], object_id: Any) -> Any:
    try:
        return queryset.get(pk=_parse_id(object_id))
    except queryset.model.DoesNotExist as error:
        raise _not_found() from error


def access_programme(user: Any, programme_id: Any) -> Programme:
    return _get(programmes_for(user), programme_id)


def access_method(user: Any, method_id: Any) -> Method:
    return _get(methods_for(user), method_id)


def access_run(user: Any, run_id: Any) -> Run:
    return _get(runs_for(user).select_related(
        "programme_version__programme", "location"), run_id)


def access_led_run(user: Any, run_id: Any) -> Run:
    return _get(runs_led_by(user).select_related(
        "programme_version__programme", "location"), run_id)


def access_session(user: Any, session_id: Any) -> Session:
    return _get(sessions_for(user).select_related("run"), session_id)


def access_client(user: Any, client_id: Any, *, reason: str = "") -> Client:
    """A client record; reading it is logged."""
    client = _get(clients_for(user).select_related("municipality", "case_manager"), client_id)
    audit_record(actor=user, action=AuditEvent.Action.VIEW, obj=client, client_id=client.pk,
                 reason=reason)
    return client


def access_referral(user: Any, referral_id: Any) -> Referral:
    referral = _get(
        referrals_for(user).select_related(
            "client__municipality", "run__programme_version__programme", "run__location",
            "referred_by",
        ),
        referral_id,
    )
    audit_record(actor=user, action=AuditEvent.Action.VIEW, obj=referral,
                 client_id=referral.client_id)
    return referral


def access_user(user: Any, user_id: Any) -> User:
    """A staff account an administrator manages; reading it is logged."""
    try:
        account = users_for(user).select_related("home_location").get(
            public_id=_parse_id(user_id))
    except User.DoesNotExist as error:
        raise _not_found() from error
    audit_record(actor=user, action=AuditEvent.Action.VIEW, obj=account)
    return account


def access_location(user: Any, location_id: Any) -> Location:
    """A location an administrator manages (404 for everyone else)."""
    return _get(managed_locations_for(user).select_related("municipality"), location_id)


# --- participants and their programme space (stories, feedback) ---------------------------------
# A participant sees their own stories and what their group shares; the run's facilitators see
# what is shared with the group or with them; nobody else sees programme-space content (case
# managers only what a participant releases, handled with the release feature).
def is_participant(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and user.role == Role.PARTICIPANT)


def enrollments_of(user: Any) -> QuerySet[Enrollment]:
    """The participant's own seats (active or completed runs)."""
    from neue_wege.clients.models import Enrollment

    if not is_participant(user):
        return Enrollment.objects.none()
    return Enrollment.objects.filter(client__user=user, status__in=Enrollment.SEAT_STATUSES)


def current_enrollment(user: Any) -> Enrollment | None:
    from neue_wege.clients.models import Enrollment

    active_first = Case(When(status=Enrollment.Status.ACTIVE, then=Value(0)), default=Value(1))
    return (enrollments_of(user).select_related("run", "client")
            .order_by(active_first, "-started_on").first())


def stories_for(user: Any) -> QuerySet[Story]:
    from neue_wege.clients.models import Enrollment
    from neue_wege.strengths.models import Story

    visibility = Story.Visibility
    if is_participant(user):
        mine = enrollments_of(user)
        group_runs = mine.values("run_id")
        return Story.objects.filter(
            Q(enrollment__in=mine)
            | Q(visibility=visibility.GROUP, enrollment__run_id__in=group_runs,
                enrollment__status__in=Enrollment.SEAT_STATUSES)
        )
    if is_staff_member(user) and user.role == Role.FACILITATOR:
        return Story.objects.filter(enrollment__run__in=runs_led_by(user),
                                    visibility__in=[visibility.GROUP, visibility.FACILITATOR])
    return Story.objects.none()


def is_story_writer(user: Any, story: Story) -> bool:
    return is_participant(user) and story.enrollment.client.user_id == user.pk


def access_story(user: Any, story_id: Any) -> Story:
    """A story the user may read; reading someone else's story is logged."""
    story = _get(stories_for(user).select_related("enrollment__client", "enrollment__run"),
                 story_id)
    if not is_story_writer(user, story):
        audit_record(actor=user, action=AuditEvent.Action.VIEW, obj=story,
                     client_id=story.enrollment.client_id)
    return story


def access_own_story(user: Any, story_id: Any) -> Story:
    """Only the writer edits, shares or withdraws a story."""
    story = access_story(user, story_id)
    if not is_story_writer(user, story):
        raise _not_found()
    return story


def feedback_for(user: Any) -> QuerySet[StrengthFeedback]:
    """Feedback the user may read: visible feedback on readable stories; facilitators of the
    run also see held feedback (to release or remove it); givers see what they gave."""
    from neue_wege.strengths.models import StrengthFeedback

    readable = stories_for(user)
    visible = StrengthFeedback.Status.VISIBLE
    if is_staff_member(user) and user.role == Role.FACILITATOR:
        return StrengthFeedback.objects.filter(story__in=readable)
    if is_participant(user):
        return StrengthFeedback.objects.filter(
            Q(story__in=readable, status=visible) | Q(given_by=user))
    return StrengthFeedback.objects.none()


def can_moderate_feedback(user: Any, feedback: StrengthFeedback) -> bool:
    return leads_run(user, feedback.story.enrollment.run)


# --- strength catalogue versions and the facilitator's view of a participant ---------------------
def strength_catalogues_for(user: Any) -> QuerySet[Any]:
    """Versions of the user's own job centre's strength catalogue (staff read them)."""
    from neue_wege.strengths.models import StrengthCatalogue

    if not can_read_catalogue(user):
        return StrengthCatalogue.objects.none()
    return StrengthCatalogue.objects.filter(job_centre_id=user.job_centre_id)


def access_strength_catalogue(user: Any, catalogue_id: Any) -> Any:
    return _get(strength_catalogues_for(user).select_related("created_by"), catalogue_id)


def access_run_enrollment(user: Any, run: Run, enrollment_id: Any) -> Enrollment:
    """A participant (seat) of a run the user leads; 404 for everything else."""
    from neue_wege.clients.models import Enrollment

    queryset = Enrollment.objects.filter(run=run, run__in=runs_led_by(user),
                                         status__in=Enrollment.SEAT_STATUSES)
    return _get(queryset.select_related("client", "run__programme_version__programme"),
                enrollment_id)


# --- portal invitations (facilitators of the run invite its participants) -----------------------
def access_enrollment_for_facilitator(user: Any, enrollment_id: Any) -> Enrollment:
    """A participant's seat in a run the user leads (to invite them to the portal); logged."""
    from neue_wege.clients.models import Enrollment

    enrollment = _get(
        Enrollment.objects.filter(run__in=runs_led_by(user),
                                  client__job_centre_id=getattr(user, "job_centre_id", None))
        .select_related("client", "run__location"),
        enrollment_id,
    )
    audit_record(actor=user, action=AuditEvent.Action.VIEW, obj=enrollment,
                 client_id=enrollment.client_id)
    return enrollment


def access_invitation_for_facilitator(user: Any, invitation_id: Any) -> Any:
    """A portal invitation to a run the user leads (the printed sheet); logged."""
    from neue_wege.portal.models import Invitation

    job_centre_id = getattr(user, "job_centre_id", None)
    invitation = _get(
        Invitation.objects.filter(enrollment__run__in=runs_led_by(user),
                                  enrollment__client__job_centre_id=job_centre_id)
        .select_related("enrollment__client", "enrollment__run__location"),
        invitation_id,
    )
    audit_record(actor=user, action=AuditEvent.Action.VIEW, obj=invitation,
                 client_id=invitation.enrollment.client_id)
    return invitation
