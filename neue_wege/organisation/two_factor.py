"""Second factor for staff: a TOTP code from an authenticator app (django-otp).

Staff read social data; a guessed or phished password alone must not open it. After the
password, staff with a confirmed device type the current 6-digit code; staff without one set up
an app first (QR code or the key typed in). Until then `SecondFactorRequiredMiddleware` lets
them reach nothing but these pages, log-out, the language switch and the legal pages.

Participants (portal accounts) are exempt: they log in with their own password after the
printed one-time code (decision 0002) and see only their own data.

Wrong codes are throttled by django-otp (`ThrottlingMixin`: after n failures the next try is
refused for 2^(n-1) seconds). Administrators can reset a staff member's second factor; the
account then sets up a new app at its next log-in.

Recovery codes (django-otp's `otp_static`): at set-up, and on request later, a staff member gets
ten single-use codes, shown once. Only a keyed hash of each is stored (HMAC-SHA-256 with a key
derived from SECRET_KEY, 80 bits in `StaticToken.token`); a code is used up by one conditional
DELETE, so two requests with the same code cannot both pass. Wrong codes are throttled like
app codes (`OTP_STATIC_THROTTLE_FACTOR`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from neue_wege.organisation.exceptions import AccountError
from neue_wege.organisation.models import User
from neue_wege.organisation.sso import sso_second_factor_done
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent

DEVICE_NAME = "Authenticator-App"
# Reachable before the second factor: the 2FA pages themselves, log-out, language, legal pages.
OPEN_VIEWS = frozenset({
    "organisation:two-factor-verify", "organisation:two-factor-setup",
    "organisation:two-factor-recovery", "organisation:session-extend", "login", "logout",
    "set_language", "accessibility", "privacy-notice", "imprint", "health", "health-live",
    "health-ready",
})


def requires_second_factor(user: Any) -> bool:
    """Every logged-in account except participants' portal accounts."""
    return bool(getattr(user, "is_authenticated", False)
                and getattr(user, "role", "") != User.Role.PARTICIPANT)


def is_verified(request: HttpRequest) -> bool:
    """Has this session passed the second factor: an app code here, or the county's log-in
    when it includes one (single sign-on with NW_OIDC_TRUST_MFA, organisation/sso.py)?"""
    if sso_second_factor_done(request):
        return True
    is_verified_ = getattr(request.user, "is_verified", None)
    return bool(is_verified_ and is_verified_())


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def safe_next(request: HttpRequest, value: str | None) -> str:
    """Only local addresses as the target after the code (no open redirect)."""
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()},
                                                 require_https=request.is_secure()):
        return value
    return str(settings.LOGIN_REDIRECT_URL)


# --- set-up ---------------------------------------------------------------------------------------
def setup_device_for(user: User) -> TOTPDevice:
    """The unconfirmed device being set up (the same key on every reload until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def key_groups(device: TOTPDevice) -> list[str]:
    """The key in base32, in groups of four characters, for typing it into an app by hand."""
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return [key[i:i + 4] for i in range(0, len(key), 4)]


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code (no inline style: the CSP forbids it)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, title=_("QR-Code für die Authenticator-App"), svgclass="nw-qr",
        lineclass=None)


def verify_code(device: TOTPDevice, code: str) -> tuple[bool, str]:
    """Check a code; (False, German message) when wrong or throttled."""
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        return False, _("Es wurden zu viele falsche Codes eingegeben. Bitte warten Sie einen "
                        "Moment und versuchen Sie es dann mit dem aktuellen Code noch einmal.")
    if not (code.isdigit() and len(code) == device.digits):
        device.throttle_increment()
        return False, _("Bitte geben Sie den 6-stelligen Code aus Ihrer Authenticator-App ein.")
    if not device.verify_token(code):
        return False, _("Dieser Code stimmt nicht oder ist abgelaufen. Bitte geben Sie den "
                        "aktuellen Code aus Ihrer Authenticator-App ein.")
    return True, ""


@transaction.atomic(durable=True)
def device_confirm(request: HttpRequest, device: TOTPDevice) -> None:
    """Mark the set-up device as the account's device and verify this session with it."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    audit_record(actor=request.user, action=AuditEvent.Action.CHANGE, obj=device.user,
                 reason="second factor set up")


def session_verify(request: HttpRequest, device: TOTPDevice) -> None:
    otp_login(request, device)


# --- recovery codes ----------------------------------------------------------------------------
RECOVERY_DEVICE_NAME = "Wiederherstellungscodes"
RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
RECOVERY_CODE_LENGTH = 10  # 31^10 ≈ 8·10^14 (about 50 bits) per code


def recovery_code_normalise(code: str) -> str:
    return "".join(char for char in code.upper() if char.isalnum())


