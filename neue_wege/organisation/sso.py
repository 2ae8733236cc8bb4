"""Single sign-on for staff: OpenID Connect against the county's identity provider.

Staff log in with their county account (authorization code flow with PKCE, through
mozilla-django-oidc); participants keep their local portal accounts, and local staff log-in
stays open only as the emergency fallback for administrators (`NW_LOCAL_STAFF_LOGIN`).

- **Who is who**: an account is found by the provider's stable `sub` (`User.sso_subject`),
  never by e-mail or user name, which the directory may reassign.
- **Role, job centre and location come from the directory** at every log-in: the groups in
  `NW_OIDC_ROLES_CLAIM` are mapped by `NW_OIDC_ROLE_MAP` (`group=role,…`); the job centre is the
  one named in `NW_OIDC_JOB_CENTRE_CLAIM` (or `NW_OIDC_DEFAULT_JOB_CENTRE`), the home location
  the one named in `NW_OIDC_LOCATION_CLAIM`. No mapped role, no access; a participant account is
  never reached through single sign-on.
- **A disabled directory account loses access at its next request**: `SsoSessionCheckMiddleware`
  asks the provider's userinfo endpoint with the session's access token at most every
  `NW_OIDC_RECHECK_SECONDS` (0 = every request). A refused token or a role that no longer maps
  ends the session; an unreachable provider is tolerated for `NW_OIDC_RECHECK_GRACE_SECONDS`.
- **The second factor** is the provider's business when `NW_OIDC_TRUST_MFA` is on (the county's
  log-in asks for it); otherwise staff type their app code after the county log-in as before.
- **Log-out** ends the application session and then the provider's session (RP-initiated
  log-out with `id_token_hint`), which returns to our log-in page.

Configuration and the provider's side: docs/single-sign-on.md.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests
from django.conf import settings
from django.contrib import auth, messages
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from neue_wege.organisation.models import JobCentre, Location, User
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent

log = logging.getLogger(__name__)

SESSION_KEY = "nw_sso"  # {"sub", "mfa", "checked_at", "ok_at"} in a single-sign-on session
STAFF_ROLES = frozenset(role for role in User.Role if role != User.Role.PARTICIPANT)


def sso_enabled() -> bool:
    """Configured when the client id and the provider's authorization endpoint are set."""
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", "")
                and getattr(settings, "OIDC_OP_AUTHORIZATION_ENDPOINT", ""))


def is_sso_session(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(SESSION_KEY))


def sso_second_factor_done(request: HttpRequest) -> bool:
    """The provider's log-in counts as the second factor (NW_OIDC_TRUST_MFA)."""
    session = getattr(request, "session", None)
    return bool(session is not None and (session.get(SESSION_KEY) or {}).get("mfa"))


# --- claims → account ------------------------------------------------------------------------
def parse_role_map(text: str) -> dict[str, str]:
    """`"nw-coach=facilitator, nw-fm=case_manager"` → {group: role}; unknown roles refused."""
    mapping: dict[str, str] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        group, sep, role = part.partition("=")
        role = role.strip()
        if not sep or role not in STAFF_ROLES:
            raise ValueError(f"NW_OIDC_ROLE_MAP: {part.strip()!r} is not group=role with role in "
                             f"{sorted(STAFF_ROLES)}")
        mapping[group.strip()] = role
    return mapping


def _claim_values(claims: Mapping[str, Any], name: str) -> list[str]:
    value = claims.get(name)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    return [str(value)]


# The roles in order of precedence when the directory gives one person several groups: the
# account gets the one with the widest duties, the others are ignored (one role per account).
ROLE_PRECEDENCE = [User.Role.ADMINISTRATOR, User.Role.MANAGEMENT, User.Role.CASE_MANAGER,
                   User.Role.FACILITATOR]


def role_from_claims(claims: Mapping[str, Any], role_map: Mapping[str, str]) -> str | None:
    roles = {role_map[group] for group in _claim_values(claims, settings.NW_OIDC_ROLES_CLAIM)
             if group in role_map}
    return next((role for role in ROLE_PRECEDENCE if role in roles), None)


