"""Single sign-on rules that need no provider (the browser test runs the real one).

The claim mapping, the closed password log-in for staff, the 404 without configuration, and the
session check when the provider cannot be reached (a closed port on 127.0.0.1, not a mock).
"""

from __future__ import annotations

import socket
import time

import pytest
from django.core.exceptions import SuspiciousOperation
from django.test import Client as HttpClient
from django.urls import reverse

from neue_wege.organisation import sso
from neue_wege.organisation.models import User
from neue_wege.testing.personas import PASSWORD

ROLE_MAP = "coach=facilitator,fm=case_manager,leitung=management,admin=administrator"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # closed again when the socket goes


@pytest.fixture
def sso_on(settings):  # noqa: ANN001
    port = closed_port()
    base = f"http://127.0.0.1:{port}"
    settings.OIDC_RP_CLIENT_ID = "neue-wege"
    settings.OIDC_RP_CLIENT_SECRET = "secret"  # noqa: S105
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = base + "/auth"
    settings.OIDC_OP_TOKEN_ENDPOINT = base + "/token"
    settings.OIDC_OP_USER_ENDPOINT = base + "/me"
    settings.OIDC_OP_JWKS_ENDPOINT = base + "/jwks"
    settings.NW_OIDC_END_SESSION_ENDPOINT = base + "/session/end"
    settings.NW_OIDC_ROLE_MAP = ROLE_MAP
    return settings


def test_role_map_refuses_participant_and_unknown_roles():
    assert sso.parse_role_map(" coach = facilitator , fm=case_manager ") == {
        "coach": "facilitator", "fm": "case_manager"}
    with pytest.raises(ValueError, match="participant"):
        sso.parse_role_map("kurs=participant")
    with pytest.raises(ValueError):
        sso.parse_role_map("chef")


@pytest.mark.parametrize(("groups", "role"), [
    (["alle", "coach"], "facilitator"),
    (["fm", "coach"], "case_manager"),
    (["fm", "leitung"], "management"),
    ("admin", "administrator"),
    (["alle"], None),
    ([], None),
])
def test_the_widest_mapped_role_wins(settings, groups, role):  # noqa: ANN001
    settings.NW_OIDC_ROLES_CLAIM = "groups"
    assert sso.role_from_claims({"groups": groups}, sso.parse_role_map(ROLE_MAP)) == role


def test_account_fields_need_a_role_and_a_known_job_centre(cast, sso_on):  # noqa: ANN001
    claims = {"sub": "x", "groups": ["coach"], "job_centre": cast.job_centre.name,
              "location": cast.location.name, "given_name": "Hanna", "family_name": "Brink"}
    fields = sso.account_fields(claims)
    assert fields is not None
    assert (fields["role"], fields["job_centre"], fields["home_location"]) == (
        "facilitator", cast.job_centre, cast.location)
    assert sso.account_fields({**claims, "job_centre": "Jobcenter Nirgendwo"}) is None
    assert sso.account_fields({**claims, "groups": ["alle"]}) is None
    sso_on.NW_OIDC_DEFAULT_JOB_CENTRE = cast.job_centre.name
    assert sso.account_fields({**claims, "job_centre": None})["job_centre"] == cast.job_centre
    # An unknown location leaves the home location empty; it never picks another one.
    assert sso.account_fields({**claims, "location": "Paris"})["home_location"] is None


def test_a_portal_account_is_never_opened_by_the_directory(cast, sso_on, rf):  # noqa: ANN001
    nina = User.objects.filter(role=User.Role.PARTICIPANT).first()
    nina.sso_subject = "kreis-9"
    nina.save(update_fields=["sso_subject"])
    backend = sso.CountySsoBackend()
    with pytest.raises(SuspiciousOperation):
        backend.update_user(nina, {"sub": "kreis-9", "groups": ["admin"],
                                   "job_centre": cast.job_centre.name})
    nina.refresh_from_db()
    assert nina.role == User.Role.PARTICIPANT


def test_without_configuration_the_county_log_in_is_not_there(cast, client):  # noqa: ANN001
    assert client.get(reverse("organisation:sso-login")).status_code == 404
    assert client.get(reverse("organisation:sso-callback")).status_code == 404
    assert "Mit dem Dienstkonto anmelden" not in client.get(reverse("login")).content.decode()


