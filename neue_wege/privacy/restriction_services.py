"""Set and lift the restriction of processing (Art. 18 GDPR): the writes, with their audit
rows. The check every service runs lives in `restriction.py`, which `audit.py` imports."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neue_wege.core.exceptions import DomainError
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent, ProcessingRestriction
from neue_wege.privacy.restriction import is_restricted


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Bitte geben Sie den Grund an."))
    return reason


@transaction.atomic
def restriction_set(*, actor: Any, client: Any, reason: str, request: Any = None
                    ) -> ProcessingRestriction:
    """Restrict the processing of `client` from now on."""
    reason = _require_reason(reason)
    if is_restricted(client.pk):
        raise DomainError(_("Die Verarbeitung ist für diese Person schon eingeschränkt."))
    restriction = ProcessingRestriction(client=client, request=request, reason=reason,
                                        set_by=actor)
    try:
        with transaction.atomic():
            restriction.save()
    except IntegrityError as error:  # a parallel request set it first
        raise DomainError(_("Die Verarbeitung ist für diese Person schon eingeschränkt.")
                          ) from error
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=restriction,
                 client_id=client.pk, reason="Art. 18: eingeschränkt")
    return restriction


@transaction.atomic
def restriction_lift(*, actor: Any, client: Any, reason: str) -> ProcessingRestriction:
    """Lift the restriction in force; the row stays as the record."""
    reason = _require_reason(reason)
    restriction = (ProcessingRestriction.objects.select_for_update()
                   .filter(client_id=client.pk, lifted_at__isnull=True).first())
    if restriction is None:
        raise DomainError(_("Für diese Person ist keine Einschränkung in Kraft."))
    restriction.lifted_at = timezone.now()
    restriction.lifted_by = actor
    restriction.lift_reason = reason
    restriction.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=restriction,
                 client_id=client.pk, reason="Art. 18: aufgehoben")
    return restriction
