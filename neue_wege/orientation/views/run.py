"""The facilitator's view of the paths of a run's participants.

Only the run's facilitators get these pages (`access.access_led_run`, else 404). They see
everything the participant wrote, health and addiction obstacles included (special categories:
participant and facilitator only). Every participant shown is logged; the detail pages log
each row they show.

The path itself stays the participant's (read only here), except the occupation suggestions:
facilitators explore them with the participant — ask for suggestions, read the reasons, save
or dismiss one on the participant's list — through the same service as the participant
(`services.occupation_choices`), which records who decided; the participant sees it and can
undo it.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from neue_wege.orientation import selectors
from neue_wege.orientation.forms import SuggestionDecideForm, decided_text
from neue_wege.orientation.services import occupation_choices
from neue_wege.orientation.services.pathway import PathwayError
from neue_wege.orientation.views import suggestion_pages
from neue_wege.privacy import access
from neue_wege.privacy.audit import audit_views


@require_GET
def run_pathways(request: HttpRequest, run_id: str) -> HttpResponse:
    run = access.access_led_run(request.user, run_id)
    participants = selectors.run_pathway_progress(user=request.user, run=run)
    audit_views(actor=request.user, objects=participants,
                client_id_of=lambda enrollment: enrollment.client_id)
    return render(request, "orientation/run_pathways.html", {
        "run": run, "participants": participants})


@require_GET
def run_pathway_detail(request: HttpRequest, run_id: str, enrollment_id: str) -> HttpResponse:
    run = access.access_led_run(request.user, run_id)
    enrollment = access.access_pathway_enrollment(request.user, run, enrollment_id)
    path = selectors.pathway(user=request.user, enrollment=enrollment)
    audit_views(actor=request.user, objects=selectors.pathway_objects(path),
                client_id_of=lambda obj: enrollment.client_id)
    return render(request, "orientation/run_pathway_detail.html", {
        "run": run, "enrollment": enrollment, "path": path,
        "dismissed_count": selectors.occupation_suggestions(enrollment=enrollment)
        .filter(status="dismissed").count()})


@require_http_methods(["GET", "POST"])
def run_pathway_suggestions(request: HttpRequest, run_id: str, enrollment_id: str
                            ) -> HttpResponse:
    """GET shows the participant's suggestions; POST asks the assistant again for them (the
    refresh the participant's page shares, `suggestion_pages`)."""
    run = access.access_led_run(request.user, run_id)
    enrollment = access.access_pathway_enrollment(request.user, run, enrollment_id)
    here = reverse("orientation:run-pathway-suggestions", args=[run.pk, enrollment.pk])
    if request.method == "POST":
        return suggestion_pages.refresh_response(request, enrollment, staff=True,
                                                 refresh_url=here, done=redirect(here),
                                                 extra={"run": run})
    return render(request, "orientation/run_suggestions.html", {
        "run": run, "enrollment": enrollment,
        **suggestion_pages.list_context(user=request.user, enrollment=enrollment, staff=True,
                                        refresh_url=here)})


@require_POST
def run_suggestion_decide(request: HttpRequest, run_id: str, enrollment_id: str,
                          suggestion_id: str) -> HttpResponse:
    """Save, dismiss or undo a suggestion on the participant's list (recorded as the
    facilitator's decision)."""
    run = access.access_led_run(request.user, run_id)
    enrollment = access.access_pathway_enrollment(request.user, run, enrollment_id)
    suggestion = access.access_pathway_occupation_suggestion(request.user, enrollment,
                                                             suggestion_id)
    form = SuggestionDecideForm(request.POST)
    if form.is_valid():
        status = form.cleaned_data["status"]
        try:
            occupation_choices.suggestion_decide(actor=request.user, suggestion=suggestion,
                                                 status=status)
        except PathwayError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, decided_text(status, suggestion.occupation.label))
    else:
        messages.error(request, _("Das hat nicht geklappt. Bitte versuchen Sie es noch einmal."))
    return redirect("orientation:run-pathway-suggestions", run.pk, enrollment.pk)
