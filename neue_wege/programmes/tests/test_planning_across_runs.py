"""Rooms, the clash check across runs and programmes, holiday warnings, the calendars."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from neue_wege.organisation.models import Room
from neue_wege.programmes import selectors, services
from neue_wege.programmes.exceptions import SessionClashError, SessionError
from neue_wege.programmes.models import Programme, ProgrammeVersion, Run, Session
from neue_wege.programmes.tests.conftest import BERLIN

pytestmark = pytest.mark.django_db


def _at(day: dt.date, start: int, end: int) -> tuple[dt.datetime, dt.datetime]:
    return (dt.datetime.combine(day, dt.time(start), tzinfo=BERLIN),
            dt.datetime.combine(day, dt.time(end), tzinfo=BERLIN))


def _session(run: Run, day: dt.date, start: int = 9, end: int = 12, **extra) -> Session:
    starts, ends = _at(day, start, end)
    return Session.objects.create(run=run, starts_at=starts, ends_at=ends, **extra)


@pytest.fixture
def room(cast) -> Room:  # noqa: ANN001
    return Room.objects.create(location=cast.location, name="Raum 1", capacity=12,
                               step_free=True)


@pytest.fixture
def day(cast) -> dt.date:  # noqa: ANN001
    # A Wednesday inside both runs that is no holiday in NRW (checked below).
    day = cast.run_b.starts_on + dt.timedelta(days=10)
    while day.weekday() != 2 or services.holiday_on(day):
        day += dt.timedelta(days=1)
    return day


def test_a_double_booked_room_is_refused_in_german_naming_the_clash(cast, room, day):
    _session(cast.run_b, day, 9, 12, room=room)
    mine = _session(cast.run_a, day + dt.timedelta(days=1))
    starts, ends = _at(day, 11, 13)
    with pytest.raises(SessionClashError) as error:
        services.session_update(actor=cast.fatma, session=mine, starts_at=starts, ends_at=ends,
                                room=room, facilitator=None)
    message = str(error.value.message)
    assert "Der Raum „Bocholt, Raum 1“ ist am" in message
    assert "09:00 bis 12:00 Uhr schon belegt: „Stärken entdecken B“" in message
    mine.refresh_from_db()
    assert mine.room is None and timezone_day(mine) == day + dt.timedelta(days=1)


def timezone_day(session: Session) -> dt.date:
    return session.starts_at.astimezone(BERLIN).date()


def test_touching_sessions_do_not_clash_and_the_room_is_saved(cast, room, day):
    _session(cast.run_b, day, 9, 12, room=room)
    mine = _session(cast.run_a, day + dt.timedelta(days=1))
    starts, ends = _at(day, 12, 15)
    services.session_update(actor=cast.fatma, session=mine, starts_at=starts, ends_at=ends,
                            room=room, facilitator=cast.fatma)
    mine.refresh_from_db()
    assert mine.room == room and mine.facilitator == cast.fatma


def test_a_facilitator_booked_in_another_programme_is_refused(cast, day):
    other = Programme.objects.create(job_centre=cast.job_centre, name="Neustart")
    version = ProgrammeVersion.objects.create(
        programme=other, number=1, valid_from=cast.run_a.starts_on, content="x",
        target_group_description="y", change_note="z", created_by=cast.fatma)
    run = Run.objects.create(programme_version=version, title="Neustart Gronau",
                             location=cast.location, capacity=8, starts_on=cast.run_a.starts_on,
                             ends_on=cast.run_a.ends_on)
    run.facilitators.add(cast.fatma)
    _session(run, day, 10, 11, facilitator=cast.fatma)
    mine = _session(cast.run_a, day + dt.timedelta(days=1))
    starts, ends = _at(day, 9, 12)
    with pytest.raises(SessionClashError, match="Fatma Yılmaz leitet am .* „Neustart Gronau“"):
        services.session_update(actor=cast.fatma, session=mine, starts_at=starts, ends_at=ends,
                                facilitator=cast.fatma)


# --- who leads a session without a person of its own: the run's team (Session.leaders) ------
def test_a_session_of_the_team_clashes_with_another_run_of_a_team_member(cast, day):
    """Fatma leads run A and, with Jonas, run B; neither session names a person: moving run
    A's session onto run B's hours would put her in two groups at once."""
    cast.run_b.facilitators.add(cast.fatma)
    _session(cast.run_b, day, 9, 12)
    mine = _session(cast.run_a, day + dt.timedelta(days=1))
    starts, ends = _at(day, 11, 13)
    with pytest.raises(SessionClashError,
                       match="Fatma Yılmaz leitet am .* 09:00 bis 12:00 .*„Stärken entdecken B“"):
        services.session_update(actor=cast.fatma, session=mine, starts_at=starts, ends_at=ends)
    # Named on the session instead, Jonas clashes as well: run B is his too.
    with pytest.raises(SessionClashError, match="Jonas"):
        services.session_update(actor=cast.fatma, session=mine, starts_at=starts, ends_at=ends,
                                facilitator=cast.jonas)
    cast.run_b.facilitators.remove(cast.fatma)
    services.session_update(actor=cast.fatma, session=mine, starts_at=starts, ends_at=ends)
    assert timezone_day(mine) == day


def test_generated_sessions_skip_the_days_a_team_member_leads_elsewhere(cast, day):
    cast.run_b.facilitators.add(cast.fatma)
    _session(cast.run_b, day, 10, 11)
    plan = services.sessions_generate(actor=cast.fatma, run=cast.run_a, weekdays=[2],
                                      starts_at=dt.time(9), ends_at=dt.time(12),
                                      skip_school_holidays=False)
    reasons = {item.day: item.reason for item in plan.skipped}
    assert reasons[day] == "Fatma Yılmaz leitet dann schon „Stärken entdecken B“ (10:00–11:00 Uhr)"
    created = {timezone_day(s) for s in Session.objects.filter(run=cast.run_a)}
    assert day not in created
    assert day + dt.timedelta(days=7) in created  # the other Wednesdays are planned


def test_generation_sees_a_session_that_began_the_evening_before(cast, day):
    cast.run_b.facilitators.add(cast.fatma)
    evening = dt.datetime.combine(day - dt.timedelta(days=1), dt.time(22), tzinfo=BERLIN)
    Session.objects.create(run=cast.run_b, starts_at=evening,
                           ends_at=evening + dt.timedelta(hours=12))  # until 10:00
    plan = services.sessions_generate(actor=cast.fatma, run=cast.run_a, weekdays=[2],
                                      starts_at=dt.time(9), ends_at=dt.time(12),
                                      skip_school_holidays=False)
    assert "leitet dann schon „Stärken entdecken B“" in {i.day: i.reason for i in plan.skipped}[day]


def test_joining_a_run_is_refused_while_leading_another_session_at_its_times(cast, day):
    _session(cast.run_a, day, 9, 12)  # run A's own team: Fatma
    _session(cast.run_b, day, 10, 11)  # Jonas's run
    run = cast.run_a
    fields = {"title": run.title, "capacity": run.capacity, "starts_on": run.starts_on,
              "ends_on": run.ends_on, "status": run.status}
    with pytest.raises(SessionClashError, match="Jonas .* „Stärken entdecken B“"):
        services.run_update(actor=cast.fatma, run=run, programme_version=run.programme_version,
                            location=run.location, co_facilitators=[cast.jonas], **fields)
    assert list(run.facilitators.all()) == [cast.fatma]


def test_facilitator_calendar_marks_two_team_sessions_at_once(cast, day):
    cast.run_b.facilitators.add(cast.fatma)
    _session(cast.run_a, day, 9, 12)
    _session(cast.run_b, day, 10, 11)
    _session(cast.run_b, day, 13, 15)
    days = selectors.facilitator_calendar(user=cast.fatma, person=cast.fatma,
                                          monday=selectors.week_start(day))
    entries = [e for d in days for e in d.entries]
    marked = [timezone.localtime(e.session.starts_at).hour for e in entries if any(
        "Projektleitung doppelt eingeplant" in c for c in e.clashes)]
    assert sorted(marked) == [9, 10]


def test_calendar_queries_do_not_grow_with_the_sessions_of_the_week(cast, room, day):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            selectors.location_calendar(user=cast.karl, location=cast.location,
                                        monday=selectors.week_start(day))
            selectors.facilitator_calendar(user=cast.fatma, person=cast.fatma,
                                           monday=selectors.week_start(day))
        return len(queries)

    cast.run_b.facilitators.add(cast.fatma)
    _session(cast.run_a, day, 9, 12, room=room)
    few = count()
    for hour in (8, 13, 15):  # the same day: a holiday is looked up once per day shown
        _session(cast.run_a, day, hour, hour + 1, room=room)
        _session(cast.run_b, day, hour, hour + 2)
    assert count() == few


def test_a_session_lasts_a_day_at_most_and_one_over_midnight_still_clashes(cast, room, day):
    """The overlap look-up starts a day before the period (the (starts_at) index answers it);
    that is sound because no session lasts longer."""
    mine = _session(cast.run_a, day + dt.timedelta(days=1))
    starts, _ends = _at(day, 9, 10)
    with pytest.raises(SessionError, match="höchstens einen Tag"):
        services.session_update(actor=cast.fatma, session=mine, starts_at=starts,
                                ends_at=starts + dt.timedelta(hours=25))
    late = dt.datetime.combine(day, dt.time(22), tzinfo=BERLIN)
    Session.objects.create(run=cast.run_b, room=room, starts_at=late,
                           ends_at=late + dt.timedelta(hours=5))
    night = late + dt.timedelta(hours=4)  # 02:00, the next day
    with pytest.raises(SessionClashError, match="Raum"):
        services.session_update(actor=cast.fatma, session=mine, starts_at=night,
                                ends_at=night + dt.timedelta(hours=2), room=room)


def test_a_case_manager_cannot_lead_a_session(cast, day):
    mine = _session(cast.run_a, day)
    starts, ends = _at(day, 9, 12)
    with pytest.raises(SessionError):
        services.session_update(actor=cast.fatma, session=mine, starts_at=starts, ends_at=ends,
                                facilitator=cast.karl)


def test_holiday_on_uses_the_rule_of_generated_sessions():
    assert services.holiday_on(dt.date(2026, 12, 25)).startswith("Feiertag: ")
    assert services.holiday_on(dt.date(2026, 12, 2)) == ""


def test_moving_a_session_onto_a_public_holiday_warns(cast, login):
    run = cast.run_a
    Run.objects.filter(pk=run.pk).update(starts_on=dt.date(2026, 9, 1),
                                         ends_on=dt.date(2027, 1, 31))
    session = _session(run, dt.date(2026, 12, 2))
    response = login(cast.fatma).post(
        reverse("programmes:session-update", args=[session.pk]),
        {"day": "2026-10-03", "starts_at": "09:00", "ends_at": "12:00", "topic": "",
         "room": "", "facilitator": ""}, follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "fällt auf einen freien Tag (Feiertag: Tag der Deutschen Einheit)" in text


def test_the_session_form_refuses_a_double_booked_room_in_german(cast, room, day, login):
    _session(cast.run_b, day, 9, 12, room=room)
    mine = _session(cast.run_a, day + dt.timedelta(days=1))
    response = login(cast.fatma).post(
        reverse("programmes:session-update", args=[mine.pk]),
        {"day": day.isoformat(), "starts_at": "10:00", "ends_at": "11:00", "topic": "",
         "room": str(room.pk), "facilitator": ""})
    assert response.status_code == 200
    assert "ist am" in response.content.decode() and "schon belegt" in response.content.decode()


def test_location_calendar_marks_clashes_and_lists_rooms(cast, room, day, login):
    # Two sessions in the same room at the same time (written directly, as old data may be).
    _session(cast.run_a, day, 9, 12, room=room)
    _session(cast.run_b, day, 10, 11, room=room)
    days = selectors.location_calendar(user=cast.karl, location=cast.location,
                                       monday=selectors.week_start(day))
    entries = [e for d in days for e in d.entries]
    assert len(entries) == 2
    assert all(any("Raum doppelt belegt" in c for c in e.clashes) for e in entries)
    response = login(cast.karl).get(reverse("programmes:location-calendar",
                                            args=[cast.location.pk]),
                                    {"woche": day.isoformat()})
    text = response.content.decode()
    assert "Raum 1" in text and "stufenlos erreichbar" in text
    assert text.count("Überschneidung:") == 2
    # Neither session names a person: the calendar names the run's team (Session.leaders).
    assert f"<td class=\"kern-table__cell\">{cast.fatma.get_full_name()}</td>" in text
    assert f"<td class=\"kern-table__cell\">{cast.jonas.get_full_name()}</td>" in text


def test_facilitator_calendar_shows_own_and_run_sessions(cast, day, login):
    _session(cast.run_a, day, 9, 12)
    _session(cast.run_b, day, 13, 15)
    response = login(cast.fatma).get(reverse("programmes:facilitator-calendar"),
                                     {"woche": day.isoformat()})
    text = response.content.decode()
    assert "Stärken entdecken A" in text and "Stärken entdecken B" not in text
    response = login(cast.fatma).get(reverse("programmes:facilitator-calendar"),
                                     {"woche": day.isoformat(),
                                      "person": str(cast.jonas.public_id)})
    assert "Stärken entdecken B" in response.content.decode()
    assert login(cast.fatma).get(reverse("programmes:facilitator-calendar"),
                                 {"person": str(cast.olga.public_id)}).status_code == 404


def test_room_create_and_duplicate_name(cast, login):
    url = reverse("programmes:room-create", args=[cast.location.pk])
    data = {"name": "Raum 2", "capacity": "10", "step_free": "on", "accessibility_notes": ""}
    assert login(cast.admin).post(url, data).status_code == 302
    response = login(cast.admin).post(url, data)
    assert "Einen Raum mit diesem Namen gibt es an diesem Standort schon." in (
        response.content.decode())
    assert login(cast.fatma).get(url).status_code == 404
