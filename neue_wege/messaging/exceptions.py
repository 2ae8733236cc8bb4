"""Errors of letters, reminders and messages (German messages for the user)."""

from __future__ import annotations

from neue_wege.core.exceptions import DomainError


class MessagingError(DomainError):
    """A rule of the messaging domain was broken."""


class DeliveryError(Exception):
    """A channel could not deliver a message. `transient` failures are tried again later;
    `message` is German and shown to the facilitator."""

    def __init__(self, message: str, *, transient: bool) -> None:
        super().__init__(message)
        self.message = message
        self.transient = transient
