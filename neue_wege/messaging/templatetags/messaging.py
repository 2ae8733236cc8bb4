"""`{% message_failures run %}`: the run page tells its facilitators about undelivered
messages (the details are on the run's message page)."""

from __future__ import annotations

from django import template

from neue_wege.messaging import selectors

register = template.Library()


@register.inclusion_tag("messaging/partials/_failures_notice.html")
def message_failures(run) -> dict:  # noqa: ANN001
    count = selectors.run_failures(run).count()
    return {"run": run, "count": count}
