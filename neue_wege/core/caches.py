"""The shared cache, configured from the environment (docs/configuration.md, "Cache").

`CACHE_URL` (or `REDIS_URL`) names it:

| URL | backend |
|---|---|
| `redis://[:password@]host:6379/0`, `rediss://…` | Django's built-in RedisCache (server needed) |
| `db://table_name` | DatabaseCache: a table in the application's database |
| `locmem://` | per-process memory (each worker its own; tests, one-process runs) |
| `dummy://` | no cache at all |

Without either variable the cache is the DatabaseCache `nw_cache`: shared by every worker and
process, works on SQLite and PostgreSQL and needs no server. Its table is created by
`neuewege migrate` (`create_cache_tables` runs after every migrate, also for the test
database), so `./dev start` and the tests need no extra step.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

DEFAULT_TABLE = "nw_cache"
KEY_PREFIX = "nw"


def cache_from_url(url: str | None) -> dict[str, Any]:
    """One CACHES entry for `url` (None or "": the database cache)."""
    if not url:
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": DEFAULT_TABLE, "KEY_PREFIX": KEY_PREFIX}
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in {"redis", "rediss"}:
        if not parts.hostname and not parts.path:
            raise ImproperlyConfigured(f"CACHE_URL {scheme}:// needs a host, e.g. "
                                       f"{scheme}://127.0.0.1:6379/0")
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url, "KEY_PREFIX": KEY_PREFIX}
    if scheme == "db":
        table = (parts.netloc or parts.path.strip("/")) or DEFAULT_TABLE
        if not table.replace("_", "").isalnum():
            raise ImproperlyConfigured(f"CACHE_URL db:// needs a table name, not {table!r}")
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": table, "KEY_PREFIX": KEY_PREFIX}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": parts.netloc or "neue-wege"}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL {url.split('@')[-1]!r}: use redis://, rediss://, db://, locmem:// or dummy://")


def create_cache_tables(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """`post_migrate` receiver: the DatabaseCache tables exist after every migrate."""
    from django.conf import settings
    from django.core.management import call_command

    if any(c["BACKEND"].endswith("DatabaseCache") for c in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)
