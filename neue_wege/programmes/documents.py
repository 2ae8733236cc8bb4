"""Printed documents of a session (issue 15): the sign-in sheet (Unterschriftenliste).

Names appear as participants allow: the full name for those who show their name to the group
(a `show_name` consent in force), otherwise the first name and the initial of the last name.
The PDF is written by `core.pdf`; printing it is audited as an export.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from neue_wege.core.pdf import html_to_pdf
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent, Consent
from neue_wege.programmes.models import Session
from neue_wege.programmes.selectors import active_enrollments


def display_names(enrollments: list[Any]) -> dict[Any, str]:
    """Enrollment id → the name to print beside a signature."""
    shown = set(Consent.objects.filter(
        client_id__in=[e.client_id for e in enrollments], purpose=Consent.Purpose.SHOW_NAME,
        withdrawn_at__isnull=True).values_list("client_id", flat=True))
    return {e.pk: e.client.full_name if e.client_id in shown
            else f"{e.client.first_name} {e.client.last_name[:1]}." for e in enrollments}


def sign_in_sheet_html(*, session: Session) -> str:
    run = session.run
    enrollments = [e for e in active_enrollments(run)
                   if e.started_on <= timezone.localtime(session.starts_at).date()]
    names = display_names(enrollments)
    rows = sorted(names[e.pk] for e in enrollments)
    return render_to_string("programmes/sign_in_sheet_pdf.html", {
        "session": session, "run": run, "rows": rows, "blank_rows": range(3),
        "starts": timezone.localtime(session.starts_at),
        "ends": timezone.localtime(session.ends_at)})


@transaction.atomic
def sign_in_sheet_pdf(*, actor: Any, session: Session) -> bytes:
    pdf = html_to_pdf(sign_in_sheet_html(session=session))
    audit_record(actor=actor, action=AuditEvent.Action.EXPORT, obj=session,
                 reason="Unterschriftenliste als PDF")
    return pdf
