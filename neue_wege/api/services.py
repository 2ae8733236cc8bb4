"""Writes of the API: client systems and their tokens (administration), and the API's own writes,
each through the domain services of `clients` (no model of another app is written here).

Idempotency: a create carries the client system's `external_id`; the pair (client system,
external id) is unique (`ExternalReference`), so repeating a create returns the record made the
first time, also when two requests race (the second one's insert fails and it reads the first).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from neue_wege.api import selectors
from neue_wege.api.auth import token_new
from neue_wege.api.models import ApiClient, ApiToken, ExternalReference, Scope
from neue_wege.api.problems import Problem
from neue_wege.clients import services as client_services
from neue_wege.clients.models import Client, Referral
from neue_wege.core.exceptions import DomainError
from neue_wege.organisation.models import Municipality, User
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent

TOKEN_DAYS_DEFAULT = 365


# --- administration -----------------------------------------------------------------------------
@transaction.atomic
def api_client_create(*, actor: User, name: str, scopes: list[str],
                      rate_limit_per_minute: int = 120) -> ApiClient:
    name = name.strip()
    if not name:
        raise DomainError(_("Bitte geben Sie einen Namen an."))
    unknown = set(scopes) - set(Scope.values)
    if unknown or not scopes:
        raise DomainError(_("Bitte wählen Sie mindestens eine gültige Berechtigung."))
    if ApiClient.objects.filter(job_centre_id=actor.job_centre_id, name=name).exists():
        raise DomainError(_("Ein System mit diesem Namen gibt es schon."))
    # The technical account the domain services record as the actor: no password, inactive
    # and no role at all, so no access rule, staff list or participant page ever counts it
    # (it never logs in and is not an account administrators manage).
    service_user = User.objects.create(
        username=f"api-{uuid.uuid4().hex[:12]}", password=make_password(None),
        role="", job_centre_id=actor.job_centre_id, is_active=False,
        first_name=_("Schnittstelle"), last_name=name[:100])
    api_client = ApiClient.objects.create(
        job_centre_id=actor.job_centre_id, name=name, scopes=sorted(set(scopes)),
        rate_limit_per_minute=rate_limit_per_minute, service_user=service_user,
        created_by=actor)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=api_client,
                 reason="api client: " + ",".join(api_client.scopes))
    return api_client


@transaction.atomic
def api_client_set_active(*, actor: User, api_client: ApiClient, active: bool) -> ApiClient:
    api_client.is_active = active
    api_client.save(update_fields=["is_active", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=api_client,
                 reason="api client " + ("activated" if active else "deactivated"))
    return api_client


@transaction.atomic
def token_issue(*, actor: User, api_client: ApiClient, days: int = TOKEN_DAYS_DEFAULT
                ) -> tuple[ApiToken, str]:
    """A new token; the clear text is returned once and never stored."""
    if not 1 <= days <= 730:
        raise DomainError(_("Ein Zugangsschlüssel gilt mindestens einen Tag und höchstens "
                            "zwei Jahre."))
    token, prefix, hashed = token_new()
    row = ApiToken.objects.create(api_client=api_client, prefix=prefix, hash=hashed,
                                  expires_at=timezone.now() + dt.timedelta(days=days))
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=row, reason="api token")
    return row, token


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=token,
                     reason="api token revoked")
    return token


# --- clients ------------------------------------------------------------------------------------
MASTER_FIELDS = ("case_number", "first_name", "last_name", "date_of_birth", "gender", "phone",
                 "email", "benefit_since", "single_parent", "children", "german_level",
                 "health_limits", "qualification")


@dataclass
class Written:
    obj: Any
    created: bool
    changed: bool = False


def _errors(error: ValidationError) -> list[dict[str, str]]:
    fields = getattr(error, "message_dict", {"__all__": error.messages})
    return [{"pointer": "/" + ("" if name == "__all__" else _api_name(name)),
             "detail": " ".join(str(m) for m in messages)} for name, messages in fields.items()]


def _api_name(field: str) -> str:
    return {"municipality": "municipality_ags"}.get(field, field)


def _domain_fields(api_client: ApiClient, data: dict[str, Any]) -> dict[str, Any]:
    fields = {name: data[name] for name in MASTER_FIELDS if data.get(name) is not None}
    if data.get("municipality_ags") is not None:
        municipality = Municipality.objects.filter(ags=data["municipality_ags"]).first()
        if municipality is None:
            raise Problem(422, errors=[{"pointer": "/municipality_ags",
                                        "detail": _("Diesen Gemeindeschlüssel kennen wir nicht.")}])
        fields["municipality"] = municipality
    return fields


def _case_manager(api_client: ApiClient, username: str | None) -> User | None:
    if username is None:
        return None
    user = User.objects.filter(username=username, job_centre_id=api_client.job_centre_id,
                               role=User.Role.CASE_MANAGER, is_active=True).first()
    if user is None:
        raise Problem(422, errors=[{"pointer": "/case_manager", "detail": _(
            "Eine aktive Fallmanagerin oder einen aktiven Fallmanager mit diesem "
            "Benutzernamen gibt es in diesem Jobcenter nicht.")}])
    return user


def _domain_call(function: Any, **kwargs: Any) -> Any:
    try:
        return function(**kwargs)
    except ValidationError as error:
        raise Problem(422, errors=_errors(error)) from error
    except DomainError as error:
        raise Problem(409, str(error.message)) from error


def client_create_or_get(*, api_client: ApiClient, data: dict[str, Any]) -> Written:
    """Create a client with master data; the same external id again returns the first one.

    A client the job centre already has under the same case number (entered in the web
    application) is linked to the external id and its master data updated."""
    existing = selectors.referenced(api_client, ExternalReference.Kind.CLIENT, data["external_id"])
    if existing is not None:
        return Written(selectors.client_get(api_client, existing, audit=False), created=False)
    actor = api_client.service_user
    case_manager = _case_manager(api_client, data.get("case_manager"))
    fields = _domain_fields(api_client, data)
    known = selectors.clients_for(api_client).filter(case_number=data.get("case_number")).first()
    if known is not None:
        try:
            with transaction.atomic():
                ExternalReference.objects.create(api_client=api_client,
                                                 kind=ExternalReference.Kind.CLIENT,
                                                 external_id=data["external_id"], object_id=known.pk)
        except IntegrityError:
            return client_create_or_get(api_client=api_client, data=data)
        written = client_change(api_client=api_client, client=known, data=data)
        return Written(written.obj, created=False, changed=written.changed)
    if case_manager is None:
        raise Problem(422, errors=[{"pointer": "/case_manager", "detail": _("Dieses Feld fehlt.")}])
    try:
        with transaction.atomic():
            client = _domain_call(client_services.client_create, actor=actor, **fields)
            _domain_call(client_services.client_case_manager_change, actor=actor, client=client,
                         case_manager=case_manager)
            ExternalReference.objects.create(api_client=api_client,
                                             kind=ExternalReference.Kind.CLIENT,
                                             external_id=data["external_id"], object_id=client.pk)
    except IntegrityError:  # a parallel request with the same external id was first
        existing = selectors.referenced(api_client, ExternalReference.Kind.CLIENT,
                                        data["external_id"])
        if existing is None:
            raise
        return Written(selectors.client_get(api_client, existing, audit=False), created=False)
    client.refresh_from_db()
    return Written(client, created=True)


def client_change(*, api_client: ApiClient, client: Client, data: dict[str, Any]) -> Written:
    """Change master data (only the fields given); a new case manager is a hand-over."""
    actor = api_client.service_user
    case_manager = _case_manager(api_client, data.get("case_manager"))
    fields = _domain_fields(api_client, data)
    changed = {name: value for name, value in fields.items()
               if getattr(client, name) != value}
    if changed:
        client = _domain_call(client_services.client_update, actor=actor, client=client, **changed)
    if case_manager is not None and case_manager.pk != client.case_manager_id:
        client = _domain_call(client_services.client_case_manager_change, actor=actor,
                              client=client, case_manager=case_manager)
        changed["case_manager"] = case_manager
    return Written(client, created=False, changed=bool(changed))


# --- referrals ----------------------------------------------------------------------------------
def referral_create_or_get(*, api_client: ApiClient, data: dict[str, Any]) -> Written:
    existing = selectors.referenced(api_client, ExternalReference.Kind.REFERRAL,
                                    data["external_id"])
    if existing is not None:
        return Written(selectors.referral_get(api_client, existing), created=False)
    client = selectors.client_get(api_client, data["client_id"], audit=False)
    run = selectors.run_get(api_client, data["run_id"])
    try:
        with transaction.atomic():
            referral: Referral = _domain_call(
                client_services.referral_create, actor=api_client.service_user, client=client,
                run=run, potential_note=data["potential_note"],
                fit_reason=data.get("fit_reason") or "")
            ExternalReference.objects.create(api_client=api_client,
                                             kind=ExternalReference.Kind.REFERRAL,
                                             external_id=data["external_id"],
                                             object_id=referral.pk)
    except IntegrityError:
        existing = selectors.referenced(api_client, ExternalReference.Kind.REFERRAL,
                                        data["external_id"])
        if existing is None:
            raise
        return Written(selectors.referral_get(api_client, existing), created=False)
    return Written(referral, created=True)
