"""Selectors: what each persona sees, computed figures, query counts."""

import datetime as dt

import pytest
from django.utils import timezone

from neue_wege.clients.models import Referral
from neue_wege.clients.services import client_create, referral_create
from neue_wege.programmes import selectors, services
from neue_wege.programmes.models import Attendance, Run, Session
from neue_wege.programmes.tests.conftest import BERLIN
from neue_wege.testing.assertions import assert_max_queries

pytestmark = pytest.mark.django_db


def add_version(cast, days, **changes):
    values = dict(content=cast.version.content,
                  target_group_description=cast.version.target_group_description,
                  change_note="Anpassung")
    values.update(changes)
    return services.programme_version_create(
        actor=cast.fatma, programme=cast.programme,
        valid_from=timezone.localdate() + dt.timedelta(days=days), **values)


def test_current_version_is_latest_in_force(cast):
    v2 = add_version(cast, -10)
    add_version(cast, +10)
    assert selectors.current_version(cast.programme) == v2
    listed = selectors.programme_list_for(user=cast.karl).get(pk=cast.programme.pk)
    assert listed.current_number == 2 and listed.version_count == 3


def test_version_history_shows_readable_changes(cast, method):
    v2 = add_version(cast, -5, content="Erfolgsgeschichten schreiben und vorlesen, "
                     "Stärken-Rückmeldung.\nZielbild malen.", methods=[method],
                     responsible_staff=[cast.jonas])
    history = selectors.version_history(cast.programme)
    assert [entry.version for entry in history] == [v2, cast.version]
    assert history[0].is_current and not history[1].is_current
    changes = {change.label: change for change in history[0].changes}
    assert [(line.kind, line.text) for line in changes["Inhalt und Ablauf"].lines] == [
        ("added", "Zielbild malen.")]
    assert changes["Methoden"].added == ["Erfolgsgeschichte schreiben"]
    assert changes["Verantwortliche"].added == ["Jonas Terhorst"]
    assert "Zielgruppe" not in changes
    assert history[1].changes == []


def test_version_history_query_count_is_bounded(cast, method):
    for day in range(1, 8):
        add_version(cast, -30 + day * 3, content=f"Fassung {day}", methods=[method])
    with assert_max_queries(4):
        history = selectors.version_history(cast.programme)
    assert len(history) == 8


def test_programmes_of_other_job_centre_are_invisible(cast):
    assert not selectors.programme_list_for(user=cast.olga).filter(pk=cast.programme.pk).exists()


def test_run_list_free_seats_and_waitlist(cast):
    Run.objects.filter(pk=cast.run_a.pk).update(capacity=3)
    extra = client_create(actor=cast.karl, case_number="BOR-9", first_name="Eva",
                          last_name="Busch", date_of_birth=dt.date(1990, 1, 1), gender="f",
                          municipality=cast.bocholt, benefit_since=dt.date(2020, 1, 1))
    referral_create(actor=cast.karl, client=extra, run=cast.run_a, potential_note="x")
    cast.ali_enrollment.status = "dropped_out"  # no longer holds a seat
    cast.ali_enrollment.save()
    runs = {run.pk: run for run in selectors.run_list_for(user=cast.maria)}
    # run A: 3 seats, Nina holds one -> 2 free; Eva's referral is pending, not waitlisted
    assert (runs[cast.run_a.pk].seats_taken, runs[cast.run_a.pk].free_seats) == (1, 2)
    assert runs[cast.run_a.pk].waitlist_length == 0
    Referral.objects.filter(client=extra).update(status="waitlisted",
                                                 waitlisted_at=timezone.now())
    run_a = selectors.run_list_for(user=cast.maria).get(pk=cast.run_a.pk)
    assert run_a.waitlist_length == 1
    assert runs[cast.run_b.pk].free_seats == 9


def test_run_list_filters(cast):
    assert selectors.run_list_for(user=cast.karl, status="finished").count() == 0
    assert selectors.run_list_for(user=cast.karl, year=cast.run_a.starts_on.year + 5).count() == 0
    assert selectors.run_list_for(user=cast.karl,
                                  programme=str(cast.programme.pk)).count() == 2
    assert selectors.run_list_for(user=cast.karl, location=str(cast.location.pk)).count() == 2
    assert selectors.run_list_for(user=cast.olga).count() == 0


def test_attendance_rates(cast):
    day = dt.date(2026, 5, 4)
    sessions = [Session.objects.create(
        run=cast.run_a, starts_at=dt.datetime.combine(day + dt.timedelta(days=i), dt.time(9),
                                                      tzinfo=BERLIN),
        ends_at=dt.datetime.combine(day + dt.timedelta(days=i), dt.time(10), tzinfo=BERLIN))
        for i in range(4)]
    # Nina: present, present, excused (3 recorded) -> 2/3; Ali: present, absent -> 1/2
    for session, status in zip(sessions, ["present", "present", "excused"], strict=False):
        Attendance.objects.create(session=session, enrollment=cast.nina_enrollment,
                                  status=status)
    for session, status in zip(sessions, ["present", "absent"], strict=False):
        Attendance.objects.create(session=session, enrollment=cast.ali_enrollment, status=status)
    # Sven in run B must not count for run A
    other = Session.objects.create(run=cast.run_b, starts_at=sessions[0].starts_at,
                                   ends_at=sessions[0].ends_at)
    Attendance.objects.create(session=other, enrollment=cast.sven_enrollment, status="absent")
    with assert_max_queries(2):
        rates = selectors.attendance_rates(cast.run_a)
    by_name = {row.enrollment.client.first_name: row for row in rates.participants}
    assert (by_name["Nina"].present, by_name["Nina"].recorded, by_name["Nina"].percent) == (
        2, 3, 67)
    assert (by_name["Ali"].present, by_name["Ali"].recorded, by_name["Ali"].percent) == (1, 2, 50)
    assert (rates.run.present, rates.run.recorded, rates.run.percent) == (3, 5, 60)


def test_attendance_rates_without_records(cast):
    rates = selectors.attendance_rates(cast.run_b)
    assert rates.run.percent is None
    assert [row.recorded for row in rates.participants] == [0]


