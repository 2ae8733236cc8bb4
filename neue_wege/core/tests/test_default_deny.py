"""Default deny: every URL except the explicit allowlist sends anonymous users to the login.

The URL patterns are read from the resolver, so a new page is covered the day it is added;
path parameters are filled with random values of their converter's type (UUIDs for ids).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import (
    NoReverseMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    resolve,
    reverse,
)
from django.urls.converters import IntConverter, UUIDConverter

pytestmark = pytest.mark.django_db

# Pages everyone may open. Adding a name here is a security decision: say why in the review.
# portal:account-activate: participants set up their account with the one-time code from
# their printed invitation before they have a password (portal/services.py).
# orientation:attributions: the licence notices of ESCO, KldB and O*NET, linked from the
# footer of every page including the login page; no data beyond the classification names.
# service-worker, web-manifest, offline (issue 14): the installable portal's worker script,
# its manifest and the "no connection" page hold no personal data and must load before and
# after log-in. portal:session-login: the log-in dialog of a page whose session ended (it
# is a log-in form, answers JSON, logs in participants only, throttled like the login page).
# health-live, health-ready: probes of the load balancer and orchestrator; booleans only.
# api:v1:openapi-json: the API's schema for the case system's developers; no data.
ALLOWLIST = {"accessibility", "privacy-notice", "imprint", "health", "login", "set_language",
             "portal:account-activate", "orientation:attributions",
             "service-worker", "web-manifest", "offline", "portal:session-login",
             "health-live", "health-ready", "api:v1:openapi-json"}


def _sample(converter: object) -> object:
    if isinstance(converter, UUIDConverter):
        return uuid.uuid4()
    if isinstance(converter, IntConverter):
        return random.randint(1, 10**9)
    # str, slug, path and custom converters; reverse() reports a custom one that refuses it
    return f"x{uuid.uuid4().hex[:12]}"


def _walk(patterns: list, namespace: str = "", converters: dict | None = None
          ) -> Iterator[tuple[str | None, str, dict]]:
    for entry in patterns:
        found = {**(converters or {}), **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner, found)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield name, str(entry.pattern), found


def _collect() -> tuple[list[tuple[str, str]], list[str]]:
    """(name, path) of every page, and the patterns that could not be turned into a path."""
    urls, problems = set(), []
    for name, pattern, converters in _walk(get_resolver().url_patterns):
        if name is None:
            problems.append(f"unnamed URL pattern {pattern!r}: name every page")
            continue
        kwargs = {key: _sample(converter) for key, converter in converters.items()}
        try:
            urls.add((name, reverse(name, kwargs=kwargs)))
        except NoReverseMatch:
            problems.append(f"{name}: cannot build a path (re_path without converters?)")
    return sorted(urls), problems


URLS, PROBLEMS = _collect()
# Not behind the log-in page, but closed all the same: the REST API answers token-less calls
# with 401/404 problem documents (docs/api.md), and the county log-in (single sign-on) is 404
# until an installation configures it (docs/single-sign-on.md).
TOKEN_API = [(name, path) for name, path in URLS if name.startswith("api:v1:")
             and name not in ALLOWLIST]
SSO = {"organisation:sso-login", "organisation:sso-callback"}
PROTECTED = [(name, path) for name, path in URLS
             if name not in ALLOWLIST and not name.startswith("api:v1:") and name not in SSO]


def test_every_pattern_is_named_and_reversible():
    assert PROBLEMS == []


def test_the_walk_finds_the_known_pages():
    names = {name for name, _ in URLS}
    assert ALLOWLIST <= names
    assert {"dashboards:home", "organisation:user-list", "organisation:user-update",
            "organisation:location-update", "logout", "set_language"} <= names
    assert len(PROTECTED) > 10


@pytest.mark.parametrize(("name", "path"), TOKEN_API, ids=[name for name, _ in TOKEN_API])
def test_the_api_refuses_calls_without_a_token(client, name, path):
    for method in ("get", "post"):
        response = getattr(client, method)(path)
        assert response.status_code in (401, 404, 405), f"{name}: {response.status_code}"
        assert response["Content-Type"].startswith("application/problem+json")


def test_the_county_log_in_is_closed_until_configured(client):
    for name in SSO:
        assert client.get(reverse(name)).status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("name", "path"), PROTECTED, ids=[name for name, _ in PROTECTED])
def test_anonymous_user_is_sent_to_login(client, name, path, method):
    response = getattr(client, method)(path)
    assert response.status_code == 302, f"{name} answered {response.status_code}"
    target = urlsplit(response["Location"])
    assert target.path == reverse(settings.LOGIN_URL)
    assert target.query.startswith("next=")
    assert resolve(path).url_name == name.rsplit(":", 1)[-1]


@pytest.mark.parametrize("name", sorted(ALLOWLIST))
def test_allowlisted_pages_do_not_redirect_to_login(client, name):
    response = client.get(reverse(name))
    if name == "set_language":  # answers with a redirect back, never to the login page
        assert response.status_code == 302
        assert not response.url.startswith(reverse("login"))
    elif name == "portal:session-login":  # a log-in by POST only; anonymous is its purpose
        assert response.status_code == 405
        assert client.post(reverse(name)).status_code == 400
    elif name == "health-ready":  # 503 here: no task worker has reported (test_health.py)
        assert response.status_code == 503
    else:
        assert response.status_code == 200
