"""Client, referral and decision pages in Chromium: axe-clean, htmx fit and decisions work."""

from neue_wege.testing.browser import check_a11y, log_in
from neue_wege.testing.personas import PASSWORD


def test_case_manager_pages(page, live_cast):
    from neue_wege.clients.tests.conftest import make_client, make_run
    lena = make_client(live_cast)
    run_c = make_run(live_cast, capacity=1, age_min=18, age_max=30, description="Pflege")
    log_in(page, "karl", PASSWORD)
    for path in ["/kundinnen/", "/kundinnen/?q=zzz", "/kundinnen/neu/", f"/kundinnen/{lena.pk}/",
                 f"/kundinnen/{lena.pk}/bearbeiten/", "/zuweisungen/",
                 f"/zuweisungen/{live_cast.nina_enrollment.referral_id}/"]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        check_a11y(page)
    page.goto("/kundinnen/neu/")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    check_a11y(page)
    page.goto(f"/kundinnen/{lena.pk}/zuweisen/")
    check_a11y(page)
    page.get_by_label("Durchlauf").select_option(str(run_c.pk))
    page.wait_for_selector("text=passt nicht")
    check_a11y(page)
    page.get_by_label("Welches Potenzial sehen Sie?").fill("Kann gut organisieren.")
    page.get_by_role("button", name="Zuweisen").click()
    page.wait_for_load_state()
    # Lena (36) misses the target group (18 to 30): confirm with a reason (issue 11.5)
    assert "Die Person passt nicht zur Zielgruppe des Durchlaufs" in page.content()
    check_a11y(page)
    page.get_by_label("Begründung, falls die Person nicht zur Zielgruppe passt").fill(
        "Jünger im Auftreten, passt gut in die Gruppe.")
    page.get_by_role("button", name="Zuweisen").click()
    page.wait_for_load_state()
    assert "Die Projektleitung entscheidet" in page.content()
    check_a11y(page)


def test_facilitator_pages(page, live_cast):
    from neue_wege.clients.services import referral_create
    from neue_wege.clients.tests.conftest import make_client
    lena = make_client(live_cast)
    referral = referral_create(actor=live_cast.karl, client=lena, run=live_cast.run_a,
                               potential_note="x")
    log_in(page, "fatma", PASSWORD)
    page.goto(f"/durchlaeufe/{live_cast.run_a.pk}/zuweisungen/")
    check_a11y(page)
    page.get_by_role("button", name="Lena Hoff ablehnen").click()
    page.wait_for_selector("text=zwingend erforderlich")
    check_a11y(page)
    page.get_by_role("button", name="Lena Hoff aufnehmen").click()
    page.wait_for_selector("text=ist jetzt Teilnehmende")
    assert "3 von 10 Plätzen belegt" in page.content()
    check_a11y(page)
    page.goto(f"/zuweisungen/{referral.pk}/")
    check_a11y(page)


def test_roster_of_twelve_stays_short(page, live_cast):
    """Issue 11.18: one way to end a seat per row; the page was 4,450 px tall for 12."""
    from neue_wege.clients.services import referral_accept, referral_create
    from neue_wege.clients.tests.conftest import make_client, make_run
    run = make_run(live_cast, capacity=12, title="Zwölf")
    for i in range(12):
        person = make_client(live_cast, number=f"ZW-{i:03d}", first=f"Person{i:02d}")
        referral_accept(actor=live_cast.fatma, referral=referral_create(
            actor=live_cast.karl, client=person, run=run, potential_note="x"))
    page.set_default_timeout(30_000)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "fatma", PASSWORD)
    page.goto(f"/durchlaeufe/{run.pk}/zuweisungen/")
    check_a11y(page)
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"roster height for 12 participants at 1280 px: {height} px")
    assert page.get_by_role("link", name="Teilnahme beenden (Person00 Hoff)").count() == 1
    assert page.get_by_role("button", name="Person00 Hoff abmelden").count() == 0
    assert height < 2500, height
