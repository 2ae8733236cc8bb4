"""The audit log made visible, and the German lock-out page after too many failed log-ins.

- `audit_event_list`: administrators search the log of their own job centre (references only).
- `my_access_log`: a participant sees who looked at or changed their records.
- `login_locked`: django-axes calls it (AXES_LOCKOUT_CALLABLE) when a user name + address
  combination is locked.

Read-only: no view here accepts POST; the log is append-only (AuditEvent refuses edits).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from neue_wege.core.pagination import paginate
from neue_wege.organisation import services as accounts
from neue_wege.privacy import access, selectors
from neue_wege.privacy.audit import audit_views
from neue_wege.privacy.forms import AuditSearchForm

AUDIT_SORTS = {
    "at": ["at", "id"],
    "-at": ["-at", "-id"],
}


@require_GET
def audit_event_list(request: HttpRequest) -> HttpResponse:
    access.require(access.can_manage_accounts(request.user))
    form = AuditSearchForm(request.GET or None)
    filters: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = selectors.audit_event_search(
        user=request.user, actor=filters.get("actor", ""),
        object_type=filters.get("object_type", ""), action=filters.get("action", ""),
        date_from=filters.get("date_from"), date_to=filters.get("date_to"),
        client_id=filters.get("client_id"), object_id=filters.get("object_id", ""),
    )
    listing = paginate(request, events, sorts=AUDIT_SORTS, default_sort="-at", keyset=True)
    rows = list(listing.object_list)
    # Reading the log is itself logged (who saw which entries); these entries are hidden
    # from the default search (selectors.audit_event_search).
    audit_views(actor=request.user, objects=rows, client_id_of=lambda event: event.client_id)
    context = {
        "form": form, "listing": listing,
        "events": [(event, selectors.record_type_label(event.object_type)) for event in rows],
    }
    return render(request, "privacy/audit_event_list.html", context)


@require_GET
def my_access_log(request: HttpRequest) -> HttpResponse:
    access.require(access.is_participant(request.user))
    listing = paginate(request, selectors.my_access_log(user=request.user),
                       sorts=AUDIT_SORTS, default_sort="-at")
    entries = selectors.access_entries(list(listing.object_list), user=request.user)
    return render(request, "privacy/my_access_log.html",
                  {"listing": listing, "entries": entries})


def login_locked(request: HttpRequest, original_response: Any = None,
                 credentials: Any = None) -> HttpResponse:
    """The lock-out page (django-axes). Same for known and unknown user names.

    It names what is locked: the invitation code of this address, the password change of
    this account, every log-in from this address (spraying) or one user name's log-in.
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    if (credentials or {}).get("username") == accounts.INVITATION_CODE_USERNAME:
        kind = "code"
    elif request.user.is_authenticated:
        kind = "password_change"
    elif accounts.throttle_address_locked(request):
        kind = "address"
    else:
        kind = "username"
    return render(request, "privacy/login_locked.html", {"minutes": minutes, "kind": kind},
                  status=settings.AXES_HTTP_RESPONSE_CODE)
