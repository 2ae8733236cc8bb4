"""The printable strength profile (PDF) and its exports, each written to the audit log.

The participant chooses which strengths go in and whether passages and peer counts are shown;
a facilitator may export a participant's profile only while the participant's consent
(`Consent.Purpose.EXPORT_PROFILE`) is active. The PDF never fetches anything from the network.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neue_wege.clients.models import Enrollment
from neue_wege.core.exceptions import DomainError
from neue_wege.core.pdf import html_to_pdf
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent
from neue_wege.strengths import selectors


class ProfileExportError(DomainError):
    """The profile cannot be exported (nothing chosen, or no consent)."""


@dataclass(frozen=True)
class PdfChoices:
    """What goes into the PDF: strength keys, and whether to show passages and peer counts."""

    keys: tuple[str, ...]
    include_passages: bool = False
    include_peer_counts: bool = False


def profile_pdf_html(*, enrollment: Enrollment, choices: PdfChoices) -> str:
    """The HTML that goes into WeasyPrint: only the chosen strengths, in the profile's order."""
    profile = selectors.strength_profile(enrollment=enrollment)
    wanted = set(choices.keys)
    entries = [entry for entry in profile.entries if entry.key in wanted]
    run = enrollment.run
    return render_to_string("strengths/profile_pdf.html", {
        "client": enrollment.client,
        "programme_name": run.programme_version.programme.name,
        "job_centre": run.programme_version.programme.job_centre,
        "run": run,
        "today": timezone.localdate(),
        "entries": entries,
        "choices": choices,
    })


def _check_keys(keys: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(keys))
    if not chosen:
        raise ProfileExportError(_("Bitte wählen Sie mindestens eine Stärke aus."))
    return chosen


@transaction.atomic(durable=True)
def profile_pdf_create(*, actor: Any, enrollment: Enrollment, choices: PdfChoices) -> bytes:
    """The participant's own PDF with what they chose. Writes an export audit row."""
    choices = PdfChoices(keys=_check_keys(choices.keys),
                         include_passages=choices.include_passages,
                         include_peer_counts=choices.include_peer_counts)
    pdf = html_to_pdf(profile_pdf_html(enrollment=enrollment, choices=choices))
    audit_record(actor=actor, action=AuditEvent.Action.EXPORT, obj=enrollment,
                 client_id=enrollment.client_id, reason="Stärkenprofil als PDF")
    return pdf


@transaction.atomic(durable=True)
def profile_export_by_facilitator(*, actor: Any, enrollment: Enrollment) -> bytes:
    """A facilitator exports a participant's whole profile (peer counts, passages, no peer
    names). Refused unless the participant agreed in their portal."""
    if not selectors.has_export_consent(enrollment=enrollment):
        raise ProfileExportError(_(
            "Export nicht möglich: %(name)s hat dem Export des Stärkenprofils nicht "
            "zugestimmt. Die Person kann die Zustimmung im eigenen Portal unter "
            "„Meine Stärken“ geben.") % {"name": enrollment.client.full_name})
    profile = selectors.strength_profile(enrollment=enrollment)
    if not profile.entries:
        raise ProfileExportError(_("Im Stärkenprofil steht noch keine Stärke."))
    choices = PdfChoices(keys=tuple(e.key for e in profile.entries), include_passages=True,
                         include_peer_counts=True)
    pdf = html_to_pdf(profile_pdf_html(enrollment=enrollment, choices=choices))
    audit_record(actor=actor, action=AuditEvent.Action.EXPORT, obj=enrollment,
                 client_id=enrollment.client_id,
                 reason="Stärkenprofil als PDF durch die Projektleitung (mit Einwilligung)")
    return pdf
