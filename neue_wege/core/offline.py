"""Offline use (issue 14, docs/offline.md): which pages the service worker may keep, and the
opaque tag that keeps one user's offline copies apart from the next user's on a shared phone.

The service worker (`core/templates/core/sw.js`, built on workbox from npm) reads two headers
that `core.middleware.NoStoreForAuthenticatedMiddleware` adds to responses for logged-in users:

- `X-NW-User`: `user_tag(user)`, an HMAC of the user's id (no name, no number). When a
  response names another user than the copies in the cache, or no user (the log-in page), the
  worker deletes every kept page.
- `X-NW-Offline: 1`: this page may be kept for reading offline. Only a participant's own
  portal pages and a facilitator's attendance page; never pages that show other people's
  texts (the group space, a peer's story) and never downloads.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

USER_HEADER = "X-NW-User"
OFFLINE_HEADER = "X-NW-Offline"
# A view sets this attribute on the request to keep its page out of the offline cache.
OPT_OUT_ATTRIBUTE = "nw_not_offline"

# Portal pages (namespace "portal") that are never kept: other people's texts and files.
PORTAL_NOT_KEPT = frozenset({
    "group-stories", "feedback-create", "invitation-create", "invitation-pdf", "profile-pdf",
    "my-data-json", "my-data-pdf", "pathway-steps-pdf", "session-login",
})
STAFF_KEPT = frozenset({("programmes", "session-attendance")})


def user_tag(user: Any) -> str:
    """A stable, opaque name for the logged-in user (empty for anonymous)."""
    if not getattr(user, "is_authenticated", False):
        return ""
    return salted_hmac("neue_wege.offline.user", str(user.pk)).hexdigest()[:32]


def may_keep_offline(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether the service worker may keep this response for reading offline."""
    if request.method != "GET" or response.status_code != 200:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if getattr(request, OPT_OUT_ATTRIBUTE, False):
        return False
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    user = request.user
    if getattr(user, "is_participant", False):
        return match.namespace == "portal" and match.url_name not in PORTAL_NOT_KEPT
    return (match.namespace, match.url_name) in STAFF_KEPT


def mark_response(request: HttpRequest, response: HttpResponse) -> None:
    response.headers[USER_HEADER] = user_tag(request.user)
    if may_keep_offline(request, response):
        response.headers[OFFLINE_HEADER] = "1"


def not_offline(request: HttpRequest) -> None:
    """Called by a view whose page shows other people's content: never keep it offline."""
    setattr(request, OPT_OUT_ATTRIBUTE, True)
