"""Views: thin, ask privacy.access, call one service, render."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from neue_wege.core.exceptions import DomainError
from neue_wege.core.pagination import paginate
from neue_wege.outcomes import documents, selectors, services
from neue_wege.outcomes.forms import (
    EndForm,
    FollowUpForm,
    InstrumentActiveForm,
    InstrumentUploadForm,
    OutcomeForm,
)
from neue_wege.outcomes.models import Instrument
from neue_wege.privacy import access


# --- facilitator: end a seat ----------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def enrollment_end(request: HttpRequest, enrollment_id: uuid.UUID) -> HttpResponse:
    enrollment = access.access_enrollment_to_end(request.user, enrollment_id)
    last_day = min(timezone.localdate(), enrollment.run.ends_on)
    form = EndForm(request.POST or None, initial={"ended_on": last_day})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = services.enrollment_end(
                actor=request.user, enrollment=enrollment, ended_how=data["ended_how"],
                ended_on=data["ended_on"], dropout_reason=data["dropout_reason"],
                dropout_note=data["dropout_note"])
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Die Teilnahme von %(name)s ist beendet (%(how)s).")
                             % {"name": enrollment.client.full_name,
                                "how": outcome.get_ended_how_display()})
            return redirect("clients:run-referrals", run_id=enrollment.run_id)
    return render(request, "outcomes/enrollment_end.html",
                  {"enrollment": enrollment, "form": form})


# --- case manager: destination and follow-ups --------------------------------------------------------
@require_http_methods(["GET", "POST"])
def case_outcome(request: HttpRequest, enrollment_id: uuid.UUID) -> HttpResponse:
    enrollment = access.access_case_enrollment(request.user, enrollment_id)
    outcome = selectors.outcome_of(enrollment)
    form = None
    if outcome is not None:
        initial = {"destination": outcome.destination,
                   "destination_started_on": outcome.destination_started_on,
                   "benefit_exit_on": outcome.benefit_exit_on}
        form = OutcomeForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.outcome_record(
                    actor=request.user, outcome=outcome, destination=data["destination"],
                    destination_started_on=data["destination_started_on"],
                    benefit_exit_on=data["benefit_exit_on"])
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("Der Verbleib ist gespeichert.")
                                 if outcome.ended_how == outcome.EndedHow.WITHDRAWN else
                                 _("Der Verbleib ist gespeichert. Die Nachbefragungen sind "
                                   "geplant."))
                return redirect("outcomes:case-outcome", enrollment_id=enrollment.pk)
    elif request.method == "POST":
        messages.error(request, _("Die Teilnahme läuft noch. Den Verbleib können Sie erfassen, "
                                  "sobald die Projektleitung sie beendet hat."))
        return redirect("outcomes:case-outcome", enrollment_id=enrollment.pk)
    return render(request, "outcomes/case_outcome.html", {
        "enrollment": enrollment, "outcome": outcome, "form": form,
        "follow_ups": selectors.follow_ups_of(outcome),
        "planned": selectors.planned_follow_ups(enrollment),
    })


@require_http_methods(["GET", "POST"])
def follow_up_record(request: HttpRequest, enrollment_id: uuid.UUID) -> HttpResponse:
    enrollment = access.access_case_enrollment(request.user, enrollment_id,
                                               reason="Nachbefragung")
    outcome = selectors.outcome_of(enrollment)
    follow_ups = selectors.follow_ups_of(outcome)
    if not follow_ups:
        messages.info(request, _("Für diese Teilnahme ist noch keine Nachbefragung geplant. "
                                 "Bitte erfassen Sie zuerst den Verbleib."))
        return redirect("outcomes:case-outcome", enrollment_id=enrollment.pk)
    open_first = next((f for f in follow_ups if f.recorded_on is None), follow_ups[0])
    initial = {"months_after": request.GET.get("monate", open_first.months_after)}
    form = FollowUpForm(request.POST or None, initial=initial, follow_ups=follow_ups)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = next(f for f in follow_ups if f.months_after == data["months_after"])
        try:
            services.follow_up_record(
                actor=request.user, follow_up=chosen, destination=data["destination"],
                destination_started_on=data["destination_started_on"],
                in_benefits=data["in_benefits"], reached=data["reached"] != "no",
                early_reason=data.get("early_reason", ""))
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Die Nachbefragung nach %(months)s Monaten ist "
                                        "gespeichert.") % {"months": chosen.months_after})
            return redirect("outcomes:follow-ups-due")
    return render(request, "outcomes/follow_up_form.html",
                  {"enrollment": enrollment, "form": form, "follow_ups": follow_ups})


@require_GET
def follow_ups_due(request: HttpRequest) -> HttpResponse:
    access.require(access.can_refer(request.user))
    today = timezone.localdate()
    listing = paginate(request, selectors.open_due_follow_ups(user=request.user, today=today),
                       sorts={"due": selectors.DUE_ORDER}, default_sort="due", keyset=True)
    return render(request, "outcomes/follow_ups_due.html", {
        "rows": selectors.due_rows(user=request.user, follow_ups=list(listing.object_list),
                                   today=today),
        "listing": listing, "lead_days": selectors.DUE_LEAD_DAYS,
    })


# --- facilitator: self-assessment aggregates of a run ---------------------------------------------
@require_GET
def run_self_assessment(request: HttpRequest, run_id: uuid.UUID) -> HttpResponse:
    run = access.access_led_run(request.user, run_id)
    return render(request, "outcomes/run_self_assessment.html", {
        "summary": selectors.run_self_assessment(user=request.user, run=run),
        "min_pairs": selectors.MIN_PAIRS,
    })

# --- administrators: self-assessment instruments ---------------------------------------------------
def _instrument(request: HttpRequest, instrument_id: uuid.UUID) -> Instrument:
    access.require(access.can_manage_instruments(request.user))
    return get_object_or_404(Instrument, pk=instrument_id)


@require_http_methods(["GET", "POST"])
def instrument_list(request: HttpRequest) -> HttpResponse:
    """Every instrument and version, which one new participants get; load a new one."""
    access.require(access.can_manage_instruments(request.user))
    form = InstrumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            instrument, created = services.instrument_upload(actor=request.user,
                                                             data=form.cleaned_data["file"])
        except services.InstrumentFileError as error:
            form.add_error("file", str(error))
        else:
            values = {"name": instrument.name, "version": instrument.version}
            if created:
                messages.success(request, _("Fragebogen „%(name)s“ (Version %(version)s) ist "
                                            "geladen.") % values)
            else:
                messages.info(request, _("Fragebogen „%(name)s“ (Version %(version)s) war schon "
                                         "geladen; nichts geändert.") % values)
            return redirect("outcomes:instrument-detail", instrument_id=instrument.pk)
    return render(request, "outcomes/instrument_list.html", {
        "instruments": selectors.instruments_overview(), "form": form,
        "current": services.current_instrument()})


@require_GET
def instrument_detail(request: HttpRequest, instrument_id: uuid.UUID) -> HttpResponse:
    instrument = _instrument(request, instrument_id)
    return render(request, "outcomes/instrument_detail.html", {
        "instrument": instrument, "items": list(instrument.items.order_by("order")),
        "scale": instrument.scale_points(), "answers": instrument.self_assessments.count(),
        "current": services.current_instrument(),
        "versions": list(Instrument.objects.filter(key=instrument.key).order_by("-version"))})


@require_GET
def instrument_download(request: HttpRequest, instrument_id: uuid.UUID) -> HttpResponse:
    """The instrument as a JSON file: the base for its next version."""
    instrument = _instrument(request, instrument_id)
    response = JsonResponse(services.instrument_json(instrument),
                            json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = (
        f'attachment; filename="{instrument.key}-v{instrument.version}.json"')
    return response


@require_POST
def instrument_active(request: HttpRequest, instrument_id: uuid.UUID) -> HttpResponse:
    instrument = _instrument(request, instrument_id)
    form = InstrumentActiveForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Bitte wählen Sie: in Gebrauch oder nicht."))
    try:
        services.instrument_set_active(actor=request.user, instrument=instrument,
                                       active=form.cleaned_data["active"])
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, (_("„%(name)s“ (Version %(version)s) ist in Gebrauch.")
                                   if instrument.is_active else
                                   _("„%(name)s“ (Version %(version)s) ist nicht mehr in "
                                     "Gebrauch.")) % {"name": instrument.name,
                                                      "version": instrument.version})
    return redirect("outcomes:instrument-detail", instrument_id=instrument.pk)


def _pdf(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def enrollment_certificate(request: HttpRequest, enrollment_id: uuid.UUID) -> HttpResponse:
    """Teilnahmebescheinigung (facilitators of the run; issue 15)."""
    enrollment = access.access_enrollment_for_facilitator(request.user, enrollment_id)
    return _pdf(documents.certificate_pdf(actor=request.user, enrollment=enrollment),
                f"teilnahmebescheinigung-{enrollment.pk}.pdf")


@require_GET
def enrollment_confirmation(request: HttpRequest, enrollment_id: uuid.UUID) -> HttpResponse:
    """Confirmation for the case manager's file (the client's case manager; issue 15)."""
    enrollment = access.access_case_enrollment(request.user, enrollment_id,
                                               reason="Teilnahmebestätigung")
    return _pdf(documents.confirmation_pdf(actor=request.user, enrollment=enrollment),
                f"teilnahmebestaetigung-{enrollment.pk}.pdf")
