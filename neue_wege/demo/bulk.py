"""Writing many unsaved model instances fast: COPY on PostgreSQL, `bulk_create` elsewhere.

`bulk_create` builds one SQL string per batch, which costs more than generating the rows at a
million clients. On PostgreSQL the rows go through psycopg's `cursor.copy()` instead (COPY
FROM STDIN): no SQL text, no parameter lists. The instances are taken as they are, so this
only suits fresh rows without signals or `save()` logic (scale data, never user input):

- `auto_now`/`auto_now_add` columns get one timestamp for the whole write;
- choice enums are written as their value (psycopg would write an enum's *name*);
- JSON columns are wrapped as `Jsonb`;
- integer primary keys that the database numbers (``AutoField``) are left to the sequence;
- an `EncryptedTextField` column is encrypted per value, the way `get_prep_value` does it, so
  no plaintext reaches the table (the scale data writes none today).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, models
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

from neue_wege.privacy.fields import EncryptedTextField


def _column(field: models.Field, now: Any, keys: Any) -> Callable[[Any], Any]:
    """How to read ``field``'s database value from an instance, or from a dict of attnames."""
    attname = field.attname
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: now
    if keys is not None and attname not in keys:
        if field.has_default() and callable(field.default):
            return lambda obj: field.get_default()
        constant = field.get_default()  # "" for a text column without a default, else None
        return lambda obj: constant
    read: Callable[[Any], Any] = ((lambda obj: obj[attname]) if keys is not None
                                  else (lambda obj: obj.__dict__[attname]))
    if isinstance(field, EncryptedTextField):
        return lambda obj: field.get_prep_value(read(obj))
    if isinstance(field, models.JSONField):
        from psycopg.types.json import Jsonb

        return lambda obj: Jsonb(read(obj))
    if field.choices:
        def value(obj: Any) -> Any:
            raw = read(obj)
            return raw.value if isinstance(raw, enum.Enum) else raw
        return value
    return read


def write(model: type[models.Model], objects: Iterable[Any], *, batch_size: int = 2000) -> int:
    """Insert ``objects``: unsaved instances, or dicts of attnames (all with the same keys;
    missing columns get the field's default). Primary keys must be set unless the database
    numbers them."""
    objects = list(objects)
    if not objects:
        return 0
    keys = set(objects[0]) if isinstance(objects[0], dict) else None
    if connection.vendor != "postgresql":
        if keys is not None:
            objects = [model(**row) for row in objects]
        model.objects.bulk_create(objects, batch_size=batch_size)
        return len(objects)
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, AutoFieldMixin)]
    getters = [_column(f, now, keys) for f in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                copy.write_row([get(obj) for get in getters])
    return len(objects)
