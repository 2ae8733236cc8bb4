"""Sessions (Termine) of a run: planning, moving, deleting, the calendar and attendance."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from icalendar import Calendar, Event

from neue_wege.core.http import form_error
from neue_wege.privacy import access
from neue_wege.privacy.audit import audit_views
from neue_wege.programmes import documents, selectors, services
from neue_wege.programmes.exceptions import ProgrammeError
from neue_wege.programmes.forms import AttendanceForm, SessionForm, SessionGenerateForm


@require_http_methods(["GET", "POST"])
def session_generate(request: HttpRequest, run_id: str) -> HttpResponse:
    run = access.access_led_run(request.user, run_id)
    form = SessionGenerateForm(request.POST or None)
    plan = None
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.sessions_generate(actor=request.user, run=run, **form.cleaned_data)
        except (ProgrammeError, ValidationError) as error:
            form_error(form, error)
    return render(request, "programmes/session_generate.html",
                  {"run": run, "form": form, "plan": plan})


@require_GET
def run_calendar(request: HttpRequest, run_id: str) -> HttpResponse:
    run = access.access_led_run(request.user, run_id)
    calendar = Calendar()
    calendar.add("prodid", "-//Jobcenter Kreis Borken//Neue Wege//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", run.title)
    host = request.get_host().split(":")[0] or "neue-wege"
    location = ", ".join(part for part in (run.location.name, run.location.address) if part)
    stamp = timezone.now()
    for session in run.sessions.order_by("starts_at"):
        event = Event()
        event.add("uid", f"session-{session.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", timezone.localtime(session.starts_at))
        event.add("dtend", timezone.localtime(session.ends_at))
        event.add("summary", f"{run.title}: {session.topic}" if session.topic else run.title)
        event.add("location", location)
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="termine-{run.pk}.ics"'
    return response


@require_http_methods(["GET", "POST"])
def session_update(request: HttpRequest, session_id: str) -> HttpResponse:
    session = access.access_session(request.user, session_id)
    start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    form = SessionForm(request.POST or None, run=session.run, current_room=session.room_id,
                       initial={"day": start.date(), "starts_at": start.time(),
                                "ends_at": end.time(), "topic": session.topic,
                                "room": session.room_id, "facilitator": session.facilitator_id})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts_at, ends_at = services.session_datetimes(data["day"], data["starts_at"],
                                                        data["ends_at"])
        try:
            services.session_update(actor=request.user, session=session, starts_at=starts_at,
                                    ends_at=ends_at, topic=data["topic"], room=data["room"],
                                    facilitator=data["facilitator"])
        except (ProgrammeError, ValidationError) as error:
            form_error(form, error)
        else:
            messages.success(request, _("Der Termin wurde gespeichert."))
            holiday = services.holiday_on(data["day"])
            if holiday:
                messages.warning(request, _("Achtung: Der Termin am %(day)s fällt auf einen "
                                            "freien Tag (%(holiday)s). Bitte prüfen Sie, ob er "
                                            "so stattfinden soll.")
                                 % {"day": data["day"].strftime("%d.%m.%Y"), "holiday": holiday})
            return redirect("programmes:run-detail", run_id=session.run_id)
    return render(request, "programmes/session_update.html",
                  {"session": session, "run": session.run, "form": form, "starts": start})


@require_POST
def session_delete(request: HttpRequest, session_id: str) -> HttpResponse:
    session = access.access_session(request.user, session_id)
    run_id = session.run_id
    try:
        services.session_delete(actor=request.user, session=session)
    except ProgrammeError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Der Termin wurde gelöscht."))
    return redirect("programmes:run-detail", run_id=run_id)


@require_http_methods(["GET", "POST"])
def session_attendance(request: HttpRequest, session_id: str) -> HttpResponse:
    session = access.access_session(request.user, session_id)
    enrollments = list(selectors.active_enrollments(session.run))
    audit_views(actor=request.user, objects=enrollments,
                client_id_of=lambda enrollment: enrollment.client_id)
    recorded = selectors.session_attendance(session)
    initial = {"note": session.note, "methods": [m.pk for m in session.methods_used.all()]}
    initial.update({f"status_{key}": value for key, value in recorded.items()})
    form = AttendanceForm(request.POST or None, initial=initial, user=request.user,
                          enrollments=enrollments, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(actor=request.user, session=session,
                                       statuses=form.statuses(),
                                       note=form.cleaned_data["note"],
                                       methods=form.cleaned_data["methods"])
        except (ProgrammeError, ValidationError) as error:
            form_error(form, error)
        else:
            messages.success(request, _("Die Anwesenheit wurde gespeichert."))
            return redirect("programmes:run-detail", run_id=session.run_id)
    return render(request, "programmes/session_attendance.html", {
        "session": session, "run": session.run, "form": form,
        "starts": timezone.localtime(session.starts_at)})




@require_GET
def session_sign_in_sheet(request: HttpRequest, session_id: str) -> HttpResponse:
    """The sign-in sheet of a session as PDF (facilitators of the run)."""
    session = access.access_session(request.user, session_id)
    pdf = documents.sign_in_sheet_pdf(actor=request.user, session=session)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="unterschriftenliste-{timezone.localtime(session.starts_at):%Y-%m-%d}.pdf"')
    return response
