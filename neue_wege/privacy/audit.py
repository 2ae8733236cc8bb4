"""Write audit events. Services call `audit_record` inside their transaction."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db import models

from neue_wege.privacy.models import AuditEvent
from neue_wege.privacy.restriction import check_write


def audit_record(
    *,
    actor: models.Model | None,
    action: str,
    obj: models.Model,
    client_id: uuid.UUID | None = None,
    reason: str = "",
) -> AuditEvent:
    """Write one audit event. A change to the data of a client whose processing is
    restricted (Art. 18) is refused here, inside the calling service's transaction."""
    check_write(actor=actor, action=action, object_type=obj._meta.label, client_id=client_id)
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=str(getattr(actor, "username", "system")),
        action=action,
        object_type=obj._meta.label,
        object_id=str(obj.pk),
        client_id=client_id,
        reason=reason[:300],
    )


def audit_views(*, actor: models.Model, objects: Iterable[models.Model],
                client_id_of=lambda obj: None) -> None:  # noqa: ANN001
    """Log that `actor` saw each of `objects` (one bulk insert for a list page)."""
    label = str(getattr(actor, "username", "system"))
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actor,
            actor_label=label,
            action=AuditEvent.Action.VIEW,
            object_type=obj._meta.label,
            object_id=str(obj.pk),
            client_id=client_id_of(obj),
        )
        for obj in objects
    )
