"""Writes for staff accounts and locations. Each is atomic and leaves an audit row.

Staff accounts: an administrator creates them in their own job centre with an initial password
(checked by Django's password validators; it is never shown again), changes names, e-mail,
role and home location, sets a new password when one is forgotten, and deactivates or
reactivates them. Deactivating and a new password end every open session of the account at
once. Portal accounts of participants are not managed here.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.signals import user_login_failed
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neue_wege.organisation.exceptions import AccountError, LocationError
from neue_wege.organisation.models import Location, Municipality, User
from neue_wege.privacy import access
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent

USER_FIELDS = ("first_name", "last_name", "email", "role", "home_location")
LOCATION_FIELDS = ("name", "kind", "municipality", "address")

# --- one password policy per role (docs/security.md, "Passwords") ----------------------------
# Staff: the configured validators (12 characters). Participants: 8 characters, the other
# validators unchanged (many set it on a phone without a password manager; NIST SP 800-63B
# names 8 as the minimum for chosen passwords). Activation, the own password change and an
# administrator's new password all apply the policy of the account's role.
PARTICIPANT_PASSWORD_MIN_LENGTH = 8
_MIN_LENGTH_VALIDATOR = "django.contrib.auth.password_validation.MinimumLengthValidator"


def password_validators_for(account: User) -> list[Any]:
    """The validators of the account's role."""
    if account.role != User.Role.PARTICIPANT:
        return password_validation.get_default_password_validators()
    config = []
    for entry in settings.AUTH_PASSWORD_VALIDATORS:
        if entry["NAME"] == _MIN_LENGTH_VALIDATOR:
            entry = {**entry, "OPTIONS": {**entry.get("OPTIONS", {}),
                                          "min_length": PARTICIPANT_PASSWORD_MIN_LENGTH}}
        config.append(entry)
    return password_validation.get_password_validators(config)


def password_min_length(account: User) -> int:
    for validator in password_validators_for(account):
        if isinstance(validator, password_validation.MinimumLengthValidator):
            return validator.min_length
    return 0


def password_policy_text(account: User) -> str:
    """The policy of the account's role in one plain German sentence, for the form."""
    return str(gettext_lazy(
        "Mindestens %(count)d Zeichen. Nicht nur Zahlen, kein häufig benutztes Passwort und "
        "nicht ähnlich wie Ihr Name oder Benutzername.") % {"count": password_min_length(account)})


# --- throttling beyond the log-in form (django-axes; docs/security.md, "Log-in throttling") ---
# Every failure counts in axes' tables as a failed log-in: a wrong password at log-in, a wrong
# current password on "Passwort ändern" (under the account's user name) and a wrong invitation
# code (under a name no account can have). One user name + address is locked after
# NW_LOGIN_FAILURE_LIMIT failures, the invitation-code page of one address after
# NW_INVITATION_CODE_FAILURE_LIMIT, and an address that failed NW_ADDRESS_FAILURE_LIMIT times
# across all names (password spraying) is locked for every name; all for AXES_COOLOFF_TIME.
INVITATION_CODE_USERNAME = "(Einladungscode)"  # brackets and a space: no account has this name


def throttle_address_failures(request: Any) -> int:
    """Failures from the request's address within the cool-off time, over all names."""
    address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    total = (AccessAttempt.objects
             .filter(ip_address=address, attempt_time__gte=get_cool_off_threshold(request))
             .aggregate(total=Sum("failures_since_start"))["total"])
    return total or 0


def throttle_address_locked(request: Any) -> bool:
    """Has the request's address failed too often over all names (password spraying)?"""
    return throttle_address_failures(request) >= settings.NW_ADDRESS_FAILURE_LIMIT


def throttle_failure_limit(request: Any, credentials: dict | None) -> int:
    """`AXES_FAILURE_LIMIT`: axes counts per user name + address and locks at this number.

    0 locks every name at once: the address itself has failed too often (spraying).
    """
    if throttle_address_locked(request):
        return 0
    if (credentials or {}).get("username") == INVITATION_CODE_USERNAME:
        return settings.NW_INVITATION_CODE_FAILURE_LIMIT
    return settings.NW_LOGIN_FAILURE_LIMIT


def throttle_is_locked(request: Any, username: str) -> bool:
    """Is this name (or the request's address) locked? False when axes is switched off."""
    if not settings.AXES_ENABLED:
        return False
    return AxesProxyHandler.is_locked(request, {"username": username})


