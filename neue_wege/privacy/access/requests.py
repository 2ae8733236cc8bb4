"""Releases to the case manager and data subject requests (docs/privacy.md)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from neue_wege.clients.models import Client
from neue_wege.privacy import releases
from neue_wege.privacy.access.lookup import get_in_scope, not_found
from neue_wege.privacy.access.roles import (
    Role,
    Viewer,
    can_handle_data_subject_requests,
    can_manage_accounts,
    can_refer,
    is_participant,
)
from neue_wege.privacy.access.staff_records import can_change_client, clients_for
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent, DataSubjectRequest


def access_released_item(user: Viewer, client_id: Any,
                         item_key: str) -> tuple[Client, releases.ReleaseState]:
    """An item of the programme space the client released to this case manager, and in force.

    404 for everything else: other caseloads, no release, withdrawn, released to a former case
    manager, unknown item. Each read is logged with its purpose.
    """
    if not can_refer(user):
        raise not_found()
    client = get_in_scope(clients_for(user).filter(case_manager=user), client_id)
    state = next((s for s in releases.released_to(user, client) if s.item.key == item_key),
                 None)
    if state is None:
        raise not_found()
    AuditEvent.objects.create(
        actor=user, actor_label=user.username, action=AuditEvent.Action.VIEW,
        object_type=state.item.object_type, object_id=str(client.pk), client_id=client.pk,
        reason=f"Freigabe an das Fallmanagement ({state.consent.pk})")
    return client, state


def data_subject_clients_for(user: Viewer) -> QuerySet[Client]:
    """Clients whose requests the user may record: own caseload, or the job centre (admin)."""
    if not can_handle_data_subject_requests(user):
        return Client.objects.none()
    centre = Client.objects.filter(job_centre_id=user.job_centre_id)
    return centre if user.role == Role.ADMINISTRATOR else centre.filter(case_manager=user)


def data_subject_requests_for(user: Viewer) -> QuerySet[DataSubjectRequest]:
    """Requests staff may see and close; a participant sees their own (read only)."""
    if is_participant(user):
        return DataSubjectRequest.objects.filter(client__user=user)
    return DataSubjectRequest.objects.filter(client__in=data_subject_clients_for(user))


def access_data_subject_request(user: Viewer, request_id: Any) -> DataSubjectRequest:
    """A request staff may handle (404 otherwise); reading it is logged."""
    if not can_handle_data_subject_requests(user):
        raise not_found()
    found = data_subject_requests_for(user).select_related("client", "handled_by")
    dsr = get_in_scope(found, request_id)
    audit_record(actor=user, action=AuditEvent.Action.VIEW, obj=dsr, client_id=dsr.client_id)
    return dsr


def can_rectify_from_request(user: Viewer, dsr: DataSubjectRequest) -> bool:
    """A rectification request links to the client's record for the one who may change it:
    the client's own case manager (`can_change_client`)."""
    return (dsr.kind == DataSubjectRequest.Kind.RECTIFICATION
            and can_change_client(user, dsr.client))


def can_export_for_request(user: Viewer) -> bool:
    """Administrators produce the Art. 15 copy for an access request (a person without portal
    account cannot download it themselves) and record its hand-over."""
    return can_manage_accounts(user)


def can_edit_retention_rules(user: Viewer) -> bool:
    """The data protection officer: an administrator account holding the permission
    `privacy.change_retentionrule` (given with `neuewege privacy_officer`; docs/privacy.md)."""
    return can_manage_accounts(user) and user.has_perm("privacy.change_retentionrule")
