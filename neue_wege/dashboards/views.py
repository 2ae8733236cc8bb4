"""Each role's start page (Übersicht): one URL, one view, the access rules pick the page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from neue_wege.dashboards import overview as stored_overview
from neue_wege.dashboards import selectors
from neue_wege.dashboards.forms import YearForm
from neue_wege.privacy import access


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if access.is_participant(user):
        return redirect("portal:home")
    if not access.is_staff_member(user):
        # Accounts without a job centre see nothing.
        return render(request, "dashboards/home_forbidden.html", status=403)
    if access.can_see_key_figures(user):
        return _management(request)
    if access.can_refer(user):
        overview = selectors.case_manager_overview(user=user)
        return render(request, "dashboards/home_case_manager.html", {"overview": overview})
    if access.can_create_run(user):
        overview = selectors.facilitator_overview(user=user, now=timezone.now())
        return render(request, "dashboards/home_facilitator.html", {"overview": overview})
    return render(request, "dashboards/home_administrator.html")


def _management(request: HttpRequest) -> HttpResponse:
    this_year = timezone.localdate().year
    form = YearForm(request.GET if "jahr" in request.GET else {"jahr": this_year})
    year = form.cleaned_data["jahr"] if form.is_valid() else this_year
    # Aggregates only (no names), read from their stored copy: at a million clients the
    # waitlist alone sums 72,000 referrals (about 1 s); the task runner counts them again in
    # the background and the page says how fresh they are (dashboards/overview.py).
    stored = stored_overview.for_page(user=request.user, year=year)
    return render(request, "dashboards/home_management.html",
                  {"overview": stored.figures, "form": form,
                   "computed_at": stored.computed_at, "refreshing": stored.refreshing})
