"""Runs (Durchläufe): the catalogue for all staff, the working view for their facilitators."""

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
from neue_wege.privacy.audit import audit_views
from neue_wege.programmes import selectors, services
from neue_wege.programmes.exceptions import ProgrammeError
from neue_wege.programmes.forms import RunFilterForm, RunForm, TargetGroupForm
from neue_wege.programmes.models import TargetGroup


@require_GET
def run_list(request: HttpRequest) -> HttpResponse:
    access.require(access.can_read_catalogue(request.user))
    filters = RunFilterForm(request.GET or None, user=request.user)
    values = filters.cleaned_data if filters.is_valid() else {}
    runs = selectors.run_list_for(
        user=request.user,
        programme=str(values["programme"].pk) if values.get("programme") else "",
        location=str(values["location"].pk) if values.get("location") else "",
        status=values.get("status") or "",
        year=values.get("year"),
    )
    page = paginate(request, runs, sorts=selectors.RUN_SORTS, default_sort="-starts_on",
                    keyset=True)
    context = {"page": page, "filters": filters,
               "sort_links": page.sort_links(["title", "starts_on", "free_seats"]),
               "can_create": access.can_create_run(request.user)}
    if is_htmx(request):
        return render(request, "programmes/partials/_run_table.html", context)
    return render(request, "programmes/run_list.html", context)


def _run_forms(request: HttpRequest, run=None):  # noqa: ANN001, ANN202
    group = TargetGroup.objects.filter(run=run).first() if run is not None else None
    data = request.POST if request.method == "POST" else None
    return (RunForm(data, instance=run, user=request.user),
            TargetGroupForm(data, instance=group))


@require_http_methods(["GET", "POST"])
def run_create(request: HttpRequest) -> HttpResponse:
    access.require(access.can_create_run(request.user))
    form, group_form = _run_forms(request)
    if request.method == "POST" and form.is_valid() & group_form.is_valid():
        try:
            run = services.run_create(actor=request.user, target_group=group_form.cleaned_data,
                                      **form.cleaned_data)
        except (ProgrammeError, ValidationError) as error:
            form_error(form, error)
        else:
            messages.success(request, _("Der Durchlauf wurde angelegt."))
            return redirect("programmes:run-detail", run_id=run.pk)
    return render(request, "programmes/run_create.html",
                  {"form": form, "group_form": group_form})


@require_http_methods(["GET", "POST"])
def run_update(request: HttpRequest, run_id: str) -> HttpResponse:
    run = access.access_run(request.user, run_id)
    access.require(access.leads_run(request.user, run))
    title = run.title
    form, group_form = _run_forms(request, run)
    if request.method == "POST" and form.is_valid() & group_form.is_valid():
        try:
            services.run_update(actor=request.user, run=run,
                                target_group=group_form.cleaned_data, **form.cleaned_data)
        except (ProgrammeError, ValidationError) as error:
            form_error(form, error)
        else:
            messages.success(request, _("Der Durchlauf wurde gespeichert."))
            return redirect("programmes:run-detail", run_id=run.pk)
    return render(request, "programmes/run_update.html",
                  {"form": form, "group_form": group_form, "run": run, "title": title})


@require_GET
def run_detail(request: HttpRequest, run_id: str) -> HttpResponse:
    run = selectors.run_get_for(user=request.user, run_id=run_id)
    target_group = TargetGroup.objects.filter(run=run).first()
    context = {"run": run, "target_group": target_group,
               "facilitators": list(run.facilitators.order_by("last_name", "first_name")),
               "leads": access.leads_run(request.user, run)}
    if context["leads"]:
        rates = selectors.attendance_rates(run)
        audit_views(actor=request.user,
                    objects=[row.enrollment for row in rates.participants],
                    client_id_of=lambda enrollment: enrollment.client_id)
        context.update(sessions=list(selectors.run_sessions(run)), rates=rates)
    return render(request, "programmes/run_detail.html", context)
