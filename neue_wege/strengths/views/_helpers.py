"""Small helpers the strengths views share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from neue_wege.core.exceptions import DomainError


def form_error(form: forms.Form, error: DomainError | ValidationError) -> None:
    """Show a service's error on the form (field errors where the field exists)."""
    if isinstance(error, DomainError):
        form.add_error(None, str(error.message))
        return
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
