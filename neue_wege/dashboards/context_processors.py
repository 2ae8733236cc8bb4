"""The navigation a user sees depends on what the access rules allow them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from neue_wege.inbox import selectors as inbox_selectors
from neue_wege.organisation import two_factor
from neue_wege.organisation.signals import JOB_CENTRE_NAME
from neue_wege.privacy import access


def navigation(request: HttpRequest) -> dict[str, Any]:
    # request.user is missing when a request is rejected before the auth middleware runs.
    user = getattr(request, "user", None)
    items: list[tuple[str, Any]] = []
    # Before the second factor (organisation.two_factor) staff see no menu: nothing opens yet.
    # (A request the OTP middleware never saw, as in some unit tests, has no is_verified.)
    verified = getattr(user, "is_verified", None) is None or two_factor.is_verified(request)
    if user is not None and access.is_staff_member(user) and verified:
        items.append((reverse("dashboards:home"), _("Übersicht")))
        if access.can_read_catalogue(user):
            items.append((reverse("programmes:programme-list"), _("Projekte")))
            items.append((reverse("programmes:run-list"), _("Durchläufe")))
            items.append((reverse("programmes:method-list"), _("Methodenkoffer")))
            items.append((reverse("strengths:catalogue-detail"), _("Stärkenkatalog")))
        if access.is_facilitator(user):
            items.append((reverse("programmes:facilitator-calendar"), _("Kalender")))
        if access.can_list_referrals(user):
            items.append((reverse("clients:referral-list"), _("Zuweisungen")))
        if access.can_refer(user):
            items.append((reverse("clients:client-list"), _("Kund:innen")))
        if access.can_see_key_figures(user):
            items.append((reverse("evaluation:page"), _("Auswertung")))
        if access.can_manage_accounts(user):
            items.append((reverse("organisation:user-list"), _("Benutzerkonten")))
        if access.can_manage_locations(user):
            items.append((reverse("organisation:location-list"), _("Standorte")))
        if access.can_manage_accounts(user):
            items.append((reverse("privacy:audit-event-list"), _("Protokoll")))
        if access.can_manage_accounts(user):
            items.append((reverse("privacy:retention-overview"), _("Löschfristen")))
        if access.can_handle_data_subject_requests(user):
            items.append((reverse("privacy:request-list"), _("Betroffenenanfragen")))
        if access.can_list_jobs(user):
            items.append((reverse("jobs:job-list"), _("Aufträge")))
    path = request.path
    # The unread notices of the staff inbox (issue 15), shown in the header; one COUNT query.
    inbox_unread = (inbox_selectors.unread_count(user=user) if items else None)
    # The header line: the person's job centre (kept in the session at log-in), else the
    # operator of the installation.
    header_name = settings.NW_OPERATOR_NAME
    if getattr(user, "is_authenticated", False) and hasattr(request, "session"):
        header_name = request.session.get(JOB_CENTRE_NAME) or header_name
    return {"inbox_unread": inbox_unread, "header_name": header_name, "nav_items": [
        {"url": url, "label": label,
         "current": path == url or (url != "/" and path.startswith(url))}
        for url, label in items
    ]}
