"""One layout for views and URLs (docs/architecture.md): a views/ package per app with more
than one view module, one urls.py per app, every participant page in the portal, and one
copy of each shared view helper (in core)."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

PACKAGE = Path(__file__).resolve().parents[2]
APPS = sorted(p.parent for p in PACKAGE.glob("*/apps.py"))
# Participant pages that deliberately live elsewhere (say why in docs/architecture.md).
PORTAL_EXCEPTIONS = {"privacy:my-access-log"}


def _sources() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py")
            if "tests" not in path.parts and "migrations" not in path.parts}


def test_no_app_has_views_or_urls_modules_beside_each_other():
    for app in APPS:
        assert not list(app.glob("views_*.py")), app.name
        assert not list(app.glob("urls_*.py")), app.name
        assert not ((app / "views.py").exists() and (app / "views").is_dir()), app.name


def _walk(patterns: list, prefix: str = "", namespace: str = ""):  # noqa: ANN202
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}", entry.callback


def test_every_participant_page_lives_in_the_portal():
    misplaced = [(route, name, callback.__module__)
                 for route, name, callback in _walk(get_resolver().url_patterns)
                 if route.startswith("portal/") and name not in PORTAL_EXCEPTIONS
                 and not (callback.__module__.startswith("neue_wege.portal.views.")
                          and name.startswith("portal:"))]
    assert misplaced == []


def test_each_shared_view_helper_is_defined_once_in_core():
    helper = re.compile(r"^def (_?is_htmx|_?form_error|_add_validation_errors|_sort_links|"
                        r"_sort_columns|filter_querystring)\(", re.MULTILINE)
    found = sorted((str(path.relative_to(PACKAGE)), match)
                   for path, text in _sources().items() for match in helper.findall(text))
    assert found == [("core/http.py", "form_error"), ("core/http.py", "is_htmx")]
