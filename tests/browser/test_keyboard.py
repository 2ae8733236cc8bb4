"""Keyboard basics and reflow, in real Chromium: skip link, visible focus, keyboard-only use,
no horizontal scrolling at 320 CSS px (WCAG 1.4.10), and the page language after switching.
"""

from __future__ import annotations

from typing import Any

import pytest
from django_otp.oath import totp

from neue_wege.testing.browser import check_a11y, log_in
from neue_wege.testing.personas import PASSWORD, TOTP_KEY

ACTIVE = """() => { const el = document.activeElement;
    return {tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || '').trim(),
            href: el.getAttribute('href') || '', name: el.getAttribute('name') || ''}; }"""

# The focused element shows an outline or a box shadow (KERN draws one of the two).
FOCUS_VISIBLE = """() => { const el = document.activeElement; const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    const shadow = s.boxShadow && s.boxShadow !== 'none';
    return {outline: outline, shadow: !!shadow, visible: outline || !!shadow,
            what: el.tagName + '.' + el.className + ' ' + (el.innerText || '').trim().slice(0, 40)};
}"""


def _new_page(browser: Any, live_server: Any, *, width: int = 1280, height: int = 900) -> Any:
    context = browser.new_context(locale="de-DE", base_url=live_server.url,
                                  viewport={"width": width, "height": height})
    context.set_default_timeout(10_000)
    return context.new_page()