def job_centre_from_claims(claims: Mapping[str, Any]) -> JobCentre | None:
    names = _claim_values(claims, settings.NW_OIDC_JOB_CENTRE_CLAIM)
    name = names[0] if names else settings.NW_OIDC_DEFAULT_JOB_CENTRE
    return JobCentre.objects.filter(name=name).first() if name else None


def location_from_claims(claims: Mapping[str, Any], job_centre: JobCentre) -> Location | None:
    names = _claim_values(claims, settings.NW_OIDC_LOCATION_CLAIM)
    if not names:
        return None
    return Location.objects.filter(job_centre=job_centre, name=names[0], is_active=True).first()


def account_fields(claims: Mapping[str, Any]) -> dict[str, Any] | None:
    """What the directory says about a staff account, or None when it grants no access."""
    role = role_from_claims(claims, parse_role_map(settings.NW_OIDC_ROLE_MAP))
    job_centre = job_centre_from_claims(claims)
    if role is None or job_centre is None:
        return None
    return {
        "role": role,
        "job_centre": job_centre,
        "home_location": location_from_claims(claims, job_centre),
        "first_name": str(claims.get("given_name", ""))[:150],
        "last_name": str(claims.get("family_name", ""))[:150],
        "email": str(claims.get("email", ""))[:254],
    }


class CountySsoBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, matched on `sub`, with roles from the directory.

    Always listed in AUTHENTICATION_BACKENDS; without configuration it answers nothing, so the
    same settings serve installations with and without single sign-on.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.enabled = sso_enabled()
        self.UserModel = User
        if self.enabled:
            super().__init__(*args, **kwargs)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if not self.enabled:
            return None
        return super().authenticate(request, **kwargs)

    def get_user(self, user_id: int) -> User | None:
        # Unlike the library's default, an account deactivated here is out at the next request.
        user = User.objects.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def describe_user_by_claims(self, claims: Mapping[str, Any]) -> str:
        return f"sub {claims.get('sub')!r}"

    def filter_users_by_claims(self, claims: Mapping[str, Any]) -> Any:
        subject = str(claims.get("sub") or "")
        if not subject:
            return User.objects.none()
        return User.objects.filter(sso_subject=subject)

    def verify_claims(self, claims: Mapping[str, Any]) -> bool:
        if not claims.get("sub") or account_fields(claims) is None:
            messages.error(self.request, _(
                "Ihr Dienstkonto hat keine Rolle in Neue Wege. Bitte wenden Sie sich an die "
                "Administration Ihres Jobcenters."))
            return False
        return True

    @transaction.atomic
    def create_user(self, claims: Mapping[str, Any]) -> User:
        fields = account_fields(claims) or {}
        subject = str(claims["sub"])
        user = User(username=_free_username(claims), sso_subject=subject, **fields)
        user.set_unusable_password()
        user.save()
        audit_record(actor=user, action=AuditEvent.Action.CREATE, obj=user,
                     reason="account created at single sign-on")
        return user

    @transaction.atomic
    def update_user(self, user: User, claims: Mapping[str, Any]) -> User:
        if user.role == User.Role.PARTICIPANT:
            # A portal account is never opened with a directory log-in.
            raise_suspicious("participant account reached through single sign-on")
        fields = account_fields(claims) or {}
        changed = [name for name, value in fields.items() if getattr(user, name) != value]
        if changed:
            for name in changed:
                setattr(user, name, fields[name])
            user.save(update_fields=changed)
            audit_record(actor=user, action=AuditEvent.Action.CHANGE, obj=user,
                         reason="taken from the directory at log-in: " + ", ".join(changed))
        return user


def raise_suspicious(message: str) -> None:
    raise SuspiciousOperation(message)


def _free_username(claims: Mapping[str, Any]) -> str:
    base = str(claims.get("preferred_username") or claims["sub"])[:140]
    username, number = base, 1
    while User.objects.filter(username=username).exists():
        number += 1
        username = f"{base}-{number}"
    return username


# --- views ----------------------------------------------------------------------------------
class _CallbackView(OIDCAuthenticationCallbackView):
    def login_success(self) -> HttpResponse:
        response = super().login_success()
        now = time.time()
        self.request.session[SESSION_KEY] = {
            "sub": self.user.sso_subject, "mfa": bool(settings.NW_OIDC_TRUST_MFA),
            "checked_at": now, "ok_at": now,
        }
        return response

    def login_failure(self) -> HttpResponse:
        if not messages.get_messages(self.request):
            messages.error(self.request, _(
                "Die Anmeldung mit dem Dienstkonto ist nicht gelungen. Bitte versuchen Sie es "
                "noch einmal."))
        return super().login_failure()


