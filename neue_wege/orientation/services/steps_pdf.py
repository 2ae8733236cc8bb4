"""The PDF "Meine nächsten Schritte" the participant takes to the cooperation plan
(Kooperationsplan) with their case manager. Built like the strength-profile PDF: WeasyPrint,
nothing fetched from the network, every export written to the audit log.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neue_wege.clients.models import Enrollment
from neue_wege.core.pdf import html_to_pdf
from neue_wege.orientation import selectors
from neue_wege.orientation.services.pathway import PathwayError
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent


def steps_pdf_html(*, enrollment: Enrollment) -> str:
    """The HTML for WeasyPrint: open steps first, then the done ones; the current vision."""
    run = enrollment.run
    return render_to_string("orientation/steps_pdf.html", {
        "client": enrollment.client,
        "programme_name": run.programme_version.programme.name,
        "run": run,
        "today": timezone.localdate(),
        "steps": selectors.action_steps(enrollment=enrollment),
        "vision": selectors.current_vision(enrollment=enrollment),
    })


@transaction.atomic(durable=True)
def steps_pdf_create(*, actor: Any, enrollment: Enrollment) -> bytes:
    """The participant's own PDF of their next steps. Writes an export audit row."""
    if not selectors.action_steps(enrollment=enrollment):
        raise PathwayError(_("Es gibt noch keine nächsten Schritte. Bitte legen Sie zuerst "
                             "einen Schritt an."))
    pdf = html_to_pdf(steps_pdf_html(enrollment=enrollment))
    audit_record(actor=actor, action=AuditEvent.Action.EXPORT, obj=enrollment,
                 client_id=enrollment.client_id, reason="Nächste Schritte als PDF")
    return pdf
