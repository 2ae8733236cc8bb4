"""Staff single sign-on in Chromium against a real OpenID provider on 127.0.0.1 (issue 16).

The provider is the npm package oidc-provider (tests/oidc/provider.mjs) with a small directory
of accounts; the application is configured from its discovery document, as an installation
would be. Checked: log-in with the county account, roles and locations from the directory
groups, a disabled directory account losing access at its next request, log-out at both ends.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from neue_wege.organisation.models import User
from neue_wege.privacy.models import AuditEvent
from neue_wege.testing import oidc
from neue_wege.testing.browser import check_a11y

ROLE_MAP = ("kreis-nw-coaching=facilitator,kreis-nw-fallmanagement=case_manager,"
            "kreis-nw-leitung=management,kreis-nw-admin=administrator")


@pytest.fixture
def provider(live_server, live_cast, tmp_path, settings):  # noqa: ANN001
    reason = oidc.available()
    if reason:
        pytest.skip(reason)
    directory = {
        "h.brink": {"password": "Kreis-Passwort-1", "sub": "kreis-0001", "given_name": "Hanna",
                    "family_name": "Brink", "email": "h.brink@kreis-borken.example",
                    "groups": ["kreis-alle", "kreis-nw-coaching"],
                    "job_centre": live_cast.job_centre.name, "location": "Bocholt"},
        "t.olde": {"password": "Kreis-Passwort-2", "sub": "kreis-0002", "given_name": "Theo",
                   "family_name": "Olde", "email": "t.olde@kreis-borken.example",
                   "groups": ["kreis-alle", "kreis-nw-fallmanagement", "kreis-nw-leitung"],
                   "job_centre": live_cast.job_centre.name, "location": "Bocholt"},
        "x.niemand": {"password": "Kreis-Passwort-3", "sub": "kreis-0003",
                      "given_name": "Xaver", "family_name": "Niemand",
                      "email": "x.niemand@kreis-borken.example", "groups": ["kreis-alle"],
                      "job_centre": live_cast.job_centre.name},
    }
    with oidc.running_provider(
            accounts=directory, workdir=tmp_path,
            redirect_uri=live_server.url + reverse("organisation:sso-callback"),
            post_logout_redirect_uri=live_server.url + reverse("login")) as running:
        for name, value in oidc.settings_for(running, NW_OIDC_ROLE_MAP=ROLE_MAP,
                                             NW_OIDC_RECHECK_SECONDS=0).items():
            setattr(settings, name, value)
        yield running


def county_log_in(page, login: str, password: str) -> None:  # noqa: ANN001
    page.goto("/anmelden/")
    check_a11y(page)
    page.get_by_role("link", name="Mit dem Dienstkonto anmelden").click()
    page.wait_for_load_state()
    assert page.url.startswith("http://127.0.0.1:")  # the provider's own log-in page
    page.get_by_label("Benutzername").fill(login)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


def test_county_log_in_maps_roles_and_a_disabled_account_is_out_at_once(page, provider,
                                                                        live_cast):
    county_log_in(page, "h.brink", "Kreis-Passwort-1")
    # No app code: the county's log-in is the second factor (NW_OIDC_TRUST_MFA).
    assert "/anmelden/" not in page.url
    check_a11y(page)
    hanna = User.objects.get(sso_subject="kreis-0001")
    assert (hanna.role, hanna.job_centre, hanna.home_location) == (
        User.Role.FACILITATOR, live_cast.job_centre, live_cast.location)
    assert (hanna.first_name, hanna.last_name) == ("Hanna", "Brink")
    assert not hanna.has_usable_password()
    assert page.get_by_role("link", name="Durchläufe", exact=True).is_visible()  # a facilitator's menu

    provider.disable("h.brink")  # the directory administrator locks the account
    page.goto("/projekte/")
    assert page.url.endswith("/anmelden/")
    assert page.get_by_text("Ihre Anmeldung ist beendet").is_visible()
    check_a11y(page)
    assert AuditEvent.objects.filter(actor=hanna,
                                     reason__startswith="single sign-on session ended").exists()
    # Nor does the county log-in let it in again (the provider's session is no help either).
    page.get_by_role("link", name="Mit dem Dienstkonto anmelden").click()
    page.wait_for_load_state()
    page.get_by_label("Benutzername").fill("h.brink")
    page.get_by_label("Passwort").fill("Kreis-Passwort-1")
    page.get_by_role("button", name="Anmelden").click()
    assert page.get_by_text("das Konto ist gesperrt").is_visible()
    page.goto("/projekte/")
    assert page.url.endswith("/anmelden/?next=/projekte/")


def test_several_groups_give_the_widest_role_and_log_out_ends_both_sessions(page, provider,
                                                                           live_cast):
    county_log_in(page, "t.olde", "Kreis-Passwort-2")
    theo = User.objects.get(sso_subject="kreis-0002")
    assert theo.role == User.Role.MANAGEMENT  # case management and management: management
    assert page.get_by_role("link", name="Auswertung", exact=True).is_visible()

    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_load_state()
    # The provider asks, then returns to our log-in page.
    page.get_by_role("button", name="Ja, abmelden").click()
    page.wait_for_load_state()
    assert page.url.endswith("/anmelden/")
    page.goto("/")
    assert "/anmelden/" in page.url  # our session is gone
    page.get_by_role("link", name="Mit dem Dienstkonto anmelden").click()
    page.wait_for_load_state()
    # …and so is the provider's: it asks for the password again.
    assert page.get_by_label("Passwort").is_visible()


def test_no_mapped_group_no_access_and_staff_password_log_in_closed(page, provider,
                                                                    live_cast):
    county_log_in(page, "x.niemand", "Kreis-Passwort-3")
    assert page.url.endswith("/anmelden/")
    assert page.get_by_text("Ihr Dienstkonto hat keine Rolle in Neue Wege").is_visible()
    assert not User.objects.filter(sso_subject="kreis-0003").exists()
    check_a11y(page)
