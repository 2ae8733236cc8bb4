"""The one base class for domain errors: services raise these, views show their message."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule of the domain was broken; `message` is German, for the user."""

    def __init__(self, message: Any, extra: dict[str, Any] | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.extra = extra or {}
