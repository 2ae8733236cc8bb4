"""Writes for programmes and versions, the method library, runs, sessions and attendance.

Every service takes the acting user, runs in one transaction and writes its audit row in it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import holidays
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from neue_wege.organisation.models import Location, Room, User
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent
from neue_wege.programmes.exceptions import (
    AttendanceConflictError,
    AttendanceError,
    CatalogueScopeError,
    ProgrammeError,
    SessionClashError,
    SessionError,
    VersionDateError,
)
from neue_wege.programmes.models import (
    MAX_SESSION_LENGTH,
    Attendance,
    Method,
    Programme,
    ProgrammeVersion,
    Run,
    SchoolHoliday,
    Session,
    TargetGroup,
    session_leaders,
)
from neue_wege.programmes.planning import HolidayRange, SkippedDate, plan_dates

Action = AuditEvent.Action

METHOD_FIELDS = ("name", "purpose", "duration_minutes", "materials", "instructions")
RUN_FIELDS = ("title", "capacity", "starts_on", "ends_on", "status")
# A new run is planned, open for referrals, or (recorded late) already running.
RUN_CREATE_STATUSES = (Run.Status.PLANNED, Run.Status.OPEN, Run.Status.RUNNING)
TARGET_GROUP_FIELDS = ("age_min", "age_max", "single_parents_only", "min_months_on_benefits",
                       "min_german_level", "health_limits_welcome", "description")


def _tz() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _same_centre(actor: Any, objects: Iterable[Any], attribute: str = "job_centre_id") -> None:
    for obj in objects:
        if getattr(obj, attribute) != actor.job_centre_id:
            raise CatalogueScopeError


# --- programmes and versions --------------------------------------------------------------------
@transaction.atomic
def programme_create(*, actor: Any, name: str, valid_from: dt.date, content: str,
                     target_group_description: str, methods: Iterable[Method] = (),
                     responsible_staff: Iterable[User] = (),
                     change_note: str = "") -> Programme:
    """A new programme with its version 1."""
    programme = Programme(job_centre_id=actor.job_centre_id, name=name.strip())
    programme.full_clean()
    programme.save()
    audit_record(actor=actor, action=Action.CREATE, obj=programme)
    _version_add(actor=actor, programme=programme, number=1, valid_from=valid_from,
                 content=content, target_group_description=target_group_description,
                 methods=methods, responsible_staff=responsible_staff,
                 change_note=change_note.strip() or _("Erste Fassung"))
    return programme


@transaction.atomic
def programme_version_create(*, actor: Any, programme: Programme, valid_from: dt.date,
                             content: str, target_group_description: str, change_note: str,
                             methods: Iterable[Method] = (),
                             responsible_staff: Iterable[User] = ()) -> ProgrammeVersion:
    """Add a version; it must take effect after the latest one. Versions are never edited."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    latest = programme.versions.aggregate(date=Max("valid_from"), number=Max("number"))
    if latest["date"] is not None and valid_from <= latest["date"]:
        raise VersionDateError(latest["date"].strftime("%d.%m.%Y"))
    if not change_note.strip():
        raise ProgrammeError(_("Bitte beschreiben Sie, was sich ändert."))
    return _version_add(actor=actor, programme=programme, number=(latest["number"] or 0) + 1,
                        valid_from=valid_from, content=content,
                        target_group_description=target_group_description, methods=methods,
                        responsible_staff=responsible_staff, change_note=change_note.strip())


def _version_add(*, actor: Any, programme: Programme, number: int, valid_from: dt.date,
                 content: str, target_group_description: str, methods: Iterable[Method],
                 responsible_staff: Iterable[User], change_note: str) -> ProgrammeVersion:
    methods = list(methods)
    staff = list(responsible_staff)
    _same_centre(actor, methods)
    _same_centre(actor, staff)
    version = ProgrammeVersion(programme=programme, number=number, valid_from=valid_from,
                               content=content.strip(),
                               target_group_description=target_group_description.strip(),
                               change_note=change_note, created_by=actor)
    version.full_clean()
    version.save()
    version.methods.set(methods)
    version.responsible_staff.set(staff)
    audit_record(actor=actor, action=Action.CREATE, obj=version)
    return version


