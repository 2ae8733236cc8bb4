"""Every PDF of Neue Wege is written here: HTML+CSS → PDF with WeasyPrint, nothing fetched.

The PDFs carry personal data (strength profile, next steps, the Art. 15 export, the invitation
sheet with its code) and management figures. They are built only from what is in the HTML:
http(s), file and every other scheme are refused; only inline `data:` URLs load (QR codes,
images). Writers render their template and call `html_to_pdf`; audit rows stay with them.
"""

from __future__ import annotations

from typing import Any

ALLOWED_SCHEMES = ("data",)


def refuse_remote_fetch() -> Any:
    """WeasyPrint's `url_fetcher`: only inline `data:` URLs load, every other address raises."""
    # Imported late: only PDF requests pay for loading WeasyPrint (about a second at start-up).
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme not in ALLOWED_SCHEMES:
                raise ValueError(f"Kein Abruf von Adressen im PDF: {url[:80]}")
            return super().fetch(url, headers)

    return LocalOnlyFetcher(allowed_protocols=ALLOWED_SCHEMES, timeout=1)


def html_to_pdf(html: str) -> bytes:
    """The PDF of `html`; everything must be inline (no http, https or files)."""
    # Imported late, as above.
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=refuse_remote_fetch(), base_url=None).write_pdf()
