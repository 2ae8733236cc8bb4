"""Every participant page in every language: no untranslated string (issue 14, point 3).

The participant pages are the URLs of `access_expectations.EXPECT` a participant may GET
(portal, "Wer hat meine Daten gesehen?", the own password) plus the log-in and activation
pages; each is opened with the Django test client as the first participant allowed, with the
objects of the forms-crawl world, and its empty POST (the error state) where the participant
may post. Each page is checked in every language that has a compiled catalogue on this branch
(`i18n_crawl.languages_with_catalogue`) and in German (no English left). The browser variant
with axe is tests/browser/test_portal_languages_in_chromium.py.

`NW_I18N_REPORT=<file>` writes the untranslated strings per language (for translators).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from access_expectations import EXPECT
from django.conf import settings
from django.db import transaction
from django.test import Client as HttpClient

from neue_wege.testing.forms_crawl import build_world, page_paths
from neue_wege.testing.i18n_crawl import (
    Report,
    german_looking,
    languages_with_catalogue,
    untranslated,
)

PARTICIPANTS = ("nina_user", "ali_user", "sven_user")
ANONYMOUS_PAGES = ("login", "portal:account-activate")
SESSION_ONLY = {"logout", "set_language"}
# Downloads are no pages, and rendering PDFs would take most of the time: the PDFs' strings are
# not checked here (a known gap, docs/translations.md).
DOWNLOADS = ("-pdf", "-json")
LANGUAGES = [settings.LANGUAGE_CODE, *languages_with_catalogue()]


def _roles(spec: Any) -> list[str]:
    if isinstance(spec, tuple):
        spec = spec[0]
    return (spec or "").split()


def participant_pages() -> list[tuple[str, str]]:
    """(url name, persona) of every page a participant sees."""
    pages = [(name, "anonymous") for name in ANONYMOUS_PAGES]
    for name, methods in sorted(EXPECT.items()):
        if name in SESSION_ONLY or name in ANONYMOUS_PAGES or name.endswith(DOWNLOADS):
            continue
        persona = next((role for role in _roles(methods.get("GET")) if role in PARTICIPANTS),
                       None)
        if persona is None:
            persona = next((role for role in _roles(methods.get("POST"))
                            if role in PARTICIPANTS), None)
        if persona is not None:
            pages.append((name, persona))
    return pages


def _client(world: Any, persona: str, language: str) -> HttpClient:
    http = HttpClient(raise_request_exception=False)
    if persona != "anonymous":
        http.force_login(getattr(world.cast, persona))
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return http


def _html(response: Any) -> str | None:
    if response.status_code not in (200, 400) or "html" not in response.get("Content-Type", ""):
        return None
    return response.content.decode()


def crawl(world: Any, languages: list[str]) -> tuple[Report, int]:
    report = Report()
    checked = 0
    for name, persona in participant_pages():
        posts = persona in _roles(EXPECT[name].get("POST")) or persona == "anonymous"
        for language in languages:
            http = _client(world, persona, language)
            for path in page_paths(world, name):
                states = []
                if persona in _roles(EXPECT[name].get("GET")) or persona == "anonymous":
                    states.append(("GET", path))
                if posts:
                    states.append(("POST", path))
                for method, where in states:
                    # Rolled back like a TestCase's own block, so the entry-point services
                    # (`atomic(durable=True)`) may run inside it.
                    block = transaction.atomic()
                    block._from_testcase = True  # type: ignore[attr-defined]
                    with block:
                        response = http.get(where) if method == "GET" else http.post(where, {})
                        transaction.set_rollback(True)
                    html = _html(response)
                    if html is None:
                        continue
                    checked += 1
                    report.add(language, f"{method} {name}", untranslated(html, language))
                    if os.environ.get("NW_I18N_REPORT"):
                        report.add(f"{language} (looks German: data or not marked)",
                                   f"{method} {name}", german_looking(html, language))
                if states:
                    break  # the first object that answers is enough
    return report, checked


@pytest.fixture
def world(db) -> Any:  # noqa: ANN001
    return build_world()


def test_participant_pages_are_known() -> None:
    names = {name for name, _persona in participant_pages()}
    assert {"portal:home", "portal:story-create", "portal:profile", "login",
            "privacy:my-access-log"} <= names


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_untranslated_string(world: Any, language: str) -> None:
    report, checked = crawl(world, [language])
    target = os.environ.get("NW_I18N_REPORT")
    if target:
        with Path(target).open("a", encoding="utf-8") as handle:
            handle.write(report.text() + "\n")
    assert checked > 40, "the crawl opened too few pages"
    messages = report.by_language().get(language, {})
    assert not messages, (f"{len(messages)} untranslated strings in {language}:\n"
                          + "\n".join(f"  {msgid!r} on {', '.join(pages[:3])}"
                                      for msgid, pages in sorted(messages.items())))
