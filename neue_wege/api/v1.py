"""API version 1 (`/api/v1/`): Django Ninja endpoints over the domain services and the scoped
selectors of `neue_wege.api` (docs/api.md).

Every error is a problem document (problems.py); the OpenAPI schema says so for every
operation (`ERRORS`) and `ProblemApi.get_openapi_schema` gives those answers the media type
`application/problem+json`.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import File, NinjaAPI, Query, Router, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.files import UploadedFile

from neue_wege.api import bulk, problems, selectors, services
from neue_wege.api.auth import TokenAuth, require_scope
from neue_wege.api.models import ApiClient, BulkTransfer, ExternalReference, Scope
from neue_wege.api.problems import Problem
from neue_wege.api.schemas import (
    ClientIn,
    ClientOut,
    ClientOutcomesOut,
    ClientPatch,
    DueFollowUpOut,
    EnrollmentOutcomeOut,
    FollowUpOut,
    ProblemOut,
    ReferralIn,
    ReferralOut,
    RunOut,
)
from neue_wege.api.schemas import TransferOut as TransferSchema
from neue_wege.clients.models import Client, Referral
from neue_wege.programmes.models import Run

logger = logging.getLogger("neue_wege.api")

ERRORS: dict[int, Any] = {code: ProblemOut for code in (400, 401, 403, 404, 422, 429)}
WRITE_ERRORS: dict[int, Any] = {**ERRORS, 409: ProblemOut}


class ProblemApi(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        for path in schema["paths"].values():
            for operation in path.values():
                for code, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if int(code) >= 400 and "application/json" in content:
                        answer["content"] = {problems.CONTENT_TYPE: content["application/json"]}
        return schema


api = ProblemApi(
    title="Neue Wege – Schnittstelle für Fachverfahren",
    version="1",
    description="Kund:innen, Zuweisungen, freie Plätze, Verbleib und Nachbefragungen eines "
                "Jobcenters (docs/api.md). Fehler als Problem Details (RFC 9457).",
    auth=TokenAuth(),
    urls_namespace="api:v1",
    docs_url=None,  # the interactive page loads scripts from a CDN: not on our pages (CSP)
    openapi_url="/openapi.json",
)


# --- errors -------------------------------------------------------------------------------------
@api.exception_handler(Problem)
def _problem(request: HttpRequest, exc: Problem) -> HttpResponse:
    return problems.from_problem(request, exc)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return problems.response(request, 422, errors=problems.validation_errors(exc.errors))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problems.response(request, 401, headers={"WWW-Authenticate": "Bearer"})


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    status = exc.status_code if exc.status_code in problems.TITLES else 400
    return problems.response(request, status)


@api.exception_handler(Exception)
def _error(request: HttpRequest, exc: Exception) -> HttpResponse:
    from django.http import Http404

    if isinstance(exc, Http404):
        return problems.response(request, 404)
    logger.exception("API error on %s %s", request.method, request.path)
    return problems.response(request, 500)


def _touched(request: HttpRequest, *ids: Any) -> None:
    """Remember the ids of the objects a call touched (for its audit row)."""
    request.api_object_ids = [*getattr(request, "api_object_ids", []),  # type: ignore[attr-defined]
                              *(str(i) for i in ids)]


# --- clients ------------------------------------------------------------------------------------
clients = Router(tags=["Kund:innen"])


def _client_out(api_client: ApiClient, client: Client, *, created: bool = False) -> dict[str, Any]:
    external = selectors.external_ids(api_client, ExternalReference.Kind.CLIENT, [client.pk])
    return {
        "id": client.pk, "external_id": external.get(client.pk),
        "case_number": client.case_number, "first_name": client.first_name,
        "last_name": client.last_name, "date_of_birth": client.date_of_birth,
        "gender": client.gender, "municipality_ags": client.municipality.ags,
        "benefit_since": client.benefit_since, "case_manager": client.case_manager.username,
        "phone": client.phone, "email": client.email, "single_parent": client.single_parent,
        "children": client.children, "german_level": client.german_level,
        "health_limits": client.health_limits, "qualification": client.qualification,
        "created": created,
    }


@clients.post("/clients", url_name="client-create", response={200: ClientOut, 201: ClientOut,
                                                               **WRITE_ERRORS},
              summary="Kund:in anlegen (idempotent über external_id)")
def client_create(request: HttpRequest, payload: ClientIn) -> Any:
    api_client = require_scope(request, Scope.CLIENTS_WRITE)
    written = services.client_create_or_get(api_client=api_client, data=payload.model_dump())
    _touched(request, written.obj.pk)
    return Status(201 if written.created else 200,
                  _client_out(api_client, written.obj, created=written.created))


@clients.get("/clients/{client_id}", url_name="client-detail",
             response={200: ClientOut, **ERRORS}, summary="Stammdaten einer Kund:in lesen")
def client_detail(request: HttpRequest, client_id: uuid.UUID) -> Any:
    api_client = require_scope(request, Scope.CLIENTS_READ)
    client = selectors.client_get(api_client, client_id)
    _touched(request, client.pk)
    return Status(200, _client_out(api_client, client))


@clients.patch("/clients/{client_id}", url_name="client-update",
               response={200: ClientOut, **WRITE_ERRORS},
               summary="Stammdaten einer Kund:in ändern (nur die gesendeten Felder)")
def client_update(request: HttpRequest, client_id: uuid.UUID, payload: ClientPatch) -> Any:
    api_client = require_scope(request, Scope.CLIENTS_WRITE)
    client = selectors.client_get(api_client, client_id, audit=False)
    written = services.client_change(api_client=api_client, client=client,
                                     data=payload.model_dump(exclude_unset=True))
    _touched(request, client.pk)
    return Status(200, _client_out(api_client, written.obj))


# --- referrals and seats ------------------------------------------------------------------------
referrals = Router(tags=["Zuweisungen und Plätze"])


def _referral_out(api_client: ApiClient, referral: Referral, *, created: bool = False
                  ) -> dict[str, Any]:
    external = selectors.external_ids(api_client, ExternalReference.Kind.REFERRAL, [referral.pk])
    return {"id": referral.pk, "external_id": external.get(referral.pk),
            "client_id": referral.client_id, "run_id": referral.run_id,
            "status": referral.status, "status_label": str(referral.get_status_display()),
            "created_at": referral.created_at, "created": created,
            **selectors.referral_status(referral)}


def _run_out(run: Run) -> dict[str, Any]:
    return {"id": run.pk, "title": run.title, "status": run.status, "starts_on": run.starts_on,
            "ends_on": run.ends_on, **selectors.run_seats(run)}


@referrals.post("/referrals", url_name="referral-create",
                response={200: ReferralOut, 201: ReferralOut, **WRITE_ERRORS},
                summary="Zuweisung anlegen (idempotent über external_id)")
def referral_create(request: HttpRequest, payload: ReferralIn) -> Any:
    api_client = require_scope(request, Scope.REFERRALS_WRITE)
    written = services.referral_create_or_get(api_client=api_client, data=payload.model_dump())
    _touched(request, written.obj.pk)
    return Status(201 if written.created else 200,
                  _referral_out(api_client, written.obj, created=written.created))


@referrals.get("/referrals/{referral_id}", url_name="referral-detail",
               response={200: ReferralOut, **ERRORS}, summary="Stand einer Zuweisung lesen")
def referral_detail(request: HttpRequest, referral_id: uuid.UUID) -> Any:
    api_client = require_scope(request, Scope.REFERRALS_READ)
    referral = selectors.referral_get(api_client, referral_id)
    _touched(request, referral.pk)
    return Status(200, _referral_out(api_client, referral))


@referrals.get("/runs", url_name="run-list", response={200: list[RunOut], **ERRORS},
               summary="Durchläufe, die Zuweisungen annehmen, mit freien Plätzen")
def run_list(request: HttpRequest) -> Any:
    api_client = require_scope(request, Scope.REFERRALS_READ)
    return Status(200, [_run_out(run) for run in selectors.open_runs(api_client)])


@referrals.get("/runs/{run_id}", url_name="run-detail", response={200: RunOut, **ERRORS},
               summary="Plätze und Warteliste eines Durchlaufs")
def run_detail(request: HttpRequest, run_id: uuid.UUID) -> Any:
    api_client = require_scope(request, Scope.REFERRALS_READ)
    run = selectors.run_get(api_client, run_id)
    _touched(request, run.pk)
    return Status(200, _run_out(run))


# --- outcomes -----------------------------------------------------------------------------------
outcomes = Router(tags=["Verbleib und Nachbefragungen"])


@outcomes.get("/clients/{client_id}/outcomes", url_name="client-outcomes",
              response={200: ClientOutcomesOut, **ERRORS},
              summary="Teilnahmen, Verbleib und Nachbefragungen einer Kund:in")
def client_outcomes(request: HttpRequest, client_id: uuid.UUID) -> Any:
    api_client = require_scope(request, Scope.OUTCOMES_READ)
    client = selectors.client_get(api_client, client_id, audit=False)
    _touched(request, client.pk)
    rows = []
    for enrollment, outcome, follow_ups in selectors.outcomes_of_client(api_client, client):
        rows.append(EnrollmentOutcomeOut(
            enrollment_id=enrollment.pk, run_id=enrollment.run_id,
            enrollment_status=enrollment.status, started_on=enrollment.started_on,
            ended_on=enrollment.ended_on,
            ended_how=outcome.ended_how if outcome else None,
            destination=(outcome.destination or None) if outcome else None,
            destination_started_on=outcome.destination_started_on if outcome else None,
            benefit_exit_on=outcome.benefit_exit_on if outcome else None,
            follow_ups=[FollowUpOut(
                months_after=f.months_after, due_on=f.due_on, recorded_on=f.recorded_on,
                destination=f.destination, destination_started_on=f.destination_started_on,
                in_benefits=f.in_benefits, not_reached=f.not_reached) for f in follow_ups]))
    return Status(200, {"client_id": client.pk, "enrollments": rows})


@outcomes.get("/follow-ups/due", url_name="follow-ups-due",
              response={200: list[DueFollowUpOut], **ERRORS},
              summary="Offene Nachbefragungen, fällig bis zu einem Tag (höchstens 500)")
def follow_ups_due(request: HttpRequest, until: Query[dt.date | None] = None) -> Any:
    api_client = require_scope(request, Scope.OUTCOMES_READ)
    day = until or timezone.localdate()
    if abs((day - timezone.localdate()).days) > 3660:
        raise Problem(422, errors=[{"pointer": "/until",
                                    "detail": "Das Datum liegt mehr als zehn Jahre entfernt."}])
    rows = selectors.follow_ups_due(api_client, until=day)
    clients_seen = [f.outcome.enrollment.client_id for f in rows]
    external = selectors.external_ids(api_client, ExternalReference.Kind.CLIENT, clients_seen)
    return Status(200, [{"client_id": f.outcome.enrollment.client_id,
                         "external_id": external.get(f.outcome.enrollment.client_id),
                         "case_number": f.outcome.enrollment.client.case_number,
                         "months_after": f.months_after, "due_on": f.due_on} for f in rows])


# --- bulk ---------------------------------------------------------------------------------------
transfers = Router(tags=["Massenimport und -export"])


def _transfer_out(transfer: BulkTransfer) -> dict[str, Any]:
    job = transfer.job
    state = job.state if job else "failed"
    return {"id": transfer.pk, "kind": transfer.kind, "state": state,
            "progress_done": job.done if job else 0, "progress_total": job.total if job else 0,
            "error": job.error if job else "", "report": transfer.report,
            "result_url": reverse("api:v1:transfer-result", kwargs={"transfer_id": transfer.pk})
            if state == "done" else None}


def _upload_text(file: UploadedFile) -> str:
    if file.size and file.size > bulk.MAX_UPLOAD_BYTES:
        raise Problem(422, errors=[{"pointer": "/file", "detail": "Die Datei ist größer als "
                                    "20 MB."}])
    raw = file.read(bulk.MAX_UPLOAD_BYTES + 1)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Problem(422, errors=[{"pointer": "/file", "detail": "Die Datei ist kein Text in "
                                    "UTF-8."}]) from error


def _start(request: HttpRequest, kind: str, upload: str = "") -> Any:
    api_client = require_scope(request, Scope.BULK)
    transfer = bulk.transfer_start(api_client=api_client, kind=kind, upload=upload)
    _touched(request, transfer.pk)
    return Status(202, _transfer_out(transfer))


@transfers.post("/bulk/clients/import", url_name="clients-import",
                response={202: TransferSchema, **ERRORS},
                summary="Kund:innen aus einer CSV-Datei importieren (im Hintergrund)")
def clients_import(request: HttpRequest, file: File[UploadedFile]) -> Any:
    require_scope(request, Scope.BULK)
    return _start(request, BulkTransfer.Kind.CLIENTS_IMPORT, _upload_text(file))


@transfers.post("/bulk/follow-ups/import", url_name="follow-ups-import",
                response={202: TransferSchema, **ERRORS},
                summary="Nachbefragungen aus einer CSV-Datei importieren (im Hintergrund)")
def follow_ups_import(request: HttpRequest, file: File[UploadedFile]) -> Any:
    require_scope(request, Scope.BULK)
    return _start(request, BulkTransfer.Kind.FOLLOW_UPS_IMPORT, _upload_text(file))


@transfers.post("/bulk/clients/export", url_name="clients-export",
                response={202: TransferSchema, **ERRORS},
                summary="Alle Kund:innen als CSV exportieren (im Hintergrund)")
def clients_export(request: HttpRequest) -> Any:
    return _start(request, BulkTransfer.Kind.CLIENTS_EXPORT)


@transfers.post("/bulk/follow-ups/export", url_name="follow-ups-export",
                response={202: TransferSchema, **ERRORS},
                summary="Alle Nachbefragungen als CSV exportieren (im Hintergrund)")
def follow_ups_export(request: HttpRequest) -> Any:
    return _start(request, BulkTransfer.Kind.FOLLOW_UPS_EXPORT)


@transfers.get("/bulk/{transfer_id}", url_name="transfer-detail",
               response={200: TransferSchema, **ERRORS},
               summary="Stand und Bericht einer Massenübertragung")
def transfer_detail(request: HttpRequest, transfer_id: uuid.UUID) -> Any:
    api_client = require_scope(request, Scope.BULK)
    transfer = selectors.transfer_get(api_client, transfer_id)
    _touched(request, transfer.pk)
    return Status(200, _transfer_out(transfer))


@transfers.get("/bulk/{transfer_id}/result", url_name="transfer-result",
               response={200: str, **ERRORS}, summary="Ergebnisdatei (CSV) einer fertigen "
               "Massenübertragung", openapi_extra={"responses": {"200": {
                   "description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}}}})
def transfer_result(request: HttpRequest, transfer_id: uuid.UUID) -> Any:
    api_client = require_scope(request, Scope.BULK)
    transfer = selectors.transfer_get(api_client, transfer_id)
    _touched(request, transfer.pk)
    if transfer.job is None or transfer.job.state != "done":
        raise Problem(404, "Die Übertragung ist noch nicht fertig.")
    answer = HttpResponse(transfer.result_csv, content_type="text/csv; charset=utf-8")
    answer["Content-Disposition"] = f'attachment; filename="{transfer.kind}.csv"'
    return answer


api.add_router("", clients)
api.add_router("", referrals)
api.add_router("", outcomes)
api.add_router("", transfers)
