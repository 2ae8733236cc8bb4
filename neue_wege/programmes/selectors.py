"""Reads for the programmes app, always starting from the access-scoped querysets."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neue_wege.organisation.models import User
from neue_wege.privacy import access
from neue_wege.programmes.models import (
    Attendance,
    Programme,
    ProgrammeVersion,
    Run,
    Session,
)


# --- programmes ---------------------------------------------------------------------------------
def versions_for_new_run(*, user: Any) -> QuerySet[ProgrammeVersion]:
    """The versions a new run may use: each programme's current version and those that
    become valid later; versions a newer one has replaced by today are left out."""
    today = timezone.localdate()
    replaced = ProgrammeVersion.objects.filter(
        programme=OuterRef("programme"), valid_from__gt=OuterRef("valid_from"),
        valid_from__lte=today)
    return (ProgrammeVersion.objects.filter(programme__in=access.programmes_for(user))
            .exclude(Exists(replaced)).select_related("programme")
            .order_by("programme__name", "-valid_from"))


def programme_list_for(*, user: Any) -> QuerySet[Programme]:
    today = timezone.localdate()
    current = (ProgrammeVersion.objects.filter(programme=OuterRef("pk"), valid_from__lte=today)
               .order_by("-valid_from", "-number"))
    return access.programmes_for(user).annotate(
        current_number=Subquery(current.values("number")[:1]),
        current_valid_from=Subquery(current.values("valid_from")[:1]),
        version_count=Count("versions", distinct=True),
    )


def _versions(programme: Programme) -> list[ProgrammeVersion]:
    return list(programme.versions.select_related("created_by")
                .prefetch_related("methods", "responsible_staff")
                .order_by("valid_from", "number"))


def current_version(programme: Programme, today: dt.date | None = None
                    ) -> ProgrammeVersion | None:
    """The version in force today: the latest `valid_from` on or before today."""
    today = today or timezone.localdate()
    return (programme.versions.filter(valid_from__lte=today)
            .select_related("created_by").prefetch_related("methods", "responsible_staff")
            .order_by("-valid_from", "-number").first())


def latest_version(programme: Programme) -> ProgrammeVersion | None:
    return (programme.versions.prefetch_related("methods", "responsible_staff")
            .order_by("-valid_from", "-number").first())


@dataclass
class TextChange:
    """One changed line: `kind` is "added" or "removed"."""

    kind: str
    text: str

    @property
    def label(self) -> str:
        return str(_("neu") if self.kind == "added" else _("entfernt"))


@dataclass
class FieldChange:
    label: str
    lines: list[TextChange] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass
class VersionEntry:
    version: ProgrammeVersion
    changes: list[FieldChange]
    is_current: bool


def _text_changes(before: str, after: str) -> list[TextChange]:
    changes: list[TextChange] = []
    old, new = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            changes += [TextChange("removed", line) for line in old[i1:i2] if line.strip()]
        if tag in ("replace", "insert"):
            changes += [TextChange("added", line) for line in new[j1:j2] if line.strip()]
    return changes


def version_changes(previous: ProgrammeVersion | None, version: ProgrammeVersion
                    ) -> list[FieldChange]:
    """What changed against the previous version, field by field, readable."""
    if previous is None:
        return []
    changes: list[FieldChange] = []
    for name, label in (("content", _("Inhalt und Ablauf")),
                        ("target_group_description", _("Zielgruppe"))):
        lines = _text_changes(getattr(previous, name), getattr(version, name))
        if lines:
            changes.append(FieldChange(label=str(label), lines=lines))
    for name, label in (("methods", _("Methoden")), ("responsible_staff", _("Verantwortliche"))):
        before = {str(obj) for obj in getattr(previous, name).all()}
        after = {str(obj) for obj in getattr(version, name).all()}
        if before != after:
            changes.append(FieldChange(label=str(label), added=sorted(after - before),
                                       removed=sorted(before - after)))
    return changes


def version_history(programme: Programme, today: dt.date | None = None) -> list[VersionEntry]:
    """All versions, newest first, each with its changes against the one before."""
    today = today or timezone.localdate()
    versions = _versions(programme)
    in_force = [v for v in versions if v.valid_from <= today]
    current = in_force[-1] if in_force else None
    entries = [
        VersionEntry(version=v, changes=version_changes(versions[i - 1] if i else None, v),
                     is_current=v is current)
        for i, v in enumerate(versions)
    ]
    return list(reversed(entries))


# --- runs ---------------------------------------------------------------------------------------
def _seat_count() -> Subquery:
    from neue_wege.clients.models import Enrollment

    seats = (Enrollment.objects.filter(run=OuterRef("pk"), status__in=Enrollment.SEAT_STATUSES)
             .order_by().values("run").annotate(n=Count("pk")).values("n"))
    return Subquery(seats, output_field=IntegerField())


def _waitlist_count() -> Subquery:
    from neue_wege.clients.models import Referral

    # count(run_id), not count(id): the index (run, status, waitlisted_at) answers it alone
    # (an index-only scan), even for a run with thousands of people waiting.
    waiting = (Referral.objects.filter(run=OuterRef("pk"), status=Referral.Status.WAITLISTED)
               .order_by().values("run").annotate(n=Count("run")).values("n"))
    return Subquery(waiting, output_field=IntegerField())


def with_seats(queryset: QuerySet[Run]) -> QuerySet[Run]:
    """Annotate `seats_taken`, `free_seats` and `waitlist_length` in SQL."""
    return queryset.annotate(
        seats_taken=Coalesce(_seat_count(), Value(0)),
        waitlist_length=Coalesce(_waitlist_count(), Value(0)),
    ).annotate(free_seats=Greatest(F("capacity") - F("seats_taken"), Value(0)))


RUN_SORTS = {  # each ends in the id: the run list pages by keyset (core/pagination.py)
    "starts_on": ["starts_on", "title", "id"],
    "-starts_on": ["-starts_on", "title", "id"],
    "title": ["title", "starts_on", "id"],
    "-title": ["-title", "starts_on", "id"],
    "free_seats": ["free_seats", "starts_on", "id"],
    "-free_seats": ["-free_seats", "starts_on", "id"],
}


def run_list_for(*, user: Any, programme: str = "", location: str = "", status: str = "",
                 year: int | None = None) -> QuerySet[Run]:
    runs = access.runs_for(user).select_related(
        "programme_version__programme", "location")
    if programme:
        runs = runs.filter(programme_version__programme_id=programme)
    if location:
        runs = runs.filter(location_id=location)
    if status:
        runs = runs.filter(status=status)
    if year:
        runs = runs.filter(starts_on__year=year)
    return with_seats(runs)


def run_get_for(*, user: Any, run_id: Any) -> Run:
    """The run catalogue entry with its seat figures (404 outside the user's job centre)."""
    run = access.access_run(user, run_id)
    figures = with_seats(Run.objects.filter(pk=run.pk)).values(
        "seats_taken", "free_seats", "waitlist_length").get()
    for name, value in figures.items():
        setattr(run, name, value)
    return run


def run_sessions(run: Run) -> QuerySet[Session]:
    return run.sessions.select_related("room", "facilitator").annotate(
        attendance_count=Count("attendances"),
    ).order_by("starts_at")


def active_enrollments(run: Run) -> QuerySet[Any]:
    from neue_wege.clients.models import Enrollment

    return (Enrollment.objects.filter(run=run, status=Enrollment.Status.ACTIVE)
            .select_related("client").order_by("client__last_name", "client__first_name"))


# --- attendance ---------------------------------------------------------------------------------
@dataclass
class AttendanceRate:
    present: int
    recorded: int

    @property
    def percent(self) -> int | None:
        if not self.recorded:
            return None
        return round(100 * self.present / self.recorded)


@dataclass
class ParticipantRate(AttendanceRate):
    enrollment: Any = None


@dataclass
class RunAttendance:
    participants: list[ParticipantRate]
    run: AttendanceRate


def attendance_rates(run: Run) -> RunAttendance:
    """Present / sessions with recorded attendance, per participant and for the run."""
    from neue_wege.clients.models import Enrollment

    present = Q(attendances__status=Attendance.Status.PRESENT,
                attendances__session__run=run)
    enrollments = (Enrollment.objects.filter(run=run)
                   .select_related("client")
                   .annotate(present=Count("attendances", filter=present),
                             recorded=Count("attendances",
                                            filter=Q(attendances__session__run=run)))
                   .order_by("client__last_name", "client__first_name"))
    totals = Attendance.objects.filter(session__run=run).aggregate(
        present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)),
        recorded=Count("pk"),
    )
    return RunAttendance(
        participants=[ParticipantRate(present=e.present, recorded=e.recorded, enrollment=e)
                      for e in enrollments],
        run=AttendanceRate(present=totals["present"], recorded=totals["recorded"]),
    )


