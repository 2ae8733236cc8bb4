"""How long a participant's session lives (issue 14, docs/offline.md).

Phones close the browser often (switching apps, saving power). A session cookie that ends
with the browser then ends the participant's writing too. Participants therefore get a
persistent cookie of NW_PARTICIPANT_SESSION_HOURS (default 8: one day at a venue); the idle
timeout (NW_IDLE_TIMEOUT_MINUTES) still ends a session nobody uses, and log-out ends it at
once. Staff sessions keep ending with the browser (SESSION_EXPIRE_AT_BROWSER_CLOSE).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest


def keep_participant_session(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    hours = settings.NW_PARTICIPANT_SESSION_HOURS
    if request is not None and hours > 0 and getattr(user, "is_participant", False):
        request.session.set_expiry(hours * 3600)


def connect() -> None:
    user_logged_in.connect(keep_participant_session, dispatch_uid="nw-participant-session")
