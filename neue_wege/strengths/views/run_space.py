"""The facilitator's run space: shared stories, held feedback, activity, profile export.

Only the facilitators who lead the run get these pages; everyone else gets 404
(`access.access_led_run`).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from neue_wege.core.http import form_error
from neue_wege.core.pagination import paginate
from neue_wege.privacy import access
from neue_wege.privacy.audit import audit_views
from neue_wege.strengths import selectors
from neue_wege.strengths.forms import FacilitatorFeedbackForm, HeldFeedbackRemoveForm
from neue_wege.strengths.models import StrengthFeedback
from neue_wege.strengths.services import feedback as feedback_services
from neue_wege.strengths.services.feedback import FeedbackError
from neue_wege.strengths.services.profile import ProfileExportError, profile_export_by_facilitator

STORY_SORTS = {"-created": ["-created_at", "pk"], "created": ["created_at", "pk"]}


@require_GET
def run_space(request: HttpRequest, run_id: str) -> HttpResponse:
    run = access.access_led_run(request.user, run_id)
    stories = paginate(request, selectors.run_shared_stories(user=request.user, run=run),
                       sorts=STORY_SORTS, default_sort="-created")
    held = list(selectors.held_feedback(user=request.user, run=run))
    participants = list(selectors.participant_activity(user=request.user, run=run))
    story_list = list(stories.object_list)
    audit_views(actor=request.user, objects=story_list,
                client_id_of=lambda story: story.enrollment.client_id)
    audit_views(actor=request.user, objects=participants,
                client_id_of=lambda enrollment: enrollment.client_id)
    return render(request, "strengths/run_space.html", {
        "run": run, "page": stories, "stories": story_list, "held": held,
        "participants": participants,
    })


@require_POST
def feedback_release(request: HttpRequest, run_id: str, feedback_id: str) -> HttpResponse:
    run = access.access_led_run(request.user, run_id)
    feedback = selectors.run_feedback_get_for(user=request.user, run=run,
                                              feedback_id=feedback_id)
    try:
        feedback_services.feedback_release(actor=request.user, feedback=feedback)
    except FeedbackError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Die Rückmeldung ist freigegeben. Die Person sieht sie "
                                    "jetzt."))
    return redirect("strengths:run-space", run_id=run.pk)


@require_http_methods(["GET", "POST"])
def feedback_remove(request: HttpRequest, run_id: str, feedback_id: str) -> HttpResponse:
    run = access.access_led_run(request.user, run_id)
    feedback = selectors.run_feedback_get_for(user=request.user, run=run,
                                              feedback_id=feedback_id)
    form = HeldFeedbackRemoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_services.feedback_remove(actor=request.user, feedback=feedback,
                            reason=form.cleaned_data["reason"])
        except FeedbackError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Die Rückmeldung ist entfernt."))
            return redirect("strengths:run-space", run_id=run.pk)
    return render(request, "strengths/feedback_remove.html", {
        "run": run, "feedback": feedback, "form": form,
        "is_held": feedback.status == StrengthFeedback.Status.HELD})


@require_http_methods(["GET", "POST"])
def feedback_create(request: HttpRequest, run_id: str, story_id: str) -> HttpResponse:
    run = access.access_led_run(request.user, run_id)
    story = selectors.run_story_get_for(user=request.user, run=run, story_id=story_id)
    form = FacilitatorFeedbackForm(request.POST if request.method == "POST" else None,
                                   strengths=selectors.current_strengths_for(story=story))
    if request.method == "POST" and form.is_valid():
        try:
            feedback_services.feedback_give(actor=request.user, story=story,
                          strengths=form.cleaned_data["strengths"],
                          note=form.cleaned_data["note"], show_name=True,
                          source=StrengthFeedback.Source.FACILITATOR)
        except FeedbackError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Ihre Rückmeldung ist gespeichert."))
            return redirect("strengths:run-space", run_id=run.pk)
    return render(request, "strengths/feedback_create.html", {
        "run": run, "story": story, "form": form})


@require_GET
def profile_export(request: HttpRequest, run_id: str, enrollment_id: str) -> HttpResponse:
    run = access.access_led_run(request.user, run_id)
    enrollment = selectors.run_enrollment(user=request.user, run=run,
                                          enrollment_id=enrollment_id)
    try:
        pdf = profile_export_by_facilitator(actor=request.user, enrollment=enrollment)
    except ProfileExportError as error:
        return render(request, "strengths/profile_export_refused.html", {
            "run": run, "enrollment": enrollment, "message": error.message}, status=403)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{enrollment.client.last_name}-{enrollment.client.first_name}".lower()
    safe = "".join(c if c.isascii() and c.isalnum() else "-" for c in name)
    response["Content-Disposition"] = (
        f'attachment; filename="staerkenprofil-{safe}-{timezone.localdate():%Y-%m-%d}.pdf"')
    return response
