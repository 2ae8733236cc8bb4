"""The second factor in Chromium: set up an app at the first log-in, then the code step.

`log_in` types the code (computed from the key shown on the set-up page, or from the
persona's device) and checks both pages with axe-core.
"""

from django_otp.plugins.otp_totp.models import TOTPDevice

from neue_wege.testing.browser import check_a11y, log_in
from neue_wege.testing.personas import PASSWORD


def test_first_log_in_sets_up_the_app_then_asks_for_the_code(page, live_cast):
    TOTPDevice.objects.filter(user=live_cast.jonas).delete()
    page.goto("/anmelden/")
    page.get_by_label("Benutzername").fill("jonas")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    assert "/anmelden/code/einrichten/" in page.url
    assert page.get_by_role("img", name="QR-Code für die Authenticator-App").is_visible()
    check_a11y(page)
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_load_state()

    log_in(page, "jonas", PASSWORD)  # completes the set-up with the key shown on the page
    assert page.url.endswith("/")
    assert page.get_by_text("Die Authenticator-App ist eingerichtet").is_visible()
    check_a11y(page)
    assert TOTPDevice.objects.get(user=live_cast.jonas).confirmed

    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_load_state()
    log_in(page, "jonas", PASSWORD)  # now the code step
    assert page.url.endswith("/")
    check_a11y(page)


def test_wrong_code_shows_a_german_error(page, live_cast):
    page.goto("/anmelden/")
    page.get_by_label("Benutzername").fill("karl")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    assert "/anmelden/code/" in page.url
    field = page.get_by_label("Code aus der Authenticator-App")
    assert field.get_attribute("autocomplete") == "one-time-code"
    assert field.get_attribute("inputmode") == "numeric"
    field.fill("12345")
    page.get_by_role("button", name="Bestätigen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Bitte geben Sie den 6-stelligen Code").first.is_visible()
    check_a11y(page)