# --- method library -----------------------------------------------------------------------------
def _method_name_taken(actor: Any, name: str, exclude: uuid.UUID | None = None) -> bool:
    taken = Method.objects.filter(job_centre_id=actor.job_centre_id, name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    return taken.exists()


@transaction.atomic
def method_create(*, actor: Any, **fields: Any) -> Method:
    method = Method(job_centre_id=actor.job_centre_id,
                    **{name: fields[name] for name in METHOD_FIELDS if name in fields})
    method.name = method.name.strip()
    if _method_name_taken(actor, method.name):
        raise ProgrammeError(_("Eine Methode mit diesem Namen gibt es schon."))
    method.full_clean()
    method.save()
    audit_record(actor=actor, action=Action.CREATE, obj=method)
    return method


@transaction.atomic(durable=True)
def method_update(*, actor: Any, method: Method, **fields: Any) -> Method:
    for name in METHOD_FIELDS:
        if name in fields:
            setattr(method, name, fields[name])
    method.name = method.name.strip()
    if _method_name_taken(actor, method.name, exclude=method.pk):
        raise ProgrammeError(_("Eine Methode mit diesem Namen gibt es schon."))
    method.full_clean()
    method.save()
    audit_record(actor=actor, action=Action.CHANGE, obj=method)
    return method


# --- runs ---------------------------------------------------------------------------------------
def _check_run_refs(actor: Any, programme_version: ProgrammeVersion, location: Location,
                    co_facilitators: list[User]) -> None:
    if programme_version.programme.job_centre_id != actor.job_centre_id:
        raise CatalogueScopeError
    _same_centre(actor, [location])
    _same_centre(actor, co_facilitators)
    if any(user.role != User.Role.FACILITATOR for user in co_facilitators):
        raise ProgrammeError(_("Co-Leitungen müssen Projektleitungen sein."))


def _check_new_run(version: ProgrammeVersion, status: str, starts_on: dt.date | None) -> None:
    if status not in RUN_CREATE_STATUSES:
        raise ProgrammeError(_("Ein neuer Durchlauf ist geplant oder offen für Zuweisungen; "
                               "„%(status)s“ ist beim Anlegen nicht möglich.")
                             % {"status": Run.Status(status).label})
    if starts_on is None:
        return
    if status == Run.Status.RUNNING and starts_on > timezone.localdate():
        raise ProgrammeError(_("Ein Durchlauf, der noch nicht begonnen hat, kann nicht "
                               "„läuft“ sein."))
    valid = (ProgrammeVersion.objects.filter(programme_id=version.programme_id,
                                             valid_from__lte=starts_on)
             .order_by("-valid_from", "-number").first())
    day = starts_on.strftime("%d.%m.%Y")
    if valid is None:
        raise ProgrammeError(_("%(version)s gilt erst ab %(valid)s, der Durchlauf beginnt am "
                               "%(day)s.") % {"version": version, "day": day,
                                              "valid": version.valid_from.strftime("%d.%m.%Y")})
    if valid.pk != version.pk:
        raise ProgrammeError(_("Zum Beginn am %(day)s gilt %(valid)s, nicht %(version)s. Bitte "
                               "wählen Sie die gültige Konzeptversion.")
                             % {"day": day, "valid": valid, "version": version})


def _save_target_group(run: Run, values: Mapping[str, Any]) -> TargetGroup:
    group = TargetGroup.objects.filter(run=run).first() or TargetGroup(run=run)
    for name in TARGET_GROUP_FIELDS:
        if name in values:
            setattr(group, name, values[name])
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def run_create(*, actor: Any, programme_version: ProgrammeVersion, location: Location,
               co_facilitators: Iterable[User] = (), target_group: Mapping[str, Any] | None = None,
               **fields: Any) -> Run:
    """A new run; the actor leads it, with the chosen co-facilitators.

    Only what makes sense at creation: status planned or open (running once it has begun),
    and the programme version that is valid on the run's first day.
    """
    co = [user for user in co_facilitators if user.pk != actor.pk]
    _check_run_refs(actor, programme_version, location, co)
    _check_new_run(programme_version, fields.get("status", Run.Status.OPEN),
                   fields.get("starts_on"))
    run = Run(programme_version=programme_version, location=location,
              **{name: fields[name] for name in RUN_FIELDS if name in fields})
    run.full_clean()
    run.save()
    run.facilitators.set([actor, *co])
    _save_target_group(run, target_group or {})
    audit_record(actor=actor, action=Action.CREATE, obj=run)
    return run


def _check_new_team_is_free(run: Run, team: list[User]) -> None:
    """Who joins a run's team leads its coming sessions that have no person of their own
    (`Session.leaders`): refused while they lead another session at one of those times."""
    before = set(run.facilitators.values_list("pk", flat=True))
    joining = [person for person in team if person.pk not in before]
    if not joining:
        return
    _lock_people(joining)
    for session in run.sessions.filter(facilitator__isnull=True, ends_at__gt=timezone.now()):
        clashes = session_clashes(starts_at=session.starts_at, ends_at=session.ends_at,
                                  room=None, people=joining, exclude=session.pk)
        if clashes:
            raise SessionClashError(
                _("Termin am %(day)s: %(clash)s Bitte legen Sie für diesen Termin eine "
                  "Projektleitung fest oder wählen Sie eine andere Co-Leitung.")
                % {"day": timezone.localtime(session.starts_at).strftime("%d.%m.%Y"),
                   "clash": clashes[0].message})


@transaction.atomic
def run_update(*, actor: Any, run: Run, programme_version: ProgrammeVersion, location: Location,
               co_facilitators: Iterable[User] = (),
               target_group: Mapping[str, Any] | None = None, **fields: Any) -> Run:
    co = [user for user in co_facilitators if user.pk != actor.pk]
    _check_run_refs(actor, programme_version, location, co)
    _check_new_team_is_free(run, [actor, *co])
    run.programme_version = programme_version
    run.location = location
    for name in RUN_FIELDS:
        if name in fields:
            setattr(run, name, fields[name])
    run.full_clean()
    run.save()
    run.facilitators.set([actor, *co])
    _save_target_group(run, target_group or {})
    audit_record(actor=actor, action=Action.CHANGE, obj=run)
    return run


# --- sessions -----------------------------------------------------------------------------------
@dataclass
class SessionPlan:
    created: list[Session] = field(default_factory=list)
    skipped: list[SkippedDate] = field(default_factory=list)


def public_holidays_nrw(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    years = list(range(start.year, end.year + 1))
    return dict(holidays.Germany(subdiv="NW", years=years, language="de"))


def school_holiday_ranges(start: dt.date, end: dt.date) -> list[HolidayRange]:
    return [HolidayRange(h.name, h.starts_on, h.ends_on) for h in
            SchoolHoliday.objects.filter(starts_on__lte=end, ends_on__gte=start)]


def session_datetimes(day: dt.date, starts_at: dt.time, ends_at: dt.time
                      ) -> tuple[dt.datetime, dt.datetime]:
    tz = _tz()
    return (dt.datetime.combine(day, starts_at, tzinfo=tz),
            dt.datetime.combine(day, ends_at, tzinfo=tz))


def _sessions_led(people: list[User], dates: list[dt.date], starts_at: dt.time,
                  ends_at: dt.time) -> dict[dt.date, list[Session]]:
    """The sessions ``people`` lead on ``dates`` around the hours [starts_at, ends_at), by day
    (one query; a session past midnight counts for both its days)."""
    if not people or not dates:
        return {}
    first, _end = session_datetimes(min(dates), starts_at, ends_at)
    _start, last = session_datetimes(max(dates), starts_at, ends_at)
    found: dict[dt.date, list[Session]] = {}
    sessions = (Session.objects.overlapping(first, last).led_by(people)
                .select_related("run", "facilitator").prefetch_related("run__facilitators"))
    for session in sessions:
        days = {timezone.localtime(session.starts_at).date(),
                timezone.localtime(session.ends_at).date()}
        for day in days:
            found.setdefault(day, []).append(session)
    return found


@transaction.atomic
def sessions_generate(*, actor: Any, run: Run, weekdays: Iterable[int], starts_at: dt.time,
                      ends_at: dt.time, skip_school_holidays: bool) -> SessionPlan:
    """Sessions on `weekdays` between the run's start and end, minus NRW public holidays and
    (optionally) school holidays; days that already have a session at that time, or on which
    someone of the run's team leads another session at an overlapping time, are skipped (with
    the reason)."""
    weekdays = sorted(set(weekdays))
    if not weekdays:
        raise SessionError(_("Bitte wählen Sie mindestens einen Wochentag."))
    if ends_at <= starts_at:
        raise SessionError(_("Das Ende muss nach dem Beginn liegen."))
    run = Run.objects.select_for_update().get(pk=run.pk)
    dates, skipped = plan_dates(
        starts_on=run.starts_on, ends_on=run.ends_on, weekdays=weekdays,
        public_holidays=public_holidays_nrw(run.starts_on, run.ends_on),
        school_holidays=(school_holiday_ranges(run.starts_on, run.ends_on)
                         if skip_school_holidays else ()),
        public_holiday_label=_("Feiertag"), school_holiday_label=_("Schulferien"),
    )
    existing = set(Session.objects.filter(run=run).values_list("starts_at", flat=True))
    team = list(run.facilitators.all())
    _lock_people(team)
    busy = _sessions_led(team, dates, starts_at, ends_at)
    plan = SessionPlan(skipped=skipped)
    for day in dates:
        start, end = session_datetimes(day, starts_at, ends_at)
        if start in existing:
            plan.skipped.append(SkippedDate(day, _("Termin besteht bereits")))
            continue
        clash = next(((other, person) for other in busy.get(day, ()) if other.overlaps(start, end)
                      for person in other.leaders() if person in team), None)
        if clash is not None:
            other, person = clash
            plan.skipped.append(SkippedDate(day, _(
                "%(person)s leitet dann schon „%(run)s“ (%(start)s–%(end)s Uhr)") % {
                    "person": _person_name(person), "run": other.run.title,
                    "start": timezone.localtime(other.starts_at).strftime("%H:%M"),
                    "end": timezone.localtime(other.ends_at).strftime("%H:%M")}))
            continue
        session = Session(run=run, starts_at=start, ends_at=end)
        session.full_clean()
        plan.created.append(session)
    Session.objects.bulk_create(plan.created)
    plan.skipped.sort(key=lambda item: item.day)
    audit_record(actor=actor, action=Action.CREATE, obj=run,
                 reason=f"sessions generated: {len(plan.created)}")
    return plan


UNCHANGED: Any = object()


@dataclass(frozen=True)
class Clash:
    """Another session that books the same room or the same person at an overlapping time."""

    kind: str  # "room" or "facilitator"
    other: Session
    person: User | None = None  # for "facilitator": who would be in two places

    @property
    def message(self) -> str:
        start = timezone.localtime(self.other.starts_at)
        end = timezone.localtime(self.other.ends_at)
        facts = {"day": start.strftime("%d.%m.%Y"), "start": start.strftime("%H:%M"),
                 "end": end.strftime("%H:%M"), "run": self.other.run.title}
        if self.kind == "room":
            return (_("Der Raum „%(room)s“ ist am %(day)s von %(start)s bis %(end)s Uhr schon "
                      "belegt: „%(run)s“.") % {**facts, "room": self.other.room})
        return (_("%(person)s leitet am %(day)s von %(start)s bis %(end)s Uhr schon einen "
                  "anderen Termin: „%(run)s“.")
                % {**facts, "person": _person_name(self.person)})


def _person_name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def session_clashes(*, starts_at: dt.datetime, ends_at: dt.datetime, room: Room | None,
                    people: Iterable[User] = (), exclude: Any = None) -> list[Clash]:
    """Sessions of any run and programme that overlap [starts_at, ends_at) and use the same
    room or are led by one of ``people`` (`Session.leaders`: the person set on a session, else
    its run's team). Touching ends, 9–12 and 12–15, do not clash."""
    people = list(people)
    if room is None and not people:
        return []
    overlapping = (Session.objects.overlapping(starts_at, ends_at)
                   .select_related("run", "room__location", "facilitator")
                   .order_by("starts_at", "pk"))
    if exclude is not None:
        overlapping = overlapping.exclude(pk=exclude)
    clashes = []
    if room is not None:
        clashes += [Clash("room", other) for other in overlapping.filter(room=room)]
    if people:
        ids = {person.pk for person in people}
        for other in overlapping.led_by(ids).prefetch_related("run__facilitators"):
            clashes += [Clash("facilitator", other, person) for person in other.leaders()
                        if person.pk in ids]
    return clashes


def _lock_people(people: Iterable[User]) -> None:
    """Lock the rows of the people a session is planned for, in one order (no deadlock), so
    that two plans saved at the same moment cannot both book the same person."""
    list(User.objects.select_for_update().filter(pk__in=[p.pk for p in people]).order_by("pk")
         .values_list("pk", flat=True))


def holiday_on(day: dt.date) -> str:
    """The NRW public or school holiday on `day` as a German label, or "" — the same rule
    (`planning.plan_dates`) that keeps generated sessions off holidays."""
    _dates, skipped = plan_dates(
        starts_on=day, ends_on=day, weekdays=[day.weekday()],
        public_holidays=public_holidays_nrw(day, day),
        school_holidays=school_holiday_ranges(day, day),
        public_holiday_label=_("Feiertag"), school_holiday_label=_("Schulferien"))
    return skipped[0].reason if skipped else ""


def _check_session_refs(actor: Any, session: Session, room: Room | None,
                        facilitator: User | None) -> None:
    centre = session.run.programme_version.programme.job_centre_id
    if room is not None and room.location.job_centre_id != centre:
        raise CatalogueScopeError
    if facilitator is not None and (facilitator.job_centre_id != centre
                                    or facilitator.role != User.Role.FACILITATOR):
        raise SessionError(_("Einen Termin leitet eine Projektleitung dieses Jobcenters."))
    if room is not None and not room.is_active and room.pk != session.room_id:
        raise SessionError(_("Dieser Raum wird nicht mehr genutzt."))


@transaction.atomic(durable=True)
def session_update(*, actor: Any, session: Session, starts_at: dt.datetime,
                   ends_at: dt.datetime, topic: str = "", room: Any = UNCHANGED,
                   facilitator: Any = UNCHANGED) -> Session:
    """Move a session, name its topic, room and facilitator.

    Refused with SessionClashError when the room or the facilitator is booked by another
    session (of any run or programme) at an overlapping time. The room and the person rows are
    locked first, so two facilitators saving at the same moment cannot both book the room.
    """
    if ends_at <= starts_at:
        raise SessionError(_("Das Ende muss nach dem Beginn liegen."))
    if ends_at - starts_at > MAX_SESSION_LENGTH:
        raise SessionError(_("Ein Termin dauert höchstens einen Tag."))
    moved = (starts_at, ends_at) != (session.starts_at, session.ends_at)
    if moved and session.attendances.exists() and (
            timezone.localtime(starts_at).date() != session.day or starts_at > timezone.now()):
        # Attendance says who was there on that day: the day stays, and no session with
        # attendance lies in the future (only its hours can be corrected).
        raise SessionError(_("Für diesen Termin ist schon Anwesenheit erfasst. Er bleibt an "
                             "seinem Tag; nur die Uhrzeit lässt sich noch berichtigen."))
    room = session.room if room is UNCHANGED else room
    facilitator = session.facilitator if facilitator is UNCHANGED else facilitator
    _check_session_refs(actor, session, room, facilitator)
    if room is not None:
        Room.objects.select_for_update().filter(pk=room.pk).first()
    # Without a person of its own the session is led by the run's team (session_leaders).
    people = session_leaders(facilitator, session.run)
    _lock_people(people)
    clashes = session_clashes(starts_at=starts_at, ends_at=ends_at, room=room, people=people,
                              exclude=session.pk)
    if clashes:
        raise SessionClashError(" ".join(clash.message for clash in clashes))
    session.starts_at = starts_at
    session.ends_at = ends_at
    session.topic = topic.strip()
    session.room = room
    session.facilitator = facilitator
    session.full_clean()
    session.save()
    audit_record(actor=actor, action=Action.CHANGE, obj=session)
    return session


# --- rooms --------------------------------------------------------------------------------------
ROOM_FIELDS = ("name", "capacity", "step_free", "accessibility_notes", "is_active")


@transaction.atomic
def room_create(*, actor: Any, location: Location, **fields: Any) -> Room:
    _same_centre(actor, [location])
    room = Room(location=location, **{name: fields[name] for name in ROOM_FIELDS
                                      if name in fields})
    room.name = room.name.strip()
    room.full_clean()
    room.save()
    audit_record(actor=actor, action=Action.CREATE, obj=room)
    return room


@transaction.atomic
def room_update(*, actor: Any, room: Room, **fields: Any) -> Room:
    _same_centre(actor, [room.location])
    for name in ROOM_FIELDS:
        if name in fields:
            setattr(room, name, fields[name])
    room.name = room.name.strip()
    room.full_clean()
    room.save()
    audit_record(actor=actor, action=Action.CHANGE, obj=room)
    return room


@transaction.atomic(durable=True)
def session_delete(*, actor: Any, session: Session) -> None:
    if session.attendances.exists():
        raise SessionError(_("Für diesen Termin ist schon Anwesenheit erfasst. "
                             "Er kann nicht gelöscht werden."))
    audit_record(actor=actor, action=Action.DELETE, obj=session)
    session.delete()


# --- attendance ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class AttendanceConflict:
    """One person (or the note) whose saved value changed after the facilitator saw it."""

    enrollment: Any  # None for the session note
    yours: str
    saved: str
    saved_by: Any
    saved_taken_at: dt.datetime | None


def note_fingerprint(note: str) -> str:
    """A short fingerprint of the session note as the page showed it (conflict check)."""
    return hashlib.sha256(note.strip().encode()).hexdigest()[:16]


# A device clock may run a little ahead; a time further in the future is taken as now.
TAKEN_AT_TOLERANCE = dt.timedelta(minutes=5)


def _attendance_conflicts(session: Session, wanted: Mapping[str, str],
                          enrollments: Mapping[str, Any], existing: Mapping[str, Attendance],
                          seen: Mapping[str, str], note: str,
                          seen_note: str | None) -> list[AttendanceConflict]:
    """The conflict rule: a value may change only if it is still what the facilitator saw
    when they took the attendance, or if it already is what they want. Otherwise someone
    else changed it meanwhile: a conflict, never silently overwritten."""
    conflicts = []
    for key, status in wanted.items():
        current = existing.get(key)
        saved = current.status if current is not None else ""
        if saved not in (seen.get(key, ""), status):
            conflicts.append(AttendanceConflict(
                enrollment=enrollments[key], yours=status, saved=saved,
                saved_by=current.recorded_by if current is not None else None,
                saved_taken_at=(current.taken_at or current.updated_at)
                if current is not None else None))
    if (seen_note is not None and note_fingerprint(session.note) != seen_note
            and session.note.strip() != note.strip()):
        conflicts.append(AttendanceConflict(enrollment=None, yours=note.strip(),
                                            saved=session.note, saved_by=None,
                                            saved_taken_at=session.updated_at))
    return conflicts


@transaction.atomic
def attendance_record(*, actor: Any, session: Session, statuses: Mapping[Any, str], note: str,
                      methods: Iterable[Method] = (), seen: Mapping[Any, str] | None = None,
                      seen_note: str | None = None,
                      taken_at: dt.datetime | None = None) -> Session:
    """Record who was there, the session note and the methods used.

    Only enrollments of the session's run are accepted, only once the session has begun (a
    note may be written before), and never for a session after the seat ended.

    `seen` (enrollment id → status the page showed, "" for none) and `seen_note` (the note's
    fingerprint) switch on the conflict check for attendance taken on a page that may be
    old (offline, issue 14): if anything changed meanwhile, `AttendanceConflictError` lists
    it and nothing is saved. `taken_at` is when it was taken on the device (else now).
    """
    from neue_wege.clients.models import Enrollment

    wanted = {str(key): value for key, value in statuses.items()}
    valid_status = set(Attendance.Status.values)
    if any(value not in valid_status for value in wanted.values()):
        raise AttendanceError(_("Unbekannter Anwesenheitsstatus."))
    enrollments = {str(e.pk): e for e in Enrollment.objects.filter(
        run_id=session.run_id, pk__in=list(wanted)).select_related("client")}
    if set(wanted) - set(enrollments):
        raise AttendanceError(_("Diese Person nimmt nicht an diesem Durchlauf teil."))
    if wanted and not session.has_started:
        raise AttendanceError(
            _("Dieser Termin hat noch nicht stattgefunden. Die Anwesenheit können Sie ab "
              "seinem Beginn am %(day)s erfassen.") % {"day": session.day.strftime("%d.%m.%Y")})
    for key in wanted:
        ended_on = enrollments[key].ended_on
        if ended_on is not None and session.day > ended_on:
            raise AttendanceError(
                _("Die Teilnahme von %(name)s endete am %(end)s, vor diesem Termin. Für Termine "
                  "nach dem Ende der Teilnahme wird keine Anwesenheit erfasst.")
                % {"name": enrollments[key].client.full_name,
                   "end": ended_on.strftime("%d.%m.%Y")})
    methods = list(methods)
    _same_centre(actor, methods)
    session = Session.objects.select_for_update().get(pk=session.pk)
    existing = {str(a.enrollment_id): a for a in
                session.attendances.select_for_update(of=("self",)).select_related("recorded_by")}
    if seen is not None or seen_note is not None:
        conflicts = _attendance_conflicts(
            session, wanted, enrollments, existing,
            {str(key): value or "" for key, value in (seen or {}).items()}, note, seen_note)
        if conflicts:
            raise AttendanceConflictError(
                _("Jemand anderes hat die Anwesenheit inzwischen geändert. Bitte prüfen Sie "
                  "die markierten Angaben; gespeichert wurde noch nichts."), conflicts)
    now = timezone.now()
    if taken_at is None or taken_at > now + TAKEN_AT_TOLERANCE:
        taken_at = now
    for key, status in wanted.items():
        attendance = existing.get(key)
        if attendance is None:
            Attendance.objects.create(session=session, enrollment=enrollments[key], status=status,
                                      taken_at=taken_at, recorded_by=actor)
        elif attendance.status != status:
            attendance.status = status
            attendance.taken_at, attendance.recorded_by = taken_at, actor
            attendance.save(update_fields=["status", "taken_at", "recorded_by", "updated_at"])
        else:
            continue
        audit_record(actor=actor, action=Action.CHANGE, obj=enrollments[key],
                     client_id=enrollments[key].client_id, reason=f"attendance: {status}")
    session.note = note.strip()
    session.full_clean()
    session.save()
    session.methods_used.set(methods)
    audit_record(actor=actor, action=Action.CHANGE, obj=session, reason="attendance recorded")
    # Case managers hear of unexcused absences (counts only) in this transaction (issue 15).
    from neue_wege.inbox.services import notify_absences

    notify_absences(enrollments=[enrollments[key] for key, status in wanted.items()
                                 if status == Attendance.Status.ABSENT])
    return session
