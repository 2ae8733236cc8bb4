"""Participant page of the outcomes app under /portal/: the self-assessment.

Runs behind `participant_required` (staff get 404) on the participant's current seat; the
service writes the answers and the audit row.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from neue_wege.core.exceptions import DomainError
from neue_wege.outcomes import selectors, services
from neue_wege.outcomes.forms import SelfAssessmentForm
from neue_wege.privacy.access import participant_required


@never_cache
@require_http_methods(["GET", "POST"])
@participant_required
def self_assessment(request: HttpRequest) -> HttpResponse:
    enrollment = request.portal_enrollment  # type: ignore[attr-defined]
    moment = selectors.open_moment(enrollment, today=timezone.localdate())
    form = instrument = None
    if moment is not None:
        instrument = selectors.instrument_for(enrollment, services.current_instrument())
        form = SelfAssessmentForm(request.POST or None, instrument=instrument)
        if request.method == "POST" and form.is_valid():
            try:
                services.self_assessment_submit(
                    actor=request.user, enrollment=enrollment, instrument=instrument,
                    moment=moment, answers=form.answers())
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("Danke! Ihre Antworten sind gespeichert."))
                return redirect("portal:self-assessment")
    elif request.method == "POST":
        return redirect("portal:self-assessment")
    return render(request, "outcomes/self_assessment.html", {
        "moment": moment, "form": form, "instrument": instrument,
    }, status=400 if form is not None and form.errors else 200)
