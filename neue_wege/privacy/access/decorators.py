"""The gate in front of every participant page (the portal and the participant pages of other
apps).

- Staff (and anyone else who is not a participant) get 404: the portal does not exist for them.
- Participants without a seat in a running or completed run get a friendly German page
  ("Ihr Zugang ist nicht mehr aktiv", status 403; template `portal/account_inactive.html`).
- Otherwise the view runs with ``request.portal_enrollment`` set to the current seat.

Anonymous visitors never reach the view: the login-required middleware sends them to the login.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from neue_wege.privacy.access.lookup import not_found
from neue_wege.privacy.access.programme_space import current_enrollment
from neue_wege.privacy.access.roles import is_participant


def participant_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_participant(request.user):
            raise not_found()
        enrollment = current_enrollment(request.user)
        if enrollment is None:
            return render(request, "portal/account_inactive.html", status=403)
        request.portal_enrollment = enrollment  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapped
