"""No-show figures: counting, small-cell suppression, the split by reminder (issue 15)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from neue_wege.clients import services as clients
from neue_wege.clients.models import Enrollment
from neue_wege.evaluation import noshow
from neue_wege.jobs.models import StoredFigures
from neue_wege.jobs.worker import run_queued
from neue_wege.messaging.models import Channel, OutboundMessage
from neue_wege.messaging.selectors import reminders_sent
from neue_wege.programmes.models import Run, Session
from neue_wege.programmes.services import attendance_record

pytestmark = pytest.mark.django_db


def _fill(cast, run: Run, count: int, start: int) -> list[Enrollment]:  # noqa: ANN001
    Run.objects.filter(pk=run.pk).update(capacity=40)
    seats = []
    for n in range(count):
        c = clients.client_create(actor=cast.karl, case_number=f"BOR-5{start + n:03d}",
                                  first_name=f"Person{start + n}", last_name="Test",
                                  date_of_birth=dt.date(1985, 1, 1), gender="f",
                                  municipality=cast.bocholt, benefit_since=dt.date(2020, 1, 1))
        referral = clients.referral_create(actor=cast.karl, client=c, run=run,
                                           potential_note="x")
        facilitator = run.facilitators.first()
        seats.append(clients.referral_accept(actor=facilitator, referral=referral,
                                             started_on=run.starts_on))
    return seats


def _sessions(run: Run, n: int) -> list[Session]:
    base = timezone.now() - dt.timedelta(days=6)
    return [Session.objects.create(run=run, starts_at=base + dt.timedelta(days=i),
                                   ends_at=base + dt.timedelta(days=i, hours=2))
            for i in range(n)]


@pytest.fixture
def world(cast):  # noqa: ANN001
    """Run A: Nina, Ali + 6 more (8 seats); run B: Sven + 2 more (3 seats, small)."""
    for e in Enrollment.objects.all():
        Enrollment.objects.filter(pk=e.pk).update(started_on=e.run.starts_on)
    a_seats = [cast.nina_enrollment, cast.ali_enrollment, *_fill(cast, cast.run_a, 6, 0)]
    b_seats = [cast.sven_enrollment, *_fill(cast, cast.run_b, 2, 100)]
    a1, a2 = _sessions(cast.run_a, 2)
    b1, = _sessions(cast.run_b, 1)
    # run A, first session: 6 present, 1 excused, 1 absent; second: 4 present, 4 absent
    first = {e.pk: "present" for e in a_seats[:6]}
    first.update({a_seats[6].pk: "excused", a_seats[7].pk: "absent"})
    attendance_record(actor=cast.fatma, session=a1, statuses=first, note="")
    second = {e.pk: ("present" if i < 4 else "absent") for i, e in enumerate(a_seats)}
    attendance_record(actor=cast.fatma, session=a2, statuses=second, note="")
    attendance_record(actor=cast.jonas, session=b1,
                      statuses={e.pk: "present" for e in b_seats}, note="")
    return {"a": a_seats, "b": b_seats, "a1": a1, "a2": a2}


def test_counts_per_run(cast, world):
    atoms = {a.run_title: a.counts for a in
             noshow.run_counts(enrollments=Enrollment.objects.all())}
    a = atoms["Stärken entdecken A"]
    assert (a["invited"], a["came_first"], a["present"], a["recorded"], a["absent"],
            a["absent_people"]) == (8, 6, 10, 16, 5, 4)
    assert atoms["Stärken entdecken B"]["invited"] == 3


def test_small_runs_are_hidden_and_totals_do_not_reveal_them(cast, world):
    figures = noshow.noshow_figures(user=cast.maria)
    rows = {row.label: row for row in figures.runs}
    a, b = rows["Stärken entdecken A"], rows["Stärken entdecken B"]
    # run B rests on 3 people: hidden ("< 5"); run A is hidden with it ("•"), so that the
    # total (shown, 11 people) minus run A cannot give run B
    assert b.invited.value is None and b.invited.mark == "< 5"
    assert a.invited.value is None and a.invited.mark == "•"
    assert figures.total.invited.value == 11
    assert figures.total.came_first_share.value == round(100 * 9 / 11, 1)
    assert figures.programmes[0].invited.value == 11
    assert figures.locations[0].invited.value == 11


def test_every_shown_run_figure_rests_on_five_or_more(cast, world):
    _fill(cast, cast.run_b, 3, 200)  # run B now has 6 seats, but the 3 new ones came later
    figures = noshow.noshow_figures(user=cast.maria)
    for row in figures.runs:
        if row.invited.shown:
            assert row.invited.value >= 5


def _remind(cast, seats: list[Enrollment], session: Session) -> None:  # noqa: ANN001
    for seat in seats:
        OutboundMessage.objects.create(
            job_centre=cast.job_centre, run=seat.run, enrollment=seat, client=seat.client,
            session=session, kind=OutboundMessage.Kind.REMINDER, channel=Channel.EMAIL,
            status=OutboundMessage.Status.SENT, sent_at=timezone.now())


def test_split_by_reminder_with_the_reminders_sent(cast, world):
    a_seats, a1 = world["a"], world["a1"]
    _remind(cast, a_seats[:5], a1)  # 5 reminded: all came
    # A reminder that failed is no reminder.
    OutboundMessage.objects.create(
        job_centre=cast.job_centre, run=cast.run_a, enrollment=a_seats[7],
        client=a_seats[7].client, session=a1, kind=OutboundMessage.Kind.REMINDER,
        channel=Channel.EMAIL, status=OutboundMessage.Status.FAILED)
    reminded = reminders_sent(job_centre=cast.job_centre)
    atoms = noshow.run_counts(enrollments=Enrollment.objects.filter(run=cast.run_a),
                              reminded=reminded)
    counts = atoms[0].counts
    assert (counts["invited_r"], counts["came_first_r"]) == (5, 5)
    assert (counts["invited_u"], counts["came_first_u"]) == (3, 1)
    figures = noshow.publish(atoms, with_reminders=True)
    row = figures.runs[0]
    assert row.split[0].value == 100.0   # first session, with reminder
    assert row.split[1].value is None    # without: 3 people → hidden
    assert row.split[2].value == 100.0   # attendance with reminder: 5 of 5 entries
    assert (counts["recorded_r"], counts["recorded_u"]) == (5, 11)


def test_page_for_management_only(cast, world, login):
    url = reverse("evaluation:noshow")
    browser = login(cast.maria)
    # Counted by the worker, never in the request: the first view says so.
    first = browser.get(url).content.decode()
    assert "zum ersten Mal berechnet" in first and "Jobcenter insgesamt" not in first
    assert run_queued() == 1
    text = browser.get(url).content.decode()
    assert "Erscheinen und Anwesenheit" in text and "81.8 %" in text.replace(",", ".")
    assert "Stand:" in text
    assert "Person1 " not in text
    assert login(cast.karl).get(url).status_code == 403


def _first_total_cell(text: str) -> str:
    total = text[text.index('id="total-caption"'):text.index('id="programmes-caption"')]
    return re.findall(r'<td class="kern-table__cell[^"]*">([^<]*)</td>', total)[0].strip()


def test_page_shows_the_latest_runs_and_counts_all(cast, world, login, monkeypatch):
    monkeypatch.setattr(noshow, "PAGE_RUNS", 1)
    browser = login(cast.maria)
    browser.get(reverse("evaluation:noshow"))
    run_queued()
    text = browser.get(reverse("evaluation:noshow")).content.decode()
    runs = text[text.index('id="runs-caption"'):]
    assert "Stärken entdecken" in runs
    assert "Gezeigt sind die 1 zuletzt begonnenen von 2 Durchläufen" in text
    assert _first_total_cell(text) == "11"  # invited: both runs


def test_page_splits_by_the_reminders_that_were_sent(cast, world, login):
    """The page takes the reminded seats from the message record (messaging, issue 15)."""
    url = reverse("evaluation:noshow")
    browser = login(cast.maria)
    browser.get(url)
    run_queued()
    assert "mit Erinnerung" not in browser.get(url).content.decode()
    _remind(cast, world["a"][:5], world["a1"])
    # The page reads stored figures: fresh for ten minutes, then counted again by the worker.
    assert "mit Erinnerung" not in browser.get(url).content.decode()
    StoredFigures.objects.update(computed_at=timezone.now() - dt.timedelta(minutes=11))
    stale = browser.get(url).content.decode()
    assert "im Hintergrund berechnet" in stale and "mit Erinnerung" not in stale
    assert run_queued() == 1
    text = browser.get(url).content.decode()
    assert "erster Termin: mit Erinnerung" in text
    assert "100.0 %" in text.replace(",", ".")  # the five reminded all came
