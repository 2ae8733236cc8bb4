"""Request middleware: the chosen language, no caching of personal pages, the idle timeout.

German first: the UI is German unless the user chose another language (cookie; for
participants the language kept in their account).
Django's LocaleMiddleware would follow the browser's Accept-Language; a staff browser set to
English would then get a half-translated UI the user never asked for. The choice is explicit.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from neue_wege.core.offline import mark_response


class ChosenLanguageMiddleware:
    """Activate the language the person chose, never the browser's.

    A logged-in participant gets the language kept in their account (`User.language`), on every
    device; staff the cookie's language if it is one of NW_STAFF_LANGUAGES (German, English),
    else German; visitors who are not logged in (log-in and activation pages) the cookie's
    language out of all portal languages. The user is read from the session here (this runs
    before AuthenticationMiddleware) and cached on the request the way that middleware does,
    so it costs no second query.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}
        self.staff = set(settings.NW_STAFF_LANGUAGES)

    def language_for(self, request: HttpRequest) -> str:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if not hasattr(request, "_cached_user"):
            request._cached_user = get_user(request)  # type: ignore[attr-defined]
        user = request._cached_user  # type: ignore[attr-defined]
        if getattr(user, "is_authenticated", False):
            if getattr(user, "is_participant", False):
                kept = getattr(user, "language", "")
                chosen = kept if kept in self.available else chosen
            elif chosen not in self.staff:
                return settings.LANGUAGE_CODE
        return chosen if chosen in self.available else settings.LANGUAGE_CODE

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self.language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class NoStoreForAuthenticatedMiddleware:
    """`Cache-Control: no-store` on every response to a logged-in user.

    Pages for logged-in users carry personal data; neither a proxy nor the browser's back/forward
    cache may keep them (ASVS 14.3.2). It replaces any Cache-Control a view set.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False):
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
            # For the service worker: whose page this is and whether it may be kept offline
            # (core/offline.py; the Cache API of the worker is not an HTTP cache).
            mark_response(request, response)
        return response


class IdleTimeoutMiddleware:
    """Log out a session that has been idle for NW_IDLE_TIMEOUT_MINUTES.

    A staff PC left unlocked in an office is the most likely way for a stranger to read a case
    file. SESSION_COOKIE_AGE caps a session's whole life; this ends it after inactivity. The
    last activity is stored in the session, rounded to a minute so that not every request
    writes the session.
    """

    SESSION_KEY = "nw_last_activity"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False):
            now = int(time.time())
            last = request.session.get(self.SESSION_KEY)
            limit = settings.NW_IDLE_TIMEOUT_MINUTES * 60
            if isinstance(last, int) and limit > 0 and now - last > limit:
                logout(request)
                messages.info(request, _(
                    "Sie waren länger als %(minutes)d Minuten nicht aktiv und sind zu Ihrem "
                    "Schutz abgemeldet worden. Bitte melden Sie sich wieder an.") % {
                        "minutes": settings.NW_IDLE_TIMEOUT_MINUTES})
                return redirect_to_login(request.get_full_path())
            if not isinstance(last, int) or now - last >= 60:
                request.session[self.SESSION_KEY] = now
            if limit > 0:
                # For the warning a minute ahead (core/static/core/idle-warning.js): seconds
                # until this session ends without another request.
                request.nw_idle_remaining = (  # type: ignore[attr-defined]
                    request.session[self.SESSION_KEY] + limit - now)
                request.nw_idle_timeout = limit  # type: ignore[attr-defined]
                request.nw_idle_warning = settings.NW_IDLE_WARNING_SECONDS  # type: ignore[attr-defined]
        return self.get_response(request)

    @classmethod
    def extend(cls, request: HttpRequest) -> int:
        """Count now as activity ("Angemeldet bleiben"); returns the seconds left."""
        request.session[cls.SESSION_KEY] = int(time.time())
        return settings.NW_IDLE_TIMEOUT_MINUTES * 60
