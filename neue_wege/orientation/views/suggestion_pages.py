"""What the participant's suggestion page (portal) and the facilitator's (run) share: the
list with its freshness, and the refresh ("Vorschläge neu holen").

One refresh for both pages: it asks the assistant through `services.occupation_choices`
(which records the inputs' digest), then either redirects with a message (a plain form post)
or, when htmx sent the form, answers with the refreshed list region at once — the page shows a
progress bar while it waits (`orientation/partials/_suggestions_region.html`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from neue_wege.core.http import is_htmx
from neue_wege.orientation import selectors
from neue_wege.orientation.services import occupation_choices
from neue_wege.orientation.services.pathway import PathwayError
from neue_wege.privacy.audit import audit_views

REGION_TEMPLATE = "orientation/partials/_suggestions_region.html"
ALERT_CLASS = {messages.SUCCESS: "success", messages.INFO: "info", messages.ERROR: "danger"}


def list_context(*, user: Any, enrollment: Any, staff: bool, refresh_url: str
                 ) -> dict[str, Any]:
    """The suggestion lists by status, whether they are outdated, and the refresh address.
    Staff read another person's rows: every row shown is logged."""
    groups = selectors.occupation_suggestion_groups(enrollment=enrollment, staff=staff)
    if staff:
        audit_views(actor=user, objects=[row for rows in groups.values() for row in rows],
                    client_id_of=lambda row: enrollment.client_id)
    return {**groups, "staff": staff, "refresh_url": refresh_url,
            "outdated": selectors.suggestions_outdated(enrollment=enrollment)}


def _refresh(request: HttpRequest, enrollment: Any, *, staff: bool) -> tuple[int, str]:
    try:
        rows = occupation_choices.suggestions_refresh(actor=request.user, enrollment=enrollment)
    except PathwayError as error:
        return messages.ERROR, str(error.message)
    if rows:
        return messages.SUCCESS, _("Hier sind Berufe, die passen könnten.")
    if staff:
        return messages.INFO, _("Noch gibt es keine Vorschläge. Dafür braucht es eine "
                                "Geschichte, Stärken, den Interessen-Check oder ein Zielbild "
                                "der Person.")
    return messages.INFO, _("Noch gibt es keine Vorschläge. Schreiben Sie eine Geschichte "
                            "oder machen Sie den Interessen-Check.")


def refresh_response(request: HttpRequest, enrollment: Any, *, staff: bool, refresh_url: str,
                     done: HttpResponse, extra: dict[str, Any] | None = None) -> HttpResponse:
    """POST of either page: refresh, then the new list region (htmx) or ``done`` (a redirect
    back to the page) with the outcome as a message."""
    level, text = _refresh(request, enrollment, staff=staff)
    if not is_htmx(request):
        messages.add_message(request, level, text)
        return done
    context = list_context(user=request.user, enrollment=enrollment, staff=staff,
                           refresh_url=refresh_url)
    return render(request, REGION_TEMPLATE, {
        **context, **(extra or {}), "enrollment": enrollment,
        "result": {"text": text, "alert": ALERT_CLASS[level]}})
