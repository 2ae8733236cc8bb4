"""Planning across runs (issue 15): rooms per location and the week calendars per location and
per facilitator, which mark double bookings and holidays."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from neue_wege.core.exceptions import DomainError
from neue_wege.core.http import service_call
from neue_wege.organisation.models import User
from neue_wege.privacy import access
from neue_wege.privacy.access.lookup import get_in_scope, not_found
from neue_wege.programmes import selectors, services
from neue_wege.programmes.forms import CalendarWeekForm, RoomForm

ROOM_ERRORS = (DomainError, ValidationError)


def _monday(request: HttpRequest) -> tuple[CalendarWeekForm, dt.date]:
    form = CalendarWeekForm(request.GET or None)
    day = form.cleaned_data.get("woche") if form.is_valid() else None
    return form, selectors.week_start(day)


def _week_context(monday: dt.date, days: list) -> dict:
    return {"has_entries": any(day.entries for day in days), "monday": monday,
            "sunday": monday + dt.timedelta(days=6),
            "previous": monday - dt.timedelta(days=7), "next": monday + dt.timedelta(days=7)}


@require_GET
def location_calendar(request: HttpRequest, location_id: str) -> HttpResponse:
    location = get_in_scope(access.locations_for(request.user), location_id)
    form, monday = _monday(request)
    days = selectors.location_calendar(user=request.user, location=location, monday=monday)
    rooms = access.rooms_for(request.user).filter(location=location).order_by("name")
    return render(request, "programmes/calendar.html", {
        "title": _("Kalender des Standorts %(name)s") % {"name": location.name},
        "location": location, "rooms": rooms, "days": days, "form": form,
        "can_manage_rooms": access.can_manage_locations(request.user),
        **_week_context(monday, days)})


@require_GET
def facilitator_calendar(request: HttpRequest) -> HttpResponse:
    """The calendar of one facilitator of the job centre (`?person=`; default: oneself)."""
    if not access.is_staff_member(request.user):
        raise not_found()
    people = User.objects.filter(job_centre_id=request.user.job_centre_id,
                                 role=User.Role.FACILITATOR, is_active=True)
    wanted = request.GET.get("person") or (
        str(request.user.public_id) if access.is_facilitator(request.user) else "")
    person = None
    if wanted:
        try:
            person = people.filter(public_id=wanted).first()
        except ValidationError:  # a malformed id is no person
            person = None
        if person is None:
            raise not_found()
    form, monday = _monday(request)
    days = (selectors.facilitator_calendar(user=request.user, person=person, monday=monday)
            if person else [])
    name = (person.get_full_name() or person.username) if person else ""
    return render(request, "programmes/calendar.html", {
        "title": _("Kalender von %(name)s") % {"name": name} if person
        else _("Kalender der Projektleitungen"),
        "person": person, "people": people.order_by("last_name", "first_name"), "days": days,
        "form": form, **_week_context(monday, days)})


@require_http_methods(["GET", "POST"])
def room_create(request: HttpRequest, location_id: str) -> HttpResponse:
    location = access.access_location(request.user, location_id)  # administrators only
    form = RoomForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and service_call(
            request, lambda: services.room_create(actor=request.user, location=location,
                                                  **form.cleaned_data),
            success=_("Der Raum wurde angelegt."), form=form, errors=ROOM_ERRORS):
        return redirect("programmes:location-calendar", location_id=location.pk)
    return render(request, "programmes/room_form.html",
                  {"form": form, "location": location, "room": None})


@require_http_methods(["GET", "POST"])
def room_update(request: HttpRequest, room_id: str) -> HttpResponse:
    room = access.access_room(request.user, room_id)
    access.require(access.can_manage_locations(request.user))
    form = RoomForm(request.POST or None, instance=room)
    if request.method == "POST" and form.is_valid() and service_call(
            request, lambda: services.room_update(actor=request.user, room=room,
                                                  **form.cleaned_data),
            success=_("Der Raum wurde gespeichert."), form=form, errors=ROOM_ERRORS):
        return redirect("programmes:location-calendar", location_id=room.location_id)
    return render(request, "programmes/room_form.html",
                  {"form": form, "location": room.location, "room": room})
