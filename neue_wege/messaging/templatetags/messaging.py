"""`{% message_failures run %}`: the run page tells its facilitators about undelivered
messages (the details are on the run's message page)."""

from __future__ import annotations

from django import template

from neue_wege.messaging.models import OutboundMessage

register = template.Library()


@register.inclusion_tag("messaging/partials/_failures_notice.html")
def message_failures(run) -> dict:  # noqa: ANN001
    count = OutboundMessage.objects.filter(run=run, status=OutboundMessage.Status.FAILED).count()
    return {"run": run, "count": count}