def _enabled_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not sso_enabled():
            raise Http404(_("Die Anmeldung mit dem Dienstkonto ist nicht eingerichtet."))
        return view(request, *args, **kwargs)
    return wrapper


sso_login = _enabled_only(lambda request: OIDCAuthenticationRequestView.as_view()(request))
sso_callback = _enabled_only(lambda request: _CallbackView.as_view()(request))


def provider_logout_url(request: HttpRequest, id_token: str | None) -> str | None:
    """The provider's end-session address for this session (RP-initiated log-out)."""
    endpoint = settings.NW_OIDC_END_SESSION_ENDPOINT
    if not endpoint:
        return None
    query = {"post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
             "client_id": settings.OIDC_RP_CLIENT_ID}
    if id_token:
        query["id_token_hint"] = id_token
    return f"{endpoint}?{urlencode(query)}"


# --- the check at every request -----------------------------------------------------------------
def _userinfo_status(access_token: str) -> int | None:
    """HTTP status of the provider's userinfo answer; None when it could not be asked."""
    try:
        response = requests.get(
            settings.OIDC_OP_USER_ENDPOINT, timeout=settings.NW_OIDC_RECHECK_TIMEOUT,
            headers={"Authorization": f"Bearer {access_token}"},
            verify=getattr(settings, "OIDC_VERIFY_SSL", True))
    except requests.RequestException as error:
        log.warning("single sign-on: provider not reachable for the session check: %s",
                    type(error).__name__)
        return None
    if response.status_code == 200:
        try:
            claims = response.json()
        except ValueError:
            return 502
        return 200 if account_fields(claims) is not None else 403
    return response.status_code


class SsoSessionCheckMiddleware:
    """Ends a single-sign-on session as soon as the provider no longer vouches for it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        state = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if state and request.user.is_authenticated and sso_enabled():
            ended = self._check(request, state)
            if ended is not None:
                return ended
            response = self.get_response(request)
            _allow_form_to_provider(response)
            return response
        return self.get_response(request)

    def _check(self, request: HttpRequest, state: dict[str, Any]) -> HttpResponse | None:
        now = time.time()
        if now - float(state.get("checked_at", 0)) < settings.NW_OIDC_RECHECK_SECONDS:
            return None
        status = _userinfo_status(request.session.get("oidc_access_token", ""))
        state["checked_at"] = now
        if status == 200:
            state["ok_at"] = now
        elif status is None and now - float(state.get("ok_at", 0)) < \
                settings.NW_OIDC_RECHECK_GRACE_SECONDS:
            pass
        else:
            user = request.user
            with transaction.atomic():
                audit_record(actor=user, action=AuditEvent.Action.CHANGE, obj=user,
                             reason=f"single sign-on session ended: provider answered {status}")
            auth.logout(request)
            messages.warning(request, _(
                "Ihre Anmeldung ist beendet, weil Ihr Dienstkonto sie nicht mehr erlaubt. "
                "Bitte melden Sie sich neu an oder wenden Sie sich an die Administration."))
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = reverse("login")
                return response
            return redirect("login")
        request.session[SESSION_KEY] = state
        return None


def _allow_form_to_provider(response: HttpResponse) -> None:
    """The log-out form of a single-sign-on page ends at the provider's end-session address;
    the page's CSP must allow that form target (form-action covers the redirects too)."""
    endpoint = settings.NW_OIDC_END_SESSION_ENDPOINT
    if not endpoint:
        return
    parts = urlsplit(endpoint)
    update = dict(getattr(response, "_csp_update", None) or {})
    update["form-action"] = [*update.get("form-action", []), f"{parts.scheme}://{parts.netloc}"]
    response._csp_update = update  # type: ignore[attr-defined]  # read by django-csp


def logout_target(request: HttpRequest) -> HttpResponseRedirect | None:
    """Before the local log-out: where to send a single-sign-on session afterwards."""
    if not is_sso_session(request):
        return None
    url = provider_logout_url(request, request.session.get("oidc_id_token"))
    return HttpResponseRedirect(url) if url else None
