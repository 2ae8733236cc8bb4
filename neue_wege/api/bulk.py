"""Bulk import and export of clients and follow-ups as CSV, run by the task runner.

The uploaded file and the produced file are stored encrypted on a `BulkTransfer`; the task gets
only the transfer's id. Each transfer ends with a report (counts, German errors by line) and,
for exports, a CSV to download; for imports, a CSV with one line per input line (status, id,
message).

- clients import: one line per client, columns as the JSON body of `POST /clients`; each line is
  the same idempotent create (or update of a client already linked to the external id). Lines
  are independent: a faulty line is reported, the others are written.
- follow-ups import: the existing all-or-nothing import of `outcomes.follow_up_import`.
"""

from __future__ import annotations

import io
from typing import Any

import pydantic
from django.db import transaction
from django.utils.translation import gettext as _

from neue_wege.api import selectors, services
from neue_wege.api.models import ApiClient, BulkTransfer, ExternalReference
from neue_wege.api.problems import Problem
from neue_wege.api.schemas import ClientIn
from neue_wege.core import spreadsheet
from neue_wege.jobs import services as jobs
from neue_wege.outcomes import follow_up_import
from neue_wege.outcomes.models import FollowUp
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent

CLIENT_COLUMNS = ("external_id", "case_number", "first_name", "last_name", "date_of_birth",
                  "gender", "municipality_ags", "benefit_since", "case_manager", "phone", "email",
                  "single_parent", "children", "german_level", "health_limits", "qualification")
OPTIONAL = {"phone", "email", "single_parent", "children", "german_level", "health_limits",
            "qualification"}
FOLLOW_UP_COLUMNS = ("client_id", *follow_up_import.COLUMNS, "due_on", "recorded_on")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024

TITLES = {
    BulkTransfer.Kind.CLIENTS_IMPORT: "Schnittstelle: Kund:innen importieren",
    BulkTransfer.Kind.CLIENTS_EXPORT: "Schnittstelle: Kund:innen exportieren",
    BulkTransfer.Kind.FOLLOW_UPS_IMPORT: "Schnittstelle: Nachbefragungen importieren",
    BulkTransfer.Kind.FOLLOW_UPS_EXPORT: "Schnittstelle: Nachbefragungen exportieren",
}


def transfer_start(*, api_client: ApiClient, kind: str, upload: str = "") -> BulkTransfer:
    """Store the transfer and queue its task (in one transaction)."""
    task = TASKS[kind]
    with transaction.atomic():
        transfer = BulkTransfer.objects.create(api_client=api_client, kind=kind, upload=upload)
        job = jobs.start(owner=api_client.service_user, kind=f"api.{kind}",
                         title=_(TITLES[kind]), task=task, transfer_id=str(transfer.pk))
        transfer.job = job
        transfer.save(update_fields=["job", "updated_at"])
    return transfer


def _transfer(transfer_id: str) -> BulkTransfer:
    return BulkTransfer.objects.select_related("api_client__service_user").get(pk=transfer_id)


def _finish(transfer: BulkTransfer, *, report: dict[str, Any], result_csv: str) -> dict[str, str]:
    transfer.report = report
    transfer.result_csv = result_csv
    transfer.upload = ""  # the uploaded personal data is not kept after the run
    transfer.save(update_fields=["report", "result_csv", "upload", "updated_at"])
    return {}


def _bool(value: str) -> Any:
    """ja/nein (and the other words of the follow-up import) as a bool; anything else is
    passed on for the schema to reject."""
    folded = value.strip().casefold()
    if folded in follow_up_import.TRUE:
        return True
    if folded in follow_up_import.FALSE:
        return False
    return value


def _line_data(row: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in CLIENT_COLUMNS:
        value = (row.get(name) or "").strip()
        if name in OPTIONAL and value == "":
            continue
        if name in ("single_parent", "health_limits"):
            data[name] = _bool(value)
        else:
            data[name] = value
    return data


@jobs.job_task
def clients_import(job: jobs.JobContext, *, transfer_id: str) -> dict[str, str]:
    transfer = _transfer(transfer_id)
    api_client = transfer.api_client
    try:
        header, rows = follow_up_import.read_rows(transfer.upload)
    except follow_up_import.UnreadableFile as error:
        raise jobs.JobFailed(str(error)) from error
    missing = [name for name in CLIENT_COLUMNS if name not in OPTIONAL and name not in header]
    if missing:
        raise jobs.JobFailed(_("Es fehlen Spalten: %(columns)s.") % {"columns": ", ".join(missing)})
    counts = {"created": 0, "updated": 0, "unchanged": 0, "failed": 0}
    errors: list[str] = []
    buffer = io.StringIO()
    out = spreadsheet.writer(buffer)
    out.writerow(["line", "status", "client_id", "message"])
    for number, row in enumerate(rows, start=2):
        job.progress(number - 1, len(rows), _("Zeile %(n)s von %(total)s")
                     % {"n": number - 1, "total": len(rows)})
        try:
            data = ClientIn.model_validate(_line_data(row)).model_dump()
            written = services.client_create_or_get(api_client=api_client, data=data)
            if not written.created and not written.changed:  # known: bring it up to date
                written = services.client_change(api_client=api_client, client=written.obj,
                                                 data=data)
        except pydantic.ValidationError as error:
            message = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: "
                                f"{_('Wert ungültig oder fehlt')}" for e in error.errors())
            counts["failed"] += 1
            errors.append(_("Zeile %(n)s: %(message)s") % {"n": number, "message": message})
            out.writerow([number, "failed", "", message])
            continue
        except Problem as problem:
            message = problem.detail or "; ".join(f"{e['pointer'].lstrip('/')}: {e['detail']}"
                                                  for e in problem.errors or [])
            counts["failed"] += 1
            errors.append(_("Zeile %(n)s: %(message)s") % {"n": number, "message": message})
            out.writerow([number, "failed", "", message])
            continue
        status = "created" if written.created else "updated" if written.changed else "unchanged"
        counts[status] += 1
        out.writerow([number, status, str(written.obj.pk), ""])
    report = {"rows": len(rows), **counts, "errors": errors[:200]}
    return _finish(transfer, report=report, result_csv=buffer.getvalue())


