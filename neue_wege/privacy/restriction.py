"""Restriction of processing (Art. 18 GDPR, Einschränkung der Verarbeitung).

Staff handling a data subject request of kind "Einschränkung" set the restriction for the
client and lift it later; both are recorded (`ProcessingRestriction`) and audited. While it is
in force the client's data are only stored:

- every service writes its audit event through `privacy.audit.audit_record` in its own
  transaction; for a creation, change or deletion that concerns a restricted client it raises
  `ProcessingRestrictedError` (German message) and the whole change is rolled back;
- the retention job and erasure on request leave restricted clients untouched.

Not blocked: reading (with the audit log as usual), handling the person's data subject
requests and the restriction itself, consents (giving and withdrawing them is the person's
own act), and what the person does themselves in the portal (their own consent, Art. 18 (2)
GDPR). Others' actions that touch the person's data (e.g. a peer's feedback on their story)
are refused like staff changes.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.utils.translation import gettext_lazy as _

from neue_wege.clients.models import Client
from neue_wege.core.exceptions import DomainError
from neue_wege.privacy.models import AuditEvent, ProcessingRestriction

MESSAGE = _("Die Verarbeitung der Daten dieser Person ist eingeschränkt (Art. 18 DSGVO). "
            "Solange die Einschränkung gilt, kann hier nichts geändert werden. Die "
            "Einschränkung wird bei der Betroffenenanfrage aufgehoben.")

# Records that stay changeable while a restriction is in force (see the module docstring).
EXEMPT_RECORDS = frozenset({"privacy.DataSubjectRequest", "privacy.ProcessingRestriction",
                            "privacy.Consent"})


class ProcessingRestrictedError(DomainError):
    """A change to the data of a client whose processing is restricted."""

    def __init__(self, message: Any = MESSAGE, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message, extra)


def restriction_in_force(client_id: Any) -> ProcessingRestriction | None:
    return (ProcessingRestriction.objects.filter(client_id=client_id, lifted_at__isnull=True)
            .select_related("set_by", "request").first())


def is_restricted(client_id: Any) -> bool:
    return ProcessingRestriction.objects.filter(client_id=client_id,
                                                lifted_at__isnull=True).exists()


def restricted_client_ids() -> set[uuid.UUID]:
    return set(ProcessingRestriction.objects.filter(lifted_at__isnull=True)
               .values_list("client_id", flat=True))


def check_write(*, actor: Any, action: str, object_type: str, client_id: Any) -> None:
    """Refuse a creation, change or deletion of a restricted client's data (called by
    `audit_record`, i.e. inside every service's transaction)."""
    if client_id is None or action not in WRITE_ACTIONS or object_type in EXEMPT_RECORDS:
        return
    if not is_restricted(client_id):
        return
    if _is_the_person(actor, client_id):  # their own doing in the portal (Art. 18 (2))
        return
    raise ProcessingRestrictedError


def _is_the_person(actor: Any, client_id: Any) -> bool:
    return (getattr(actor, "role", None) == "participant"
            and Client.objects.filter(pk=client_id, user_id=actor.pk).exists())


WRITE_ACTIONS = frozenset({AuditEvent.Action.CREATE, AuditEvent.Action.CHANGE,
                           AuditEvent.Action.DELETE})


__all__ = [
    "MESSAGE", "ProcessingRestrictedError", "check_write", "is_restricted",
    "restricted_client_ids", "restriction_in_force",
]
