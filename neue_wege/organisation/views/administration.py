"""Administration pages: staff accounts, locations and mobile venues, municipalities.

Thin views: a form parses input, `privacy.access` decides (403 for the pages, 404 for the
objects of anyone but the job centre's administrators), one service writes, then render.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from neue_wege.core.collation import german
from neue_wege.core.http import is_htmx, service_call
from neue_wege.core.pagination import paginate
from neue_wege.organisation import selectors, services
from neue_wege.organisation.forms import (
    LocationFilterForm,
    LocationForm,
    MunicipalityFilterForm,
    UserCreateForm,
    UserFilterForm,
    UserSetPasswordForm,
    UserUpdateForm,
)
from neue_wege.organisation.two_factor import confirmed_device
from neue_wege.privacy import access
from neue_wege.privacy.audit import audit_views

USER_SORTS = {
    "name": [german("last_name"), german("first_name"), "id"],
    "-name": [german("last_name", descending=True), german("first_name", descending=True), "-id"],
    "username": ["username"],
    "-username": ["-username"],
    "role": ["role", german("last_name"), german("first_name"), "id"],
    "-role": ["-role", german("last_name"), german("first_name"), "id"],
    "last_login": ["last_login", "id"],
    "-last_login": ["-last_login", "-id"],
}
LOCATION_SORTS = {
    "name": [german("name"), "id"],
    "-name": [german("name", descending=True), "-id"],
    "kind": ["kind", german("name"), "id"],
    "-kind": ["-kind", german("name"), "id"],
    "municipality": [german("municipality__name"), german("name"), "id"],
    "-municipality": [german("municipality__name", descending=True), german("name"), "id"],
}
MUNICIPALITY_SORTS = {
    "name": [german("name"), "id"],
    "-name": [german("name", descending=True), "-id"],
    "ags": ["ags"],
    "-ags": ["-ags"],
}


def _filters(form: Any) -> dict[str, Any]:
    return form.cleaned_data if form.is_bound and form.is_valid() else {}


def _list_response(request: HttpRequest, template: str, partial: str,
                   context: dict[str, Any]) -> HttpResponse:
    return render(request, partial if is_htmx(request) else template, context)


# --- staff accounts -----------------------------------------------------------------------------
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    access.require(access.can_manage_accounts(request.user))
    form = UserFilterForm(request.GET or None)
    filters = _filters(form)
    accounts = selectors.user_list_for(
        user=request.user, search=filters.get("q", ""), role=filters.get("role", ""),
        active=filters.get("active", ""),
    )
    listing = paginate(request, accounts, sorts=USER_SORTS, default_sort="name")
    rows = list(listing.object_list)
    audit_views(actor=request.user, objects=rows)
    return _list_response(request, "organisation/user_list.html",
                          "organisation/partials/_user_table.html", {
                              "form": form, "listing": listing, "accounts": rows,
                              "sort_links": listing.sort_links(
                                  ["name", "username", "role", "last_login"]),
                          })


@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    access.require(access.can_manage_accounts(request.user))
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if service_call(request, lambda: services.user_create(
                actor=request.user, username=data["username"], password=data["password1"],
                first_name=data["first_name"], last_name=data["last_name"],
                email=data["email"], role=data["role"], home_location=data["home_location"]),
                form=form, success=lambda account: _(
                    "Das Benutzerkonto „%(username)s“ ist angelegt. Geben Sie das erste "
                    "Passwort auf sicherem Weg weiter; es wird nirgends angezeigt.") % {
                        "username": account.username}):
            return redirect("organisation:user-list")
    return render(request, "organisation/user_create.html", {"form": form})


@require_http_methods(["GET", "POST"])
def user_update(request: HttpRequest, user_id: str) -> HttpResponse:
    account = access.access_user(request.user, user_id)
    initial = {"first_name": account.first_name, "last_name": account.last_name,
               "email": account.email, "role": account.role,
               "home_location": account.home_location_id}
    form = UserUpdateForm(request.POST or None, initial=initial, actor=request.user,
                          current_location=account.home_location)
    if request.method == "POST" and form.is_valid():
        if service_call(request, lambda: services.user_update(
                actor=request.user, user=account, **form.cleaned_data),
                form=form, success=_("Die Änderungen sind gespeichert.")):
            return redirect("organisation:user-update", user_id=account.public_id)
    return render(request, "organisation/user_update.html",
                  {"form": form, "account": account, "is_self": account.pk == request.user.pk,
                   "has_second_factor": confirmed_device(account) is not None})


@require_http_methods(["GET", "POST"])
def user_set_password(request: HttpRequest, user_id: str) -> HttpResponse:
    account = access.access_user(request.user, user_id)
    form = UserSetPasswordForm(request.POST or None, account=account)
    if request.method == "POST" and form.is_valid():
        if service_call(request, lambda: services.user_set_password(
                actor=request.user, user=account, password=form.cleaned_data["password1"]),
                form=form, success=_(
                    "Das neue Passwort für „%(username)s“ ist gesetzt; offene Sitzungen sind "
                    "beendet. Geben Sie es auf sicherem Weg weiter.") % {
                        "username": account.username}):
            return redirect("organisation:user-update", user_id=account.public_id)
    return render(request, "organisation/user_set_password.html",
                  {"form": form, "account": account, "is_self": account.pk == request.user.pk})


@require_POST
def user_deactivate(request: HttpRequest, user_id: str) -> HttpResponse:
    account = access.access_user(request.user, user_id)
    service_call(request, lambda: services.user_deactivate(actor=request.user, user=account),
                 success=_("Das Konto „%(username)s“ ist deaktiviert. Es kann sich nicht "
                           "mehr anmelden; offene Sitzungen sind beendet.") % {
                               "username": account.username})
    return redirect("organisation:user-update", user_id=account.public_id)


@require_POST
def user_reactivate(request: HttpRequest, user_id: str) -> HttpResponse:
    account = access.access_user(request.user, user_id)
    service_call(request, lambda: services.user_reactivate(actor=request.user, user=account),
                 success=_("Das Konto „%(username)s“ ist wieder aktiv.") % {
                     "username": account.username})
    return redirect("organisation:user-update", user_id=account.public_id)


# --- locations and mobile venues -----------------------------------------------------------------
@require_GET
def location_list(request: HttpRequest) -> HttpResponse:
    access.require(access.can_manage_locations(request.user))
    form = LocationFilterForm(request.GET or None)
    filters = _filters(form)
    locations = selectors.location_list_for(
        user=request.user, search=filters.get("q", ""), kind=filters.get("kind", ""),
        active=filters.get("active", ""),
    )
    listing = paginate(request, locations, sorts=LOCATION_SORTS, default_sort="name")
    return _list_response(request, "organisation/location_list.html",
                          "organisation/partials/_location_table.html", {
                              "form": form, "listing": listing,
                              "locations": list(listing.object_list),
                              "sort_links": listing.sort_links(["name", "kind", "municipality"]),
                          })


@require_http_methods(["GET", "POST"])
def location_create(request: HttpRequest) -> HttpResponse:
    access.require(access.can_manage_locations(request.user))
    form = LocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if service_call(request, lambda: services.location_create(
                actor=request.user, **form.cleaned_data),
                form=form, success=lambda location: _(
                    "Der Standort „%(name)s“ ist angelegt.") % {"name": location.name}):
            return redirect("organisation:location-list")
    return render(request, "organisation/location_create.html", {"form": form})


@require_http_methods(["GET", "POST"])
def location_update(request: HttpRequest, location_id: Any) -> HttpResponse:
    location = access.access_location(request.user, location_id)
    initial = {"name": location.name, "kind": location.kind,
               "municipality": location.municipality_id, "address": location.address}
    form = LocationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if service_call(request, lambda: services.location_update(
                actor=request.user, location=location, **form.cleaned_data),
                form=form, success=_("Die Änderungen sind gespeichert.")):
            return redirect("organisation:location-update", location_id=location.pk)
    return render(request, "organisation/location_update.html",
                  {"form": form, "location": location})


@require_POST
def location_deactivate(request: HttpRequest, location_id: Any) -> HttpResponse:
    location = access.access_location(request.user, location_id)
    service_call(request, lambda: services.location_deactivate(actor=request.user,
                                                                location=location),
                 success=_("Der Standort „%(name)s“ ist deaktiviert. Neue Durchläufe können "
                           "ihn nicht mehr wählen.") % {"name": location.name})
    return redirect("organisation:location-update", location_id=location.pk)


@require_POST
def location_reactivate(request: HttpRequest, location_id: Any) -> HttpResponse:
    location = access.access_location(request.user, location_id)
    service_call(request, lambda: services.location_reactivate(actor=request.user,
                                                                location=location),
                 success=_("Der Standort „%(name)s“ ist wieder aktiv.") % {
                     "name": location.name})
    return redirect("organisation:location-update", location_id=location.pk)


# --- municipalities -------------------------------------------------------------------------------
@require_GET
def municipality_list(request: HttpRequest) -> HttpResponse:
    access.require(access.can_manage_locations(request.user))
    form = MunicipalityFilterForm(request.GET or None)
    filters = _filters(form)
    municipalities = selectors.municipality_list_for(
        user=request.user, search=filters.get("q", ""), in_county=filters.get("in_county", ""),
    )
    listing = paginate(request, municipalities, sorts=MUNICIPALITY_SORTS, default_sort="name")
    return _list_response(request, "organisation/municipality_list.html",
                          "organisation/partials/_municipality_table.html", {
                              "form": form, "listing": listing,
                              "municipalities": list(listing.object_list),
                              "sort_links": listing.sort_links(["name", "ags"]),
                          })
