"""Retention and erasure (Löschfristen, Löschung auf Antrag).

Each `RetentionRule` says, for one kind of record, from which event the period runs, how many
days it lasts and whether the record is then pseudonymised or deleted. `apply_retention` applies
all active rules for a given day; `erase_on_request` applies the same building blocks at once
for one client (Art. 17 GDPR), with the legal exceptions documented in docs/privacy.md.

Aggregate statistics stay intact: clients, referrals, enrollments and outcomes are never
deleted here. The client is pseudonymised instead (names, contact and case number replaced,
date of birth reduced to the year), so key figures (enrollments per run, outcomes) still count.

Every client touched gets an audit event; each (non-dry) run leaves a `RetentionRun` report.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from neue_wege.privacy.fields import EncryptedTextField
from neue_wege.privacy.models import AuditEvent, Consent, RetentionRule, RetentionRun
from neue_wege.privacy.restriction import (
    ProcessingRestrictedError,
    is_restricted,
    restricted_client_ids,
)

Kind = RetentionRule.RecordKind
Start = RetentionRule.StartEvent

PSEUDONYM_PREFIX = "PSN-"
PSEUDONYM_FIRST_NAME = "Pseudonym"
# Apps whose models hold the participant's programme-space work (deleted with "orientation").
ORIENTATION_APP = "orientation"


@dataclass
class RetentionReport:
    """What a run did (or, in a dry run, would do): counts per record kind, and text lines."""

    as_of: dt.date
    dry_run: bool
    counts: Counter[str] = field(default_factory=Counter)
    clients: dict[str, set[uuid.UUID]] = field(default_factory=lambda: defaultdict(set))
    run: RetentionRun | None = None
    # clients whose processing is restricted (Art. 18): nothing of theirs is touched
    restricted: set[uuid.UUID] = field(default_factory=set)

    def add(self, kind: str, count: int, client_ids: Iterable[uuid.UUID] = ()) -> None:
        if count:
            self.counts[kind] += count
        self.clients[kind].update(client_id for client_id in client_ids if client_id)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def lines(self) -> list[str]:
        head = (_("Probelauf (es wird nichts geändert), Stichtag %(day)s")
                if self.dry_run else _("Löschfristen angewendet, Stichtag %(day)s"))
        lines = [head % {"day": self.as_of.strftime("%d.%m.%Y")}]
        labels = dict(Kind.choices)
        for kind in Kind.values:
            verb = _("fällig") if self.dry_run else _("erledigt")
            lines.append(_("- %(label)s: %(count)d Datensätze %(verb)s (%(people)d Personen)") % {
                "label": labels[kind], "count": self.counts.get(kind, 0), "verb": verb,
                "people": len(self.clients.get(kind, ()))})
        if not self.total:
            lines.append(_("Nichts war fällig."))
        if self.restricted:
            lines.append(_("Ausgenommen, weil die Verarbeitung eingeschränkt ist (Art. 18 "
                           "DSGVO): %(people)d Personen") % {"people": len(self.restricted)})
        return lines


# --- start events ---------------------------------------------------------------------------------
def _benefit_exits() -> dict[uuid.UUID, dt.date]:
    """Latest recorded end of benefit receipt per client (outcomes app), if that app exists."""
    try:
        outcome = apps.get_model("outcomes", "Outcome")
    except LookupError:
        return {}
    if "benefit_exit_on" not in {f.name for f in outcome._meta.get_fields()}:
        return {}
    rows = (outcome.objects.filter(benefit_exit_on__isnull=False)
            .values("enrollment__client_id").annotate(last=Max("benefit_exit_on")))
    return {row["enrollment__client_id"]: row["last"] for row in rows}


def client_start_dates(start_event: str) -> dict[uuid.UUID, dt.date]:
    """From when the period runs, per client.

    - run end: the end of the last run the client was referred to (without any referral: the
      day the record was created);
    - benefit end: the later of the recorded end of benefit receipt and the last run's end.
      Clients without a recorded end: the last run's end plus the fallback
      `NW_RETENTION_NO_BENEFIT_EXIT_DAYS` (a decision of the job centre, docs/privacy.md).
    """
    from neue_wege.clients.models import Client

    rows = Client.objects.annotate(last_run_end=Max("referrals__run__ends_on")).values(
        "pk", "last_run_end", "created_at")
    run_end = {row["pk"]: row["last_run_end"] or timezone.localdate(row["created_at"])
               for row in rows}
    if start_event == Start.RUN_END:
        return run_end
    if start_event == Start.BENEFIT_END:
        exits = _benefit_exits()
        fallback = dt.timedelta(days=settings.NW_RETENTION_NO_BENEFIT_EXIT_DAYS)
        return {client_id: (max(exits[client_id], last) if client_id in exits
                            else last + fallback)
                for client_id, last in run_end.items()}
    return {}


def _due_client_ids(rule: RetentionRule, today: dt.date) -> list[uuid.UUID]:
    cutoff = today - dt.timedelta(days=rule.period_days)
    return [client_id for client_id, start in client_start_dates(rule.start_event).items()
            if start <= cutoff]


def _per_run_filter(rule: RetentionRule, today: dt.date, run_path: str,
                    client_path: str) -> Q:
    """Rows of programme work are due by their own run's end (run end), or by the client's
    start date (benefit end)."""
    if rule.start_event == Start.RUN_END:
        cutoff = today - dt.timedelta(days=rule.period_days)
        return Q(**{f"{run_path}__ends_on__lte": cutoff})
    return Q(**{f"{client_path}__in": _due_client_ids(rule, today)})


# --- building blocks (also used for erasure on request) --------------------------------------------
def orientation_models() -> list[tuple[type[models.Model], str]]:
    """Models of the participant's path that hang on an enrollment or a client, with the
    lookup path to the client. Found at run time, so new models are covered without edits."""
    try:
        config = apps.get_app_config(ORIENTATION_APP)
    except LookupError:
        return []
    found = []
    for model in config.get_models():
        for model_field in model._meta.concrete_fields:
            target = getattr(model_field.remote_field, "model", None)
            if target is None or model_field.null:
                continue
            label = target._meta.label
            if label == "clients.Enrollment":
                found.append((model, f"{model_field.name}__client_id"))
                break
            if label == "clients.Client":
                found.append((model, f"{model_field.name}_id"))
                break
    return found


def _unrestricted(queryset: models.QuerySet[Any], client_path: str,
                  report: RetentionReport) -> models.QuerySet[Any]:
    """Leave out the rows of clients whose processing is restricted (Art. 18)."""
    if not report.restricted:
        return queryset
    return queryset.exclude(**{f"{client_path}__in": report.restricted})


def _delete_rows(queryset: models.QuerySet[Any], client_path: str, report: RetentionReport,
                 kind: str, dry_run: bool) -> dict[uuid.UUID, int]:
    queryset = _unrestricted(queryset, client_path, report)
    per_client = Counter(queryset.values_list(client_path, flat=True))
    report.add(kind, sum(per_client.values()), per_client)
    if not dry_run and per_client:
        queryset.delete()
    return dict(per_client)


def delete_stories(queryset_filter: Q, report: RetentionReport, dry_run: bool = False
                   ) -> dict[uuid.UUID, int]:
    """Stories with their feedback and the assistant's decisions (cascade)."""
    from neue_wege.strengths.models import Story

    return _delete_rows(Story.objects.filter(queryset_filter), "enrollment__client_id",
                        report, Kind.STORIES, dry_run)