def session_attendance(session: Session) -> dict[str, str]:
    return {str(enrollment_id): status for enrollment_id, status in
            session.attendances.values_list("enrollment_id", "status")}


__all__ = ["active_enrollments", "attendance_rates", "current_version",
           "latest_version", "programme_list_for", "run_get_for", "run_list_for",
           "run_sessions", "session_attendance", "version_history", "with_seats"]


# --- calendars across runs (issue 15) -------------------------------------------------------------
@dataclass
class CalendarEntry:
    session: Session
    holiday: str = ""
    clashes: list[str] = field(default_factory=list)


@dataclass
class CalendarDay:
    day: dt.date
    entries: list[CalendarEntry]


def week_start(day: dt.date | None) -> dt.date:
    day = day or timezone.localdate()
    return day - dt.timedelta(days=day.weekday())


def _week_bounds(monday: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(monday, dt.time(0, 0), tzinfo=tz)
    return start, start + dt.timedelta(days=7)


def _calendar(sessions: QuerySet[Session], *, user: Any, monday: dt.date) -> list[CalendarDay]:
    """Seven days with their sessions; each entry marks the other sessions of the job centre
    that book the same room or one of the same people (`Session.leaders`) at an overlapping
    time, and a holiday.

    Only the week's sessions that share a room or a person with a shown one are loaded, and
    each shown session is compared with those alone (a location's week at a million clients
    holds hundreds of sessions)."""
    from neue_wege.programmes.services import holiday_on

    start, end = _week_bounds(monday)
    related = ("run__location", "room__location", "facilitator")
    names = User.objects.only("id", "first_name", "last_name", "username")
    shown = list(sessions.overlapping(start, end).select_related(*related)
                 .prefetch_related(Prefetch("run__facilitators", queryset=names))
                 .order_by("starts_at", "pk"))
    rooms = {session.room_id for session in shown if session.room_id}
    people = {person.pk for session in shown for person in session.leaders()}
    led = Session.objects.overlapping(start, end).led_by(people).values("pk")
    week = (access.sessions_in_centre(user).overlapping(start, end)
            .filter(Q(room__in=rooms) | Q(pk__in=led))
            .select_related("run")  # only who leads the others is compared: their ids
            .prefetch_related(Prefetch("run__facilitators", queryset=User.objects.only("id")))
            ) if shown else []
    by_room: dict[Any, list[Session]] = {}
    by_person: dict[Any, list[Session]] = {}
    for other in week:
        if other.room_id:
            by_room.setdefault(other.room_id, []).append(other)
        for person in other.leaders():
            by_person.setdefault(person.pk, []).append(other)
    holidays: dict[dt.date, str] = {}
    days = [CalendarDay(monday + dt.timedelta(days=n), []) for n in range(7)]
    for session in shown:
        day = timezone.localtime(session.starts_at).date()
        if day not in holidays:
            holidays[day] = holiday_on(day)
        entry = CalendarEntry(session=session, holiday=holidays[day])

        def overlaps(other: Session, session: Session = session) -> bool:
            return other.pk != session.pk and other.overlaps(session.starts_at, session.ends_at)

        for other in by_room.get(session.room_id, ()) if session.room_id else ():
            if overlaps(other):
                entry.clashes.append(str(_("Raum doppelt belegt mit „%(run)s“")
                                         % {"run": other.run.title}))
        named: set[Any] = set()
        for person in session.leaders():
            for other in by_person.get(person.pk, ()):
                if other.pk not in named and overlaps(other):
                    named.add(other.pk)
                    entry.clashes.append(str(_("Projektleitung doppelt eingeplant mit „%(run)s“")
                                             % {"run": other.run.title}))
        days[(day - monday).days].entries.append(entry)
    return days


def location_calendar(*, user: Any, location: Any, monday: dt.date) -> list[CalendarDay]:
    """Sessions at a location in a week: of its runs, or in one of its rooms."""
    sessions = access.sessions_in_centre(user).filter(
        Q(run__location=location) | Q(room__location=location))
    return _calendar(sessions, user=user, monday=monday)


def facilitator_calendar(*, user: Any, person: Any, monday: dt.date) -> list[CalendarDay]:
    """Sessions a facilitator leads in a week: set on the session, or (where no one is set)
    as a facilitator of the run."""
    sessions = access.sessions_in_centre(user).led_by([person])
    return _calendar(sessions, user=user, monday=monday)
