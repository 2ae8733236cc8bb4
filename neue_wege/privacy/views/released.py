"""The case manager's read-only view of what a participant released to them.

Purpose separation: nothing of the programme space reaches the case manager except the items
the participant released (privacy.releases), and only while the release is in force. Each read
is logged with its purpose (access.access_released_item).
"""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from neue_wege.privacy import access


@require_GET
def released_item(request: HttpRequest, client_id: uuid.UUID, item_key: str) -> HttpResponse:
    client, state = access.access_released_item(request.user, client_id, item_key)
    return render(request, "privacy/released_item.html", {
        "client": client, "item": state.item, "consent": state.consent,
        "content": state.item.content(client),
    })