def throttle_failure(request: Any, username: str) -> bool:
    """Count a failure (a wrong code or current password); True if it locked the name."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    return bool(getattr(request, "axes_locked_out", False))


def password_validate(password: str, account: User) -> None:
    """Raise Django's `ValidationError` unless the password fits the account's role."""
    password_validation.validate_password(password, account, password_validators_for(account))


def _check_manager(actor: Any, account: User | None = None) -> None:
    if not access.can_manage_accounts(actor):
        raise AccountError(_("Nur die Administration verwaltet Benutzerkonten."))
    if account is not None and not access.is_managed_account(actor, account):
        raise AccountError(_("Dieses Konto gehört nicht zu Ihrem Jobcenter."))


def _check_staff_fields(actor: Any, fields: dict[str, Any]) -> None:
    if "role" in fields and fields["role"] not in access.STAFF_ROLES:
        raise AccountError(_("Bitte wählen Sie eine Rolle für Beschäftigte."))
    location = fields.get("home_location")
    if location is not None and location.job_centre_id != actor.job_centre_id:
        raise AccountError(_("Der Dienstort gehört nicht zu Ihrem Jobcenter."))


def _validate(obj: Any, error_class: type[AccountError | LocationError]) -> None:
    try:
        obj.full_clean()
    except ValidationError as error:
        raise error_class(" ".join(error.messages)) from error


def end_sessions(user: User, *, keep: str | None = None) -> int:
    """Delete every session that logs `user` in (except `keep`); returns how many ended."""
    user_key = str(user.pk)
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == user_key and session.pk != keep:
            ended.append(session.pk)
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


@transaction.atomic(durable=True)
def user_create(*, actor: Any, username: str, password: str, first_name: str, last_name: str,
                email: str = "", role: str, home_location: Location | None = None) -> User:
    """Create a staff account in the actor's job centre with an initial password."""
    _check_manager(actor)
    fields = {"first_name": first_name, "last_name": last_name, "email": email, "role": role,
              "home_location": home_location}
    _check_staff_fields(actor, fields)
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(_("Diesen Benutzernamen gibt es schon."))
    account = User(username=username, job_centre_id=actor.job_centre_id, **fields)
    try:
        password_validate(password, account)
    except ValidationError as error:
        raise AccountError(" ".join(error.messages)) from error
    account.set_password(password)
    _validate(account, AccountError)
    account.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=account,
                 reason=f"role: {role}")
    return account


@transaction.atomic(durable=True)
def user_update(*, actor: Any, user: User, **fields: Any) -> User:
    """Change names, e-mail, role or home location of a staff account."""
    _check_manager(actor, user)
    changes = {name: fields[name] for name in USER_FIELDS if name in fields}
    _check_staff_fields(actor, changes)
    if user.pk == actor.pk and changes.get("role", user.role) != user.role:
        raise AccountError(_("Sie können Ihre eigene Rolle nicht ändern."))
    for name, value in changes.items():
        setattr(user, name, value)
    _validate(user, AccountError)
    user.save()
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=user,
                 reason="changed: " + ", ".join(sorted(changes)))
    return user


@transaction.atomic(durable=True)
def user_set_password(*, actor: Any, user: User, password: str) -> User:
    """Give an account a new password (e.g. forgotten); its open sessions end."""
    _check_manager(actor, user)
    if user.pk == actor.pk:
        raise AccountError(_("Ihr eigenes Passwort können Sie hier nicht ändern."))
    try:
        password_validate(password, user)
    except ValidationError as error:
        raise AccountError(" ".join(error.messages)) from error
    user.set_password(password)
    user.save(update_fields=["password"])
    ended = end_sessions(user)
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=user,
                 reason=f"password set; sessions ended: {ended}")
    return user


@transaction.atomic(durable=True)
def own_password_change(*, user: User, password: str, keep_session: str | None) -> int:
    """A person changes their own password; every other session of the account ends."""
    try:
        password_validate(password, user)
    except ValidationError as error:
        raise AccountError(" ".join(error.messages)) from error
    user.set_password(password)
    user.save(update_fields=["password"])
    ended = end_sessions(user, keep=keep_session)
    audit_record(actor=user, action=AuditEvent.Action.CHANGE, obj=user,
                 reason=f"own password changed; other sessions ended: {ended}")
    return ended