def delete_orientation(*, client_ids: list[uuid.UUID] | None, rule: RetentionRule | None,
                       today: dt.date | None, report: RetentionReport, dry_run: bool = False
                       ) -> dict[uuid.UUID, int]:
    touched: Counter[uuid.UUID] = Counter()
    for model, client_path in orientation_models():
        queryset = model._default_manager.all()
        if client_ids is not None:
            queryset = queryset.filter(**{f"{client_path}__in": client_ids})
        elif rule is not None and today is not None:
            if client_path.endswith("__client_id") and rule.start_event == Start.RUN_END:
                enrollment_path = client_path.removesuffix("__client_id")
                cutoff = today - dt.timedelta(days=rule.period_days)
                queryset = queryset.filter(**{f"{enrollment_path}__run__ends_on__lte": cutoff})
            else:
                queryset = queryset.filter(**{f"{client_path}__in":
                                              _due_client_ids(rule, today)})
        touched.update(_delete_rows(queryset, client_path, report, Kind.ORIENTATION, dry_run))
    return dict(touched)


def _not_empty(queryset: models.QuerySet[Any], field_name: str) -> models.QuerySet[Any]:
    """Rows whose text field is not empty. Encrypted text cannot be compared in SQL (every
    value, also "", is a different token), so those are read and checked here."""
    if not isinstance(queryset.model._meta.get_field(field_name), EncryptedTextField):
        return queryset.exclude(**{field_name: ""})
    keep = [pk for pk, text in queryset.values_list("pk", field_name) if text]
    return queryset.filter(pk__in=keep)