def _tab_to(page: Any, predicate: str, limit: int = 60) -> dict[str, Any]:
    """Press Tab until `predicate(document.activeElement)` holds; fail after `limit` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => ({predicate})(document.activeElement)"):
            return page.evaluate(ACTIVE)
    pytest.fail(f"Tab never reached {predicate} on {page.url}")


# --- skip link ------------------------------------------------------------------------------
@pytest.mark.parametrize("username", [None, "karl"])
def test_skip_link_is_first_and_moves_focus_to_main(browser, live_server, live_cast, username):
    page = _new_page(browser, live_server)
    if username:
        log_in(page, username, PASSWORD)
        page.goto("/durchlaeufe/")
    else:
        page.goto("/anmelden/")
    page.keyboard.press("Tab")
    first = page.evaluate(ACTIVE)
    assert first["href"] == "#main" and first["text"] == "Zum Inhalt springen", first
    box = page.locator(".nw-skip-link").bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "focused skip link is off screen"
    assert page.evaluate(FOCUS_VISIBLE)["visible"]
    page.keyboard.press("Enter")
    assert page.evaluate(ACTIVE)["id"] == "main"
    # The next Tab continues inside main, not at the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.getElementById('main').contains(document.activeElement)")
    page.context.close()


# --- focus visible --------------------------------------------------------------------------
@pytest.mark.parametrize(("username", "path"), [
    ("fatma", "/"),
    ("fatma", "/durchlaeufe/"),
    ("fatma", "/methoden/neu/"),
    ("admin", "/verwaltung/konten/"),
])
def test_every_focus_stop_shows_focus(browser, live_server, live_cast, username, path):
    """Tab through the whole page: each link, button, field and scroll region shows focus."""
    page = _new_page(browser, live_server)
    log_in(page, username, PASSWORD)
    page.goto(path)
    seen, missing, kinds = 0, [], set()
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement === document.body"):
            break
        state = page.evaluate(FOCUS_VISIBLE)
        kinds.add(page.evaluate("() => document.activeElement.tagName.toLowerCase()"))
        seen += 1
        if not state["visible"]:
            missing.append(state["what"])
        if seen > 3 and page.evaluate(
                "() => document.activeElement.closest('footer') !== null "
                "&& document.activeElement.type === 'submit'"):
            break  # the last control on every page: the language button
    assert seen >= 5, f"only {seen} focus stops on {path}"
    assert {"a", "button"} <= kinds, kinds
    assert not missing, f"no visible focus on {path}: {missing}"
    page.context.close()


# --- keyboard only --------------------------------------------------------------------------
def test_log_in_and_navigate_with_the_keyboard_only(browser, live_server, live_cast):
    page = _new_page(browser, live_server)
    page.goto("/anmelden/")
    _tab_to(page, "el => el.name === 'username'")
    page.keyboard.type("fatma")
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE)["name"] == "password"
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # The second factor: the code from the authenticator app, typed as well.
    assert "/anmelden/code/" in page.url
    _tab_to(page, "el => el.name === 'code'")
    page.keyboard.type(f"{totp(bytes.fromhex(TOTP_KEY)):06d}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_server.url}/"
    assert page.get_by_role("heading", level=1).count() == 1

    # The main navigation: Tab to "Durchläufe", Enter.
    _tab_to(page, "el => el.closest('nav') !== null && el.innerText.trim() === 'Durchläufe'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/durchlaeufe/")
    assert page.locator("nav a[aria-current=page]").inner_text().strip() == "Durchläufe"
    check_a11y(page)
    page.context.close()


def test_fill_and_submit_a_form_with_the_keyboard_only(browser, live_server, live_cast):
    from neue_wege.programmes.models import Method

    page = _new_page(browser, live_server)
    log_in(page, "fatma", PASSWORD)
    page.goto("/methoden/neu/")
    _tab_to(page, "el => el.id === 'id_name'")
    page.keyboard.type("Stärken-Interview")
    _tab_to(page, "el => el.id === 'id_purpose'", limit=5)
    page.keyboard.type("Stärken im Gespräch entdecken.")
    _tab_to(page, "el => el.id === 'id_duration_minutes'", limit=5)
    page.keyboard.type("45")
    _tab_to(page, "el => el.id === 'id_instructions'", limit=5)
    page.keyboard.type("Zu zweit: eine Geschichte erzählen, der andere notiert Stärken.")
    _tab_to(page, "el => el.type === 'submit' && el.closest('main') !== null", limit=10)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text().strip() == "Stärken-Interview"
    assert Method.objects.filter(name="Stärken-Interview", duration_minutes=45).exists()
    check_a11y(page)

    # A search field: type, Enter, the list shows the match (htmx or a full load alike).
    page.goto("/methoden/")
    _tab_to(page, "el => el.id === 'id_q'")
    page.keyboard.type("Interview")
    page.keyboard.press("Enter")
    page.wait_for_url("**/methoden/?q=Interview*")
    expect_rows = page.locator("main table tbody tr")
    expect_rows.first.wait_for()
    assert expect_rows.count() == 1
    page.context.close()


# --- reflow at 320 CSS px -------------------------------------------------------------------
OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const scrollers = [];
    for (const el of document.querySelectorAll('main *')) {
        const scrolls = ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
        if (scrolls && el.scrollWidth > el.clientWidth + 1) {
            const label = el.getAttribute('aria-label') || (el.getAttribute('aria-labelledby') &&
                (document.getElementById(el.getAttribute('aria-labelledby')) || {}).textContent);
            scrollers.push({what: el.tagName + '.' + el.className, focusable: el.tabIndex >= 0,
                            label: (label || '').trim()});
        }
    }
    return {page: document.documentElement.scrollWidth, width: width, scrollers: scrollers};
}"""


@pytest.mark.parametrize(("username", "paths"), [
    ("fatma", ["/", "/durchlaeufe/", "/projekte/", "/methoden/", "RUN"]),
    ("karl", ["/"]),
    ("maria", ["/", "/durchlaeufe/"]),
    ("admin", ["/", "/verwaltung/konten/", "/verwaltung/standorte/", "/verwaltung/kommunen/"]),
])
def test_reflow_at_320_px_without_horizontal_scrolling(browser, live_server, live_cast,
                                                      username, paths):
    page = _new_page(browser, live_server, width=320, height=640)
    log_in(page, username, PASSWORD)
    for path in paths:
        page.goto(f"/durchlaeufe/{live_cast.run_a.pk}/" if path == "RUN" else path)
        result = page.evaluate(OVERFLOW)
        assert result["page"] <= 320, f"{path} scrolls sideways at 320 px: {result}"
        for scroller in result["scrollers"]:  # a wide table scrolls inside its own region
            assert scroller["focusable"] and scroller["label"], f"{path}: {scroller}"
        check_a11y(page)
    page.context.close()


