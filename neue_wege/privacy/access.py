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
| path: interests, vision, next  | runs they lead     | –                     | –          | –             |
|   steps, occupation suggestions| (read only)        |                       |            |               |
| obstacles, strategies (incl.   | runs they lead     | never (special        | never      | never         |
|   health/addiction = Art. 9)   | (read only)        |   categories)         |            |               |
| released items (strength       | –                  | own caseload, only    | –          | –             |
|   profile, next steps, vision) |                    |   while released to   |            |               |
|                                |                    |   them (read only)    |            |               |
| data subject requests          | –                  | own caseload (record, | –          | job centre    |
|                                |                    |   close)              |            | (record,close)|
| outcome: end a seat (completed| runs they lead     | –                     | –          | –             |
|   / dropped out + reason)      |                    |                       |            |               |
| outcome: destination, benefit  | never              | own caseload (read,   | aggregates | –             |
|   exit, follow-ups             |                    |   record)             | (evaluat.) |               |
| self-assessment                | runs they lead:    | never                 | aggregates | –             |
|                                | who filled; means  |                       | (evaluat.) |               |
|                                | from 5 pairs only  |                       |            |               |

Participants (portal accounts) see none of the staff pages; they read and write their own path
(interests, vision, obstacles and strategies, next steps, occupation suggestions).

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


def can_read_occupations(user: Any) -> bool:
    """The occupational classification (ESCO/KldB, no personal data): staff and participants."""
    return is_staff_member(user) or is_participant(user)


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


def can_manage_instruments(user: Any) -> bool:
    """Administrators view, load and switch the self-assessment instruments (installation-wide
    data, no personal data; docs/outcomes.md)."""
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


def enrollments_for_aggregates(user: Any) -> QuerySet[Enrollment]:
    """Enrollments management may count for the evaluation (never list): their runs."""
    from neue_wege.clients.models import Enrollment

    if not can_see_key_figures(user):
        return Enrollment.objects.none()
    return Enrollment.objects.filter(run__in=runs_for(user))


def clients_for_aggregates(user: Any) -> QuerySet[Client]:
    """Clients management may count for the matched comparison (never list): own centre."""
    from neue_wege.clients.models import Client

    if not can_see_key_figures(user):
        return Client.objects.none()
    return Client.objects.filter(job_centre_id=user.job_centre_id)


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


# --- the path: interests, vision, obstacles and strategies, next steps, suggestions -------------
# The participant reads and writes their own path; the facilitators of the run read it (obstacles
# included, also health and addiction, which are special categories under Art. 9 GDPR). Case
# managers, management and administrators read none of it: a later "release to the case
# manager" must go through `obstacles_for` and leave out `special_category` rows unless the
# participant released that very row.
def pathway_enrollments_for(user: Any) -> QuerySet[Enrollment]:
    """Seats whose path the user reads: their own (participant) or those of runs they lead."""
    from neue_wege.clients.models import Enrollment

    if is_participant(user):
        return enrollments_of(user)
    if is_staff_member(user) and user.role == Role.FACILITATOR:
        return Enrollment.objects.filter(run__in=runs_led_by(user),
                                         client__job_centre_id=user.job_centre_id,
                                         status__in=Enrollment.SEAT_STATUSES)
    return Enrollment.objects.none()


def may_read_special_category(user: Any, enrollment: Enrollment) -> bool:
    """Health and addiction entries: only the participant and the run's facilitators."""
    return pathway_enrollments_for(user).filter(pk=enrollment.pk).exists()


def obstacles_for(user: Any) -> QuerySet[Any]:
    """Obstacles the user reads (special categories included only for the two roles above)."""
    from neue_wege.orientation.models import Obstacle

    return Obstacle.objects.filter(enrollment__in=pathway_enrollments_for(user))


def _own(user: Any, model: Any, object_id: Any, via: str = "enrollment") -> Any:
    """A path object of the participant's own seats (they change it); 404 for everyone else."""
    return _get(model.objects.filter(**{f"{via}__in": enrollments_of(user)}), object_id)


def access_own_obstacle(user: Any, obstacle_id: Any) -> Any:
    from neue_wege.orientation.models import Obstacle

    return _own(user, Obstacle, obstacle_id)


def access_own_strategy(user: Any, strategy_id: Any) -> Any:
    from neue_wege.orientation.models import Strategy

    return _get(Strategy.objects.filter(obstacle__enrollment__in=enrollments_of(user))
                .select_related("obstacle"), strategy_id)


def access_own_action_step(user: Any, step_id: Any) -> Any:
    from neue_wege.orientation.models import ActionStep

    return _own(user, ActionStep, step_id)


def access_own_occupation_suggestion(user: Any, suggestion_id: Any) -> Any:
    from neue_wege.orientation.models import OccupationSuggestion

    return _own(user, OccupationSuggestion, suggestion_id)


def access_pathway_enrollment(user: Any, run: Run, enrollment_id: Any) -> Enrollment:
    """A participant of a run the facilitator leads, to read their path; the read is logged."""
    enrollment = _get(pathway_enrollments_for(user).filter(run=run)
                      .select_related("client", "run__programme_version__programme"),
                      enrollment_id)
    audit_record(actor=user, action=AuditEvent.Action.VIEW, obj=enrollment,
                 client_id=enrollment.client_id, reason="Weg: Interessen, Zielbild, Schritte")
    return enrollment


