"""`{% due_follow_ups %}`: the case manager's due follow-ups on their start page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from neue_wege.outcomes import selectors
from neue_wege.privacy import access

register = template.Library()
DASHBOARD_ROWS = 10


@register.inclusion_tag("outcomes/partials/_dashboard_due.html", takes_context=True)
def due_follow_ups(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    if not access.can_refer(user):
        return {"show": False}
    rows, more = selectors.due_follow_ups_for(user=user, today=timezone.localdate(),
                                              limit=DASHBOARD_ROWS)
    return {"show": True, "rows": rows, "more": more}


@register.inclusion_tag("outcomes/partials/_portal_prompt.html", takes_context=True)
def self_assessment_prompt(context: dict[str, Any]) -> dict[str, Any]:
    """On the portal's start page: a short note when a self-assessment is open."""
    enrollment = access.current_enrollment(context["request"].user)
    if enrollment is None:
        return {"moment": None}
    return {"moment": selectors.open_moment(enrollment, today=timezone.localdate())}
