"""Sensitive free text encrypted at rest: `EncryptedTextField` (text) and `EncryptedJSONField`
(a list or dict, serialised as JSON and then encrypted the same way).

Values are stored as Fernet tokens (AES-128-CBC with HMAC-SHA256, from `cryptography`), so a
database dump, a backup or a replica shows no health note in clear text. Keys come from the
environment (`NW_FIELD_KEYS`, newest first); `MultiFernet` decrypts with any listed key and
encrypts with the first, which is what key rotation needs:

1. put a new key in front of `NW_FIELD_KEYS` and restart,
2. run `neuewege rotate_field_keys` (re-encrypts every value with the new key),
3. remove the old key.

The fields cannot be filtered or ordered on in SQL (the token differs on every save); they are
meant for notes, details and reasons, never for anything looked up. Both are text columns on
SQLite and PostgreSQL alike (an `EncryptedJSONField` is not `jsonb`: a token is not JSON).
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

PREFIX = "fernet:"


def development_key() -> bytes:
    """A key derived from SECRET_KEY, only for development and tests (check --deploy rejects it)."""
    digest = hashlib.sha256(("neue-wege-field-key:" + settings.SECRET_KEY).encode()).digest()
    return base64.urlsafe_b64encode(digest)


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...], secret_key: str) -> MultiFernet:
    del secret_key  # part of the cache key only: a changed SECRET_KEY changes the dev key
    try:
        fernets = [Fernet(key.encode()) for key in keys] or [Fernet(development_key())]
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "NW_FIELD_KEYS must hold Fernet keys (32 url-safe base64 bytes), comma-separated"
        ) from error
    return MultiFernet(fernets)


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.NW_FIELD_KEYS), settings.SECRET_KEY)


def encrypt(text: str) -> str:
    return PREFIX + fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored  # written before the field was encrypted; encrypted on its next save
    try:
        return fernet().decrypt(stored[len(PREFIX):].encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "An encrypted value cannot be read with the keys in NW_FIELD_KEYS "
            "(was a key removed before `neuewege rotate_field_keys` ran?)"
        ) from error


def is_current(stored: str) -> bool:
    """True when the stored value is encrypted with the first (newest) key already."""
    if not stored.startswith(PREFIX):
        return False
    keys = tuple(settings.NW_FIELD_KEYS)
    newest = Fernet(keys[0].encode()) if keys else Fernet(development_key())
    try:
        newest.decrypt(stored[len(PREFIX):].encode("ascii"))
    except InvalidToken:
        return False
    return True


def rotate(stored: str) -> str:
    """The same value encrypted with the current first key."""
    if not stored.startswith(PREFIX):
        return encrypt(stored)
    token = fernet().rotate(stored[len(PREFIX):].encode("ascii"))
    return PREFIX + token.decode("ascii")


class EncryptedTextField(models.TextField):
    """A TextField whose value is encrypted before it reaches the database."""

    description = "Text encrypted at rest (Fernet)"

    def from_stored(self, stored: str) -> Any:
        """The Python value of what the column holds (a token, or clear text from before)."""
        return decrypt(stored)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return value if value is None else self.from_stored(value)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith(PREFIX):
            return decrypt(value)
        return super().to_python(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt(str(value))


class EncryptedJSONField(EncryptedTextField):
    """A JSON value (e.g. a list of reasons) serialised, then encrypted before it reaches the
    database: a list in, a list out. Stored in a text column; key rotation covers it like every
    `EncryptedTextField` (it is one). Values written before the field was encrypted (clear
    JSON text) still read, and are encrypted on their next save or by the rotation."""

    description = "JSON encrypted at rest (Fernet)"

    def from_stored(self, stored: str) -> Any:
        return json.loads(decrypt(stored))

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith(PREFIX):
            return self.from_stored(value)
        return value  # already a Python value (as `models.JSONField` does)

    def get_prep_value(self, value: Any) -> Any:
        value = models.Field.get_prep_value(self, value)  # not TextField's: no str()
        if value is None:
            return None
        return encrypt(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))

    def value_to_string(self, obj: models.Model) -> Any:
        return self.value_from_object(obj)  # serialisers keep the list, as with JSONField

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        return models.Field.formfield(self, **{"form_class": forms.JSONField,
                                              "encoder": DjangoJSONEncoder, **kwargs})


def encrypted_fields() -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) pair that holds encrypted text or JSON, for key rotation."""
    from django.apps import apps

    return [(model, field.name)
            for model in apps.get_models()
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField)]


def encrypt_existing_rows(app_label: str, model_name: str, *fields: str) -> Any:
    """A data migration step for fields that became `EncryptedTextField`s (or
    `EncryptedJSONField`s).

    Forwards, every clear-text value is encrypted with the newest key (the same batches as
    `neuewege rotate_field_keys`, so it is safe to repeat); backwards, the clear text (for JSON:
    the JSON text) is written back so the column can become a plain text (or JSON) column again.
    Put it after the `AlterField`: on PostgreSQL a `jsonb` column is then already `text`.
    """
    from django.db import migrations
    from django.db.models import TextField, Value
    from django.db.models.functions import Cast

    def forwards(apps: Any, schema_editor: Any) -> None:
        from neue_wege.privacy.management.commands.rotate_field_keys import rotate_field

        model = apps.get_model(app_label, model_name)
        for field in fields:
            rotate_field(model, field, batch_size=500)

    def backwards(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        for field in fields:
            rows = (model._base_manager.exclude(**{f"{field}__isnull": True})
                    .annotate(stored=Cast(field, output_field=TextField()))
                    .values_list("pk", "stored"))
            for pk, stored in list(rows):
                model._base_manager.filter(pk=pk).update(
                    **{field: Value(decrypt(stored), output_field=TextField())})

    return migrations.RunPython(forwards, backwards, elidable=False)
