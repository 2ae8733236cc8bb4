"""Administration pages for the client systems of the API (German): list and create systems,
issue and revoke tokens, deactivate a system. Only administrators of the system's job centre;
a system of another job centre answers 404 like a missing one."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from neue_wege.api import selectors, services
from neue_wege.api.forms import ApiClientForm, TokenForm
from neue_wege.api.models import ApiClient, ApiToken
from neue_wege.core.http import service_call
from neue_wege.privacy import access


def _api_client(request: HttpRequest, api_client_id: Any) -> ApiClient:
    found = selectors.api_clients_for(request.user).filter(pk=api_client_id).first()
    if found is None:
        raise Http404(_("Nicht gefunden"))
    return found


def _detail(request: HttpRequest, api_client: ApiClient, *, token_form: TokenForm | None = None,
            new_token: str = "", status: int = 200) -> HttpResponse:
    return render(request, "api/api_client_detail.html", {
        "api_client": api_client, "tokens": selectors.tokens_of(api_client),
        "calls": selectors.recent_calls(api_client), "token_form": token_form or TokenForm(),
        "new_token": new_token,
    }, status=status)


@require_http_methods(["GET", "POST"])
def api_client_list(request: HttpRequest) -> HttpResponse:
    access.require(selectors.may_manage_api_clients(request.user))
    form = ApiClientForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        outcome = service_call(
            request, lambda: services.api_client_create(actor=request.user, **form.cleaned_data),
            success=_("Das System wurde angelegt. Stellen Sie jetzt einen Zugangsschlüssel aus."),
            form=form)
        if outcome.ok:
            return redirect("api:client-detail", api_client_id=outcome.value.pk)
    return render(request, "api/api_client_list.html", {
        "api_clients": list(selectors.api_clients_for(request.user)), "form": form,
    }, status=400 if form.is_bound and form.errors else 200)


@require_http_methods(["GET"])
def api_client_detail(request: HttpRequest, api_client_id: Any) -> HttpResponse:
    return _detail(request, _api_client(request, api_client_id))


@require_POST
def token_create(request: HttpRequest, api_client_id: Any) -> HttpResponse:
    """The new token is shown in this answer only (not stored, not in a message)."""
    api_client = _api_client(request, api_client_id)
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _detail(request, api_client, token_form=form, status=400)
    outcome = service_call(request, lambda: services.token_issue(
        actor=request.user, api_client=api_client, days=form.cleaned_data["days"]),
        success=_("Der Zugangsschlüssel wurde ausgestellt."), form=form)
    if not outcome.ok:
        return _detail(request, api_client, token_form=form, status=400)
    return _detail(request, api_client, new_token=outcome.value[1])


@require_POST
def token_revoke(request: HttpRequest, token_id: Any) -> HttpResponse:
    token = ApiToken.objects.filter(
        pk=token_id, api_client__in=selectors.api_clients_for(request.user)).first()
    if token is None:
        raise Http404(_("Nicht gefunden"))
    service_call(request, lambda: services.token_revoke(actor=request.user, token=token),
                 success=_("Der Zugangsschlüssel wurde widerrufen."))
    return redirect("api:client-detail", api_client_id=token.api_client_id)


@require_POST
def api_client_active(request: HttpRequest, api_client_id: Any) -> HttpResponse:
    api_client = _api_client(request, api_client_id)
    active = not api_client.is_active
    service_call(request, lambda: services.api_client_set_active(
        actor=request.user, api_client=api_client, active=active),
        success=_("Das System ist wieder aktiv.") if active else
        _("Das System ist gesperrt; seine Zugangsschlüssel gelten nicht mehr."))
    return redirect("api:client-detail", api_client_id=api_client.pk)
