"""Services against the real database: happy path, every domain error, the audit row."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from neue_wege.clients.models import Enrollment
from neue_wege.privacy.models import AuditEvent
from neue_wege.programmes import services
from neue_wege.programmes.exceptions import (
    AttendanceError,
    CatalogueScopeError,
    ProgrammeError,
    SessionError,
    VersionDateError,
)
from neue_wege.programmes.models import (
    Attendance,
    Method,
    ProgrammeVersion,
    Run,
    SchoolHoliday,
    Session,
)
from neue_wege.programmes.tests.conftest import BERLIN

pytestmark = pytest.mark.django_db
D = dt.date


def audited(obj, action):
    return AuditEvent.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk),
                                     action=action).exists()


# --- programmes -------------------------------------------------------------------------------
def test_programme_create_makes_version_one(cast, method):
    programme = services.programme_create(
        actor=cast.admin, name="Neustart 50+", valid_from=D(2026, 1, 1), content="Ablauf",
        target_group_description="Menschen ab 50", methods=[method],
        responsible_staff=[cast.fatma])
    version = programme.versions.get()
    assert version.number == 1 and version.created_by == cast.admin
    assert list(version.methods.all()) == [method]
    assert version.change_note == "Erste Fassung"
    assert audited(programme, "create") and audited(version, "create")


def test_programme_name_is_unique_in_job_centre(cast):
    with pytest.raises(ValidationError):
        services.programme_create(actor=cast.fatma, name="Stärken entdecken",
                                  valid_from=D(2026, 1, 1), content="x",
                                  target_group_description="y")


def test_programme_version_create_numbers_and_dates(cast):
    latest = cast.version.valid_from
    version = services.programme_version_create(
        actor=cast.fatma, programme=cast.programme, valid_from=latest + dt.timedelta(days=1),
        content="Neu", target_group_description="Alle", change_note="Mehr Feedback")
    assert version.number == 2
    assert audited(version, "create")


@pytest.mark.parametrize("offset", [0, -1])
def test_programme_version_must_start_after_latest(cast, offset):
    with pytest.raises(VersionDateError) as error:
        services.programme_version_create(
            actor=cast.fatma, programme=cast.programme,
            valid_from=cast.version.valid_from + dt.timedelta(days=offset),
            content="Neu", target_group_description="Alle", change_note="x")
    assert "nach der letzten Version" in str(error.value)
    assert ProgrammeVersion.objects.filter(programme=cast.programme).count() == 1


def test_programme_version_needs_change_note(cast):
    with pytest.raises(ProgrammeError):
        services.programme_version_create(
            actor=cast.fatma, programme=cast.programme, valid_from=D(2030, 1, 1),
            content="Neu", target_group_description="Alle", change_note="  ")


def test_programme_version_rejects_method_of_other_job_centre(cast):
    foreign = Method.objects.create(job_centre=cast.other_job_centre, name="Fremd", purpose="x",
                                    duration_minutes=30, instructions="x")
    with pytest.raises(CatalogueScopeError):
        services.programme_version_create(
            actor=cast.fatma, programme=cast.programme, valid_from=D(2030, 1, 1),
            content="Neu", target_group_description="Alle", change_note="x", methods=[foreign])


# --- methods ----------------------------------------------------------------------------------
def test_method_create_and_update(cast):
    method = services.method_create(actor=cast.fatma, name=" Vision Board ", purpose="Ziel",
                                    duration_minutes=60, instructions="Collage")
    assert method.name == "Vision Board" and method.job_centre == cast.job_centre
    assert audited(method, "create")
    services.method_update(actor=cast.admin, method=method, duration_minutes=90)
    method.refresh_from_db()
    assert method.duration_minutes == 90 and audited(method, "change")


def test_method_name_taken_case_insensitive(cast, method):
    with pytest.raises(ProgrammeError):
        services.method_create(actor=cast.fatma, name="erfolgsgeschichte SCHREIBEN",
                               purpose="x", duration_minutes=30, instructions="x")


def test_method_duration_validated(cast):
    with pytest.raises(ValidationError):
        services.method_create(actor=cast.fatma, name="Kurz", purpose="x", duration_minutes=1,
                               instructions="x")


# --- runs -------------------------------------------------------------------------------------
def run_kwargs(cast, **extra):
    return dict(programme_version=cast.version, location=cast.location, title="Neustart C",
                capacity=12, starts_on=D(2027, 2, 1), ends_on=D(2027, 4, 30),
                status=Run.Status.PLANNED, **extra)


def test_run_create_makes_actor_facilitator_with_target_group(cast):
    run = services.run_create(actor=cast.fatma, co_facilitators=[cast.jonas],
                              target_group={"age_min": 50, "single_parents_only": True},
                              **run_kwargs(cast))
    assert set(run.facilitators.all()) == {cast.fatma, cast.jonas}
    assert run.target_group.age_min == 50 and run.target_group.single_parents_only
    assert audited(run, "create")


@pytest.mark.parametrize("status", [Run.Status.FINISHED, Run.Status.CANCELLED])
def test_run_create_refuses_a_status_a_new_run_cannot_have(cast, status):
    """Issue 11.7: a run could be created as "beendet"."""
    with pytest.raises(ProgrammeError, match="beim Anlegen nicht möglich"):
        services.run_create(actor=cast.fatma, **run_kwargs(cast) | {"status": status})
    assert not Run.objects.filter(title="Neustart C").exists()


def test_run_create_running_only_once_begun(cast):
    with pytest.raises(ProgrammeError, match="noch nicht begonnen"):
        services.run_create(actor=cast.fatma, **run_kwargs(cast) | {"status": "running"})
    today = timezone.localdate()
    run = services.run_create(actor=cast.fatma, **run_kwargs(
        cast) | {"status": "running", "starts_on": today - dt.timedelta(days=3),
                 "ends_on": today + dt.timedelta(days=60)})
    assert run.status == "running"


def _version(cast, number, valid_from):
    return ProgrammeVersion.objects.create(
        programme=cast.programme, number=number, valid_from=valid_from, content="neu",
        target_group_description="alle", change_note="neu", created_by=cast.admin)


def test_run_create_refuses_a_replaced_programme_version(cast):
    """Issue 11.7: outdated programme versions were accepted for new runs."""
    today = timezone.localdate()
    version_2 = _version(cast, 2, today - dt.timedelta(days=10))
    with pytest.raises(ProgrammeError, match="Version 2, nicht .*Version 1"):
        services.run_create(actor=cast.fatma, **run_kwargs(cast))
    run = services.run_create(actor=cast.fatma, **run_kwargs(cast) | {
        "programme_version": version_2})
    assert run.programme_version == version_2


def test_run_create_refuses_a_version_not_yet_valid_at_the_start(cast):
    later = _version(cast, 2, D(2027, 6, 1))
    with pytest.raises(ProgrammeError, match="gilt Stärken entdecken – Version 1, nicht"):
        services.run_create(actor=cast.fatma, **run_kwargs(cast) | {"programme_version": later})
    with pytest.raises(ProgrammeError, match="gilt erst ab"):
        services.run_create(actor=cast.fatma, **run_kwargs(cast) | {
            "starts_on": D(2020, 1, 6), "ends_on": D(2020, 3, 31)})


def test_run_update_keeps_an_old_run_on_its_version(cast):
    _version(cast, 2, timezone.localdate() - dt.timedelta(days=10))
    run = services.run_update(actor=cast.fatma, run=cast.run_a, **run_kwargs(cast) | {
        "status": Run.Status.FINISHED})
    assert run.programme_version == cast.version and run.status == "finished"


def test_run_create_rejects_case_manager_as_co_facilitator(cast):
    with pytest.raises(ProgrammeError):
        services.run_create(actor=cast.fatma, co_facilitators=[cast.karl], **run_kwargs(cast))


def test_run_create_rejects_colleague_of_other_job_centre(cast):
    with pytest.raises(CatalogueScopeError):
        services.run_create(actor=cast.fatma, co_facilitators=[cast.olga], **run_kwargs(cast))


def test_run_create_rejects_bad_age_range(cast):
    with pytest.raises(ValidationError):
        services.run_create(actor=cast.fatma, target_group={"age_min": 50, "age_max": 30},
                            **run_kwargs(cast))
    assert not Run.objects.filter(title="Neustart C").exists()


def test_run_update_changes_fields_and_keeps_actor(cast):
    run = services.run_update(actor=cast.fatma, run=cast.run_a, co_facilitators=[cast.jonas],
                              target_group={"age_min": 30, "age_max": 55},
                              **run_kwargs(cast, ))
    run.refresh_from_db()
    assert run.title == "Neustart C" and run.capacity == 12
    assert set(run.facilitators.all()) == {cast.fatma, cast.jonas}
    assert run.target_group.age_max == 55 and audited(run, "change")


# --- sessions ---------------------------------------------------------------------------------
def set_dates(run, start, end):
    Run.objects.filter(pk=run.pk).update(starts_on=start, ends_on=end)
    run.refresh_from_db()


def test_sessions_generate_skips_easter_monday_and_christmas(cast):
    set_dates(cast.run_a, D(2026, 3, 30), D(2027, 1, 5))
    plan = services.sessions_generate(actor=cast.fatma, run=cast.run_a, weekdays=[0, 4],
                                      starts_at=dt.time(9), ends_at=dt.time(12),
                                      skip_school_holidays=False)
    days = {s.starts_at.astimezone(BERLIN).date() for s in Session.objects.filter(run=cast.run_a)}
    skipped = {item.day: item.reason for item in plan.skipped}
    assert D(2026, 4, 6) not in days and "Ostermontag" in skipped[D(2026, 4, 6)]
    assert D(2026, 4, 3) not in days and "Karfreitag" in skipped[D(2026, 4, 3)]
    assert D(2026, 12, 25) not in days and "Weihnachtstag" in skipped[D(2026, 12, 25)]
    # without school holidays, Easter-holiday days that are no public holiday stay
    assert D(2026, 4, 10) in days and D(2026, 3, 30) in days
    assert len(plan.created) == len(days)
    assert audited(cast.run_a, "create")


def test_sessions_generate_skips_school_holiday_weeks(cast):
    set_dates(cast.run_a, D(2026, 10, 12), D(2026, 11, 6))
    plan = services.sessions_generate(actor=cast.fatma, run=cast.run_a, weekdays=[1],
                                      starts_at=dt.time(14), ends_at=dt.time(16),
                                      skip_school_holidays=True)
    days = sorted(s.starts_at.astimezone(BERLIN).date() for s in plan.created)
    assert days == [D(2026, 10, 13), D(2026, 11, 3)]
    assert [item.day for item in plan.skipped] == [D(2026, 10, 20), D(2026, 10, 27)]
    assert all("Herbstferien" in item.reason for item in plan.skipped)


def test_sessions_generate_uses_berlin_time_and_skips_existing(cast):
    set_dates(cast.run_a, D(2026, 3, 23), D(2026, 3, 31))
    SchoolHoliday.objects.all().delete()
    services.sessions_generate(actor=cast.fatma, run=cast.run_a, weekdays=[1],
                               starts_at=dt.time(9), ends_at=dt.time(11),
                               skip_school_holidays=True)
    sessions = list(Session.objects.filter(run=cast.run_a))
    assert [s.starts_at.astimezone(BERLIN).hour for s in sessions] == [9, 9]
    # 24 March 2026 is winter time (UTC+1), 31 March summer time (UTC+2)
    assert [s.starts_at.astimezone(dt.UTC).hour for s in sessions] == [8, 7]
    again = services.sessions_generate(actor=cast.fatma, run=cast.run_a, weekdays=[1],
                                       starts_at=dt.time(9), ends_at=dt.time(11),
                                       skip_school_holidays=True)
    assert again.created == [] and len(again.skipped) == 2
    assert Session.objects.filter(run=cast.run_a).count() == 2


def test_sessions_generate_errors(cast):
    with pytest.raises(SessionError):
        services.sessions_generate(actor=cast.fatma, run=cast.run_a, weekdays=[],
                                   starts_at=dt.time(9), ends_at=dt.time(11),
                                   skip_school_holidays=False)
    with pytest.raises(SessionError):
        services.sessions_generate(actor=cast.fatma, run=cast.run_a, weekdays=[1],
                                   starts_at=dt.time(11), ends_at=dt.time(9),
                                   skip_school_holidays=False)


def test_session_update_and_delete(cast, session_a):
    start = dt.datetime(2026, 12, 1, 10, tzinfo=BERLIN)
    services.session_update(actor=cast.fatma, session=session_a, starts_at=start,
                            ends_at=start + dt.timedelta(hours=2), topic="Verschoben")
    session_a.refresh_from_db()
    assert session_a.starts_at == start and session_a.topic == "Verschoben"
    with pytest.raises(SessionError):
        services.session_update(actor=cast.fatma, session=session_a, starts_at=start,
                                ends_at=start, topic="")
    pk = session_a.pk
    services.session_delete(actor=cast.fatma, session=session_a)
    assert not Session.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.filter(object_id=str(pk), action="delete").exists()


def test_session_with_attendance_cannot_be_deleted(cast, session_a):
    Attendance.objects.create(session=session_a, enrollment=cast.nina_enrollment,
                              status="present")
    with pytest.raises(SessionError):
        services.session_delete(actor=cast.fatma, session=session_a)


def test_a_session_with_attendance_stays_on_its_day_and_out_of_the_future(cast, session_a):
    """Attendance says who was there on that day: no attendance for a session that has not
    happened, also not by moving a session after its attendance was taken."""
    import time_machine

    Attendance.objects.create(session=session_a, enrollment=cast.nina_enrollment,
                              status="present")
    day = session_a.day

    def move(start: dt.datetime, hours: float = 3) -> None:
        services.session_update(actor=cast.fatma, session=session_a, starts_at=start,
                                ends_at=start + dt.timedelta(hours=hours), topic="Berichtigt")

    at = dict(tzinfo=BERLIN)
    with time_machine.travel(dt.datetime.combine(day, dt.time(10, 30), **at), tick=False):
        for start in (dt.datetime.combine(day - dt.timedelta(days=1), dt.time(9), **at),
                      dt.datetime.combine(day + dt.timedelta(days=7), dt.time(9), **at),
                      dt.datetime.combine(day, dt.time(11), **at)):  # later today: not yet
            with pytest.raises(SessionError, match="schon Anwesenheit erfasst"):
                move(start)
        move(dt.datetime.combine(day, dt.time(9, 30), **at), hours=2.5)  # the hours, corrected
    session_a.refresh_from_db()
    assert session_a.starts_at == dt.datetime.combine(day, dt.time(9, 30), **at)
    assert session_a.topic == "Berichtigt"


# --- attendance -------------------------------------------------------------------------------
def test_attendance_record_creates_and_updates(cast, session_a, method):
    services.attendance_record(actor=cast.fatma, session=session_a,
                               statuses={cast.nina_enrollment.pk: "present",
                                         str(cast.ali_enrollment.pk): "excused"},
                               note="Gute Runde", methods=[method])
    assert dict(session_a.attendances.values_list("enrollment_id", "status")) == {
        cast.nina_enrollment.pk: "present", cast.ali_enrollment.pk: "excused"}
    session_a.refresh_from_db()
    assert session_a.note == "Gute Runde" and list(session_a.methods_used.all()) == [method]
    assert AuditEvent.objects.filter(client_id=cast.nina.pk, reason="attendance: present").exists()
    services.attendance_record(actor=cast.fatma, session=session_a,
                               statuses={cast.nina_enrollment.pk: "absent"}, note="", methods=[])
    assert session_a.attendances.get(enrollment=cast.nina_enrollment).status == "absent"
    assert session_a.attendances.count() == 2


def test_attendance_record_rejects_enrollment_of_other_run(cast, session_a):
    with pytest.raises(AttendanceError):
        services.attendance_record(actor=cast.fatma, session=session_a,
                                   statuses={cast.nina_enrollment.pk: "present",
                                             cast.sven_enrollment.pk: "present"},
                                   note="", methods=[])
    assert not Attendance.objects.exists()  # atomic: nothing half-written


def test_attendance_record_rejects_unknown_status(cast, session_a):
    with pytest.raises(AttendanceError):
        services.attendance_record(actor=cast.fatma, session=session_a,
                                   statuses={cast.nina_enrollment.pk: "late"}, note="",
                                   methods=[])



# issue 11, point 1: no attendance for a session that has not happened, nor after a seat ended
def _session_on(run, day, hour=9):
    return Session.objects.create(
        run=run, starts_at=dt.datetime.combine(day, dt.time(hour, 0), tzinfo=BERLIN),
        ends_at=dt.datetime.combine(day, dt.time(hour + 2, 0), tzinfo=BERLIN))


def test_attendance_refused_for_a_session_that_has_not_happened(cast):
    future = _session_on(cast.run_a, timezone.localdate() + dt.timedelta(days=3))
    with pytest.raises(AttendanceError, match="noch nicht stattgefunden"):
        services.attendance_record(actor=cast.fatma, session=future,
                                   statuses={cast.nina_enrollment.pk: "present"}, note="",
                                   methods=[])
    assert not Attendance.objects.exists()
    # a note to prepare the session is fine without statuses
    services.attendance_record(actor=cast.fatma, session=future, statuses={},
                               note="Material mitbringen", methods=[])
    future.refresh_from_db()
    assert future.note == "Material mitbringen"


def test_attendance_refused_after_the_seat_ended(cast):
    from neue_wege.outcomes.services import enrollment_end

    today = timezone.localdate()
    before, after = (_session_on(cast.run_a, today - dt.timedelta(days=5)),
                     _session_on(cast.run_a, today - dt.timedelta(days=1)))
    Enrollment.objects.filter(pk=cast.nina_enrollment.pk).update(
        started_on=today - dt.timedelta(days=10))
    enrollment_end(actor=cast.fatma, enrollment=cast.nina_enrollment, ended_how="dropped_out",
                   ended_on=today - dt.timedelta(days=3), dropout_reason="health")
    services.attendance_record(actor=cast.fatma, session=before,
                               statuses={cast.nina_enrollment.pk: "present"}, note="",
                               methods=[])
    with pytest.raises(AttendanceError, match=r"Nina Kemper.*endete am"):
        services.attendance_record(actor=cast.fatma, session=after,
                                   statuses={cast.nina_enrollment.pk: "present"}, note="",
                                   methods=[])
    assert not after.attendances.exists()
