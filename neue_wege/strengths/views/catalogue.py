"""The strength catalogue for staff: read it by group, add versions, edit a planned version.

Staff of the job centre read the catalogue; facilitators and administrators change it
(`access.can_change_catalogue`, 403 for the other roles); everyone else gets 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from neue_wege.core.http import form_error
from neue_wege.privacy import access
from neue_wege.strengths import selectors
from neue_wege.strengths.forms import CatalogueVersionForm, StrengthForm
from neue_wege.strengths.services import catalogue_edit
from neue_wege.strengths.services.catalogue_edit import CatalogueError


def _require_reader(request: HttpRequest) -> None:
    if not access.can_read_catalogue(request.user):
        raise Http404("Nicht gefunden")


@require_GET
def catalogue_detail(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    current = selectors.catalogue_current_for(user=request.user)
    planned = selectors.catalogue_planned_for(user=request.user)
    return render(request, "strengths/catalogue_detail.html", {
        "catalogue": current, "planned": planned,
        "groups": selectors.strengths_by_group(current) if current else [],
        "can_change": access.can_change_catalogue(request.user)})


@require_GET
def catalogue_history(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    return render(request, "strengths/catalogue_history.html", {
        "history": selectors.catalogue_history(user=request.user),
        "can_change": access.can_change_catalogue(request.user)})


@require_http_methods(["GET", "POST"])
def catalogue_version_create(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    access.require(access.can_change_catalogue(request.user))
    current = selectors.catalogue_current_for(user=request.user)
    form = CatalogueVersionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            version = catalogue_edit.catalogue_version_create(
                actor=request.user, **form.cleaned_data)
        except (CatalogueError, ValidationError) as error:
            form_error(form, error)
        else:
            messages.success(request, _("Version %(number)s ist angelegt. Sie können sie jetzt "
                                        "bearbeiten.") % {"number": version.number})
            return redirect("strengths:catalogue-version-detail", catalogue_id=version.pk)
    return render(request, "strengths/catalogue_version_create.html", {
        "form": form, "current": current})


@require_GET
def catalogue_version_detail(request: HttpRequest, catalogue_id: str) -> HttpResponse:
    catalogue = selectors.catalogue_get_for(user=request.user, catalogue_id=catalogue_id)
    changes = next((entry for entry in selectors.catalogue_history(user=request.user)
                    if entry.catalogue.pk == catalogue.pk), None)
    editable = catalogue_edit.catalogue_is_editable(catalogue)
    return render(request, "strengths/catalogue_version_detail.html", {
        "catalogue": catalogue, "groups": selectors.strengths_by_group(catalogue),
        "changes": changes, "editable": editable,
        "can_edit": editable and access.can_change_catalogue(request.user)})


def _editable_catalogue(request: HttpRequest, catalogue_id: str):  # noqa: ANN202
    catalogue = selectors.catalogue_get_for(user=request.user, catalogue_id=catalogue_id)
    access.require(access.can_change_catalogue(request.user))
    return catalogue


@require_http_methods(["GET", "POST"])
def strength_create(request: HttpRequest, catalogue_id: str) -> HttpResponse:
    catalogue = _editable_catalogue(request, catalogue_id)
    form = StrengthForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            strength = catalogue_edit.strength_add(actor=request.user, catalogue=catalogue,
                                                   **form.cleaned_data)
        except (CatalogueError, ValidationError) as error:
            form_error(form, error)
        else:
            messages.success(request, _("„%(label)s“ ist hinzugefügt.")
                             % {"label": strength.label})
            return redirect("strengths:catalogue-version-detail", catalogue_id=catalogue.pk)
    return render(request, "strengths/strength_create.html", {
        "catalogue": catalogue, "form": form,
        "editable": catalogue_edit.catalogue_is_editable(catalogue)})


@require_http_methods(["GET", "POST"])
def strength_update(request: HttpRequest, catalogue_id: str, strength_id: str) -> HttpResponse:
    strength = selectors.strength_get_for(user=request.user, catalogue_id=catalogue_id,
                                          strength_id=strength_id)
    access.require(access.can_change_catalogue(request.user))
    catalogue = strength.catalogue
    form = StrengthForm(request.POST if request.method == "POST" else None,
                        initial=StrengthForm.initial_from(strength))
    if request.method == "POST" and form.is_valid():
        try:
            catalogue_edit.strength_change(actor=request.user, strength=strength,
                                           **form.cleaned_data)
        except (CatalogueError, ValidationError) as error:
            form_error(form, error)
        else:
            messages.success(request, _("Die Änderung ist gespeichert."))
            return redirect("strengths:catalogue-version-detail", catalogue_id=catalogue.pk)
    return render(request, "strengths/strength_update.html", {
        "catalogue": catalogue, "strength": strength, "form": form,
        "editable": catalogue_edit.catalogue_is_editable(catalogue)})


@require_POST
def strength_delete(request: HttpRequest, catalogue_id: str, strength_id: str) -> HttpResponse:
    strength = selectors.strength_get_for(user=request.user, catalogue_id=catalogue_id,
                                          strength_id=strength_id)
    access.require(access.can_change_catalogue(request.user))
    try:
        catalogue_edit.strength_remove(actor=request.user, strength=strength)
    except CatalogueError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("„%(label)s“ ist aus dieser Version entfernt.")
                         % {"label": strength.label})
    return redirect("strengths:catalogue-version-detail", catalogue_id=strength.catalogue_id)
