"""Reads for clients, referrals, the waitlist and enrollments, scoped to the viewer.

Every queryset starts from `privacy.access` (the one access-rule module), so a selector can
never show more than the access rules allow. The `can_*` helpers below combine those rules for
one object; they ask `access` and never decide by role on their own.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from neue_wege.clients.fit import CriterionFit, target_group_fit
from neue_wege.clients.models import Client, Enrollment, Referral, ReferralStatusChange
from neue_wege.core.collation import german
from neue_wege.privacy import access
from neue_wege.programmes.models import Run, TargetGroup

Status = Referral.Status

# Runs that take referrals and may give seats.
ACCEPTING_RUN_STATUSES = (Run.Status.OPEN, Run.Status.PLANNED, Run.Status.RUNNING)


# --- seats and the waitlist of one run (also read by the services, under the run's lock) ----
def seats_taken(run: Run) -> int:
    """How many seats of the run are taken (active enrollments)."""
    return Enrollment.objects.filter(run=run, status__in=Enrollment.SEAT_STATUSES).count()


WAITLIST_ORDER = ("waitlisted_at", "created_at", "id")  # first come, first served


def waitlist(run: Run) -> list[Referral]:
    """The run's waitlist, first come first served."""
    return list(Referral.objects.filter(run=run, status=Status.WAITLISTED)
                .select_related("client", "referred_by")
                .order_by(*WAITLIST_ORDER))


# --- clients --------------------------------------------------------------------------------
def client_list_for(*, user: Any, search: str = "", municipality_id: uuid.UUID | None = None
                    ) -> QuerySet[Client]:
    clients = access.clients_for(user).select_related("municipality")
    for term in search.split()[:5]:
        clients = clients.filter(Q(first_name__icontains=term) | Q(last_name__icontains=term)
                                 | Q(case_number__icontains=term))
    if municipality_id is not None:
        clients = clients.filter(municipality_id=municipality_id)
    # A correlated count per row (index on referral.client), not Count() over a join of the
    # whole caseload: it runs only for the rows of the page (the paginator's count drops it).
    open_referrals = (Referral.objects.filter(client=OuterRef("pk"),
                                              status__in=Referral.OPEN_STATUSES)
                      .order_by().values("client").annotate(n=Count("pk")).values("n"))
    return clients.annotate(
        open_referrals=Coalesce(Subquery(open_referrals, output_field=IntegerField()), Value(0)),
    )


def client_referrals_for(*, user: Any, client: Client) -> list[Referral]:
    """The client's referrals the viewer may see, each with its enrollment (or None)."""
    referrals = list(
        access.referrals_for(user).filter(client=client)
        .select_related("run__location", "referred_by")
        .order_by("-created_at")
    )
    enrollments = {e.referral_id: e for e in Enrollment.objects.filter(
        referral__in=[r.pk for r in referrals])}
    for referral in referrals:
        referral.enrollment_or_none = enrollments.get(referral.pk)  # type: ignore[attr-defined]
    return referrals


# --- runs to refer to -----------------------------------------------------------------------
def _count(queryset: QuerySet[Any]) -> Coalesce:
    counted = queryset.order_by().values("run").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def runs_open_for_referral(*, user: Any) -> QuerySet[Run]:
    """The job centre's runs that take referrals, with free seats and waitlist length."""
    return (
        access.runs_for(user)
        .filter(status__in=ACCEPTING_RUN_STATUSES, ends_on__gte=timezone.localdate())
        .select_related("location")
        .annotate(
            seats_taken=_count(Enrollment.objects.filter(
                run=OuterRef("pk"), status__in=Enrollment.SEAT_STATUSES)),
            waitlist_length=_count(Referral.objects.filter(
                run=OuterRef("pk"), status=Status.WAITLISTED)),
        )
        .order_by("starts_on", "title")
    )


def target_group_of(run: Run) -> TargetGroup | None:
    try:
        return run.target_group
    except TargetGroup.DoesNotExist:
        return None


def fit_for(*, client: Client, run: Run) -> list[CriterionFit]:
    """Target-group fit on the day the client would start (the run's start, or today)."""
    on = max(timezone.localdate(), run.starts_on)
    return target_group_fit(client, target_group_of(run), on)