def may_decide_occupation_suggestions(user: Any, enrollment: Enrollment) -> bool:
    """Save / dismiss occupation suggestions: the participant and the run's facilitators."""
    return pathway_enrollments_for(user).filter(pk=enrollment.pk).exists()


def access_pathway_occupation_suggestion(user: Any, enrollment: Enrollment,
                                         suggestion_id: Any) -> Any:
    """A suggestion on the list of a participant the facilitator leads (404 otherwise);
    `enrollment` comes from `access_pathway_enrollment`."""
    from neue_wege.orientation.models import OccupationSuggestion

    return _get(OccupationSuggestion.objects.filter(
        enrollment=enrollment, enrollment__in=pathway_enrollments_for(user),
        enrollment__run__in=runs_led_by(user))
        .select_related("occupation", "enrollment"), suggestion_id)


# --- outcomes: ending a seat, destination and follow-ups, self-assessment aggregates -----------
# The run's facilitators end a seat (completed / dropped out); the client's own case manager
# records what came after (destination, benefit exit, follow-ups) — facilitators never see
# benefit data; management counts through the evaluation only; participants answer their own
# self-assessment in the portal.
def access_enrollment_to_end(user: Any, enrollment_id: Any) -> Enrollment:
    """An active seat in a run the user leads (to end it); logged."""
    from neue_wege.clients.models import Enrollment

    enrollment = _get(
        Enrollment.objects.filter(run__in=runs_led_by(user), status=Enrollment.Status.ACTIVE,
                                  client__job_centre_id=getattr(user, "job_centre_id", None))
        .select_related("client", "run__programme_version__programme"),
        enrollment_id,
    )
    audit_record(actor=user, action=AuditEvent.Action.VIEW, obj=enrollment,
                 client_id=enrollment.client_id, reason="Teilnahme beenden")
    return enrollment


def case_enrollments_for(user: Any) -> QuerySet[Enrollment]:
    """Seats of the case manager's own caseload (any status)."""
    from neue_wege.clients.models import Enrollment

    if not can_refer(user):
        return Enrollment.objects.none()
    return Enrollment.objects.filter(client__in=clients_for(user))


def access_case_enrollment(user: Any, enrollment_id: Any, *, reason: str = "") -> Enrollment:
    """A seat of a client of the user's own caseload (destination, follow-ups); logged."""
    enrollment = _get(case_enrollments_for(user).select_related(
        "client", "run__programme_version__programme", "run__location"), enrollment_id)
    audit_record(actor=user, action=AuditEvent.Action.VIEW, obj=enrollment,
                 client_id=enrollment.client_id, reason=reason or "Verbleib")
    return enrollment


def follow_ups_for(user: Any) -> QuerySet[Any]:
    """Follow-ups of the case manager's own caseload."""
    from neue_wege.outcomes.models import FollowUp

    return FollowUp.objects.filter(outcome__enrollment__in=case_enrollments_for(user))


# --- releases to the case manager and data subject requests (docs/privacy.md) -------------------
def access_released_item(user: Any, client_id: Any, item_key: str) -> tuple[Client, Any]:
    """An item of the programme space the client released to this case manager, and in force.

    404 for everything else: other caseloads, no release, withdrawn, released to a former case
    manager, unknown item. Each read is logged with its purpose.
    """
    from neue_wege.privacy import releases

    if not can_refer(user):
        raise _not_found()
    client = _get(clients_for(user).filter(case_manager=user), client_id)
    state = next((s for s in releases.released_to(user, client) if s.item.key == item_key),
                 None)
    if state is None:
        raise _not_found()
    AuditEvent.objects.create(
        actor=user, actor_label=user.username, action=AuditEvent.Action.VIEW,
        object_type=state.item.object_type, object_id=str(client.pk), client_id=client.pk,
        reason=f"Freigabe an das Fallmanagement ({state.consent.pk})")
    return client, state


def can_handle_data_subject_requests(user: Any) -> bool:
    """Case managers (own caseload) and administrators (their job centre) record requests."""
    return is_staff_member(user) and user.role in {Role.CASE_MANAGER, Role.ADMINISTRATOR}


def data_subject_clients_for(user: Any) -> QuerySet[Client]:
    """Clients whose requests the user may record: own caseload, or the job centre (admin)."""
    from neue_wege.clients.models import Client

    if not can_handle_data_subject_requests(user):
        return Client.objects.none()
    centre = Client.objects.filter(job_centre_id=user.job_centre_id)
    return centre if user.role == Role.ADMINISTRATOR else centre.filter(case_manager=user)


def data_subject_requests_for(user: Any) -> QuerySet[Any]:
    """Requests staff may see and close; a participant sees their own (read only)."""
    from neue_wege.privacy.models import DataSubjectRequest

    if is_participant(user):
        return DataSubjectRequest.objects.filter(client__user=user)
    return DataSubjectRequest.objects.filter(client__in=data_subject_clients_for(user))


def access_data_subject_request(user: Any, request_id: Any) -> Any:
    """A request staff may handle (404 otherwise); reading it is logged."""
    if not can_handle_data_subject_requests(user):
        raise _not_found()
    found = data_subject_requests_for(user).select_related("client", "handled_by")
    dsr = _get(found, request_id)
    audit_record(actor=user, action=AuditEvent.Action.VIEW, obj=dsr, client_id=dsr.client_id)
    return dsr
