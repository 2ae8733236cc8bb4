"""Python objects stored in the database behind an HMAC of the SECRET_KEY.

Stored results (evaluation snapshots, the management overview) are pickled dataclasses. Pickle
runs code when it loads, so whoever could write those database columns could make the
application run their code. `seal` puts a signature of the SECRET_KEY in front of the bytes and
`unseal` refuses anything it did not sign; the purpose string keeps one kind of stored object
from being accepted as another.
"""

from __future__ import annotations

import hashlib
import hmac
import pickle  # noqa: S403 - only bytes signed by seal() are ever unpickled
from typing import Any

from django.conf import settings


class BrokenSeal(ValueError):
    """The stored bytes were not signed by this installation for this purpose."""


def _signature(purpose: str, data: bytes) -> bytes:
    key = hashlib.sha256(f"neue-wege {purpose}|".encode() + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, data, hashlib.sha256).digest()


def seal(value: Any, *, purpose: str) -> bytes:
    """``value`` pickled, with the signature for ``purpose`` in front."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return _signature(purpose, data) + data


def unseal(stored: bytes, *, purpose: str) -> Any:
    """What `seal` stored for ``purpose``; `BrokenSeal` if the signature does not match."""
    signature, data = stored[:32], stored[32:]
    if not hmac.compare_digest(signature, _signature(purpose, data)):
        raise BrokenSeal(f"{purpose}: signature does not match")
    return pickle.loads(data)  # noqa: S301 - signed by seal() with the SECRET_KEY
