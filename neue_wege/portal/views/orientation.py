"""Participant pages of the path ("Mein Weg") under /portal/: interests, vision, obstacles and
strategies, next steps (with the PDF), occupation suggestions.

Every page runs behind `participant_required` (staff get 404) on the participant's current
seat; objects come from `privacy.access.access_own_*` (404 for anything not their own).
Reading one's own path is not logged (like one's own stories); every write is, in the services.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from neue_wege.core.http import form_error
from neue_wege.orientation import interest_check, selectors
from neue_wege.orientation.forms import (
    InterestCheckForm,
    ObstacleForm,
    StepDoneForm,
    StepForm,
    StrategyForm,
    StrategyStatusForm,
    SuggestionDecideForm,
    SuggestionStepsForm,
    VisionForm,
    decided_text,
)
from neue_wege.orientation.services import occupation_choices, pathway
from neue_wege.orientation.services.pathway import PathwayError
from neue_wege.orientation.services.steps_pdf import steps_pdf_create
from neue_wege.orientation.views import suggestion_pages
from neue_wege.privacy import access
from neue_wege.privacy.access import participant_required


def _enrollment(request: HttpRequest):  # noqa: ANN202
    return request.portal_enrollment  # type: ignore[attr-defined]


@require_GET
@participant_required
def pathway_overview(request: HttpRequest) -> HttpResponse:
    path = selectors.pathway(user=request.user, enrollment=_enrollment(request))
    return render(request, "orientation/pathway_overview.html", {"path": path})


# --- interests ---------------------------------------------------------------------------------
@require_GET
@participant_required
def interests_page(request: HttpRequest) -> HttpResponse:
    checks = list(selectors.interest_checks(enrollment=_enrollment(request)))
    latest = checks[0] if checks else None
    return render(request, "orientation/interests.html", {
        "check": latest, "earlier": checks[1:],
        "chart": selectors.interest_chart(latest.scores) if latest else None,
    })


@require_http_methods(["GET", "POST"])
@participant_required
def interest_check_create(request: HttpRequest) -> HttpResponse:
    form = InterestCheckForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            pathway.interest_check_save(actor=request.user, enrollment=_enrollment(request),
                                        answers=form.answers(), notes=form.cleaned_data["notes"])
        except PathwayError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Danke. Ihr Ergebnis ist gespeichert."))
            return redirect("portal:pathway-interests")
    return render(request, "orientation/interest_check_form.html", {
        "form": form, "scale": interest_check.SCALE})


# --- vision ------------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@participant_required
def vision(request: HttpRequest) -> HttpResponse:
    enrollment = _enrollment(request)
    versions = selectors.visions(enrollment=enrollment)
    current = versions[0] if versions else None
    initial = ({name: getattr(current, name) for name in pathway.VISION_FIELDS}
               if current else None)
    form = VisionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            pathway.vision_save(actor=request.user, enrollment=enrollment, **form.cleaned_data)
        except PathwayError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Ihr Zielbild ist als neue Fassung gespeichert."))
            return redirect("portal:pathway-vision")
    return render(request, "orientation/vision.html", {
        "form": form, "current": current, "earlier": versions[1:]})


# --- obstacles and strategies ------------------------------------------------------------------------
@require_GET
@participant_required
def obstacles(request: HttpRequest) -> HttpResponse:
    rows = selectors.obstacles(user=request.user, enrollment=_enrollment(request))
    return render(request, "orientation/obstacles.html", {
        "obstacles": rows, "status_form": StrategyStatusForm()})


@require_http_methods(["GET", "POST"])
@participant_required
def obstacle_create(request: HttpRequest) -> HttpResponse:
    form = ObstacleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            obstacle = pathway.obstacle_add(actor=request.user, enrollment=_enrollment(request),
                                            **form.cleaned_data)
        except PathwayError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Das Hindernis ist gespeichert. Was kann helfen?"))
            return redirect("portal:pathway-strategy-create", obstacle_id=obstacle.pk)
    return render(request, "orientation/obstacle_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@participant_required
def strategy_create(request: HttpRequest, obstacle_id: str) -> HttpResponse:
    obstacle = access.access_own_obstacle(request.user, obstacle_id)
    form = StrategyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            pathway.strategy_add(actor=request.user, obstacle=obstacle, **form.cleaned_data)
        except PathwayError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Der Weg ist gespeichert."))
            return redirect("portal:pathway-obstacles")
    return render(request, "orientation/strategy_form.html", {
        "form": form, "obstacle": obstacle})


@require_http_methods(["GET", "POST"])
@participant_required
def obstacle_delete(request: HttpRequest, obstacle_id: str) -> HttpResponse:
    """Remove an obstacle that no longer applies (with its strategies), after a confirmation."""
    obstacle = access.access_own_obstacle(request.user, obstacle_id)
    if request.method == "POST":
        pathway.obstacle_remove(actor=request.user, obstacle=obstacle)
        messages.success(request, _("Das Hindernis ist entfernt."))
        return redirect("portal:pathway-obstacles")
    return render(request, "orientation/obstacle_delete.html", {"obstacle": obstacle})


@require_POST
@participant_required
def strategy_status(request: HttpRequest, strategy_id: str) -> HttpResponse:
    strategy = access.access_own_strategy(request.user, strategy_id)
    form = StrategyStatusForm(request.POST)
    if form.is_valid():
        pathway.strategy_set_status(actor=request.user, strategy=strategy,
                                    status=form.cleaned_data["status"])
        messages.success(request, _("Der Stand ist gespeichert."))
    else:
        messages.error(request, _("Bitte wählen Sie einen Stand."))
    return redirect("portal:pathway-obstacles")


# --- next steps --------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@participant_required
def steps(request: HttpRequest) -> HttpResponse:
    enrollment = _enrollment(request)
    form = StepForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            pathway.step_add(actor=request.user, enrollment=enrollment, **form.cleaned_data)
        except PathwayError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Der Schritt ist gespeichert."))
            return redirect("portal:pathway-steps")
    return render(request, "orientation/steps.html", {
        "form": form, "steps": selectors.action_steps(enrollment=enrollment),
        "vision": selectors.current_vision(enrollment=enrollment)})


@require_POST
@participant_required
def step_done(request: HttpRequest, step_id: str) -> HttpResponse:
    step = access.access_own_action_step(request.user, step_id)
    form = StepDoneForm(request.POST)
    if form.is_valid():
        done = form.cleaned_data["done"]
        pathway.step_set_done(actor=request.user, step=step, done=done)
        messages.success(request, _("Erledigt. Gut gemacht!") if done
                         else _("Der Schritt ist wieder offen."))
    else:
        messages.error(request, _("Das hat nicht geklappt. Bitte versuchen Sie es noch einmal."))
    return redirect("portal:pathway-steps")


@never_cache
@require_GET
@participant_required
def steps_pdf(request: HttpRequest) -> HttpResponse:
    try:
        pdf = steps_pdf_create(actor=request.user, enrollment=_enrollment(request))
    except PathwayError as error:
        messages.error(request, str(error.message))
        return redirect("portal:pathway-steps")
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"naechste-schritte-{timezone.localdate():%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- occupation suggestions ("Berufe entdecken") --------------------------------------------------
@require_http_methods(["GET", "POST"])
@participant_required
def suggestions(request: HttpRequest) -> HttpResponse:
    """GET shows the stored suggestions (with a notice when the inputs changed since); POST
    asks the assistant again (the shared refresh of `orientation.views.suggestion_pages`)."""
    enrollment = _enrollment(request)
    here = reverse("portal:pathway-suggestions")
    if request.method == "POST":
        return suggestion_pages.refresh_response(request, enrollment, staff=False,
                                                 refresh_url=here, done=redirect(here))
    return render(request, "orientation/suggestions.html", {
        **suggestion_pages.list_context(user=request.user, enrollment=enrollment, staff=False,
                                        refresh_url=here),
        "has_check": selectors.latest_interest_check(enrollment=enrollment) is not None,
    })


@require_POST
@participant_required
def suggestion_decide(request: HttpRequest, suggestion_id: str) -> HttpResponse:
    suggestion = access.access_own_occupation_suggestion(request.user, suggestion_id)
    form = SuggestionDecideForm(request.POST)
    if form.is_valid():
        status = form.cleaned_data["status"]
        occupation_choices.suggestion_decide(actor=request.user, suggestion=suggestion,
                                             status=status)
        messages.success(request, decided_text(status, suggestion.occupation.label))
    else:
        messages.error(request, _("Das hat nicht geklappt. Bitte versuchen Sie es noch einmal."))
    return redirect("portal:pathway-suggestions")


@require_http_methods(["GET", "POST"])
@participant_required
def suggestion_steps(request: HttpRequest, suggestion_id: str) -> HttpResponse:
    suggestion = access.access_own_occupation_suggestion(request.user, suggestion_id)
    ideas = occupation_choices.step_ideas(suggestion)
    form = SuggestionStepsForm(request.POST if request.method == "POST" else None, ideas=ideas)
    if request.method == "POST" and form.is_valid():
        try:
            occupation_choices.suggestion_to_steps(actor=request.user, suggestion=suggestion,
                                                   steps=form.steps())
        except PathwayError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Ihre nächsten Schritte sind gespeichert."))
            return redirect("portal:pathway-steps")
    return render(request, "orientation/suggestion_steps.html", {
        "form": form, "suggestion": suggestion})
