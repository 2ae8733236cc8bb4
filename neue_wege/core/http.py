"""Small helpers every app's views share: the htmx check, a service's errors on a form, and
one service call with its success or error message.

List pages (filter, sort links, pagination) live in `core/pagination.py` and render
`core/partials/_pagination.html` and `core/partials/_sort_header.html`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from neue_wege.core.exceptions import DomainError

T = TypeVar("T")


def is_htmx(request: HttpRequest) -> bool:
    """True for a request htmx sent (it then wants a partial, not the whole page)."""
    return request.headers.get("HX-Request") == "true"


def form_error(form: forms.BaseForm, error: DomainError | ValidationError) -> None:
    """Show a service's error on the form: field errors on their field where it exists,
    everything else above the form."""
    if isinstance(error, DomainError):
        form.add_error(None, str(error.message))
        return
    if hasattr(error, "error_dict"):
        for name, field_messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, field_messages)
    else:
        form.add_error(None, error.messages)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """How a service call went: true when it succeeded; `value` is what the service returned."""

    ok: bool
    value: T | None = None

    def __bool__(self) -> bool:
        return self.ok


def service_call(request: HttpRequest, call: Callable[[], T], *,
                 success: str | Callable[[T], str],
                 form: forms.BaseForm | None = None,
                 errors: tuple[type[Exception], ...] = (DomainError,),
                 warnings: tuple[type[DomainError], ...] = ()) -> Outcome[T]:
    """Run one service call and say how it went (the try/except/messages block of a view).

    On success the `success` message (or `success(result)`) is shown. An error of `errors`
    goes onto `form` when one is given (the page re-renders it), otherwise it becomes an
    error message (a warning for the kinds in `warnings`, e.g. a full run)."""
    try:
        result = call()
    except errors as error:
        if form is not None:
            form_error(form, error)  # type: ignore[arg-type]
        elif isinstance(error, warnings):
            messages.warning(request, str(error.message))
        else:
            messages.error(request, str(getattr(error, "message", error)))
        return Outcome(ok=False)
    messages.success(request, success(result) if callable(success) else success)
    return Outcome(ok=True, value=result)


__all__ = ["Outcome", "form_error", "is_htmx", "service_call"]
