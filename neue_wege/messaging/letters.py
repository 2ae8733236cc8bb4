"""Invitation letters as a DIN 5008 (form B) PDF: letterhead, address window, information
block, the run's dates, venue with map link, contact person and the recorded version of the
legal notice. Many letters go into one PDF for printing (one letter per page run)."""

from __future__ import annotations

from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils import timezone, translation

from neue_wege.core.pdf import html_to_pdf
from neue_wege.messaging import content
from neue_wege.messaging.models import OutboundMessage


def letter_context(message: OutboundMessage) -> dict:
    enrollment, run = message.enrollment, message.run
    return {
        "message": message,
        "client": enrollment.client,
        "address_lines": [line for line in message.recipient.splitlines() if line.strip()],
        "job_centre": message.job_centre,
        "location": run.location,
        "dates": content.run_dates(run),
        "venue": content.venue(run),
        "map_link": content.map_link(run),
        "contact": content.contact_person(run),
        "legal_notice": message.legal_notice,
        "letter_date": timezone.localdate(message.sent_at or message.created_at),
    }


def letter_html(messages: Iterable[OutboundMessage]) -> str:
    """Letters are always German (the participant's letter, whatever the staff UI language)."""
    with translation.override("de"):
        return render_to_string("messaging/letters_pdf.html",
                                {"letters": [letter_context(message) for message in messages]})


def letters_pdf(messages: Iterable[OutboundMessage]) -> bytes:
    return html_to_pdf(letter_html(messages))
