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