def test_staff_password_log_in_closes_once_single_sign_on_is_on(cast, sso_on):  # noqa: ANN001
    browser = HttpClient()
    page = browser.get(reverse("login")).content.decode()
    assert "Mit dem Dienstkonto anmelden" in page
    response = browser.post(reverse("login"), {"username": "fatma", "password": PASSWORD})
    assert response.status_code == 200
    assert "Bitte melden Sie sich mit Ihrem Dienstkonto an" in response.content.decode()
    assert "_auth_user_id" not in browser.session
    # The emergency fallback: administrators, and participants' portal accounts as always.
    for username in ("admin", cast.nina_user.username):
        response = HttpClient().post(reverse("login"),
                                     {"username": username, "password": PASSWORD})
        assert response.status_code == 302, username
    sso_on.NW_LOCAL_STAFF_LOGIN = "all"  # while the accounts move over
    assert HttpClient().post(reverse("login"), {"username": "fatma", "password": PASSWORD}
                             ).status_code == 302


def _sso_session(user: User, *, ok_ago: float) -> HttpClient:
    browser = HttpClient()
    browser.force_login(user, backend="neue_wege.organisation.sso.CountySsoBackend")
    session = browser.session
    session[sso.SESSION_KEY] = {"sub": "kreis-1", "mfa": True, "checked_at": 0,
                                "ok_at": time.time() - ok_ago}
    session["oidc_access_token"] = "token"  # noqa: S105
    session.save()
    return browser


def test_an_unreachable_provider_is_tolerated_for_the_grace_period(cast, sso_on,  # noqa: ANN001
                                                                  second_factor_on):
    sso_on.NW_OIDC_RECHECK_SECONDS = 0
    sso_on.NW_OIDC_RECHECK_GRACE_SECONDS = 600
    fatma = User.objects.get(username="fatma")
    browser = _sso_session(fatma, ok_ago=60)
    # The county's log-in counted as the second factor: the page opens without an app code.
    assert browser.get(reverse("dashboards:home")).status_code == 200
    # Past the grace period without a confirmation the session ends.
    browser = _sso_session(fatma, ok_ago=3600)
    response = browser.get(reverse("dashboards:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in browser.session


def test_without_trusted_mfa_the_app_code_is_still_asked(cast, sso_on,  # noqa: ANN001
                                                         second_factor_on):
    sso_on.NW_OIDC_RECHECK_SECONDS = 3600
    fatma = User.objects.get(username="fatma")
    browser = _sso_session(fatma, ok_ago=0)
    session = browser.session
    session[sso.SESSION_KEY] = {**session[sso.SESSION_KEY], "mfa": False,
                                "checked_at": time.time()}
    session.save()
    response = browser.get(reverse("dashboards:home"))
    assert response.status_code == 302
    assert "/anmelden/code/" in response["Location"]


def test_log_out_of_a_single_sign_on_session_goes_on_to_the_provider(cast, sso_on):  # noqa: ANN001
    sso_on.NW_OIDC_RECHECK_SECONDS = 3600
    browser = _sso_session(User.objects.get(username="fatma"), ok_ago=0)
    session = browser.session
    session[sso.SESSION_KEY] = {**session[sso.SESSION_KEY], "checked_at": time.time()}
    session["oidc_id_token"] = "id-token"  # noqa: S105
    session.save()
    page = browser.get(reverse("dashboards:home"))
    # The page's CSP lets the log-out form continue to the provider.
    assert sso_on.NW_OIDC_END_SESSION_ENDPOINT.rsplit("/", 2)[0] in \
        page["Content-Security-Policy"].split("form-action")[1].split(";")[0]
    response = browser.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"].startswith(sso_on.NW_OIDC_END_SESSION_ENDPOINT + "?")
    assert "id_token_hint=id-token" in response["Location"]
    assert "post_logout_redirect_uri=http%3A%2F%2Ftestserver%2Fanmelden%2F" in response["Location"]
    assert "_auth_user_id" not in browser.session
