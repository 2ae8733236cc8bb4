"""The staff inbox (issue 15): every member of staff reads and marks only their own notices."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from neue_wege.inbox.models import Notice
from neue_wege.privacy.access.lookup import get_in_scope
from neue_wege.privacy.access.roles import Viewer, is_staff_member


def notices_for(user: Viewer) -> QuerySet[Notice]:
    if not is_staff_member(user):
        return Notice.objects.none()
    return Notice.objects.filter(recipient=user)


def access_notice(user: Viewer, notice_id: Any) -> Notice:
    return get_in_scope(notices_for(user), notice_id)