@pytest.mark.parametrize(("username", "path"), [
    ("karl", "/kundinnen/"),
    ("karl", "/zuweisungen/"),
    ("karl", "/kundinnen/{nina}/"),
    ("karl", "/zuweisungen/{referral}/"),
    ("fatma", "/durchlaeufe/{run}/zuweisungen/"),
])
def test_reflow_of_client_pages_at_320_px(browser, live_server, live_cast, username, path):
    path = path.format(nina=live_cast.nina.pk, referral=live_cast.nina_enrollment.referral_id,
                       run=live_cast.run_a.pk)
    page = _new_page(browser, live_server, width=320, height=640)
    log_in(page, username, PASSWORD)
    page.goto(path)
    result = page.evaluate(OVERFLOW)
    page.context.close()
    assert result["page"] <= 320, f"{path} scrolls sideways at 320 px: {result}"
    for scroller in result["scrollers"]:
        assert scroller["focusable"] and scroller["label"], f"{path}: {scroller}"


# --- language -------------------------------------------------------------------------------
def test_english_pages_say_lang_en(browser, live_server, live_cast):
    page = _new_page(browser, live_server)
    log_in(page, "karl", PASSWORD)
    assert page.locator("html").get_attribute("lang") == "de"
    with page.expect_navigation():
        page.locator("footer").get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url == f"{live_server.url}/"
    check_a11y(page)
    page.goto("/durchlaeufe/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.context.close()


# --- the participants' portal on a small phone ------------------------------------------------
SMALL_TARGETS = """() => [...document.querySelectorAll(
        'main button, main .kern-btn, main input[type=checkbox], main input[type=radio], '
        + 'main summary, header nav a, header nav button')]
    .filter(el => el.offsetParent !== null)
    .map(el => { // a checkbox's target is the checkbox and its label together
                 const parts = [el, el.closest('label'),
                                el.id && document.querySelector(`label[for="${el.id}"]`)];
                 const height = Math.max(...parts.filter(Boolean).map(
                     p => p.getBoundingClientRect().height));
                 return {what: el.tagName + ' ' + (el.innerText || el.name || '').trim().slice(0, 40),
                         height: Math.round(height)}; })
    .filter(t => t.height < 44)"""


@pytest.mark.parametrize("username", ["nina-portal", "ali-portal"])
def test_portal_pages_reflow_at_320_px_with_big_touch_targets(browser, live_server, live_cast,
                                                              username):
    """Participants use phones: no sideways scrolling at 320 px, buttons and choices ≥ 44 px."""
    from django.urls import reverse

    from neue_wege.testing.programme_space import build_programme_space

    space = build_programme_space(live_cast)
    story = {"story_id": space["story_id"][0]}
    names = ["portal:home", "portal:story-list", "portal:story-create", "portal:group-stories",
             "portal:profile", "portal:profile-pdf", "portal:assistant-help"]
    if username == "nina-portal":
        names += ["portal:story-detail", "portal:story-edit", "portal:story-share",
                  "portal:feedback-self", "portal:story-suggestions"]
    else:
        names += ["portal:story-detail", "portal:feedback-create"]
    with_story = {"portal:story-detail", "portal:story-edit", "portal:story-share",
                  "portal:feedback-self", "portal:story-suggestions", "portal:feedback-create"}
    page = _new_page(browser, live_server, width=320, height=640)
    log_in(page, username, PASSWORD)
    for name in names:
        path = reverse(name, kwargs=story if name in with_story else None)
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        result = page.evaluate(OVERFLOW)
        assert result["page"] <= 320, f"{path} scrolls sideways at 320 px: {result}"
        small = page.evaluate(SMALL_TARGETS)
        assert not small, f"{path}: touch targets under 44 px: {small}"
        check_a11y(page)
    page.context.close()
