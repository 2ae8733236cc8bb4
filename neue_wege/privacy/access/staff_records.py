"""Client records and referrals (case managers and facilitators), and what management may
count but never list. Reading a single record is logged."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from neue_wege.clients.models import Client, Enrollment, Referral
from neue_wege.privacy.access.catalogue import leads_run, runs_for, runs_led_by
from neue_wege.privacy.access.lookup import get_in_scope
from neue_wege.privacy.access.roles import Role, Viewer, can_refer, can_see_key_figures, is_staff_member
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent
from neue_wege.programmes.models import Run


def clients_for(user: Viewer) -> QuerySet[Client]:
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


def referrals_for(user: Viewer) -> QuerySet[Referral]:
    if not is_staff_member(user):
        return Referral.objects.none()
    own_centre = Referral.objects.filter(client__job_centre_id=user.job_centre_id)
    if user.role == Role.CASE_MANAGER:
        return own_centre.filter(client__case_manager=user)
    if user.role == Role.FACILITATOR:
        return own_centre.filter(run__in=runs_led_by(user))
    return Referral.objects.none()


def can_change_client(user: Viewer, client: Client) -> bool:
    """Only the client's own case manager edits the record and refers the client."""
    return can_refer(user) and client.case_manager_id == user.pk


def can_decide_referral(user: Viewer, referral: Referral) -> bool:
    """Accept or decline: the facilitators who lead the run."""
    return leads_run(user, referral.run)


def can_withdraw_referral(user: Viewer, referral: Referral) -> bool:
    """Withdraw: the run's facilitators or the client's case manager."""
    return can_change_client(user, referral.client) or leads_run(user, referral.run)


def access_client(user: Viewer, client_id: Any, *, reason: str = "") -> Client:
    """A client record; reading it is logged."""
    client = get_in_scope(clients_for(user).select_related("municipality", "case_manager"),
                          client_id)
    audit_record(actor=user, action=AuditEvent.Action.VIEW, obj=client, client_id=client.pk,
                 reason=reason)
    return client


def access_referral(user: Viewer, referral_id: Any) -> Referral:
    referral = get_in_scope(
        referrals_for(user).select_related(
            "client__municipality", "run__programme_version__programme", "run__location",
            "referred_by",
        ),
        referral_id,
    )
    audit_record(actor=user, action=AuditEvent.Action.VIEW, obj=referral,
                 client_id=referral.client_id)
    return referral


# --- aggregates: management counts, never lists -------------------------------------------------
def referrals_for_aggregates(user: Viewer) -> QuerySet[Referral]:
    """Referrals that management may count (never list): their job centre's runs."""
    if not can_see_key_figures(user):
        return Referral.objects.none()
    return Referral.objects.filter(run__in=runs_for(user))


def enrollments_for_aggregates(user: Viewer) -> QuerySet[Enrollment]:
    """Enrollments management may count for the evaluation (never list): their runs."""
    if not can_see_key_figures(user):
        return Enrollment.objects.none()
    return enrollments_for_centre_aggregates(user.job_centre_id)


def clients_for_aggregates(user: Viewer) -> QuerySet[Client]:
    """Clients management may count for the matched comparison (never list): own centre."""
    if not can_see_key_figures(user):
        return Client.objects.none()
    return clients_for_centre_aggregates(user.job_centre_id)


# The same scopes for work that no person runs at the moment (the evaluation snapshots built in
# the background, issue 12): the job centre is the scope. Whoever later reads the result must
# pass `can_see_key_figures` for that job centre; the figures themselves stay aggregates.
def enrollments_for_centre_aggregates(job_centre: Any) -> QuerySet[Enrollment]:
    """Enrollments in the runs of one job centre (a `JobCentre` or its id), for aggregates."""
    centre_id = getattr(job_centre, "pk", job_centre)
    if centre_id is None:
        return Enrollment.objects.none()
    runs = Run.objects.filter(programme_version__programme__job_centre_id=centre_id)
    return Enrollment.objects.filter(run__in=runs)


def clients_for_centre_aggregates(job_centre: Any) -> QuerySet[Client]:
    """Clients of one job centre (a `JobCentre` or its id), for the comparison's aggregates."""
    centre_id = getattr(job_centre, "pk", job_centre)
    if centre_id is None:
        return Client.objects.none()
    return Client.objects.filter(job_centre_id=centre_id)