def recovery_code_hash(code: str) -> str:
    """The stored form: keyed hash, base32, 16 characters (fits `StaticToken.token`)."""
    key = hashlib.sha256(("neue-wege-recovery-code:" + settings.SECRET_KEY).encode()).digest()
    digest = hmac.new(key, recovery_code_normalise(code).encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii")[:16]


def recovery_device(user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user,
                                      device__name=RECOVERY_DEVICE_NAME).count()


@transaction.atomic
def recovery_codes_create(*, actor: User) -> list[str]:
    """Ten new codes for the actor (the old ones end); returned in clear only now."""
    device = recovery_device(actor) or StaticDevice.objects.create(
        user=actor, name=RECOVERY_DEVICE_NAME, confirmed=True)
    device.token_set.all().delete()
    codes = ["".join(secrets.choice(RECOVERY_ALPHABET) for _char in range(RECOVERY_CODE_LENGTH))
             for _code in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=recovery_code_hash(code)) for code in codes])
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=actor,
                 reason=f"recovery codes created: {len(codes)}")
    half = RECOVERY_CODE_LENGTH // 2
    return [f"{code[:half]}-{code[half:]}" for code in codes]


def recovery_code_use(request: HttpRequest, code: str) -> tuple[bool, str]:
    """Log in with a recovery code instead of the app: (True, "") or (False, German message)."""
    device = recovery_device(request.user)
    if device is None:
        return False, _("Dieser Wiederherstellungscode stimmt nicht oder wurde schon verwendet.")
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        return False, _("Es wurden zu viele falsche Codes eingegeben. Bitte warten Sie einen "
                        "Moment und versuchen Sie es dann noch einmal.")
    with transaction.atomic():
        used, _by_model = StaticToken.objects.filter(
            device=device, token=recovery_code_hash(code)).delete()
        if not used:
            device.throttle_increment()
            return False, _("Dieser Wiederherstellungscode stimmt nicht oder wurde schon "
                            "verwendet.")
        device.throttle_reset(commit=False)
        device.set_last_used_timestamp(commit=False)
        device.save()
        otp_login(request, device)
        audit_record(actor=request.user, action=AuditEvent.Action.CHANGE, obj=request.user,
                     reason=f"recovery code used; left: {recovery_codes_left(request.user)}")
    return True, ""


# --- administration --------------------------------------------------------------------------------
@transaction.atomic(durable=True)
def second_factor_reset(*, actor: Any, user: User) -> int:
    """Delete an account's devices and end its sessions; it sets up a new app at next log-in."""
    from neue_wege.organisation.services import _check_manager, end_sessions

    _check_manager(actor, user)
    if user.pk == actor.pk:
        raise AccountError(_("Ihren eigenen zweiten Faktor können Sie hier nicht zurücksetzen."))
    deleted, _by_model = TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()  # recovery codes end with the app
    ended = end_sessions(user)
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=user,
                 reason=f"second factor reset; devices removed: {deleted}; "
                        f"sessions ended: {ended}")
    return deleted


@transaction.atomic(durable=True)
def sessions_end(*, actor: Any, user: User) -> int:
    """End every open session of an account (e.g. a lost laptop)."""
    from neue_wege.organisation.services import _check_manager, end_sessions

    _check_manager(actor, user)
    if user.pk == actor.pk:
        raise AccountError(_("Ihre eigenen Sitzungen beenden Sie mit „Abmelden“."))
    ended = end_sessions(user)
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=user,
                 reason=f"sessions ended by administrator: {ended}")
    return ended


# --- middleware -------------------------------------------------------------------------------------
class SecondFactorRequiredMiddleware:
    """Staff sessions without a verified second factor reach only `OPEN_VIEWS`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any,
                     view_kwargs: Any) -> HttpResponse | None:
        if not requires_second_factor(request.user) or is_verified(request):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return None
        target = ("organisation:two-factor-verify" if confirmed_device(request.user)
                  else "organisation:two-factor-setup")
        response = redirect(target)
        if request.method == "GET":
            response["Location"] += "?next=" + quote(request.get_full_path(), safe="/")
        return response


def verify_test_session(session: Any, user: User) -> None:
    """Tests and benchmarks only: mark a session as verified, as `django_otp.login` does."""
    device = confirmed_device(user) or TOTPDevice.objects.create(
        user=user, name=DEVICE_NAME, confirmed=True)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id


def force_login_verified(client: Any, user: User) -> None:
    """Benchmarks and scripts outside pytest: a test client logged in past the second factor."""
    client.force_login(user)
    session = client.session
    if requires_second_factor(user):
        verify_test_session(session, user)
        session.save()
