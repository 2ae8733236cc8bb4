"""Views: thin, ask privacy.access, call one service, render."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from neue_wege.clients import selectors, services
from neue_wege.clients.exceptions import RunFullError, TargetGroupMismatchError
from neue_wege.clients.forms import (
    ClientFilterForm,
    ClientForm,
    ReasonForm,
    ReferralFilterForm,
    ReferralForm,
    ReferralMoveForm,
    SkipReasonForm,
)
from neue_wege.clients.models import Client, Referral
from neue_wege.core.collation import german
from neue_wege.core.exceptions import DomainError
from neue_wege.core.http import is_htmx, service_call
from neue_wege.core.pagination import paginate
from neue_wege.privacy import access
from neue_wege.privacy.audit import audit_views

CLIENT_SORTS: dict[str, list[str]] = {
    "name": [german("last_name"), german("first_name"), "id"],
    "-name": [german("last_name", descending=True), german("first_name", descending=True), "-id"],
    "case_number": ["case_number", "id"],
    "-case_number": ["-case_number", "-id"],
    "municipality": [german("municipality__name"), german("last_name"), "id"],
    "-municipality": [german("municipality__name", descending=True), german("last_name"), "id"],
    "created": ["created_at", "id"],
    "-created": ["-created_at", "-id"],
}
REFERRAL_SORTS: dict[str, list[str]] = {
    "created": ["created_at", "id"],
    "-created": ["-created_at", "-id"],
    "client": [german("client__last_name"), german("client__first_name"), "id"],
    "-client": [german("client__last_name", descending=True),
                german("client__first_name", descending=True), "-id"],
    "run": ["run__title", "created_at", "id"],
    "-run": ["-run__title", "created_at", "id"],
    "status": ["status", "-created_at", "id"],
    "-status": ["-status", "-created_at", "id"],
}

DECLINE_LABEL = gettext_lazy("Grund der Ablehnung")
WITHDRAW_LABEL = gettext_lazy("Grund für das Zurückziehen bzw. die Abmeldung")


# --- helpers --------------------------------------------------------------------------------
def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def _parse_uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


# --- clients --------------------------------------------------------------------------------
@require_GET
def client_list(request: HttpRequest) -> HttpResponse:
    access.require(access.can_refer(request.user))
    filters = ClientFilterForm(request.GET)
    search, municipality_id = "", None
    if filters.is_valid():
        search = filters.cleaned_data["q"]
        municipality = filters.cleaned_data["municipality"]
        municipality_id = municipality.pk if municipality else None
    clients = selectors.client_list_for(user=request.user, search=search,
                                        municipality_id=municipality_id)
    listing = paginate(request, clients, sorts=CLIENT_SORTS, default_sort="name", keyset=True)
    rows = list(listing.object_list)
    audit_views(actor=request.user, objects=rows, client_id_of=lambda c: c.pk)
    return render(request, "clients/client_list.html", {
        "filters": filters, "listing": listing, "clients": rows,
        "sort_links": listing.sort_links(["name", "case_number", "municipality"]),
        "filtered": bool(search or municipality_id),
    })


@require_http_methods(["GET", "POST"])
def client_create(request: HttpRequest) -> HttpResponse:
    access.require(access.can_refer(request.user))
    form = ClientForm(request.POST or None, job_centre_id=request.user.job_centre_id)
    if request.method == "POST" and form.is_valid():
        created = service_call(
            request, lambda: services.client_create(actor=request.user, **form.cleaned_data),
            form=form, errors=(ValidationError,),
            success=lambda client: _("Der Datensatz von %(name)s wurde angelegt.")
            % {"name": client.full_name})
        if created and created.value is not None:
            return redirect("clients:client-detail", client_id=created.value.pk)
    return render(request, "clients/client_form.html", {"form": form, "client": None})


@require_http_methods(["GET", "POST"])
def client_update(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = access.access_client(request.user, client_id, reason="edit")
    access.require(access.can_change_client(request.user, client))
    name = client.full_name  # the heading keeps the saved name while the form is invalid
    form = ClientForm(request.POST or None, instance=client,
                      job_centre_id=request.user.job_centre_id)
    if request.method == "POST" and form.is_valid():
        if service_call(request, lambda: services.client_update(
                actor=request.user, client=client, **form.cleaned_data),
                form=form, errors=(ValidationError,),
                success=_("Die Änderungen wurden gespeichert.")):
            return redirect("clients:client-detail", client_id=client.pk)
    return render(request, "clients/client_form.html",
                  {"form": form, "client": client, "client_name": name})


@require_GET
def client_detail(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = access.access_client(request.user, client_id)
    return render(request, "clients/client_detail.html", {
        "client": client,
        "referrals": selectors.client_referrals_for(user=request.user, client=client),
        "can_change": access.can_change_client(request.user, client),
    })


# --- referrals ------------------------------------------------------------------------------
def _fit_context(client: Client, run: Any) -> dict[str, Any]:
    fits = selectors.fit_for(client=client, run=run) if run is not None else []
    return {"run": run, "fits": fits, "client": client,
            "fit_matches": sum(1 for f in fits if f.matches is True),
            "fit_checkable": sum(1 for f in fits if f.matches is not None)}


@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = access.access_client(request.user, client_id, reason="referral")
    access.require(access.can_change_client(request.user, client))
    runs = selectors.runs_open_for_referral(user=request.user)
    fit_url = reverse("clients:referral-create", kwargs={"client_id": client.pk})
    if request.method == "GET":
        chosen = _parse_uuid(request.GET.get("run"))
        run = runs.filter(pk=chosen).first() if chosen else None
        if is_htmx(request):
            return render(request, "clients/partials/_fit.html", _fit_context(client, run))
        form = ReferralForm(initial={"run": run}, runs=runs, fit_url=fit_url)
    else:
        form = ReferralForm(request.POST, runs=runs, fit_url=fit_url)
        if form.is_valid():
            try:
                referral = services.referral_create(
                    actor=request.user, client=client, run=form.cleaned_data["run"],
                    potential_note=form.cleaned_data["potential_note"],
                    fit_reason=form.cleaned_data["fit_reason"])
            except TargetGroupMismatchError as error:
                form.add_error("fit_reason", str(error.message))
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                if referral.status == Referral.Status.WAITLISTED:
                    messages.warning(request, _(
                        "Der Durchlauf ist voll. Die Zuweisung steht auf der Warteliste "
                        "(Platz %(position)s).")
                        % {"position": selectors.waitlist_position(referral)})
                else:
                    messages.success(request, _(
                        "Die Zuweisung wurde angelegt. Die Projektleitung entscheidet über "
                        "die Aufnahme."))
                return redirect("clients:referral-detail", referral_id=referral.pk)
        run = form.cleaned_data.get("run") if hasattr(form, "cleaned_data") else None
    return render(request, "clients/referral_create.html",
                  {"form": form, "client": client, "runs": runs, **_fit_context(client, run)})


@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    access.require(access.can_list_referrals(request.user))
    data = request.GET.copy()
    if "status" not in data and "runs" not in data:  # not filtered yet: the role's default
        data.update(selectors.referral_list_defaults(user=request.user))
    filters = ReferralFilterForm(data)
    status, runs = (filters.cleaned_data["status"], filters.cleaned_data["runs"]
                    ) if filters.is_valid() else ("", "")
    referrals = selectors.referral_list_for(user=request.user, status=status,
                                            current_runs=runs == "current")
    listing = paginate(request, referrals, sorts=REFERRAL_SORTS, default_sort="-created",
                       keyset=True)
    rows = list(listing.object_list)
    audit_views(actor=request.user, objects=rows, client_id_of=lambda r: r.client_id)
    return render(request, "clients/referral_list.html", {
        "filters": filters, "listing": listing, "referrals": rows, "status": status,
        "sort_links": listing.sort_links(["client", "run", "status", "created"]),
    })


def _referral_detail_context(request: HttpRequest, referral: Referral) -> dict[str, Any]:
    return {
        "referral": referral,
        "history": selectors.referral_history(referral),
        "enrollment": selectors.referral_enrollment(referral),
        "waitlist_position": selectors.waitlist_position(referral),
        "can_decide": access.can_decide_referral(request.user, referral),
        "can_withdraw": access.can_withdraw_referral(request.user, referral),
        "can_accept": referral.can_transition_to(Referral.Status.ACCEPTED),
        "can_waitlist": referral.can_transition_to(Referral.Status.WAITLISTED),
        "run_full": selectors.run_is_full(referral.run),
        "waiting_ahead": selectors.waiting_ahead(referral),
        "can_decline": referral.can_transition_to(Referral.Status.DECLINED),
        "is_open": referral.can_transition_to(Referral.Status.WITHDRAWN),
        "decline_form": ReasonForm(prefix="decline", label=DECLINE_LABEL),
        "withdraw_form": ReasonForm(prefix="withdraw", label=WITHDRAW_LABEL),
        **_fit_context(referral.client, referral.run),
    }


@require_GET
def referral_detail(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = access.access_referral(request.user, referral_id)
    return render(request, "clients/referral_detail.html",
                  _referral_detail_context(request, referral))


# --- decisions (POST only) -------------------------------------------------------------------
def _after_action(request: HttpRequest, referral: Referral, *, failed_form: ReasonForm | None = None
                  ) -> HttpResponse:
    """htmx from the run page: the refreshed lists; otherwise back where the user came from."""
    run = referral.run
    if is_htmx(request) and access.leads_run(request.user, run):
        return _render_run_referrals(request, run, partial=True, failed_id=referral.pk,
                                     failed_form=failed_form)
    default = reverse("clients:referral-detail", kwargs={"referral_id": referral.pk})
    return HttpResponseRedirect(_next_url(request, default))


def _invalid_reason(request: HttpRequest, referral: Referral, form: ReasonForm, action: str
                    ) -> HttpResponse:
    if is_htmx(request) and access.leads_run(request.user, referral.run):
        return _after_action(request, referral, failed_form=form)
    context = _referral_detail_context(request, referral)
    context[f"{action}_form"] = form
    return render(request, "clients/referral_detail.html", context)


@require_POST
def referral_accept(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = access.access_referral(request.user, referral_id)
    access.require(access.can_decide_referral(request.user, referral))
    skip = SkipReasonForm(request.POST)
    skip_reason = skip.cleaned_data["reason"] if skip.is_valid() else ""
    service_call(request, lambda: services.referral_accept(actor=request.user, referral=referral,
                                                           skip_reason=skip_reason),
                 warnings=(RunFullError,),
                 success=lambda enrollment: _("%(name)s ist jetzt Teilnehmende:r des "
                                              "Durchlaufs.") % {"name": enrollment.client.full_name})
    return _after_action(request, referral)


@require_POST
def referral_waitlist(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    """A full run: the facilitator puts a pending referral on the waitlist."""
    referral = access.access_referral(request.user, referral_id)
    access.require(access.can_decide_referral(request.user, referral))
    service_call(request, lambda: services.referral_waitlist(actor=request.user, referral=referral),
                 success=lambda _result: _("%(name)s steht jetzt auf der Warteliste (Platz "
                                           "%(position)s).")
                 % {"name": referral.client.full_name,
                    "position": selectors.waitlist_position(referral)})
    return _after_action(request, referral)


@require_POST
def referral_decline(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = access.access_referral(request.user, referral_id)
    access.require(access.can_decide_referral(request.user, referral))
    form = ReasonForm(request.POST, prefix="decline", label=DECLINE_LABEL)
    if not form.is_valid():
        return _invalid_reason(request, referral, form, "decline")
    service_call(request, lambda: services.referral_decline(
        actor=request.user, referral=referral, reason=form.cleaned_data["reason"]),
        success=_("Die Zuweisung von %(name)s wurde abgelehnt.")
        % {"name": referral.client.full_name})
    return _after_action(request, referral)


@require_POST
def referral_withdraw(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = access.access_referral(request.user, referral_id)
    access.require(access.can_withdraw_referral(request.user, referral))
    form = ReasonForm(request.POST, prefix="withdraw", label=WITHDRAW_LABEL)
    if not form.is_valid():
        return _invalid_reason(request, referral, form, "withdraw")
    service_call(request, lambda: services.referral_withdraw(
        actor=request.user, referral=referral, reason=form.cleaned_data["reason"]),
        success=_("Die Zuweisung von %(name)s wurde zurückgezogen; ein belegter Platz ist "
                  "wieder frei.") % {"name": referral.client.full_name})
    return _after_action(request, referral)


# --- a run's referrals, waitlist and participants ------------------------------------------------
def _render_run_referrals(request: HttpRequest, run: Any, *, partial: bool,
                          failed_id: uuid.UUID | None = None,
                          failed_form: ReasonForm | None = None) -> HttpResponse:
    overview = selectors.run_referrals_for(user=request.user, run=run)
    audit_views(actor=request.user, objects=overview.pending + overview.waitlist,
                client_id_of=lambda r: r.client_id)
    audit_views(actor=request.user, objects=overview.participants,
                client_id_of=lambda e: e.client_id)
    template = ("clients/partials/_run_referrals.html" if partial
                else "clients/run_referrals.html")
    return render(request, template, {
        "run": run, "overview": overview, "failed_id": failed_id, "failed_form": failed_form,
        "partial": partial,
    })


@require_GET
def run_referrals(request: HttpRequest, run_id: uuid.UUID) -> HttpResponse:
    run = access.access_run(request.user, run_id)
    access.require(access.leads_run(request.user, run))
    return _render_run_referrals(request, run, partial=is_htmx(request))


@require_http_methods(["GET", "POST"])
def referral_move(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    """Move a waitlisted person to another run of the same programme (issue 15)."""
    referral = access.access_referral(request.user, referral_id)
    access.require(access.can_decide_referral(request.user, referral))
    form = ReferralMoveForm(request.POST or None, user=request.user, referral=referral)
    if request.method == "POST" and form.is_valid():
        moved = service_call(
            request, lambda: services.referral_move(actor=request.user, referral=referral,
                                                    run=form.cleaned_data["run"]),
            success=lambda result: (
                _("%(name)s wurde nach „%(run)s“ verschoben und dort aufgenommen.")
                if result.status == Referral.Status.ACCEPTED else
                _("%(name)s wurde nach „%(run)s“ verschoben und steht dort auf der "
                  "Warteliste.")) % {"name": referral.client.full_name,
                                     "run": form.cleaned_data["run"].title},
            form=form)
        if moved:
            return redirect("clients:run-referrals", run_id=referral.run_id)
    return render(request, "clients/referral_move.html", {"referral": referral, "form": form})
