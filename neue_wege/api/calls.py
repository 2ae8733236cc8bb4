"""The envelope of every API view: one `ApiCall` row per call and problem details for answers
that Django Ninja gives without them (405 for a method the path does not have).

The views authenticate with their own bearer tokens, never with the session: the envelope marks
them as not needing a log-in (LoginRequiredMiddleware) and CSRF-exempt (no cookie is used).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver

from neue_wege.api import problems
from neue_wege.api.models import ApiCall

logger = logging.getLogger("neue_wege.api")


def _record(request: HttpRequest, name: str, status: int) -> None:
    api_client = getattr(request, "api_client", None)
    try:
        ApiCall.objects.create(
            api_client=api_client, token_prefix=getattr(request, "api_token_prefix", "")[:16],
            method=(request.method or "")[:8], endpoint=name[:120], status=status,
            object_ids=list(getattr(request, "api_object_ids", []))[:50])
    except Exception:  # the answer must not fail because its log row failed
        logger.exception("API call log failed for %s", name)


# Views of Django Ninja that take any method: only these.
READ_ONLY = {"openapi-json": ("GET", "HEAD")}


def envelope(view: Callable[..., HttpResponse], name: str) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if name in READ_ONLY and request.method not in READ_ONLY[name]:
            answer = problems.response(request, 405, headers={"Allow": ", ".join(READ_ONLY[name])})
            _record(request, name, 405)
            return answer
        answer = view(request, *args, **kwargs)
        if answer.status_code >= 400 and not answer.get("Content-Type", "").startswith(
                problems.CONTENT_TYPE):
            allow = answer.get("Allow")
            answer = problems.response(request, answer.status_code)
            if allow:
                answer["Allow"] = allow
        answer.setdefault("Cache-Control", "no-store")
        _record(request, name, answer.status_code)
        return answer

    wrapped.csrf_exempt = True  # type: ignore[attr-defined]
    wrapped.login_required = False  # type: ignore[attr-defined]
    return wrapped


def enveloped(patterns: list[Any], namespace: str = "") -> list[Any]:
    """The patterns of the Ninja API with every view in the envelope."""
    result = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            result.append(URLResolver(entry.pattern, enveloped(entry.url_patterns),
                                      entry.default_kwargs, entry.app_name, entry.namespace))
        elif isinstance(entry, URLPattern):
            result.append(URLPattern(entry.pattern, envelope(entry.callback, entry.name or str(
                entry.pattern)), entry.default_args, entry.name))
    return result
