"""What a case manager reads of a released item: the content registry.

`privacy.releases` keeps the consent state of a release (who released what to whom, with which
wording, until when). The content of a releasable item belongs to the app that owns the data:
each domain app registers a builder for its own items in its `AppConfig.ready()`
(`strengths.personal_data`, `orientation.personal_data`), so privacy never imports the apps
above it. A release item without a registered builder is not offered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models

from neue_wege.clients.models import Client

Builder = Callable[[Client], dict[str, Any]]

_BUILDERS: dict[str, Builder] = {}


def register(kind: str, builder: Builder) -> None:
    """Register the content builder of the release item `kind` (re-registering replaces)."""
    _BUILDERS[kind] = builder


def is_registered(kind: str) -> bool:
    return kind in _BUILDERS


def build(kind: str, client: Client) -> dict[str, Any]:
    """The content of `kind` for `client`, as the released-item page shows it."""
    return _BUILDERS[kind](client)


def field_rows(obj: models.Model) -> list[tuple[str, Any]]:
    """Readable text/date fields of a record (labels from the model), no ids or references."""
    rows = []
    for model_field in obj._meta.concrete_fields:
        if model_field.primary_key or model_field.is_relation or model_field.name in {
                "created_at", "updated_at"}:
            continue
        value = getattr(obj, model_field.name)
        if value in (None, "", [], {}):
            continue
        if model_field.choices:
            value = getattr(obj, f"get_{model_field.name}_display")()
        rows.append((str(model_field.verbose_name), value))
    return rows
