"""The foundation's main path, walked as users would in real Chromium, axe-checked on every page.

A facilitator creates a programme version and a run with sessions; a case manager refers two
clients; the second waits on the waitlist; the facilitator frees a seat and accepts from the
waitlist, records attendance; management sees the occupancy.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from neue_wege.clients.models import Enrollment, Referral
from neue_wege.programmes.models import Attendance, Run
from neue_wege.testing.browser import check_a11y, follow, log_in
from neue_wege.testing.personas import PASSWORD


def _new_page(browser, live_server):  # noqa: ANN001, ANN202
    context = browser.new_context(locale="de-DE", base_url=live_server.url)
    context.set_default_timeout(10_000)
    return context.new_page()


def test_facilitator_case_manager_and_management_walk_the_main_path(
        browser, live_server, live_cast):  # noqa: ANN001
    cast = live_cast
    today = timezone.localdate()
    fatma = _new_page(browser, live_server)
    log_in(fatma, "fatma", PASSWORD)
    check_a11y(fatma)

    # 1. A new programme version that takes effect today.
    follow(fatma.get_by_role("link", name="Projekte", exact=True))
    check_a11y(fatma)
    follow(fatma.get_by_role("link", name="Stärken entdecken").first)
    check_a11y(fatma)
    follow(fatma.get_by_role("link", name="Neue Version anlegen"))
    check_a11y(fatma)
    fatma.get_by_label("gültig ab").fill(today.isoformat())
    fatma.get_by_label("Inhalt und Ablauf").fill("Erfolgsgeschichten, Stärken-Rückmeldung, "
                                                  "Zielbild und erste Schritte.")
    fatma.get_by_label("Änderungsnotiz").fill("Zielbild-Arbeit ergänzt")
    fatma.get_by_role("button", name="Version anlegen").click()
    fatma.wait_for_load_state()
    check_a11y(fatma)
    assert fatma.get_by_text("Zielbild-Arbeit ergänzt").first.is_visible()

    # 2. A run with one seat, and its sessions from a weekly pattern.
    follow(fatma.get_by_role("link", name="Durchläufe", exact=True))
    check_a11y(fatma)
    follow(fatma.get_by_role("link", name="Neuen Durchlauf anlegen"))
    check_a11y(fatma)
    fatma.get_by_label("Projekt und Konzeptversion").select_option(index=1)
    fatma.get_by_label("Titel").fill("Stärken entdecken – Frühjahr")
    fatma.get_by_label("Standort oder Ort des mobilen Angebots").select_option(index=1)
    fatma.get_by_label("Plätze").fill("1")
    fatma.get_by_label(re.compile(r"^Beginn\b(?! \()")).fill(today.isoformat())
    fatma.get_by_label(re.compile(r"^Ende\b(?! \()")).fill((today + dt.timedelta(days=27)).isoformat())
    fatma.get_by_role("button", name="Durchlauf anlegen").click()
    fatma.wait_for_load_state()
    check_a11y(fatma)
    run = Run.objects.get(title="Stärken entdecken – Frühjahr")
    assert run.programme_version.number == 2
    follow(fatma.get_by_role("link", name="Termine planen"))
    check_a11y(fatma)
    fatma.get_by_label("Montag").check()
    fatma.get_by_label("Donnerstag").check()
    fatma.get_by_label("Beginn (Uhrzeit)").fill("09:00")
    fatma.get_by_label("Ende (Uhrzeit)").fill("12:00")
    fatma.get_by_role("button", name="Termine anlegen").click()
    fatma.wait_for_load_state()
    check_a11y(fatma)
    assert run.sessions.count() >= 6  # 4 weeks, 2 days a week, less holidays

    # 3. The case manager refers Nina (gets the seat) and Ali (waits).
    karl = _new_page(browser, live_server)
    log_in(karl, "karl", PASSWORD)
    for client in (cast.nina, cast.ali):
        karl.goto(f"/kundinnen/{client.pk}/")
        check_a11y(karl)
        follow(karl.get_by_role("link", name="Zuweisen").first)
        check_a11y(karl)
        karl.get_by_label("Durchlauf").select_option(str(run.pk))
        karl.wait_for_load_state("networkidle")
        check_a11y(karl)  # the htmx fit table
        karl.get_by_label("Welches Potenzial sehen Sie?").fill(
            f"{client.first_name} ermutigt andere und bleibt dran.")
        karl.get_by_role("button", name="Zuweisen").click()
        karl.wait_for_load_state()
        check_a11y(karl)
        if client == cast.nina:
            fatma.goto(f"/durchlaeufe/{run.pk}/zuweisungen/")
            check_a11y(fatma)
            fatma.get_by_role("button", name="Nina Kemper aufnehmen").click()
            fatma.get_by_role("button", name="Nina Kemper aufnehmen").wait_for(state="detached")
            fatma.wait_for_load_state()
            check_a11y(fatma)
    ali_referral = Referral.objects.get(client=cast.ali, run=run)
    assert ali_referral.status == Referral.Status.WAITLISTED
    karl.goto("/zuweisungen/")
    check_a11y(karl)
    assert karl.locator("table").get_by_text("auf der Warteliste").first.is_visible()

    # 4. Nina withdraws; the facilitator accepts Ali from the waitlist.
    nina_referral = Referral.objects.get(client=cast.nina, run=run)
    fatma.goto(f"/zuweisungen/{nina_referral.pk}/")
    check_a11y(fatma)
    withdraw = fatma.locator("form[action$='/zurueckziehen/']")
    withdraw.get_by_role("textbox").fill("Hat eine Arbeitsstelle gefunden.")
    withdraw.get_by_role("button", name="Abmelden und Platz freigeben").click()
    fatma.wait_for_load_state()
    check_a11y(fatma)
    fatma.goto(f"/durchlaeufe/{run.pk}/zuweisungen/")
    check_a11y(fatma)
    fatma.get_by_role("button", name="Ali Demir aufnehmen").click()
    fatma.get_by_role("button", name="Ali Demir aufnehmen").wait_for(state="detached")
    fatma.wait_for_load_state()
    check_a11y(fatma)
    assert Enrollment.objects.get(run=run, status="active").client == cast.ali

    # 5. Attendance at the first session.
    first = run.sessions.order_by("starts_at").first()
    # attendance only once a session has begun (issue 11, point 1): the first one is under way
    now = timezone.now()
    run.sessions.filter(pk=first.pk).update(starts_at=now - dt.timedelta(hours=1),
                                            ends_at=now + dt.timedelta(hours=2))
    fatma.goto(f"/termine/{first.pk}/anwesenheit/")
    check_a11y(fatma)
    fatma.get_by_label("anwesend").first.check()
    # The form is sent by script (offline use, issue 14), then the page loads again.
    with fatma.expect_navigation():
        fatma.get_by_role("button", name="Anwesenheit speichern").click()
    fatma.wait_for_load_state()
    check_a11y(fatma)
    assert Attendance.objects.get(session=first).status == Attendance.Status.PRESENT

    # 6. Management sees occupancy, never a name.
    maria = _new_page(browser, live_server)
    log_in(maria, "maria", PASSWORD)
    check_a11y(maria)
    body = maria.content()
    assert "Belegung" in body or "belegt" in body
    assert cast.ali.last_name not in body and cast.nina.last_name not in body
