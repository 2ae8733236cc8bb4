"""Programmes (Projekte) and their versions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from neue_wege.core.http import form_error
from neue_wege.core.pagination import paginate
from neue_wege.privacy import access
from neue_wege.programmes import selectors, services
from neue_wege.programmes.exceptions import ProgrammeError
from neue_wege.programmes.forms import ProgrammeCreateForm, ProgrammeVersionForm

PROGRAMME_SORTS = {"name": ["name"], "-name": ["-name"]}


@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    access.require(access.can_read_catalogue(request.user))
    page = paginate(request, selectors.programme_list_for(user=request.user),
                    sorts=PROGRAMME_SORTS, default_sort="name")
    return render(request, "programmes/programme_list.html", {
        "page": page, "sort_links": page.sort_links(["name"]),
        "can_change": access.can_change_catalogue(request.user)})


@require_GET
def programme_detail(request: HttpRequest, programme_id: str) -> HttpResponse:
    programme = access.access_programme(request.user, programme_id)
    history = selectors.version_history(programme)
    current = next((entry.version for entry in history if entry.is_current), None)
    return render(request, "programmes/programme_detail.html", {
        "programme": programme, "current": current, "history": history,
        "can_change": access.can_change_catalogue(request.user)})


@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    access.require(access.can_change_catalogue(request.user))
    form = ProgrammeCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(actor=request.user, **form.cleaned_data)
        except (ProgrammeError, ValidationError) as error:
            form_error(form, error)
        else:
            messages.success(request, _("Das Projekt wurde angelegt (Version 1)."))
            return redirect("programmes:programme-detail", programme_id=programme.pk)
    return render(request, "programmes/programme_create.html", {"form": form})


@require_http_methods(["GET", "POST"])
def programme_version_create(request: HttpRequest, programme_id: str) -> HttpResponse:
    programme = access.access_programme(request.user, programme_id)
    access.require(access.can_change_catalogue(request.user))
    latest = selectors.latest_version(programme)
    initial = {}
    if latest is not None:
        initial = {"content": latest.content,
                   "target_group_description": latest.target_group_description,
                   "methods": [m.pk for m in latest.methods.all()],
                   "responsible_staff": [u.pk for u in latest.responsible_staff.all()]}
    form = ProgrammeVersionForm(request.POST or None, initial=initial, user=request.user,
                                latest=latest)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.programme_version_create(
                actor=request.user, programme=programme, **form.cleaned_data)
        except (ProgrammeError, ValidationError) as error:
            form_error(form, error)
        else:
            messages.success(request, _("Version %(number)s wurde angelegt.")
                             % {"number": version.number})
            return redirect("programmes:programme-detail", programme_id=programme.pk)
    return render(request, "programmes/programme_version_create.html",
                  {"form": form, "programme": programme, "latest": latest})
