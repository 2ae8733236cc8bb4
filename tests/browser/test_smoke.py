"""Public pages and each role's start page render and pass axe-core."""

import pytest

from neue_wege.testing.browser import check_a11y, log_in
from neue_wege.testing.personas import PASSWORD


@pytest.mark.parametrize("path", ["/anmelden/", "/barrierefreiheit/", "/datenschutz/",
                                  "/impressum/"])
def test_public_pages_are_accessible(page, path, transactional_db):
    page.goto(path)
    assert page.locator("h1").count() == 1
    check_a11y(page)


def test_wrong_password_gives_german_message(page, live_cast):
    log_in(page, "karl", "falsch-falsch-falsch")
    assert page.get_by_text("Benutzername oder Passwort stimmen nicht").is_visible()
    check_a11y(page)


@pytest.mark.parametrize("username", ["fatma", "karl", "maria", "admin"])
def test_each_role_lands_on_an_accessible_start_page(page, live_cast, username):
    log_in(page, username, PASSWORD)
    assert page.url.endswith("/")
    assert page.get_by_role("heading", level=1).count() == 1
    check_a11y(page)