def clear_referral_notes(*, referral_filter: Q, report: RetentionReport, dry_run: bool = False
                         ) -> dict[uuid.UUID, int]:
    """Empty the free texts of referrals, their history, enrollments and outcomes (drop-out
    note); the rows remain."""
    from neue_wege.clients.models import Enrollment, Referral, ReferralStatusChange

    referrals = Referral.objects.filter(referral_filter)
    touched: Counter[uuid.UUID] = Counter()
    targets = [
        (referrals.filter(~Q(potential_note="") | ~Q(reason="")), "client_id",
         {"potential_note": "", "reason": ""}),
        (ReferralStatusChange.objects.filter(referral__in=referrals).exclude(reason=""),
         "referral__client_id", {"reason": ""}),
        (Enrollment.objects.filter(referral__in=referrals).exclude(end_reason=""),
         "client_id", {"end_reason": ""}),
    ]
    try:  # the outcomes app's note on why someone dropped out (free text), if present
        outcome = apps.get_model("outcomes", "Outcome")
    except LookupError:
        outcome = None
    if outcome is not None and "dropout_note" in {f.name for f in outcome._meta.fields}:
        targets.append((_not_empty(outcome.objects.filter(enrollment__referral__in=referrals),
                                   "dropout_note"), "enrollment__client_id",
                        {"dropout_note": ""}))
        follow_up = apps.get_model("outcomes", "FollowUp")
        if "early_reason" in {f.name for f in follow_up._meta.fields}:  # issue 11
            targets.append((_not_empty(follow_up.objects.filter(
                outcome__enrollment__referral__in=referrals), "early_reason"),
                "outcome__enrollment__client_id", {"early_reason": ""}))
    for queryset, client_path, values in targets:
        queryset = _unrestricted(queryset, client_path, report)
        per_client = Counter(queryset.values_list(client_path, flat=True))
        report.add(Kind.REFERRAL_NOTES, sum(per_client.values()), per_client)
        touched.update(per_client)
        if not dry_run and per_client:
            queryset.update(**values)
    return dict(touched)


def is_pseudonymised(client: Any) -> bool:
    return str(client.case_number).startswith(PSEUDONYM_PREFIX)


def pseudonymise_client(client: Any) -> None:
    """Replace what identifies the person; keep what the statistics count.

    Names, phone, e-mail and case number are replaced; the date of birth becomes 1 January of
    the same year; consents in force (also releases to the case manager) are withdrawn; the
    portal account is deactivated, emptied and detached. Gender,
    municipality, benefit start and the rows of referrals, enrollments and outcomes stay.
    """
    from neue_wege.clients.models import Client

    token = client.pk.hex[:12]
    account = client.user
    Client.objects.filter(pk=client.pk).update(
        first_name=PSEUDONYM_FIRST_NAME, last_name=f"{PSEUDONYM_PREFIX}{token}",
        case_number=f"{PSEUDONYM_PREFIX}{token}", phone="", email="",
        date_of_birth=dt.date(client.date_of_birth.year, 1, 1), user=None,
        updated_at=timezone.now(),
    )
    # Releases and other consents in force end with the person's participation.
    Consent.objects.filter(client_id=client.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), end_reason=Consent.EndReason.PSEUDONYMISED)
    if account is not None:
        account.username = f"psn-{token}"
        account.first_name = account.last_name = account.email = ""
        account.is_active = False
        account.set_unusable_password()
        account.save()


