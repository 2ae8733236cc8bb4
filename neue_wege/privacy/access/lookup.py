"""The two answers of the access rules: 404 for outsiders (missing and forbidden look alike),
403 for users inside the scope who lack the right to act."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


def require(allowed: bool) -> None:
    """For users inside the scope who lack the right to act: 403."""
    if not allowed:
        raise PermissionDenied


def not_found() -> Http404:
    return Http404("Nicht gefunden")


def parse_id(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError) as error:
        raise not_found() from error


def get_in_scope(queryset: QuerySet[M], object_id: Any) -> M:
    """The object with this id if it is in `queryset` (the user's scope); 404 otherwise."""
    try:
        return queryset.get(pk=parse_id(object_id))
    except queryset.model.DoesNotExist as error:
        raise not_found() from error
