"""Reads of the inbox, always from the viewer's own notices."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, OrderBy, QuerySet, Value, When

from neue_wege.inbox.models import DigestSubscription, Notice
from neue_wege.privacy import access

# Unread first, then the newest; the id makes the order total, for paging by the last row.
NOTICE_ORDER = [
    OrderBy(Case(When(read_at__isnull=True, then=Value(1)), default=Value(0),
                 output_field=IntegerField()), descending=True),
    "-created_at", "-id",
]


def notice_list_for(*, user: Any) -> QuerySet[Notice]:
    return access.notices_for(user).select_related("client").order_by(*NOTICE_ORDER)


def unread_count(*, user: Any) -> int:
    return access.notices_for(user).filter(read_at__isnull=True).count()


def digest_is_on(*, user: Any) -> bool:
    return DigestSubscription.objects.filter(user=user, daily=True).exists()
