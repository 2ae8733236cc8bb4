"""Data subject rights: the export of everything stored about a person (Art. 15 and 20 GDPR)
and the recorded handling of requests (Art. 15–21) by staff.

The export is a registry: each part of the application contributes a section function
(`register_section`). A section names the models it covers; after all registered sections, a
fallback section adds every other model that holds a reference to the client or to one of
their enrollments, so a model added later is never silently left out (tested).

Rows are plain dictionaries of field name → value (dates as ISO text). Other people's
identities are left out where the participant would not see them in the portal either (peers
who did not choose to show their name, story texts of others).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neue_wege.core.exceptions import DomainError
from neue_wege.core.pdf import html_to_pdf
from neue_wege.privacy import readable_export
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent, Consent, DataSubjectRequest

SectionFunction = Callable[[Any], list[dict[str, Any]]]
SKIPPED_FIELDS = {"code_hash", "password", "draft_saved_at"}


@dataclass(frozen=True)
class ExportSection:
    key: str
    title: Any
    function: SectionFunction
    covers: tuple[str, ...]  # model labels this section exports


_SECTIONS: dict[str, ExportSection] = {}

# The order of the export. Sections of other apps register in their AppConfig.ready()
# (strengths.personal_data, portal.personal_data), i.e. after the ones here; this list keeps
# the order the participant reads. A key missing here comes after these, in registration order.
SECTION_ORDER = (
    "person", "referrals", "enrollments", "stories", "feedback_received", "feedback_given",
    "assistant", "strength_profile", "consents", "invitations", "messaging", "requests", "access_log",
    "orientation", "outcomes",
)


def _ordered_sections() -> list[ExportSection]:
    rank = {key: index for index, key in enumerate(SECTION_ORDER)}
    return sorted(_SECTIONS.values(), key=lambda s: rank.get(s.key, len(rank)))


def register_section(key: str, title: Any, *, covers: tuple[str, ...] = ()
                     ) -> Callable[[SectionFunction], SectionFunction]:
    """Decorator: add a section to the export. Re-registering a key replaces it."""

    def decorate(function: SectionFunction) -> SectionFunction:
        _SECTIONS[key] = ExportSection(key, title, function, covers)
        return function

    return decorate


def _value(obj: models.Model, model_field: models.Field) -> Any:
    if model_field.is_relation:
        related = getattr(obj, model_field.name, None)
        return None if related is None else str(related.pk)
    value = getattr(obj, model_field.attname)
    if model_field.choices and value not in (None, ""):
        return str(dict(model_field.flatchoices).get(value, value))
    return value


def row(obj: models.Model, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """All stored fields of a record, with choice values in German words."""
    return {model_field.name: _value(obj, model_field)
            for model_field in obj._meta.concrete_fields
            if model_field.name not in SKIPPED_FIELDS and model_field.name not in skip}


# --- sections of the apps below privacy --------------------------------------------------------------------
@register_section("person", _("Stammdaten"), covers=("clients.Client",))
def _person(client: Any) -> list[dict[str, Any]]:
    data = row(client, skip=("user",))
    data.update(job_centre=str(client.job_centre), municipality=str(client.municipality),
                case_manager=str(client.case_manager))
    return [data]


@register_section("referrals", _("Zuweisungen"),
                  covers=("clients.Referral", "clients.ReferralStatusChange"))
def _referrals(client: Any) -> list[dict[str, Any]]:
    result = []
    for referral in client.referrals.select_related("run").prefetch_related("history"):
        data = row(referral)
        data["run"] = referral.run.title
        data["history"] = [row(change) for change in referral.history.all()]
        result.append(data)
    return result


@register_section("enrollments", _("Teilnahmen"), covers=("clients.Enrollment",))
def _enrollments(client: Any) -> list[dict[str, Any]]:
    return [{**row(e), "run": e.run.title, "run_starts_on": e.run.starts_on,
             "run_ends_on": e.run.ends_on}
            for e in client.enrollments.select_related("run")]


@register_section("consents", _("Einwilligungen und Freigaben"), covers=("privacy.Consent",))
def _consents(client: Any) -> list[dict[str, Any]]:
    return [{**row(c, skip=("given_by",)),
             "recipient": str(c.recipient) if c.recipient_id else None}
            for c in Consent.objects.filter(client=client).select_related("recipient")]


@register_section("requests", _("Meine Anfragen zum Datenschutz"),
                  covers=("privacy.DataSubjectRequest",))
def _requests(client: Any) -> list[dict[str, Any]]:
    return [{**row(r, skip=("recorded_by",)),
             "handled_by": str(r.handled_by) if r.handled_by_id else None}
            for r in DataSubjectRequest.objects.filter(client=client).select_related(
                "handled_by")]


@register_section("access_log", _("Wer hat meine Daten gesehen oder geändert?"),
                  covers=("privacy.AuditEvent",))
def _access_log(client: Any) -> list[dict[str, Any]]:
    events = AuditEvent.objects.filter(client_id=client.pk).select_related("actor")
    result = []
    for event in events.order_by("at", "id"):
        actor = event.actor
        if actor is None:
            who = str(_("das Programm"))
        elif client.user_id and actor.pk == client.user_id:
            who = str(_("Sie selbst"))
        elif actor.role == actor.Role.PARTICIPANT:
            who = str(_("eine Person aus Ihrer Gruppe"))
        else:
            who = f"{actor.get_full_name()} ({actor.get_role_display()})"
        result.append({"at": event.at, "who": who, "action": event.get_action_display(),
                       "record_type": event.object_type, "record_id": event.object_id,
                       "reason": event.reason})
    return result


# --- the generic part: orientation, outcomes, and everything else that points at the client -------
def _client_paths(model: type[models.Model], depth: int = 3) -> list[str]:
    """Lookups from `model` to the client: direct references, references via an enrollment,
    and references via another personal record (e.g. a strategy → its obstacle → enrollment),
    up to `depth` hops."""
    paths = []
    for model_field in model._meta.concrete_fields:
        target = getattr(model_field.remote_field, "model", None)
        if target is None or target is model:
            continue
        label = target._meta.label
        if label == "clients.Client":
            paths.append(model_field.name)
        elif label == "clients.Enrollment":
            paths.append(f"{model_field.name}__client")
        elif depth > 1 and target._meta.app_label not in {"organisation", "programmes"}:
            paths.extend(f"{model_field.name}__{path}"
                         for path in _client_paths(target, depth - 1))
    return paths


def personal_models() -> list[type[models.Model]]:
    """Every model holding a reference to a client or to an enrollment."""
    return [model for model in apps.get_models() if _client_paths(model)]


def _generic_rows(model: type[models.Model], client: Any) -> list[dict[str, Any]]:
    condition = Q()
    for path in _client_paths(model):
        condition |= Q(**{path: client})
    return [row(obj) for obj in model._default_manager.filter(condition)]


def _app_section(app_label: str) -> SectionFunction:
    def section(client: Any) -> list[dict[str, Any]]:
        result = []
        for model in personal_models():
            if model._meta.app_label == app_label:
                result.extend({"record_type": str(model._meta.verbose_name), **data}
                              for data in _generic_rows(model, client))
        return result

    return section


# Guarded by existence: the sections stay empty until these apps have models.
register_section("orientation", _("Orientierung: Interessen, Zielbild, Hindernisse, Schritte"))(
    _app_section("orientation"))
register_section("outcomes", _("Verlauf nach der Teilnahme"))(_app_section("outcomes"))
GENERIC_APPS = {"orientation", "outcomes"}


def covered_models() -> set[str]:
    covered = {label for section in _SECTIONS.values() for label in section.covers}
    covered.update(model._meta.label for model in personal_models()
                   if model._meta.app_label in GENERIC_APPS)
    return covered


def _other_records(client: Any) -> list[dict[str, Any]]:
    covered = {label for section in _SECTIONS.values() for label in section.covers}
    result = []
    for model in personal_models():
        label = model._meta.label
        if label in covered or model._meta.app_label in GENERIC_APPS:
            continue
        result.extend({"record_type": str(model._meta.verbose_name), **data}
                      for data in _generic_rows(model, client))
    return result


# --- the export ---------------------------------------------------------------------------------
EXPORT_FORMAT = "neue-wege-auskunft/1"


def collect(client: Any) -> dict[str, Any]:
    """Everything stored about `client`, by section (the content of both downloads)."""
    sections = [{"key": s.key, "title": str(s.title), "rows": s.function(client)}
                for s in _ordered_sections()]
    sections.append({"key": "other", "title": str(_("Weitere Daten")),
                     "rows": _other_records(client)})
    return {
        "format": EXPORT_FORMAT,
        "created_at": timezone.now(),
        "controller": str(client.job_centre),
        "sections": sections,
        "models": sorted({m._meta.label for m in personal_models()} | {"clients.Client"}),
    }


def export_json(*, actor: Any, client: Any, reason: str = "") -> bytes:
    """Machine-readable export (Art. 20); logged as an export."""
    data = collect(client)
    audit_record(actor=actor, action=AuditEvent.Action.EXPORT, obj=client, client_id=client.pk,
                 reason=reason or "Auskunft (Art. 15/20 DSGVO) als JSON")
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


EXTRA_LABELS = {
    "run": _("Durchlauf"), "run_starts_on": _("Beginn des Durchlaufs"),
    "run_ends_on": _("Ende des Durchlaufs"), "history": _("Verlauf"), "strength": _("Stärke"),
    "from": _("von"), "who": _("wer"), "at": _("Zeitpunkt"), "action": _("Aktion"),
    "record_type": _("Art des Datensatzes"), "record_id": _("Datensatz"),
    "reason": _("Grund"), "recipient": _("an wen"), "handled_by": _("bearbeitet von"),
    "self_named": _("selbst genannt"), "peer_count": _("aus der Gruppe genannt (Anzahl)"),
    "facilitator_named": _("von der Projektleitung genannt"), "job_centre": _("Jobcenter"),
    "municipality": _("Wohnort"), "case_manager": _("Fallmanager:in"), "id": _("Kennung"),
    "created_at": _("angelegt am"), "updated_at": _("geändert am"),
}


def _field_labels() -> dict[str, str]:
    """German labels for the field names of the export (the JSON keeps the names)."""
    labels: dict[str, str] = {}
    for model in [*personal_models(), apps.get_model("clients", "Client")]:
        for model_field in model._meta.concrete_fields:
            verbose = str(model_field.verbose_name)
            if verbose != model_field.name.replace("_", " "):
                labels.setdefault(model_field.name, verbose)
    labels.update({key: str(value) for key, value in EXTRA_LABELS.items()})
    return labels


def export_html(client: Any) -> str:
    """The readable export (plain German, headings per area, no field names or JSON)."""
    data = collect(client)
    sections = readable_export.sections(data, _field_labels())
    return render_to_string("privacy/my_data_pdf.html", {
        "client": client, "created_at": data["created_at"], "sections": sections})


def export_pdf(*, actor: Any, client: Any, reason: str = "") -> bytes:
    """Readable export (Art. 15) as PDF; nothing is fetched from the network; logged."""
    pdf = html_to_pdf(export_html(client))
    audit_record(actor=actor, action=AuditEvent.Action.EXPORT, obj=client, client_id=client.pk,
                 reason=reason or "Auskunft (Art. 15 DSGVO) als PDF")
    return pdf


# --- requests (Betroffenenanfragen) ---------------------------------------------------------------
class RequestError(DomainError):
    """A request cannot be recorded or closed as asked."""


def due_date(received_on: dt.date) -> dt.date:
    """One month after receipt (Art. 12 (3) GDPR); end of the shorter month if needed."""
    year, month = received_on.year + (received_on.month // 12), received_on.month % 12 + 1
    for day in range(received_on.day, 27, -1):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return dt.date(year, month, received_on.day)


@transaction.atomic
def request_record(*, actor: Any, client: Any, kind: str, received_on: dt.date,
                   details: str = "") -> DataSubjectRequest:
    if received_on > timezone.localdate():
        raise RequestError(_("Das Eingangsdatum darf nicht in der Zukunft liegen."))
    dsr = DataSubjectRequest.objects.create(
        client=client, kind=kind, received_on=received_on, due_on=due_date(received_on),
        details=details.strip(), recorded_by=actor)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=dsr, client_id=client.pk,
                 reason=f"Betroffenenanfrage: {kind}")
    return dsr


@transaction.atomic(durable=True)
def request_close(*, actor: Any, dsr: DataSubjectRequest, status: str, outcome: str,
                  legal_exception: str = "", legal_exception_text: str = "",
                  execute_erasure: bool = False) -> DataSubjectRequest:
    """Close a request with its outcome. An erasure request may execute the erasure through
    the retention module; what had to stay is recorded as the legal exception."""
    from neue_wege.privacy.retention import ERASURE_EXCEPTIONS, erase_on_request

    dsr = DataSubjectRequest.objects.select_for_update().select_related("client").get(pk=dsr.pk)
    if not dsr.is_open:
        raise RequestError(_("Diese Anfrage ist schon abgeschlossen."))
    if status == DataSubjectRequest.Status.OPEN:
        raise RequestError(_("Bitte wählen Sie, wie die Anfrage abgeschlossen wird."))
    if execute_erasure:
        if dsr.kind != DataSubjectRequest.Kind.ERASURE:
            raise RequestError(_("Löschen ist nur bei einer Anfrage auf Löschung möglich."))
        # What must stay after an erasure is documented with the request.
        legal_exception = legal_exception or DataSubjectRequest.LegalException.STATISTICS
        legal_exception_text = legal_exception_text.strip() or ERASURE_EXCEPTIONS
    if status in {DataSubjectRequest.Status.REFUSED, DataSubjectRequest.Status.PARTLY} and not (
            legal_exception and legal_exception_text.strip()):
        raise RequestError(_("Bitte nennen Sie die Ausnahme und begründen Sie sie, wenn Sie "
                             "eine Anfrage ganz oder teilweise ablehnen."))
    if execute_erasure:
        report = erase_on_request(client=dsr.client, actor=actor, request_id=dsr.pk)
        outcome = f"{outcome.strip()}\n{_('Ausgeführt')}: {dict(report.counts)}".strip()
    dsr.status, dsr.outcome = status, outcome.strip()
    dsr.legal_exception, dsr.legal_exception_text = legal_exception, legal_exception_text.strip()
    dsr.handled_by, dsr.closed_on = actor, timezone.localdate()
    dsr.save()
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=dsr,
                 client_id=dsr.client_id, reason=f"Betroffenenanfrage abgeschlossen: {status}")
    return dsr


# --- Art. 15 copy for a person without portal account (issue 11, point 12) -------------------------
EXPORT_FORMATS = ("pdf", "json")


def _export_reason(dsr: DataSubjectRequest, as_format: str) -> str:
    return f"Auskunft (Art. 15 DSGVO) als {as_format.upper()} zur Anfrage {dsr.pk}"


def _require_access_request(dsr: DataSubjectRequest) -> None:
    if dsr.kind != DataSubjectRequest.Kind.ACCESS:
        raise RequestError(_("Eine Auskunft gibt es nur zu einer Anfrage auf Auskunft."))


def request_export(*, actor: Any, dsr: DataSubjectRequest, as_format: str) -> bytes:
    """The administration produces the same export the portal gives (PDF or JSON) for an
    access request, e.g. for a person without portal account; logged with the request."""
    _require_access_request(dsr)
    if as_format not in EXPORT_FORMATS:
        raise RequestError(_("Unbekanntes Format."))
    export = export_pdf if as_format == "pdf" else export_json
    return export(actor=actor, client=dsr.client, reason=_export_reason(dsr, as_format))


def request_exported(dsr: DataSubjectRequest) -> list[AuditEvent]:
    """The exports produced for this request (who, when, which format), oldest first."""
    return list(AuditEvent.objects.filter(
        action=AuditEvent.Action.EXPORT, client_id=dsr.client_id,
        reason__in=[_export_reason(dsr, f) for f in EXPORT_FORMATS]).order_by("at", "id"))


@transaction.atomic
def request_hand_over(*, actor: Any, dsr: DataSubjectRequest, handed_over_on: dt.date,
                      how: str) -> DataSubjectRequest:
    """Record how and when the copy produced for an access request reached the person."""
    dsr = DataSubjectRequest.objects.select_for_update().get(pk=dsr.pk)
    _require_access_request(dsr)
    if dsr.handed_over_on is not None:
        raise RequestError(_("Die Übergabe ist schon festgehalten."))
    if how not in DataSubjectRequest.HandOver.values:
        raise RequestError(_("Bitte wählen Sie, wie die Auskunft übergeben wurde."))
    if handed_over_on > timezone.localdate() or handed_over_on < dsr.received_on:
        raise RequestError(_("Das Datum der Übergabe muss zwischen dem Eingang der Anfrage "
                             "und heute liegen."))
    if not request_exported(dsr):
        raise RequestError(_("Bitte erstellen Sie zuerst die Auskunft (PDF oder JSON)."))
    dsr.handed_over_on, dsr.handed_over_how, dsr.handed_over_by = handed_over_on, how, actor
    dsr.save(update_fields=["handed_over_on", "handed_over_how", "handed_over_by"])
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=dsr, client_id=dsr.client_id,
                 reason=f"Auskunft übergeben: {how}, {handed_over_on:%Y-%m-%d}")
    return dsr


__all__ = [
    "EXPORT_FORMAT", "ExportSection", "RequestError", "collect", "covered_models", "due_date",
    "export_json", "export_pdf", "personal_models", "register_section", "request_close",
    "request_export", "request_exported", "request_hand_over", "request_record", "row",
]
