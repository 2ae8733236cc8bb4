"""Sessions (Termine) of a run: planning, moving, deleting, the calendar and attendance."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from icalendar import Calendar, Event

from neue_wege.core.http import form_error
from neue_wege.privacy import access
from neue_wege.privacy.audit import audit_views
from neue_wege.programmes import documents, selectors, services
from neue_wege.programmes.exceptions import AttendanceConflictError, ProgrammeError
from neue_wege.programmes.forms import AttendanceForm, SessionForm, SessionGenerateForm
from neue_wege.programmes.models import Attendance


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
    # The product identifier names the product, not a job centre: the same installation
    # serves several (RFC 5545, 3.7.3).
    calendar.add("prodid", "-//Neue Wege//Neue Wege//DE")
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


def _attendance_initial(session: Any, recorded: dict[str, str],
                        enrollments: list[Any]) -> dict[str, Any]:
    initial: dict[str, Any] = {"note": session.note,
                               "methods": [m.pk for m in session.methods_used.all()],
                               "seen_note": services.note_fingerprint(session.note)}
    initial.update({f"status_{key}": value for key, value in recorded.items()})
    initial.update({f"seen_{e.pk}": recorded.get(str(e.pk), "") for e in enrollments})
    return initial


def _conflict_rows(conflicts: list[Any]) -> list[dict[str, str]]:
    labels = dict(Attendance.Status.choices)
    rows = []
    for conflict in conflicts:
        when = conflict.saved_taken_at
        rows.append({
            "name": conflict.enrollment.client.full_name if conflict.enrollment is not None
            else _("Notiz zum Termin"),
            "yours": str(labels.get(conflict.yours, conflict.yours)) or _("keine Angabe"),
            "saved": str(labels.get(conflict.saved, conflict.saved)) or _("keine Angabe"),
            "by": (conflict.saved_by.get_full_name() if conflict.saved_by is not None else ""),
            "at": timezone.localtime(when).strftime("%d.%m.%Y, %H:%M") if when else "",
        })
    return rows


@require_http_methods(["GET", "POST"])
def session_attendance(request: HttpRequest, session_id: str) -> HttpResponse:
    """Take attendance. Also works from a page opened earlier and sent later (offline, issue
    14): the page sends what it showed (`seen_*`) and when it was taken (`taken_at`); a
    change someone else made meanwhile comes back as a conflict (409), never overwritten.
    The page's script posts with `X-NW-Sync: 1` and gets JSON."""
    session = access.access_session(request.user, session_id)
    enrollments = list(selectors.active_enrollments(session.run))
    audit_views(actor=request.user, objects=enrollments,
                client_id_of=lambda enrollment: enrollment.client_id)
    recorded = selectors.session_attendance(session)
    initial = _attendance_initial(session, recorded, enrollments)
    form = AttendanceForm(request.POST or None, initial=initial, user=request.user,
                          enrollments=enrollments, session=session)
    sync = request.headers.get("X-NW-Sync") == "1"
    conflicts: list[dict[str, str]] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(actor=request.user, session=session,
                                       statuses=form.statuses(),
                                       note=form.cleaned_data["note"],
                                       methods=form.cleaned_data["methods"],
                                       seen=form.seen(), seen_note=form.seen_note(),
                                       taken_at=form.cleaned_data.get("taken_at"))
        except AttendanceConflictError as error:
            conflicts = _conflict_rows(error.conflicts)
            if sync:
                return JsonResponse({"status": "conflict", "message": str(error.message),
                                     "conflicts": conflicts,
                                     "url": request.path}, status=409)
            # Shown with the facilitator's own entries; saving again now is a decision.
            data = request.POST.copy()
            for key, value in _attendance_initial(session, recorded, enrollments).items():
                if key.startswith("seen_"):
                    data[key] = value
            form = AttendanceForm(data, initial=initial, user=request.user,
                                  enrollments=enrollments, session=session)
            form.is_valid()
            status = 409
        except (ProgrammeError, ValidationError) as error:
            form_error(form, error)
        else:
            messages.success(request, _("Die Anwesenheit wurde gespeichert."))
            if sync:
                return JsonResponse({"status": "saved", "url": reverse(
                    "programmes:run-detail", kwargs={"run_id": session.run_id})})
            return redirect("programmes:run-detail", run_id=session.run_id)
    if request.method == "POST" and sync:
        return JsonResponse({"status": "invalid", "errors": [
            str(message) for errors in form.errors.values() for message in errors]},
            status=400)
    return render(request, "programmes/session_attendance.html", {
        "session": session, "run": session.run, "form": form, "conflicts": conflicts,
        "starts": timezone.localtime(session.starts_at)}, status=status)




@require_GET
def session_sign_in_sheet(request: HttpRequest, session_id: str) -> HttpResponse:
    """The sign-in sheet of a session as PDF (facilitators of the run)."""
    session = access.access_session(request.user, session_id)
    pdf = documents.sign_in_sheet_pdf(actor=request.user, session=session)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="unterschriftenliste-{timezone.localtime(session.starts_at):%Y-%m-%d}.pdf"')
    return response
