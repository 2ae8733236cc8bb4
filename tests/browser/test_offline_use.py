"""Offline at a mobile venue (issue 14, point 2), in Chromium with Playwright's offline mode:

- a portal page the participant opened while online stays readable without a connection
  (the service worker's kept copy); a page never opened shows the offline page;
- attendance taken without a connection waits on the device and is sent, with the time it
  was taken, when the connection returns.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from neue_wege.programmes.models import Attendance, Session
from neue_wege.testing.browser import check_a11y, log_in
from neue_wege.testing.personas import PASSWORD

PHONE = {"width": 390, "height": 844}


def _new_phone(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(locale="de-DE", base_url=live_server.url, viewport=PHONE,
                                  has_touch=True, service_workers="allow")
    context.set_default_timeout(15_000)
    return context.new_page()


def _controlled(page: Any) -> None:
    """Wait until the service worker controls the page (first visit: after a reload)."""
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.ready"
                           ".then(() => true)")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()
    page.wait_for_function("!!navigator.serviceWorker.controller")


def test_a_page_opened_online_stays_readable_offline(browser, live_server, live_cast):  # noqa: ANN001
    page = _new_phone(browser, live_server)
    log_in(page, "nina-portal", PASSWORD)
    page.goto("/portal/")
    _controlled(page)
    page.goto("/portal/geschichten/")
    heading = page.locator("h1").inner_text()
    page.wait_for_load_state("networkidle")

    page.context.set_offline(True)
    page.goto("/portal/geschichten/")
    assert page.locator("h1").inner_text() == heading
    check_a11y(page)
    # A page never opened on this phone: the short offline page, not a browser error.
    page.goto("/portal/staerken/")
    assert page.get_by_role("heading", name="Keine Verbindung").is_visible()
    page.context.set_offline(False)
    page.context.close()


def test_attendance_taken_offline_is_sent_with_its_time(browser, live_server, live_cast):  # noqa: ANN001
    now = timezone.now()  # a session under way: attendance may be taken
    session = Session.objects.create(run=live_cast.run_a, starts_at=now - dt.timedelta(hours=1),
                                     ends_at=now + dt.timedelta(hours=1))
    page = _new_phone(browser, live_server)
    log_in(page, "fatma", PASSWORD)
    url = f"/termine/{session.pk}/anwesenheit/"
    page.goto(url)
    _controlled(page)
    check_a11y(page)

    page.context.set_offline(True)
    page.get_by_label("anwesend").first.check()
    taken_before = timezone.now()
    page.get_by_role("button", name="Anwesenheit speichern").click()
    page.get_by_text("Keine Verbindung. Die Anwesenheit ist auf diesem Gerät gespeichert").wait_for()
    assert not Attendance.objects.filter(session=session).exists()

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function(
        "() => !document.body.innerText.includes('Keine Verbindung. Die Anwesenheit')",
        timeout=30_000)
    deadline = timezone.now() + dt.timedelta(seconds=20)
    while not Attendance.objects.filter(session=session).exists() and timezone.now() < deadline:
        page.wait_for_timeout(250)
    attendance = Attendance.objects.get(session=session, status=Attendance.Status.PRESENT)
    # The time it was taken on the phone, not the time it arrived.
    assert attendance.taken_at is not None
    assert taken_before - dt.timedelta(seconds=5) <= attendance.taken_at <= timezone.now()
    assert attendance.recorded_by == live_cast.fatma
    page.context.close()


pytestmark = pytest.mark.usefixtures("live_cast")
