"""What messaging contributes to the data export (`privacy.subject_rights`): the person's
contact channels with their consents, and the record of messages sent to them (no content is
stored, only its digest). Registered in `MessagingConfig.ready()`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from neue_wege.clients.models import Client
from neue_wege.messaging.models import ContactChannel, OutboundMessage
from neue_wege.privacy.subject_rights import register_section, row


def _messaging(client: Client) -> list[dict[str, Any]]:
    channels = [{"record_type": str(_("Kontaktweg")),
                 **row(c, skip=("consent_recorded_by", "withdrawn_by"))}
                for c in ContactChannel.objects.filter(client=client)]
    messages = [{"record_type": str(_("Nachricht")),
                 **row(m, skip=("created_by", "job_centre", "contact"))}
                for m in OutboundMessage.objects.filter(client=client)]
    return channels + messages


def register() -> None:
    register_section("messaging", _("Kontaktwege und Nachrichten"),
                     covers=("messaging.ContactChannel", "messaging.OutboundMessage"))(_messaging)
