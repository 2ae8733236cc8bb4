"""Writes for clients, referrals, the waitlist and enrollments.

Seats: a run has `capacity` seats; an enrollment in a seat status holds one. Every service
that may take a seat locks the run row first (`select_for_update`), so concurrent requests
queue on PostgreSQL and SQLite (IMMEDIATE transactions) and a run is never oversold.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from neue_wege.clients.exceptions import (
    DuplicateReferralError,
    ReferralError,
    RunFullError,
    TargetGroupMismatchError,
    TransitionError,
    WaitlistOrderError,
)
from neue_wege.clients.models import Client, Enrollment, Referral, ReferralStatusChange
from neue_wege.clients.selectors import (
    ACCEPTING_RUN_STATUSES,
    fit_for,
    run_is_full,
    waiting_ahead,
)
from neue_wege.core.exceptions import DomainError
from neue_wege.inbox import services as inbox
from neue_wege.organisation.models import User
from neue_wege.outcomes.services import enrollment_withdrawn_outcome
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent
from neue_wege.privacy.releases import releases_end_for_other_recipients
from neue_wege.programmes.models import Run

Status = Referral.Status

CLIENT_FIELDS = (
    "case_number", "first_name", "last_name", "date_of_birth", "gender", "municipality",
    "phone", "email", "benefit_since", "single_parent", "children", "german_level",
    "health_limits", "qualification", "school_qualification",
)



def unmet_criteria(client: Client, run: Run) -> str:
    """The run's target-group criteria the client misses on the day they would start, as one
    German line ("Alter: ab 25 Jahren, bei der Person 23 Jahre"); empty when all fit."""
    return "; ".join(_("%(label)s: %(required)s, bei der Person %(actual)s")
                     % {"label": fit.label, "required": fit.required, "actual": fit.actual}
                     for fit in fit_for(client=client, run=run) if fit.matches is False)


def _lock_run(run: Run) -> Run:
    return Run.objects.select_for_update().get(pk=run.pk)


def _set_status(referral: Referral, *, actor: Any, to: str, reason: str = "") -> None:
    if not referral.can_transition_to(to):
        raise TransitionError(Status(referral.status).label, Status(to).label)
    ReferralStatusChange.objects.create(referral=referral, from_status=referral.status,
                                        to_status=to, changed_by=actor, reason=reason)
    referral.status = to
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=referral,
                 client_id=referral.client_id, reason=f"status: {to}")


@transaction.atomic
def client_create(*, actor: Any, **fields: Any) -> Client:
    client = Client(job_centre_id=actor.job_centre_id, case_manager=actor,
                    **{name: fields[name] for name in CLIENT_FIELDS if name in fields})
    client.full_clean()
    client.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=client, client_id=client.pk)
    return client


@transaction.atomic(durable=True)
def client_update(*, actor: Any, client: Client, **fields: Any) -> Client:
    for name in CLIENT_FIELDS:
        if name in fields:
            setattr(client, name, fields[name])
    client.full_clean()
    client.save()
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=client, client_id=client.pk)
    return client


@transaction.atomic
def client_case_manager_change(*, actor: Any, client: Client, case_manager: Any) -> Client:
    """Hand the client over to another case manager of the same job centre.

    Releases belong to the person they were given to: every release to the former case
    manager ends now (privacy.releases), also if the client later comes back to them; the
    participant sees why on their release page.
    """
    if (case_manager is None or case_manager.role != User.Role.CASE_MANAGER
            or not case_manager.is_active or case_manager.job_centre_id != client.job_centre_id):
        raise DomainError(_("Bitte wählen Sie eine Fallmanagerin oder einen Fallmanager "
                              "dieses Jobcenters."))
    client = Client.objects.select_for_update().get(pk=client.pk)
    if client.case_manager_id == case_manager.pk:
        return client
    previous = client.case_manager_id
    client.case_manager = case_manager
    client.save(update_fields=["case_manager", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=client, client_id=client.pk,
                 reason=f"case manager: {previous} -> {case_manager.pk}")
    releases_end_for_other_recipients(actor=actor, client=client)
    return client


@transaction.atomic
def referral_create(*, actor: Any, client: Client, run: Run, potential_note: str,
                    fit_reason: str = "") -> Referral:
    """Refer a client; a full run puts the referral on the waitlist at once.

    A client who misses a criterion of the run's target group is referred only with a reason
    (`fit_reason`); the missed criteria and the reason are stored on the referral and in its
    first history row.
    """
    if not potential_note.strip():
        raise ReferralError(_("Bitte beschreiben Sie, welches Potenzial Sie sehen."))
    if run.status not in ACCEPTING_RUN_STATUSES:
        raise ReferralError(_("Dieser Durchlauf nimmt keine Zuweisungen an."))
    if client.job_centre_id != run.programme_version.programme.job_centre_id:
        raise ReferralError(_("Dieser Durchlauf gehört zu einem anderen Jobcenter."))
    unmet = unmet_criteria(client, run)
    fit_reason = fit_reason.strip() if unmet else ""
    if unmet and not fit_reason:
        raise TargetGroupMismatchError(unmet)
    run = _lock_run(run)
    if Referral.objects.filter(client=client, run=run, status__in=Referral.OPEN_STATUSES).exists():
        raise DuplicateReferralError
    full = run_is_full(run)
    referral = Referral(client=client, run=run, referred_by=actor,
                        potential_note=potential_note.strip(),
                        status=Status.WAITLISTED if full else Status.PENDING,
                        waitlisted_at=timezone.now() if full else None,
                        fit_unmet=unmet, fit_reason=fit_reason)
    referral.full_clean()
    try:
        with transaction.atomic():
            referral.save()
    except IntegrityError as error:  # a parallel request referred the same client first
        raise DuplicateReferralError from error
    history_reason = (_("Passt nicht zur Zielgruppe (%(unmet)s). Begründung: %(reason)s")
                      % {"unmet": unmet, "reason": fit_reason} if unmet else "")
    ReferralStatusChange.objects.create(referral=referral, to_status=referral.status,
                                        changed_by=actor, reason=history_reason)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=referral,
                 client_id=client.pk,
                 reason="target group not met, confirmed with reason" if unmet else "")
    inbox.notify_referral_created(referral=referral)
    if referral.status == Status.WAITLISTED:
        inbox.notify_referral_decided(referral=referral, status=Status.WAITLISTED)
    return referral


def referral_accept(*, actor: Any, referral: Referral, started_on: dt.date | None = None,
                    skip_reason: str = "") -> Enrollment:
    """Give the client a seat. Raises RunFullError (and waitlists) when none is free.

    The waitlist is served first come, first served: accepting a referral while others wait
    longer (everyone on the waitlist, for a pending referral) needs `skip_reason`, which is
    recorded in the history row; without it WaitlistOrderError.

    The waitlisting commits before RunFullError is raised: raising inside the atomic block
    would roll it back and the referral would silently stay pending.
    """
    with transaction.atomic():
        enrollment = _accept_or_waitlist(actor=actor, referral=referral, started_on=started_on,
                                         skip_reason=skip_reason.strip())
    if enrollment is None:
        raise RunFullError
    return enrollment


def _accept_or_waitlist(*, actor: Any, referral: Referral, started_on: dt.date | None,
                        skip_reason: str) -> Enrollment | None:
    run = _lock_run(referral.run)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not referral.can_transition_to(Status.ACCEPTED):
        raise TransitionError(Status(referral.status).label, Status.ACCEPTED.label)
    if run.status not in ACCEPTING_RUN_STATUSES:
        raise ReferralError(_("Dieser Durchlauf nimmt niemanden mehr auf."))
    if run_is_full(run):
        if referral.status == Status.PENDING:
            referral_waitlist(actor=actor, referral=referral)
        return None
    ahead = waiting_ahead(referral)
    if ahead and not skip_reason:
        raise WaitlistOrderError(ahead)
    _set_status(referral, actor=actor, to=Status.ACCEPTED,
                reason=(_("Vor %(count)s länger Wartenden aufgenommen: %(reason)s")
                        % {"count": ahead, "reason": skip_reason}) if ahead else "")
    referral.decided_by = actor
    referral.decided_at = timezone.now()
    referral.save()
    enrollment = Enrollment.objects.create(
        referral=referral, client_id=referral.client_id, run=run,
        started_on=started_on or max(timezone.localdate(), run.starts_on),
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=enrollment,
                 client_id=referral.client_id)
    inbox.notify_referral_decided(referral=referral, status=Status.ACCEPTED)
    return enrollment


@transaction.atomic
def referral_waitlist(*, actor: Any, referral: Referral) -> Referral:
    _set_status(referral, actor=actor, to=Status.WAITLISTED)
    referral.waitlisted_at = timezone.now()
    referral.save()
    inbox.notify_referral_decided(referral=referral, status=Status.WAITLISTED)
    return referral


@transaction.atomic
def referral_decline(*, actor: Any, referral: Referral, reason: str) -> Referral:
    if not reason.strip():
        raise ReferralError(_("Bitte geben Sie einen Grund für die Ablehnung an."))
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _set_status(referral, actor=actor, to=Status.DECLINED, reason=reason.strip())
    referral.decided_by = actor
    referral.decided_at = timezone.now()
    referral.reason = reason.strip()
    referral.save()
    inbox.notify_referral_decided(referral=referral, status=Status.DECLINED)
    return referral


@transaction.atomic
def referral_withdraw(*, actor: Any, referral: Referral, reason: str) -> Referral:
    """Withdraw a referral; an enrollment it led to ends and frees its seat."""
    if not reason.strip():
        raise ReferralError(_("Bitte geben Sie einen Grund für die Abmeldung an."))
    _lock_run(referral.run)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _set_status(referral, actor=actor, to=Status.WITHDRAWN, reason=reason.strip())
    referral.reason = reason.strip()
    referral.save()
    enrollment = Enrollment.objects.filter(referral=referral,
                                           status=Enrollment.Status.ACTIVE).first()
    if enrollment is not None:
        enrollment.status = Enrollment.Status.WITHDRAWN
        enrollment.ended_on = timezone.localdate()
        enrollment.end_reason = reason.strip()
        enrollment.save()
        audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=enrollment,
                     client_id=referral.client_id, reason="withdrawn")
        enrollment_withdrawn_outcome(actor=actor, enrollment=enrollment)
        inbox.notify_seat_released(enrollment=enrollment, actor=actor)
        if referral.client.case_manager_id != actor.pk:
            inbox.notify_seat_ended(enrollment=enrollment,
                                    category=Enrollment.Status.WITHDRAWN.label)
    return referral


@transaction.atomic
def referral_move(*, actor: Any, referral: Referral, run: Run) -> Referral:
    """Move a waitlisted referral to another run of the same programme in one step.

    The referral row itself moves, so its history (every status change, the potential note,
    the target-group reason) comes along; a history row records the move. Capacity is
    respected: on a run with a free seat and nobody waiting longer, the person is accepted at
    once; otherwise they wait on the new run's list, keeping their original waiting time.
    """
    if run.pk == referral.run_id:
        raise ReferralError(_("Die Person steht schon auf der Warteliste dieses Durchlaufs."))
    # Lock both runs in a fixed order, so two moves in opposite directions cannot deadlock.
    locked = {r.pk: r for r in Run.objects.select_for_update()
              .select_related("programme_version").filter(pk__in=[referral.run_id, run.pk])
              .order_by("pk")}
    from_run, run = locked[referral.run_id], locked[run.pk]
    referral = Referral.objects.select_for_update().select_related("client").get(pk=referral.pk)
    if referral.status != Status.WAITLISTED:
        raise ReferralError(_("Nur Personen auf der Warteliste können in einen anderen "
                              "Durchlauf verschoben werden."))
    if run.programme_version.programme_id != from_run.programme_version.programme_id:
        raise ReferralError(_("Verschieben geht nur zwischen Durchläufen desselben Projekts."))
    if run.status not in ACCEPTING_RUN_STATUSES:
        raise ReferralError(_("Dieser Durchlauf nimmt keine Zuweisungen an."))
    if Referral.objects.filter(client_id=referral.client_id, run=run,
                               status__in=Referral.OPEN_STATUSES).exists():
        raise DuplicateReferralError
    referral.run = run
    referral.save(update_fields=["run", "updated_at"])
    ReferralStatusChange.objects.create(
        referral=referral, from_status=Status.WAITLISTED, to_status=Status.WAITLISTED,
        changed_by=actor, reason=_("Verschoben von „%(from)s“ nach „%(to)s“.")
        % {"from": from_run.title, "to": run.title})
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=referral,
                 client_id=referral.client_id, reason=f"moved from run {from_run.pk} to {run.pk}")
    inbox.notify_referral_moved(referral=referral, from_run=from_run)
    if not run_is_full(run) and not waiting_ahead(referral):
        _accept_or_waitlist(actor=actor, referral=referral, started_on=None, skip_reason="")
        referral.refresh_from_db()
    return referral