def _pseudonymise_clients(client_ids: Iterable[uuid.UUID], report: RetentionReport,
                          dry_run: bool) -> list[uuid.UUID]:
    from neue_wege.clients.models import Client

    due = [client for client in Client.objects.filter(pk__in=list(client_ids))
           .exclude(pk__in=report.restricted)
           .select_related("user") if not is_pseudonymised(client)]
    report.add(Kind.CLIENT, len(due), [client.pk for client in due])
    if not dry_run:
        for client in due:
            pseudonymise_client(client)
    return [client.pk for client in due]


def _audit_touched(kind: str, action: str, touched: dict[uuid.UUID, int], *,
                   actor: Any = None, reason: str) -> None:
    from neue_wege.clients.models import Client

    label = str(getattr(actor, "username", "system"))
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=actor, actor_label=label, action=action,
                   object_type=Client._meta.label, object_id=str(client_id),
                   client_id=client_id, reason=f"{reason}: {kind} ({count})"[:300])
        for client_id, count in touched.items()
    )


# --- the scheduled job ------------------------------------------------------------------------------
def _apply_rule(rule: RetentionRule, today: dt.date, report: RetentionReport) -> None:
    dry_run = report.dry_run
    reason = _("Löschfrist")
    delete, change = AuditEvent.Action.DELETE, AuditEvent.Action.CHANGE
    touched: dict[uuid.UUID, int] = {}
    action = delete
    if rule.record_kind == Kind.STORIES:
        touched = delete_stories(_per_run_filter(rule, today, "enrollment__run",
                                                 "enrollment__client_id"), report, dry_run)
    elif rule.record_kind == Kind.ORIENTATION:
        touched = delete_orientation(client_ids=None, rule=rule, today=today, report=report,
                                     dry_run=dry_run)
    elif rule.record_kind == Kind.REFERRAL_NOTES:
        touched = clear_referral_notes(
            referral_filter=_per_run_filter(rule, today, "run", "client_id"),
            report=report, dry_run=dry_run)
        action = change
    elif rule.record_kind == Kind.CONSENTS:
        due = _due_client_ids(rule, today)
        touched = _delete_rows(Consent.objects.filter(client_id__in=due), "client_id", report,
                               Kind.CONSENTS, dry_run)
    elif rule.record_kind == Kind.CLIENT:
        done = _pseudonymise_clients(_due_client_ids(rule, today), report, dry_run)
        touched, action = dict.fromkeys(done, 1), change
    elif rule.record_kind == Kind.AUDIT_LOG:
        cutoff = timezone.make_aware(dt.datetime.combine(
            today - dt.timedelta(days=rule.period_days), dt.time.min))
        old = AuditEvent.objects.filter(at__lt=cutoff)
        report.add(Kind.AUDIT_LOG, old.count())
        if not dry_run:
            # QuerySet.delete bypasses AuditEvent.delete on purpose: only this job may do it.
            old.delete()
    elif rule.record_kind == Kind.LOGIN_RECORDS:
        _delete_login_records(rule, today, report)
    if not dry_run and touched:
        _audit_touched(rule.record_kind, action, touched, reason=reason)


def _delete_login_records(rule: RetentionRule, today: dt.date, report: RetentionReport) -> None:
    cutoff = timezone.make_aware(dt.datetime.combine(
        today - dt.timedelta(days=rule.period_days), dt.time.min))
    for name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
        try:
            model = apps.get_model("axes", name)
        except LookupError:
            continue
        old = model.objects.filter(attempt_time__lt=cutoff)
        report.add(Kind.LOGIN_RECORDS, old.count())
        if not report.dry_run:
            old.delete()


