"""Small helpers the programmes views share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from neue_wege.core.exceptions import DomainError


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def form_error(form: forms.Form, error: DomainError | ValidationError) -> None:
    """Show a service's error on the form (field errors where the field exists)."""
    if isinstance(error, DomainError):
        form.add_error(None, str(error.message))
        return
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            target: Any = name if name in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def filter_querystring(request: HttpRequest) -> str:
    """The current filters without `page` and `sort`, for sort links."""
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("sort", None)
    return params.urlencode()
