"""Reads of the inbox, always from the viewer's own notices."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet

from neue_wege.inbox.models import DigestSubscription, Notice
from neue_wege.privacy import access


def notice_list_for(*, user: Any) -> QuerySet[Notice]:
    return access.notices_for(user).select_related("client").order_by(
        F("read_at").asc(nulls_first=True), "-created_at")


def unread_count(*, user: Any) -> int:
    return access.notices_for(user).filter(read_at__isnull=True).count()


def digest_is_on(*, user: Any) -> bool:
    return DigestSubscription.objects.filter(user=user, daily=True).exists()