# --- referrals ------------------------------------------------------------------------------
def referral_list_for(*, user: Any, status: str = "", current_runs: bool = False
                      ) -> QuerySet[Referral]:
    """The viewer's referrals; `current_runs`: only those to runs that have not ended."""
    referrals = access.referrals_for(user).select_related("client", "run", "referred_by")
    if status in Status.values:
        referrals = referrals.filter(status=status)
    if current_runs:
        referrals = referrals.filter(run__ends_on__gte=timezone.localdate())
    return referrals


def referral_list_defaults(*, user: Any) -> dict[str, str]:
    """What the referral list shows before the viewer filters: facilitators start on the
    referrals waiting for their decision in runs that have not ended; others on all."""
    if access.runs_led_by(user).exists():
        return {"status": Status.PENDING, "runs": "current"}
    return {"status": "", "runs": ""}


def referral_history(referral: Referral) -> QuerySet[ReferralStatusChange]:
    return referral.history.select_related("changed_by").order_by("changed_at", "id")


def referral_enrollment(referral: Referral) -> Enrollment | None:
    return Enrollment.objects.filter(referral=referral).first()


def waiting_ahead(referral: Referral) -> int:
    """How many people wait longer for a seat in the referral's run: those before it on the
    waitlist, or the whole waitlist for a pending referral (first come, first served)."""
    position = waitlist_position(referral)
    if position is not None:
        return position - 1
    return Referral.objects.filter(run_id=referral.run_id, status=Status.WAITLISTED).count()


def run_is_full(run: Run) -> bool:
    return seats_taken(run) >= run.capacity


def waitlist_position(referral: Referral) -> int | None:
    """1 + how many wait before it (WAITLIST_ORDER), counted in SQL: a run may have
    thousands waiting, and loading them all made the referral page time out at scale."""
    if referral.status != Status.WAITLISTED:
        return None
    if referral.waitlisted_at is None:  # older rows: walk the list as before
        order = [w.pk for w in waitlist(referral.run)]
        return order.index(referral.pk) + 1 if referral.pk in order else None
    at, created = referral.waitlisted_at, referral.created_at
    ahead = Referral.objects.filter(run_id=referral.run_id, status=Status.WAITLISTED).filter(
        Q(waitlisted_at__lt=at)
        | Q(waitlisted_at=at, created_at__lt=created)
        | Q(waitlisted_at=at, created_at=created, id__lt=referral.pk))
    return ahead.count() + 1


@dataclass
class RunReferrals:
    run: Run
    pending: list[Referral]
    waitlist: list[Referral]
    participants: list[Enrollment]
    seats_taken: int

    @property
    def seats_free(self) -> int:
        return max(0, self.run.capacity - self.seats_taken)

    @property
    def full(self) -> bool:
        return self.seats_free == 0


def run_referrals_for(*, user: Any, run: Run) -> RunReferrals:
    """Pending referrals, the ordered waitlist and the participants of a run the user leads.

    The caller has checked `access.leads_run`; the querysets start from `access` all the same.
    """
    referrals = access.referrals_for(user).filter(run=run)
    pending = list(referrals.filter(status=Status.PENDING)
                   .select_related("client", "referred_by").order_by("created_at", "id"))
    waiting = [r for r in waitlist(run) if r.client.job_centre_id == user.job_centre_id]
    participants = list(
        Enrollment.objects.filter(run=run, referral__in=referrals)
        .exclude(status=Enrollment.Status.WITHDRAWN)
        .select_related("client", "referral")
        .order_by(german("client__last_name"), german("client__first_name"))
    )
    # Who waits longer than each row (first come, first served): accepting such a row needs
    # a reason. Pending referrals come after everyone on the waitlist.
    for position, referral in enumerate(waiting):
        referral.ahead = position  # type: ignore[attr-defined]
    for referral in pending:
        referral.ahead = len(waiting)  # type: ignore[attr-defined]
    return RunReferrals(run=run, pending=pending, waitlist=waiting, participants=participants,
                        seats_taken=seats_taken(run))
