"""Bearer tokens of the client systems, scopes and the rate limit per client.

A token reads `nw_<prefix>_<secret>`: the prefix finds the row, the SHA-256 hash of the whole
token must match (compared in constant time). Revoked, expired tokens and deactivated client
systems answer 401. The rate limit is a fixed window per client system and minute in the
shared cache (`CACHES["default"]`, so all app processes count together); beyond it 429 with
`Retry-After`.
"""

from __future__ import annotations

import hmac
import secrets
import time
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from neue_wege.api.models import ApiClient, ApiToken, token_hash
from neue_wege.api.problems import Problem

TOKEN_PREFIX = "nw_"  # noqa: S105  (the visible start of every token, not a secret)
WINDOW_SECONDS = 60


def token_new() -> tuple[str, str, str]:
    """(token shown once, prefix stored, hash stored)."""
    prefix = secrets.token_hex(6)
    token = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    return token, prefix, token_hash(token)


def token_lookup(token: str) -> ApiToken | None:
    parts = token.split("_")
    if len(parts) < 3 or not token.startswith(TOKEN_PREFIX):
        return None
    row = (ApiToken.objects.select_related("api_client__job_centre",
                                           "api_client__service_user")
           .filter(prefix=parts[1][:16]).first())
    if row is None or not hmac.compare_digest(row.hash, token_hash(token)):
        return None
    return row


def rate_limit_check(api_client: ApiClient) -> None:
    """Count this call in the client's current window; raise 429 beyond its limit."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"api-rate:{api_client.pk}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS + 5)
        count = 1
    if count > api_client.rate_limit_per_minute:
        retry_after = max(1, int((window + 1) * WINDOW_SECONDS - now) + 1)
        raise Problem(429, _("Dieses System darf höchstens %(n)s Anfragen pro Minute senden. "
                             "Bitte warten Sie %(s)s Sekunden.")
                      % {"n": api_client.rate_limit_per_minute, "s": retry_after},
                      headers={"Retry-After": str(retry_after)})


class TokenAuth(HttpBearer):
    """Ninja's bearer scheme: sets `request.api_client` and `request.api_token`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = token_lookup(token.strip())
        if row is None:
            return None
        request.api_token_prefix = row.prefix  # type: ignore[attr-defined]
        api_client = row.api_client
        if not row.is_usable or not api_client.is_active:
            return None
        request.api_client = api_client  # type: ignore[attr-defined]
        rate_limit_check(api_client)
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        return api_client


def require_scope(request: HttpRequest, scope: str) -> ApiClient:
    api_client: ApiClient = request.auth  # type: ignore[attr-defined]
    if not api_client.has_scope(scope):
        raise Problem(403, _("Dieser Zugangsschlüssel hat die Berechtigung „%(scope)s“ nicht.")
                      % {"scope": scope})
    return api_client
