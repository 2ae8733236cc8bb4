"""Data subject requests for staff: the client's case manager and administrators record,
follow and close requests (access, rectification, erasure, restriction, objection).

Erasure is executed through the retention module (pseudonymise/delete); what must stay is
recorded as the legal exception. Every read and change is logged.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from neue_wege.core.exceptions import DomainError
from neue_wege.core.pagination import paginate
from neue_wege.privacy import access, restriction, restriction_services, subject_rights
from neue_wege.privacy.audit import audit_views
from neue_wege.privacy.forms_requests import (
    HandOverForm,
    RequestCloseForm,
    RequestRecordForm,
    RestrictionForm,
)

SORTS = {"due_on": ["due_on", "id"], "-due_on": ["-due_on", "id"],
         "received_on": ["received_on", "id"], "-received_on": ["-received_on", "id"]}


@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    access.require(access.can_handle_data_subject_requests(request.user))
    requests = (access.data_subject_requests_for(request.user)
                .select_related("client", "handled_by").order_by("status", "due_on"))
    show = request.GET.get("stand", "open")
    if show == "open":
        requests = requests.filter(status="open")
    listing = paginate(request, requests, sorts=SORTS, default_sort="due_on")
    rows = list(listing.object_list)
    audit_views(actor=request.user, objects=rows, client_id_of=lambda dsr: dsr.client_id)
    return render(request, "privacy/request_list.html", {
        "listing": listing, "requests": rows, "show": show, "today": timezone.localdate()})


@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    access.require(access.can_handle_data_subject_requests(request.user))
    clients = access.data_subject_clients_for(request.user)
    if request.method == "POST":
        form = RequestRecordForm(request.POST, clients=clients)
        if form.is_valid():
            data = form.cleaned_data
            try:
                dsr = subject_rights.request_record(
                    actor=request.user, client=data["client"], kind=data["kind"],
                    received_on=data["received_on"], details=data["details"])
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("Die Anfrage ist aufgenommen. Antwort bis %(day)s.")
                                 % {"day": dsr.due_on.strftime("%d.%m.%Y")})
                return redirect("privacy:request-detail", request_id=dsr.pk)
    else:
        initial = {"received_on": timezone.localdate()}
        client = clients.filter(pk=_uuid(request.GET.get("kundin"))).first()
        if client is not None:
            initial["case_number"] = client.case_number
        form = RequestRecordForm(initial=initial, clients=clients)
    return render(request, "privacy/request_form.html", {"form": form})


def _uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


@require_http_methods(["GET", "POST"])
def request_detail(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    dsr = access.access_data_subject_request(request.user, request_id)
    form = RequestCloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and dsr.is_open and form.is_valid():
        data = form.cleaned_data
        try:
            subject_rights.request_close(
                actor=request.user, dsr=dsr, status=data["status"], outcome=data["outcome"],
                legal_exception=data["legal_exception"],
                legal_exception_text=data["legal_exception_text"],
                execute_erasure=data["execute_erasure"])
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Die Anfrage ist abgeschlossen."))
            return redirect("privacy:request-detail", request_id=dsr.pk)
    return render(request, "privacy/request_detail.html",
                  _detail_context(dsr, form=form, user=request.user))


def _detail_context(dsr, *, user, **extra):  # noqa: ANN001, ANN003, ANN202
    in_force = restriction.restriction_in_force(dsr.client_id)
    offer = in_force is not None or dsr.kind == dsr.Kind.RESTRICTION
    copy = dsr.kind == dsr.Kind.ACCESS and access.can_export_for_request(user)
    hand_over_form = extra.pop("hand_over_form", None)
    if copy and hand_over_form is None and dsr.handed_over_on is None:
        hand_over_form = HandOverForm(initial={"handed_over_on": timezone.localdate()})
    return {"dsr": dsr, "restriction": in_force, "can_export": copy,
            "can_rectify": access.can_rectify_from_request(user, dsr),
            "exports": [(event.at, event.actor_label, "PDF" if "PDF" in event.reason else "JSON")
                        for event in subject_rights.request_exported(dsr)] if copy else [],
            "hand_over_form": hand_over_form,
            "restriction_form": (extra.pop("restriction_form", None) or RestrictionForm(
                initial={"action": "lift" if in_force else "set"})) if offer else None,
            **extra}


@require_POST
def request_restriction(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    """Set (from a request of kind "Einschränkung") or lift the restriction of processing."""
    dsr = access.access_data_subject_request(request.user, request_id)
    form = RestrictionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == "set":
                if dsr.kind != dsr.Kind.RESTRICTION:
                    raise DomainError(_("Einschränken geht nur bei einer Anfrage auf "
                                        "Einschränkung."))
                restriction_services.restriction_set(actor=request.user, client=dsr.client,
                                            reason=data["reason"], request=dsr)
                messages.success(request, _("Die Verarbeitung ist eingeschränkt. Änderungen "
                                            "an den Daten der Person sind gesperrt."))
            else:
                restriction_services.restriction_lift(actor=request.user, client=dsr.client,
                                             reason=data["reason"])
                messages.success(request, _("Die Einschränkung ist aufgehoben."))
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            return redirect("privacy:request-detail", request_id=dsr.pk)
    return render(request, "privacy/request_detail.html", _detail_context(
        dsr, form=RequestCloseForm(), restriction_form=form, user=request.user), status=400)


def _export_response(request: HttpRequest, request_id: uuid.UUID, as_format: str
                     ) -> HttpResponse:
    dsr = access.access_data_subject_request(request.user, request_id)
    access.require(access.can_export_for_request(request.user))
    try:
        data = subject_rights.request_export(actor=request.user, dsr=dsr, as_format=as_format)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("privacy:request-detail", request_id=dsr.pk)
    content_type = "application/pdf" if as_format == "pdf" else "application/json; charset=utf-8"
    response = HttpResponse(data, content_type=content_type)
    filename = f"auskunft-{dsr.client.case_number}-{timezone.localdate():%Y-%m-%d}.{as_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@require_GET
def request_export_pdf(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    return _export_response(request, request_id, "pdf")


@never_cache
@require_GET
def request_export_json(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    return _export_response(request, request_id, "json")


@require_POST
def request_hand_over(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    """Record how and when the administration handed the copy over."""
    dsr = access.access_data_subject_request(request.user, request_id)
    access.require(access.can_export_for_request(request.user))
    form = HandOverForm(request.POST)
    if form.is_valid():
        try:
            subject_rights.request_hand_over(
                actor=request.user, dsr=dsr, handed_over_on=form.cleaned_data["handed_over_on"],
                how=form.cleaned_data["how"])
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Die Übergabe der Auskunft ist festgehalten."))
            return redirect("privacy:request-detail", request_id=dsr.pk)
    return render(request, "privacy/request_detail.html", _detail_context(
        dsr, form=RequestCloseForm(), hand_over_form=form, user=request.user), status=400)
