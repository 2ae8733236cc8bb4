"""Security headers on every kind of response, and templates that keep the strict CSP working.

The CSP forbids inline script and inline style (`script-src 'self'`, `style-src 'self'`), so
no template may contain `<script>` without `src`, an `on…=` event handler, a `style=` attribute
or a `<style>` element. PDF templates (`*_pdf.html`) are exempt: WeasyPrint renders them on
the server, no browser ever receives them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client as HttpClient
from django.urls import include, path, reverse

pytestmark = pytest.mark.django_db

PACKAGE_DIR = Path(__file__).resolve().parents[2]
EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def _boom(request):  # noqa: ANN001, ANN202
    raise RuntimeError("kaputt")


# The URLconf of the 500 test: the real URLs plus one that fails.
urlpatterns = [path("test-absturz/", _boom), path("", include("neue_wege.urls"))]


def _csp(response) -> dict[str, str]:  # noqa: ANN001
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value.strip()
    return directives


def _assert_common_headers(response) -> None:  # noqa: ANN001
    directives = _csp(response)
    for name, value in EXPECTED_CSP.items():
        assert directives.get(name) == value, (name, directives.get(name))
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def _assert_no_store(response) -> None:  # noqa: ANN001
    assert "no-store" in response.headers.get("Cache-Control", "")


def test_logged_in_staff_page_has_all_headers_and_no_store(cast, login):
    response = login(cast.karl).get(reverse("clients:client-list"))
    assert response.status_code == 200
    _assert_common_headers(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_logged_in_portal_page_has_all_headers_and_no_store(cast, login):
    response = login(cast.nina_user).get(reverse("portal:home"))
    assert response.status_code == 200
    _assert_common_headers(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_login_page_has_all_headers(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    _assert_common_headers(response)
    _assert_no_store(response)  # Django's login view is never cached


def test_public_page_for_anonymous_visitor_has_csp(client):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    _assert_common_headers(response)


def test_404_page_has_all_headers(cast, login, settings):
    settings.DEBUG = False
    response = login(cast.karl).get("/gibt-es-nicht/")
    assert response.status_code == 404
    _assert_common_headers(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_403_page_has_all_headers(cast, login):
    response = login(cast.karl).get(reverse("organisation:user-list"))
    assert response.status_code == 403
    _assert_common_headers(response)
    _assert_no_store(response)


@pytest.mark.urls(__name__)
def test_500_page_has_all_headers(cast, settings):
    settings.DEBUG = False
    browser = HttpClient(raise_request_exception=False)
    browser.force_login(cast.karl)
    response = browser.get("/test-absturz/")
    assert response.status_code == 500
    _assert_common_headers(response)
    _assert_no_store(response)


def test_hsts_and_secure_cookies_in_production_settings(cast, client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("login"), secure=True)
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains")


def test_anonymous_public_page_is_not_marked_no_store_by_our_middleware(client):
    # no-store is for authenticated responses; public pages may be cached.
    response = client.get(reverse("imprint"))
    assert "no-store" not in response.headers.get("Cache-Control", "")


# --- templates: nothing inline that the CSP would block -----------------------------------------
def _templates() -> list[Path]:
    return sorted(path for path in PACKAGE_DIR.glob("**/templates/**/*.html")
                  if not path.name.endswith("_pdf.html"))


SCRIPT_WITHOUT_SRC = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\s(on[a-z]+|hx-on[:\w-]*)\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def _without_comments(text: str) -> str:
    text = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", "", text, flags=re.DOTALL)
    return re.sub(r"{#.*?#}", "", text)


def test_the_template_scan_finds_the_templates():
    names = {path.name for path in _templates()}
    assert {"base.html", "base_portal.html", "login.html"} <= names
    assert len(names) > 50


@pytest.mark.parametrize("pattern", [SCRIPT_WITHOUT_SRC, EVENT_HANDLER, STYLE_ATTRIBUTE,
                                     STYLE_ELEMENT, JAVASCRIPT_URL],
                         ids=["inline-script", "event-handler", "style-attribute",
                              "style-element", "javascript-url"])
def test_no_template_has_inline_code_or_style(pattern):
    offenders = []
    for template in _templates():
        text = _without_comments(template.read_text(encoding="utf-8"))
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            offenders.append(f"{template.relative_to(PACKAGE_DIR)}:{line}: {match.group(0)[:80]}")
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize("pattern", [SCRIPT_WITHOUT_SRC, EVENT_HANDLER, STYLE_ATTRIBUTE,
                                     STYLE_ELEMENT])
def test_the_scan_recognises_what_it_forbids(pattern):
    samples = ['<script>alert(1)</script>', '<button onclick="x()">', '<div style="color:red">',
               '<style>p{}</style>', '<a hx-on:click="x()">']
    assert any(pattern.search(sample) for sample in samples)
    assert not pattern.search('<script src="/static/htmx.min.js" defer></script>'
                              '<div class="nw-stack" hx-get="/x">')


def test_rendered_pages_have_no_inline_script_or_style(cast, login):
    """Also HTML built in Python (charts, widgets) reaches the browser without inline code."""
    pages = [(cast.maria, reverse("dashboards:home")), (cast.karl, reverse("clients:client-list")),
             (cast.nina_user, reverse("portal:home")), (cast.nina_user, reverse("portal:profile"))]
    for user, url in pages:
        body = login(user).get(url).content.decode()
        for pattern in (SCRIPT_WITHOUT_SRC, EVENT_HANDLER, STYLE_ATTRIBUTE, STYLE_ELEMENT):
            assert not pattern.search(body), (url, pattern.pattern)


def test_htmx_is_told_not_to_inject_its_indicator_style(client):
    body = client.get(reverse("login")).content.decode()
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in body