@transaction.atomic(durable=True)
def user_deactivate(*, actor: Any, user: User) -> User:
    """Lock an account: it can no longer log in and its open sessions end now."""
    _check_manager(actor, user)
    if user.pk == actor.pk:
        raise AccountError(_("Sie können Ihr eigenes Konto nicht deaktivieren."))
    if not user.is_active:
        raise AccountError(_("Dieses Konto ist bereits deaktiviert."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = end_sessions(user)
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=user,
                 reason=f"deactivated; sessions ended: {ended}")
    return user


@transaction.atomic(durable=True)
def user_reactivate(*, actor: Any, user: User) -> User:
    """Unlock a deactivated account."""
    _check_manager(actor, user)
    if user.is_active:
        raise AccountError(_("Dieses Konto ist bereits aktiv."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=user, reason="reactivated")
    return user


def _check_location_manager(actor: Any, location: Location | None = None) -> None:
    if not access.can_manage_locations(actor):
        raise LocationError(_("Nur die Administration verwaltet Standorte."))
    if location is not None and location.job_centre_id != actor.job_centre_id:
        raise LocationError(_("Dieser Standort gehört nicht zu Ihrem Jobcenter."))


def _check_unique_name(actor: Any, name: str, exclude: Location | None = None) -> None:
    same = Location.objects.filter(job_centre_id=actor.job_centre_id, name__iexact=name)
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    if same.exists():
        raise LocationError(_("Einen Standort mit diesem Namen gibt es schon."))


@transaction.atomic(durable=True)
def location_create(*, actor: Any, name: str, kind: str, municipality: Municipality,
                    address: str = "") -> Location:
    """Add an office or a mobile venue to the actor's job centre."""
    _check_location_manager(actor)
    _check_unique_name(actor, name)
    location = Location(job_centre_id=actor.job_centre_id, name=name, kind=kind,
                        municipality=municipality, address=address)
    _validate(location, LocationError)
    location.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=location)
    return location


@transaction.atomic(durable=True)
def location_update(*, actor: Any, location: Location, **fields: Any) -> Location:
    """Change name, kind, municipality or address of a location."""
    _check_location_manager(actor, location)
    changes = {name: fields[name] for name in LOCATION_FIELDS if name in fields}
    if "name" in changes:
        _check_unique_name(actor, changes["name"], exclude=location)
    for name, value in changes.items():
        setattr(location, name, value)
    _validate(location, LocationError)
    location.save()
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=location,
                 reason="changed: " + ", ".join(sorted(changes)))
    return location


@transaction.atomic(durable=True)
def location_deactivate(*, actor: Any, location: Location) -> Location:
    """Take a location out of use: new runs cannot choose it; past runs keep it."""
    _check_location_manager(actor, location)
    if not location.is_active:
        raise LocationError(_("Dieser Standort ist bereits deaktiviert."))
    location.is_active = False
    location.save(update_fields=["is_active", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=location,
                 reason="deactivated")
    return location


@transaction.atomic(durable=True)
def location_reactivate(*, actor: Any, location: Location) -> Location:
    """Put a deactivated location back into use."""
    _check_location_manager(actor, location)
    if location.is_active:
        raise LocationError(_("Dieser Standort ist bereits aktiv."))
    location.is_active = True
    location.save(update_fields=["is_active", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=location,
                 reason="reactivated")
    return location


def allowed_languages(user: Any) -> tuple[str, ...]:
    """The languages a person may use: participants (and visitors who are not logged in, on the
    log-in and activation pages) all portal languages, staff German and English only."""
    if getattr(user, "is_authenticated", False) and not getattr(user, "is_participant", False):
        return tuple(settings.NW_STAFF_LANGUAGES)
    return tuple(settings.NW_PORTAL_LANGUAGES)


@transaction.atomic
def user_language_set(*, actor: User, language: str) -> User:
    """A person keeps the language they chose in their account (issue 14): it follows them to
    every device they log in on. Only their own account; a language they may not use is
    refused."""
    if language not in allowed_languages(actor):
        raise AccountError(_("Diese Sprache ist hier nicht verfügbar."))
    if actor.language != language:
        actor.language = language
        actor.save(update_fields=["language"])
        audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=actor,
                     reason=f"language set: {language}")
    return actor
