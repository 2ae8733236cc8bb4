"""The method library (Methodenkoffer)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from neue_wege.core.http import form_error, is_htmx
from neue_wege.core.pagination import paginate
from neue_wege.privacy import access
from neue_wege.programmes import services
from neue_wege.programmes.exceptions import ProgrammeError
from neue_wege.programmes.forms import MethodForm, MethodSearchForm

METHOD_SORTS = {
    "name": ["name"], "-name": ["-name"],
    "duration": ["duration_minutes", "name"], "-duration": ["-duration_minutes", "name"],
}


@require_GET
def method_list(request: HttpRequest) -> HttpResponse:
    access.require(access.can_read_catalogue(request.user))
    search = MethodSearchForm(request.GET or None)
    methods = access.methods_for(request.user)
    if search.is_valid() and search.cleaned_data["q"]:
        methods = methods.filter(name__icontains=search.cleaned_data["q"].strip())
    page = paginate(request, methods, sorts=METHOD_SORTS, default_sort="name")
    context = {"page": page, "sort_links": page.sort_links(["name", "duration"]), "search": search,
               "can_change": access.can_change_catalogue(request.user)}
    if is_htmx(request):
        return render(request, "programmes/partials/_method_table.html", context)
    return render(request, "programmes/method_list.html", context)


@require_GET
def method_detail(request: HttpRequest, method_id: str) -> HttpResponse:
    method = access.access_method(request.user, method_id)
    return render(request, "programmes/method_detail.html", {
        "method": method, "can_change": access.can_change_catalogue(request.user)})


@require_http_methods(["GET", "POST"])
def method_create(request: HttpRequest) -> HttpResponse:
    access.require(access.can_change_catalogue(request.user))
    form = MethodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            method = services.method_create(actor=request.user, **form.cleaned_data)
        except (ProgrammeError, ValidationError) as error:
            form_error(form, error)
        else:
            messages.success(request, _("Die Methode wurde angelegt."))
            return redirect("programmes:method-detail", method_id=method.pk)
    return render(request, "programmes/method_create.html", {"form": form})


@require_http_methods(["GET", "POST"])
def method_update(request: HttpRequest, method_id: str) -> HttpResponse:
    method = access.access_method(request.user, method_id)
    access.require(access.can_change_catalogue(request.user))
    title = method.name
    form = MethodForm(request.POST or None, instance=method)
    if request.method == "POST" and form.is_valid():
        try:
            services.method_update(actor=request.user, method=method, **form.cleaned_data)
        except (ProgrammeError, ValidationError) as error:
            form_error(form, error)
        else:
            messages.success(request, _("Die Methode wurde gespeichert."))
            return redirect("programmes:method-detail", method_id=method.pk)
    return render(request, "programmes/method_update.html", {"form": form, "method": method,
                                                           "title": title})
