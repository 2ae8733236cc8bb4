"""System checks for privacy settings, run by `neuewege check --deploy`."""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def field_keys_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Production must bring its own encryption keys for sensitive free text."""
    keys = list(settings.NW_FIELD_KEYS)
    if not keys and not settings.DEBUG:
        return [Error(
            "NW_FIELD_KEYS is empty: sensitive fields (obstacles, strategies) are encrypted "
            "with a development key derived from SECRET_KEY.",
            hint="Generate a key with `python3 -c 'from cryptography.fernet import Fernet; "
                 "print(Fernet.generate_key().decode())'` and set NW_FIELD_KEYS "
                 "(docs/security.md, key rotation).",
            id="neue_wege.E001",
        )]
    errors = []
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            errors.append(Error(
                f"NW_FIELD_KEYS entry {position} is not a Fernet key (32 url-safe base64 "
                "bytes).", id="neue_wege.E002"))
    return errors