def apply_retention(*, today: dt.date | None = None, dry_run: bool = False,
                    actor: Any = None) -> RetentionReport:
    """Apply every active rule for `today`. A dry run only counts; it writes nothing.

    Running twice on the same day does nothing the second time (idempotent): deleted rows are
    gone, emptied texts stay empty, pseudonymised clients are recognised and skipped.
    """
    today = today or timezone.localdate()
    report = RetentionReport(as_of=today, dry_run=dry_run, restricted=restricted_client_ids())
    with transaction.atomic():
        for rule in RetentionRule.objects.filter(active=True).order_by("record_kind"):
            _apply_rule(rule, today, report)
        if dry_run:
            transaction.set_rollback(True)
            return report
        report.run = RetentionRun.objects.create(
            as_of=today, triggered_by=actor, counts=dict(report.counts),
            report="\n".join(report.lines()))
        AuditEvent.objects.create(
            actor=actor, actor_label=str(getattr(actor, "username", "system")),
            action=AuditEvent.Action.DELETE, object_type=RetentionRun._meta.label,
            object_id=str(report.run.pk),
            reason=f"Löschfristen {today:%Y-%m-%d}: {report.total} Datensätze")
    return report


# --- editing the rules (data protection officer) ---------------------------------------------------
RULE_FIELDS = ("start_event", "period_days", "action", "reason", "active")


@transaction.atomic
def retention_rule_update(*, actor: Any, rule: RetentionRule, **fields: Any) -> RetentionRule:
    """Change one rule (the DSB's decision); the audit event names what changed from what."""
    from django.core.exceptions import ValidationError

    from neue_wege.core.exceptions import DomainError
    from neue_wege.privacy.audit import audit_record

    rule = RetentionRule.objects.select_for_update().get(pk=rule.pk)
    changes = []
    for name in RULE_FIELDS:
        if name in fields and getattr(rule, name) != fields[name]:
            before = getattr(rule, name)
            setattr(rule, name, fields[name])
            if name != "reason":
                changes.append(f"{name}: {before} -> {fields[name]}")
            else:
                changes.append("reason")
    if not (rule.reason or "").strip():
        raise DomainError(_("Bitte begründen Sie die Frist."))
    try:
        rule.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    rule.save()
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=rule,
                 reason=f"{rule.record_kind}: {'; '.join(changes) or 'unverändert'}")
    return rule


# --- erasure on request (Art. 17 GDPR) -----------------------------------------------------------
ERASURE_EXCEPTIONS = (
    "Teilnahmen, Zuweisungen und Ergebnisse bleiben pseudonymisiert erhalten "
    "(Statistik, Art. 17 Abs. 3 lit. d DSGVO, § 67c SGB X); Einwilligungen bleiben als "
    "Nachweis bis zum Ablauf ihrer Frist (Art. 17 Abs. 3 lit. e DSGVO); das Protokoll bleibt "
    "bis zum Ablauf seiner Frist (Datenschutzkontrolle)."
)


@transaction.atomic
def erase_on_request(*, client: Any, actor: Any, request_id: Any = None) -> RetentionReport:
    """Erase a client's data now: programme work deleted, notes emptied, client pseudonymised.

    What stays and why is `ERASURE_EXCEPTIONS` (stored with the request by the caller).
    """
    if is_restricted(client.pk):  # Art. 18: stored only, not erased, until it is lifted
        raise ProcessingRestrictedError
    report = RetentionReport(as_of=timezone.localdate(), dry_run=False)
    client_ids = [client.pk]
    delete_stories(Q(enrollment__client_id=client.pk), report)
    delete_orientation(client_ids=client_ids, rule=None, today=None, report=report)
    clear_referral_notes(referral_filter=Q(client_id=client.pk), report=report)
    _pseudonymise_clients(client_ids, report, dry_run=False)
    reason = f"Löschung auf Antrag {request_id or ''}".strip()
    AuditEvent.objects.create(
        actor=actor, actor_label=str(getattr(actor, "username", "system")),
        action=AuditEvent.Action.DELETE, object_type=client._meta.label,
        object_id=str(client.pk), client_id=client.pk,
        reason=f"{reason}: {dict(report.counts)}"[:300])
    return report


__all__ = [
    "ERASURE_EXCEPTIONS", "PSEUDONYM_PREFIX", "RULE_FIELDS", "RetentionReport",
    "apply_retention", "client_start_dates", "erase_on_request", "is_pseudonymised",
    "orientation_models", "pseudonymise_client", "retention_rule_update",
]
