"""Outcomes in Chromium: self-assessment in the portal, ending a seat, destination, follow-ups.

Every page the flow opens is checked with axe-core (WCAG 2.1 AA), error states included.
"""

import datetime as dt

from django.utils import timezone

from neue_wege.testing.browser import check_a11y, follow, log_in
from neue_wege.testing.personas import PASSWORD


def test_outcomes_flow(page, live_cast, browser, live_server):
    from neue_wege.clients.models import Enrollment
    from neue_wege.outcomes.models import FollowUp, Outcome, SelfAssessment
    from neue_wege.testing.outcomes_space import build_outcomes_space

    cast = live_cast
    paula_enrollment_id = build_outcomes_space(cast)[0]

    # 1. Nina answers the start self-assessment in the portal
    log_in(page, "nina-portal", PASSWORD)
    page.goto("/portal/")
    check_a11y(page)
    follow(page.get_by_role("link", name="Selbsteinschätzung ausfüllen"))
    check_a11y(page)
    groups = page.locator("main fieldset")
    assert groups.count() == 8
    groups.nth(0).get_by_label("stimmt genau").check()
    page.get_by_role("button", name="Antworten abschicken").click()
    page.wait_for_load_state()
    assert "Bitte wählen Sie eine Antwort." in page.content()
    check_a11y(page)
    for index in range(8):
        page.locator("main fieldset").nth(index).get_by_label("stimmt eher", exact=True).check()
    page.get_by_role("button", name="Antworten abschicken").click()
    page.wait_for_load_state()
    assert "Danke! Ihre Antworten sind gespeichert." in page.content()
    check_a11y(page)
    assessment = SelfAssessment.objects.get(enrollment=cast.nina_enrollment)
    assert assessment.moment == "start" and assessment.score == (6 * 3 + 2 * 2) / 8

    # 2. Fatma ends Nina's seat: dropped out, first without a reason
    staff = browser.new_context(locale="de-DE", base_url=live_server.url,
                                viewport={"width": 1280, "height": 900})
    staff.set_default_timeout(10_000)
    fatma = staff.new_page()
    log_in(fatma, "fatma", PASSWORD)
    fatma.goto(f"/durchlaeufe/{cast.run_a.pk}/zuweisungen/")
    check_a11y(fatma)
    follow(fatma.get_by_role("link", name="Teilnahme beenden (Nina Kemper)"))
    check_a11y(fatma)
    fatma.get_by_label("abgebrochen").check()
    fatma.get_by_role("button", name="Teilnahme beenden").click()
    fatma.wait_for_load_state()
    assert "Bitte geben Sie den Grund des Abbruchs an." in fatma.content()
    check_a11y(fatma)
    fatma.get_by_label("Grund des Abbruchs").select_option("health")
    fatma.get_by_role("button", name="Teilnahme beenden").click()
    fatma.wait_for_load_state()
    assert "ist beendet (abgebrochen)" in fatma.content()
    check_a11y(fatma)
    assert Enrollment.objects.get(pk=cast.nina_enrollment.pk).status == "dropped_out"
    follow(fatma.get_by_role("link", name="Selbsteinschätzung der Gruppe (vorher und nachher)"))
    assert "Zu wenige Angaben" in fatma.content() and "2,75" not in fatma.content()
    check_a11y(fatma)
    staff.close()

    # 3. Karl records Nina's destination; the follow-ups are planned
    staff = browser.new_context(locale="de-DE", base_url=live_server.url,
                                viewport={"width": 1280, "height": 900})
    staff.set_default_timeout(10_000)
    karl = staff.new_page()
    log_in(karl, "karl", PASSWORD)
    karl.goto("/")
    assert "Fällige Nachbefragungen" in karl.content() and "Ende, Paula" in karl.content()
    check_a11y(karl)
    karl.goto(f"/kundinnen/{cast.nina.pk}/")
    follow(karl.get_by_role("link", name="Verbleib und Nachbefragungen zu Stärken entdecken A"))
    check_a11y(karl)
    karl.locator("#id_destination").select_option("employment")
    karl.get_by_role("button", name="Verbleib speichern").click()
    karl.wait_for_load_state()
    assert "Bitte geben Sie an, wann die Beschäftigung oder Maßnahme begann." in karl.content()
    check_a11y(karl)
    # on or after the seat's last day (issue 11, point 3)
    karl.get_by_label("Beginn der Beschäftigung oder Maßnahme").fill(
        timezone.localdate().isoformat())
    karl.get_by_role("button", name="Verbleib speichern").click()
    karl.wait_for_load_state()
    assert "Nachbefragung nach 6 Monaten erfassen" in karl.content()
    check_a11y(karl)
    outcome = Outcome.objects.get(enrollment=cast.nina_enrollment)
    assert outcome.destination == "employment" and outcome.follow_ups.count() == 2

    # 4. Paula's overdue follow-up from the due list
    karl.goto("/nachbefragungen/")
    check_a11y(karl)
    assert "überfällig" in karl.content()
    follow(karl.get_by_role("link", name="Ende, Paula"))
    check_a11y(karl)
    karl.locator("#id_destination").select_option("minijob")
    # after Paula's seat ended 200 days ago (issue 11, point 3)
    karl.get_by_label("Beginn der Beschäftigung oder Maßnahme").fill(
        (timezone.localdate() - dt.timedelta(days=150)).isoformat())
    karl.get_by_label("nein").check()
    karl.get_by_role("button", name="Nachbefragung speichern").click()
    karl.wait_for_load_state()
    assert "Zurzeit ist keine Nachbefragung fällig." in karl.content()
    check_a11y(karl)
    follow_up = FollowUp.objects.get(outcome__enrollment_id=paula_enrollment_id, months_after=6)
    assert follow_up.destination == "minijob" and follow_up.in_benefits is False
    staff.close()
