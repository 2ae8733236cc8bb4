"""The facilitator's printed invitation sheet: activation address and QR code (SVG).

The PDF itself is written by `neue_wege.core.pdf`, like every other PDF.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe


def activation_address(request: HttpRequest) -> str:
    """The address participants type in. ``NW_PORTAL_BASE_URL`` (e.g. the public host of the
    portal) wins over the host the facilitator happens to use."""
    path = reverse("portal:account-activate")
    base = str(getattr(settings, "NW_PORTAL_BASE_URL", "") or "").rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def activation_link(address: str, code: str) -> str:
    """The address with the code filled in (what the QR code holds)."""
    return f"{address}?{urlencode({'code': code})}"


def qr_svg(data: str, *, title: str) -> SafeString:
    """An inline SVG QR code (no file, no remote fetch), with a text alternative."""
    qr = segno.make(data, error="m")
    svg = qr.svg_inline(scale=4, title=title, svgclass="nw-qr", omitsize=True)
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308  segno's markup



def sheet_language(chosen: str, client: Any) -> str:
    """The language of an invitation sheet: the one the facilitator chose for the PDF, else the
    language the participant keeps in their portal account (a new sheet for someone who has
    one), else German."""
    available = {code for code, _name in settings.LANGUAGES}
    if chosen in available:
        return chosen
    account = getattr(client, "user", None)
    kept = getattr(account, "language", "") if account is not None else ""
    return kept if kept in available else settings.LANGUAGE_CODE


def sheet_languages() -> list[tuple[str, str]]:
    """The languages a sheet can be printed in (every portal language), own names."""
    return [(code, name) for code, name in settings.LANGUAGES
            if code in settings.NW_PORTAL_LANGUAGES]
