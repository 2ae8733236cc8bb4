"""Issue 14, "Phone first": every participant page at 320 CSS px (the smallest phone WCAG 1.4.10
names) needs no sideways scrolling, and its text is at least 16 px.

The pages are every GET page of the `portal` namespace that the access matrix declares for a
participant (`tests/access/access_expectations.py`), plus the two portal-menu pages outside it
(the access log and the password change): a new portal page is measured as soon as it is
declared. Nina's data comes from `build_programme_space` (shared story, feedback, path).
`NW_SCREENSHOTS=/tmp/shots` saves a full-page screenshot of each.
"""

from __future__ import annotations

import os
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from neue_wege.testing.browser import check_a11y, log_in
from neue_wege.testing.personas import PASSWORD
from tests.access.access_expectations import EXPECT

WIDTH = 320
MIN_FONT_PX = 16

# Text elements in <main> whose own text is shown (not only their children's), with their
# computed font size; hidden elements and screen-reader-only text do not count.
SMALL_TEXT = """(min) => [...document.querySelectorAll('main *, header nav *')]
    .filter(el => (el.offsetParent !== null || el.closest('svg')) && !el.closest('.kern-sr-only')
        && !['title', 'desc', 'style', 'script'].includes(el.tagName.toLowerCase())
        && [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
    .map(el => { // SVG text is drawn at its font size times the picture's scale
        const svg = el.closest('svg');
        let scale = 1;
        if (svg) {
            const box = svg.getBoundingClientRect();
            if (box.width === 0) return null;  // a picture not shown at this width
            const view = svg.viewBox && svg.viewBox.baseVal;
            scale = view && view.width ? box.width / view.width : 1;
        }
        return {what: el.tagName + '.' + (el.getAttribute('class') || '') + ' '
                      + el.textContent.trim().slice(0, 30),
                size: Math.round(parseFloat(getComputedStyle(el).fontSize) * scale * 10) / 10};
    })
    .filter(t => t && t.size < min)"""
WIDE = """() => ({page: document.documentElement.scrollWidth,
    widest: [...document.querySelectorAll('main *')].filter(
        el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 3).map(el => el.tagName + '.' + (el.getAttribute('class') || ''))})"""


def _walk(patterns: list[Any], namespace: str = "", params: tuple[str, ...] = ()
          ) -> Any:
    for entry in patterns:
        names = params + tuple(getattr(entry.pattern, "converters", {}) or ())
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner, names)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", names


PARAMS = dict(_walk(get_resolver().url_patterns))


def _declared_for_participants(name: str) -> bool:
    rule = EXPECT.get(name, {}).get("GET", "")
    roles = rule[0] if isinstance(rule, tuple) else rule
    return "nina_user" in roles.split()


def _portal_pages() -> list[str]:
    pages = sorted(n for n in PARAMS if n.startswith("portal:") and _declared_for_participants(n)
                   and not n.endswith(("-pdf", "-json")))  # downloads, not pages
    return [*pages, "privacy:my-access-log", "organisation:password-change"]


def test_every_portal_page_fits_320_px_with_text_of_16_px(browser, live_server, live_cast):  # noqa: ANN001
    from neue_wege.testing.programme_space import build_programme_space

    values = {key: ids[0] for key, ids in build_programme_space(live_cast).items()}
    context = browser.new_context(locale="de-DE", base_url=live_server.url,
                                  viewport={"width": WIDTH, "height": 640})
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, "nina-portal", PASSWORD)
    shots = os.environ.get("NW_SCREENSHOTS")
    problems: list[str] = []
    measured = 0
    for name in _portal_pages():
        path = reverse(name, kwargs={p: values[p] for p in PARAMS[name]})
        response = page.goto(path)
        assert response is not None, path
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue  # downloads (PDF, JSON) and redirects are not pages
        measured += 1
        wide = page.evaluate(WIDE)
        if wide["page"] > WIDTH:
            problems.append(f"{path}: {wide['page']} px wide ({wide['widest']})")
        small = page.evaluate(SMALL_TEXT, MIN_FONT_PX)
        if small:
            problems.append(f"{path}: text under {MIN_FONT_PX} px: {small[:4]}")
        if shots:
            page.screenshot(path=f"{shots}/320-{name.replace(':', '-')}.png", full_page=True)
        check_a11y(page)
    context.close()
    assert measured >= 20, measured
    assert not problems, "\n".join(problems)

