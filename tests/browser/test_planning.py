"""Issue 15 (planning, inbox) in Chromium: the case manager's inbox, a double-booked room,
moving a waitlisted person to the next run. Every page is checked with axe."""

import datetime as dt

from neue_wege.testing.browser import check_a11y, follow, log_in
from neue_wege.testing.personas import PASSWORD


def _slow_machine(page) -> None:  # noqa: ANN001
    # Nine workers share two cores here; CI has them to itself.
    page.set_default_timeout(30_000)
    page.set_default_navigation_timeout(30_000)


def _switch(page, username: str) -> None:  # noqa: ANN001
    page.context.clear_cookies()
    log_in(page, username, PASSWORD)


def test_case_manager_inbox_shows_acceptance_and_absences(page, live_cast):
    from django.utils import timezone

    from neue_wege.clients.models import Enrollment, Referral
    from neue_wege.clients.services import referral_create
    from neue_wege.clients.tests.conftest import make_client
    from neue_wege.inbox.models import Notice
    from neue_wege.programmes.models import Session
    from neue_wege.programmes.services import attendance_record

    Notice.objects.all().delete()  # start from an empty inbox
    lena = make_client(live_cast)
    referral_create(actor=live_cast.karl, client=lena, run=live_cast.run_a,
                    potential_note="Organisiert den Elternbeirat.")
    _slow_machine(page)
    log_in(page, "fatma", PASSWORD)
    assert "Nachrichten (1 ungelesen)" in page.content()  # the new referral
    page.goto(f"/durchlaeufe/{live_cast.run_a.pk}/zuweisungen/")
    page.get_by_role("button", name="Lena Hoff aufnehmen").click()
    page.wait_for_selector("text=ist jetzt Teilnehmende")
    check_a11y(page)
    # two sessions in the past with Lena absent without excuse
    seat = Enrollment.objects.get(referral__client=lena, referral__status=Referral.Status.ACCEPTED)
    Enrollment.objects.filter(pk=seat.pk).update(started_on=live_cast.run_a.starts_on)
    for days in (3, 2):
        start = timezone.now() - dt.timedelta(days=days)
        session = Session.objects.create(run=live_cast.run_a, starts_at=start,
                                         ends_at=start + dt.timedelta(hours=2))
        attendance_record(actor=live_cast.fatma, session=session,
                          statuses={seat.pk: "absent"}, note="")
    _switch(page, "karl")
    assert "Nachrichten (2 ungelesen)" in page.content()
    follow(page.get_by_role("link", name="Nachrichten (2 ungelesen)"))
    text = page.content()
    assert "Lena Hoff wurde in „Stärken entdecken A“ aufgenommen." in text
    assert "Lena Hoff hat in „Stärken entdecken A“ 2 Termine unentschuldigt gefehlt." in text
    check_a11y(page)
    page.get_by_role("button", name="Alle als gelesen markieren").click()
    page.wait_for_load_state()
    assert "Nachrichten (0 ungelesen)" in page.content()
    check_a11y(page)


def test_double_booked_room_is_refused_in_german(page, live_cast):
    from neue_wege.organisation.models import Room
    from neue_wege.programmes.models import Session
    from neue_wege.programmes.services import holiday_on, session_datetimes

    room = Room.objects.create(location=live_cast.location, name="Großer Raum", capacity=14,
                               step_free=True, accessibility_notes="Aufzug am Eingang Süd")
    day = live_cast.run_b.starts_on + dt.timedelta(days=9)
    while day.weekday() > 4 or holiday_on(day):
        day += dt.timedelta(days=1)
    start, end = session_datetimes(day, dt.time(9), dt.time(12))
    Session.objects.create(run=live_cast.run_b, starts_at=start, ends_at=end, room=room)
    start, end = session_datetimes(day + dt.timedelta(days=1), dt.time(9), dt.time(12))
    mine = Session.objects.create(run=live_cast.run_a, starts_at=start, ends_at=end)
    _slow_machine(page)
    log_in(page, "fatma", PASSWORD)
    page.goto(f"/termine/{mine.pk}/bearbeiten/")
    check_a11y(page)
    page.get_by_label("Datum").fill(day.isoformat())
    page.get_by_label("Beginn (Uhrzeit)").fill("10:00")
    page.get_by_label("Ende (Uhrzeit)").fill("11:30")
    page.get_by_label("Raum").select_option(str(room.pk))
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    message = (f"Der Raum „Bocholt, Großer Raum“ ist am {day:%d.%m.%Y} von 09:00 bis 12:00 Uhr "
               "schon belegt: „Stärken entdecken B“.")
    assert message in page.content()
    check_a11y(page)
    mine.refresh_from_db()
    assert mine.room is None
    page.goto(f"/standorte/{live_cast.location.pk}/kalender/?woche={day.isoformat()}")
    assert "Aufzug am Eingang Süd" in page.content()
    check_a11y(page)


def test_waitlisted_person_is_moved_to_the_next_run(page, live_cast):
    from neue_wege.clients.models import Referral
    from neue_wege.clients.services import referral_create
    from neue_wege.clients.tests.conftest import make_client, make_run
    from neue_wege.programmes.models import Run

    Run.objects.filter(pk=live_cast.run_a.pk).update(capacity=2)  # Nina and Ali: full
    next_run = make_run(live_cast, capacity=8, title="Stärken entdecken C")
    lena = make_client(live_cast)
    referral = referral_create(actor=live_cast.karl, client=lena, run=live_cast.run_a,
                               potential_note="Organisiert den Elternbeirat.")
    assert referral.status == Referral.Status.WAITLISTED
    _slow_machine(page)
    log_in(page, "fatma", PASSWORD)
    page.goto(f"/durchlaeufe/{live_cast.run_a.pk}/zuweisungen/")
    check_a11y(page)
    follow(page.get_by_role("link", name="In einen anderen Durchlauf verschieben (Lena Hoff)"))
    check_a11y(page)
    page.get_by_label("Neuer Durchlauf").select_option(str(next_run.pk))
    page.get_by_role("button", name="Verschieben").click()
    page.wait_for_load_state()
    assert "Lena Hoff wurde nach „Stärken entdecken C“ verschoben und dort aufgenommen." in (
        page.content())
    check_a11y(page)
    referral.refresh_from_db()
    assert referral.run_id == next_run.pk and referral.status == Referral.Status.ACCEPTED
    page.goto(f"/durchlaeufe/{next_run.pk}/zuweisungen/")
    assert "Lena Hoff" in page.content()
    check_a11y(page)
