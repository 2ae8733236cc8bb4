"""Domain errors of the organisation app (German messages for the user)."""

from __future__ import annotations

from neue_wege.core.exceptions import DomainError


class AccountError(DomainError):
    """A staff account cannot be created or changed this way."""


class LocationError(DomainError):
    """A location cannot be created or changed this way."""
