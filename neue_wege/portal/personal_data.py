"""What the portal contributes to the data export (`privacy.subject_rights`): the portal
invitations. Registered in `PortalConfig.ready()`, so privacy never imports the portal."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from neue_wege.clients.models import Client
from neue_wege.portal.models import Invitation
from neue_wege.privacy.subject_rights import register_section, row


def _invitations(client: Client) -> list[dict[str, Any]]:
    return [row(i, skip=("code_prefix", "created_by"))
            for i in Invitation.objects.filter(enrollment__client=client)]


def register() -> None:
    register_section("invitations", _("Einladungen zum Portal"),
                     covers=("portal.Invitation",))(_invitations)
