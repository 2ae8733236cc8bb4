"""Attendance taken on a page that may be old (offline, issue 14): the conflict rule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from neue_wege.programmes.exceptions import AttendanceConflictError
from neue_wege.programmes.models import Attendance
from neue_wege.programmes.services import attendance_record, note_fingerprint

pytestmark = pytest.mark.django_db


def record(cast, session, actor, statuses, seen, note="", seen_note=None, taken_at=None):
    return attendance_record(actor=actor, session=session, statuses=statuses, note=note,
                             seen=seen, seen_note=seen_note, taken_at=taken_at)


def status_of(enrollment):
    return Attendance.objects.get(enrollment=enrollment).status


def test_attendance_taken_offline_keeps_the_time_it_was_taken(cast, session_a):
    taken = timezone.now() - dt.timedelta(hours=2)
    record(cast, session_a, cast.fatma, {cast.nina_enrollment.pk: "present"},
           seen={cast.nina_enrollment.pk: ""}, taken_at=taken)
    row = Attendance.objects.get(enrollment=cast.nina_enrollment)
    assert row.status == "present" and row.taken_at == taken and row.recorded_by == cast.fatma


def test_a_time_in_the_future_is_taken_as_now(cast, session_a):
    record(cast, session_a, cast.fatma, {cast.nina_enrollment.pk: "present"},
           seen={}, taken_at=timezone.now() + dt.timedelta(days=1))
    row = Attendance.objects.get(enrollment=cast.nina_enrollment)
    assert abs((row.taken_at - timezone.now()).total_seconds()) < 60


def test_a_change_made_meanwhile_is_a_conflict_and_nothing_is_saved(cast, session_a):
    # Fatma opened the page when nobody was recorded; she goes offline and takes attendance.
    seen = {cast.nina_enrollment.pk: "", cast.ali_enrollment.pk: ""}
    # Meanwhile a colleague (here: also the run's facilitator account) records Nina excused.
    record(cast, session_a, cast.fatma, {cast.nina_enrollment.pk: "excused"}, seen=seen)
    with pytest.raises(AttendanceConflictError) as error:
        record(cast, session_a, cast.fatma,
               {cast.nina_enrollment.pk: "present", cast.ali_enrollment.pk: "present"},
               seen=seen)
    [conflict] = error.value.conflicts
    assert conflict.enrollment == cast.nina_enrollment
    assert (conflict.yours, conflict.saved) == ("present", "excused")
    assert conflict.saved_by == cast.fatma and conflict.saved_taken_at is not None
    assert status_of(cast.nina_enrollment) == "excused"
    assert not Attendance.objects.filter(enrollment=cast.ali_enrollment).exists()


def test_the_same_value_recorded_meanwhile_is_no_conflict(cast, session_a):
    seen = {cast.nina_enrollment.pk: ""}
    record(cast, session_a, cast.fatma, {cast.nina_enrollment.pk: "present"}, seen=seen)
    record(cast, session_a, cast.fatma, {cast.nina_enrollment.pk: "present"}, seen=seen)
    assert status_of(cast.nina_enrollment) == "present"


def test_deciding_after_seeing_the_conflict_overwrites(cast, session_a):
    record(cast, session_a, cast.fatma, {cast.nina_enrollment.pk: "excused"}, seen={})
    record(cast, session_a, cast.fatma, {cast.nina_enrollment.pk: "present"},
           seen={cast.nina_enrollment.pk: "excused"})
    assert status_of(cast.nina_enrollment) == "present"


def test_a_note_changed_meanwhile_is_a_conflict(cast, session_a):
    old = note_fingerprint("")
    record(cast, session_a, cast.fatma, {}, seen={}, note="Raum war kalt.", seen_note=old)
    with pytest.raises(AttendanceConflictError) as error:
        record(cast, session_a, cast.fatma, {}, seen={}, note="Alle pünktlich.",
               seen_note=old)
    [conflict] = error.value.conflicts
    assert conflict.enrollment is None and conflict.saved == "Raum war kalt."
    session_a.refresh_from_db()
    assert session_a.note == "Raum war kalt."


def test_without_seen_values_the_old_form_still_saves(cast, session_a):
    record(cast, session_a, cast.fatma, {cast.nina_enrollment.pk: "excused"}, seen=None)
    record(cast, session_a, cast.fatma, {cast.nina_enrollment.pk: "present"}, seen=None)
    assert status_of(cast.nina_enrollment) == "present"