@jobs.job_task
def follow_ups_import(job: jobs.JobContext, *, transfer_id: str) -> dict[str, str]:
    """The follow-up import of `outcomes` (all lines checked first; all or nothing)."""
    transfer = _transfer(transfer_id)
    try:
        header, rows = follow_up_import.read_rows(transfer.upload)
    except follow_up_import.UnreadableFile as error:
        raise jobs.JobFailed(str(error)) from error
    job.progress(0, len(rows), _("Zeilen werden geprüft"))
    result = follow_up_import.validate(rows, job_centre_id=transfer.api_client.job_centre_id)
    ignored = follow_up_import.unknown_columns(header)
    if not result.errors:
        try:
            follow_up_import.write(result)
        except follow_up_import.ImportFailed as failed:
            result.errors = failed.errors
            result.created = result.changed = result.unchanged = 0
    report = {"rows": len(rows), "created": result.created, "updated": result.changed,
              "unchanged": result.unchanged, "failed": len(result.errors),
              "errors": result.errors[:200],
              "ignored_columns": [c for c in ignored if c not in FOLLOW_UP_COLUMNS]}
    buffer = io.StringIO()
    out = spreadsheet.writer(buffer)
    out.writerow(["message"])
    for message in result.errors:
        out.writerow([message])
    return _finish(transfer, report=report, result_csv=buffer.getvalue())


@jobs.job_task
def clients_export(job: jobs.JobContext, *, transfer_id: str) -> dict[str, str]:
    transfer = _transfer(transfer_id)
    api_client = transfer.api_client
    clients = list(selectors.clients_for(api_client).select_related("municipality", "case_manager")
                   .order_by("case_number"))
    known = selectors.external_ids(api_client, ExternalReference.Kind.CLIENT,
                                   [c.pk for c in clients])
    buffer = io.StringIO()
    out = spreadsheet.writer(buffer)
    out.writerow(["id", *CLIENT_COLUMNS])
    for number, client in enumerate(clients, start=1):
        if number % 200 == 0:
            job.progress(number, len(clients), _("Kund:innen werden geschrieben"))
        out.writerow([client.pk, known.get(client.pk, ""), client.case_number, client.first_name,
                      client.last_name, client.date_of_birth.isoformat(), client.gender,
                      client.municipality.ags, client.benefit_since.isoformat(),
                      client.case_manager.username, client.phone, client.email,
                      "ja" if client.single_parent else "nein", client.children,
                      client.german_level, "ja" if client.health_limits else "nein",
                      client.qualification])
    audit_record(actor=api_client.service_user, action=AuditEvent.Action.EXPORT, obj=transfer,
                 reason=f"api clients export: {len(clients)} rows")
    return _finish(transfer, report={"rows": len(clients)}, result_csv=buffer.getvalue())


@jobs.job_task
def follow_ups_export(job: jobs.JobContext, *, transfer_id: str) -> dict[str, str]:
    transfer = _transfer(transfer_id)
    api_client = transfer.api_client
    rows = list(FollowUp.objects.filter(
        outcome__enrollment__client__job_centre_id=api_client.job_centre_id)
        .select_related("outcome__enrollment__client")
        .order_by("outcome__enrollment__client__case_number", "months_after", "id"))
    buffer = io.StringIO()
    out = spreadsheet.writer(buffer)
    out.writerow(FOLLOW_UP_COLUMNS)
    for follow_up in rows:
        client = follow_up.outcome.enrollment.client
        out.writerow([client.pk, client.case_number, follow_up.months_after,
                      follow_up.destination,
                      follow_up.destination_started_on.isoformat()
                      if follow_up.destination_started_on else "",
                      "" if follow_up.in_benefits is None else
                      ("ja" if follow_up.in_benefits else "nein"),
                      follow_up.due_on.isoformat(),
                      follow_up.recorded_on.isoformat() if follow_up.recorded_on else ""])
    audit_record(actor=api_client.service_user, action=AuditEvent.Action.EXPORT, obj=transfer,
                 reason=f"api follow-ups export: {len(rows)} rows")
    return _finish(transfer, report={"rows": len(rows)}, result_csv=buffer.getvalue())


TASKS = {
    BulkTransfer.Kind.CLIENTS_IMPORT: clients_import,
    BulkTransfer.Kind.CLIENTS_EXPORT: clients_export,
    BulkTransfer.Kind.FOLLOW_UPS_IMPORT: follow_ups_import,
    BulkTransfer.Kind.FOLLOW_UPS_EXPORT: follow_ups_export,
}
