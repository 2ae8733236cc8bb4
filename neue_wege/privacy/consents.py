"""Consents (Einwilligungen): give, withdraw, read the active one.

A consent is the participant's own recorded permission for one purpose and one item (e.g.
"share this story with the group"). The wording shown is stored with it. Withdrawing sets
`withdrawn_at` and takes effect at once; the row stays as the record of what was agreed.
Only the person the consent belongs to (the client's portal account) gives or withdraws it.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neue_wege.core.exceptions import DomainError
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent, Consent


class ConsentError(DomainError):
    """A consent cannot be given or withdrawn."""


def _object_ref(obj: models.Model) -> tuple[str, str]:
    return obj._meta.label, str(obj.pk)


def _require_own(actor: Any, client: Any) -> None:
    if actor is None or client.user_id is None or client.user_id != actor.pk:
        raise ConsentError(_("Nur die Person selbst kann diese Einwilligung erteilen oder "
                             "widerrufen."))


def active_consent(*, client: Any, purpose: str, obj: models.Model) -> Consent | None:
    """The consent in force for this client, purpose and item, or None."""
    object_type, object_id = _object_ref(obj)
    return (Consent.objects
            .filter(client=client, purpose=purpose, object_type=object_type,
                    object_id=object_id, withdrawn_at__isnull=True)
            .first())


@transaction.atomic
def consent_give(*, actor: Any, client: Any, purpose: str, obj: models.Model,
                 wording: str) -> Consent:
    """Record that `client` agreed to `purpose` for `obj`, having seen `wording`."""
    _require_own(actor, client)
    if purpose not in Consent.Purpose.values:
        raise ConsentError(_("Unbekannter Zweck der Einwilligung."))
    if not (wording or "").strip():
        raise ConsentError(_("Ohne den Text der Einwilligung kann nichts geteilt werden."))
    if active_consent(client=client, purpose=purpose, obj=obj) is not None:
        raise ConsentError(_("Diese Einwilligung haben Sie schon erteilt."))
    object_type, object_id = _object_ref(obj)
    return consent_record(actor=actor, client=client, purpose=purpose, object_type=object_type,
                          object_id=object_id, wording=wording.strip(),
                          reason=f"consent: {purpose}",
                          already=_("Diese Einwilligung haben Sie schon erteilt."))


def consent_record(*, actor: Any, client: Any, purpose: str, object_type: str, object_id: str,
                   wording: str, reason: str, already: str, **fields: Any) -> Consent:
    """Save a consent the caller has checked, and audit it. The one place consent rows are
    created (sharing, releases); a concurrent duplicate hits the unique constraint and gets
    the caller's `already` message."""
    consent = Consent(client=client, purpose=purpose, object_type=object_type,
                      object_id=object_id, wording=wording, given_by=actor, **fields)
    try:
        with transaction.atomic():
            consent.save()
    except IntegrityError as error:  # a concurrent request gave it first
        raise ConsentError(already) from error
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=consent,
                 client_id=client.pk, reason=reason)
    return consent


def consent_end(*, actor: Any, consent: Consent, reason: str,
                end_reason: str = Consent.EndReason.WITHDRAWN) -> Consent:
    """Mark a (locked, in force) consent withdrawn from now on, and audit it."""
    consent.withdrawn_at = timezone.now()
    consent.end_reason = end_reason
    consent.save(update_fields=["withdrawn_at", "end_reason"])
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=consent,
                 client_id=consent.client_id, reason=reason)
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Any, consent: Consent) -> Consent:
    """Withdraw a consent now. Withdrawing twice is an error (nothing left to withdraw)."""
    consent = Consent.objects.select_for_update().select_related("client").get(pk=consent.pk)
    _require_own(actor, consent.client)
    if consent.withdrawn_at is not None:
        raise ConsentError(_("Diese Einwilligung ist schon widerrufen."))
    return consent_end(actor=actor, consent=consent,
                       reason=f"consent withdrawn: {consent.purpose}")


__all__ = ["ConsentError", "active_consent", "consent_give", "consent_withdraw"]
