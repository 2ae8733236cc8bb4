"""Reads of the API and of its administration pages, scoped to one job centre.

A client system sees the records of its own job centre and nothing else: every read starts
from `*_for(api_client)` below. Objects outside the scope answer 404 exactly like missing ones.
Reads of personal data are audited under the client system's technical account.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import QuerySet

from neue_wege.api.models import ApiCall, ApiClient, ApiToken, BulkTransfer, ExternalReference
from neue_wege.api.problems import Problem
from neue_wege.clients import selectors as client_selectors
from neue_wege.clients.models import Client, Enrollment, Referral
from neue_wege.outcomes.models import FollowUp, Outcome
from neue_wege.privacy.audit import audit_views
from neue_wege.programmes.models import Run


def _uuid(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError as error:
        raise Problem(404) from error


# --- the API ------------------------------------------------------------------------------------
def clients_for(api_client: ApiClient) -> QuerySet[Client]:
    return Client.objects.filter(job_centre_id=api_client.job_centre_id)


def runs_for(api_client: ApiClient) -> QuerySet[Run]:
    return Run.objects.filter(programme_version__programme__job_centre_id=api_client.job_centre_id)


def referrals_for(api_client: ApiClient) -> QuerySet[Referral]:
    return Referral.objects.filter(client__job_centre_id=api_client.job_centre_id)


def client_get(api_client: ApiClient, client_id: Any, *, audit: bool = True) -> Client:
    client = (clients_for(api_client).select_related("municipality", "case_manager")
              .filter(pk=_uuid(client_id)).first())
    if client is None:
        raise Problem(404)
    if audit:
        audit_views(actor=api_client.service_user, objects=[client], client_id_of=lambda c: c.pk)
    return client


def run_get(api_client: ApiClient, run_id: Any) -> Run:
    run = runs_for(api_client).filter(pk=_uuid(run_id)).first()
    if run is None:
        raise Problem(404)
    return run


def referral_get(api_client: ApiClient, referral_id: Any) -> Referral:
    referral = (referrals_for(api_client).select_related("run", "client")
                .filter(pk=_uuid(referral_id)).first())
    if referral is None:
        raise Problem(404)
    audit_views(actor=api_client.service_user, objects=[referral],
                client_id_of=lambda r: r.client_id)
    return referral


def external_ids(api_client: ApiClient, kind: str, object_ids: list[Any]) -> dict[Any, str]:
    """object id -> the client system's external id (where it gave one)."""
    rows = ExternalReference.objects.filter(api_client=api_client, kind=kind,
                                            object_id__in=object_ids)
    return {row.object_id: row.external_id for row in rows}


def referenced(api_client: ApiClient, kind: str, external_id: str) -> uuid.UUID | None:
    row = ExternalReference.objects.filter(api_client=api_client, kind=kind,
                                           external_id=external_id).first()
    return row.object_id if row else None


def referral_status(referral: Referral) -> dict[str, Any]:
    enrollment = client_selectors.referral_enrollment(referral)
    return {
        "waitlist_position": client_selectors.waitlist_position(referral),
        "enrollment_status": enrollment.status if enrollment else None,
        "enrollment_started_on": enrollment.started_on if enrollment else None,
    }


def run_seats(run: Run) -> dict[str, Any]:
    taken = client_selectors.seats_taken(run)
    return {"capacity": run.capacity, "seats_taken": taken,
            "seats_free": max(0, run.capacity - taken),
            "waitlist_length": Referral.objects.filter(
                run=run, status=Referral.Status.WAITLISTED).count()}


def open_runs(api_client: ApiClient) -> list[Run]:
    return list(runs_for(api_client).filter(status__in=client_selectors.ACCEPTING_RUN_STATUSES)
                .order_by("starts_on", "id")[:200])


def outcomes_of_client(api_client: ApiClient, client: Client) -> list[tuple[Enrollment, Outcome | None,
                                                                           list[FollowUp]]]:
    enrollments = list(Enrollment.objects.filter(client=client).select_related("run")
                       .order_by("started_on", "id"))
    outcomes = {o.enrollment_id: o for o in Outcome.objects.filter(enrollment__in=enrollments)}
    follow_ups: dict[Any, list[FollowUp]] = {}
    for follow_up in FollowUp.objects.filter(outcome__in=outcomes.values()).order_by(
            "months_after"):
        follow_ups.setdefault(follow_up.outcome_id, []).append(follow_up)
    audit_views(actor=api_client.service_user, objects=list(outcomes.values()),
                client_id_of=lambda o: client.pk)
    return [(e, outcomes.get(e.pk), follow_ups.get(outcomes[e.pk].pk, []) if e.pk in outcomes
             else []) for e in enrollments]


def follow_ups_due(api_client: ApiClient, *, until: dt.date, limit: int = 500) -> list[FollowUp]:
    rows = list(FollowUp.objects.filter(
        outcome__enrollment__client__job_centre_id=api_client.job_centre_id,
        recorded_on__isnull=True, due_on__lte=until)
        .select_related("outcome__enrollment__client").order_by("due_on", "id")[:limit])
    audit_views(actor=api_client.service_user, objects=rows,
                client_id_of=lambda f: f.outcome.enrollment.client_id)
    return rows


def transfer_get(api_client: ApiClient, transfer_id: Any) -> BulkTransfer:
    transfer = (BulkTransfer.objects.filter(api_client=api_client, pk=_uuid(transfer_id))
                .select_related("job").first())
    if transfer is None:
        raise Problem(404)
    return transfer


# --- the administration pages -------------------------------------------------------------------
def may_manage_api_clients(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and getattr(user, "is_administrator", False) and user.job_centre_id)


def api_clients_for(user: Any) -> QuerySet[ApiClient]:
    """The client systems an administrator manages: those of their own job centre."""
    if not may_manage_api_clients(user):
        return ApiClient.objects.none()
    return ApiClient.objects.filter(job_centre_id=user.job_centre_id)


def tokens_of(api_client: ApiClient) -> list[ApiToken]:
    return list(api_client.tokens.order_by("-created_at"))


def recent_calls(api_client: ApiClient, limit: int = 20) -> list[ApiCall]:
    return list(api_client.calls.order_by("-at", "-id")[:limit])
