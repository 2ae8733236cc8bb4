"""Helpers for browser tests: axe-core checks and logging in through the real form."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


AXE_SECONDS = 60
"""How long one axe run may take. `page.evaluate` has no timeout of its own: an axe run whose
promise never settled held a CI lane for minutes (5 Dec 2026), so axe is started without
waiting and its result is awaited with `wait_for_function`, which has one."""


def check_a11y(page) -> None:  # noqa: ANN001
    """Fail on any axe-core violation at WCAG 2.1 A/AA on the current page.

    A page that moves on by itself while axe runs (a form sent by script, then loaded again; a
    finished job's page refreshing; a link clicked just before, whose page was still arriving),
    an axe run that fails inside axe, or one that does not finish within `AXE_SECONDS`, is
    checked again where it is, once the page has loaded: up to three tries. Only violations
    fail at once; an error of axe itself fails when all three tries end in it."""
    result = None
    for attempt in range(3):
        try:
            page.wait_for_load_state()
            page.evaluate(AXE_JS.read_text(encoding="utf-8"))
            page.evaluate(
                """(tags) => {
                    window.__nwAxe = undefined;
                    axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(
                        (result) => { window.__nwAxe = {result}; },
                        (error) => { window.__nwAxe = {error: String(error)}; });
                }""",
                AXE_TAGS,
            )
            page.wait_for_function("() => window.__nwAxe !== undefined",
                                   timeout=AXE_SECONDS * 1000)
            outcome = page.evaluate("() => window.__nwAxe")
        except PlaywrightError as error:
            retry = ("Execution context was destroyed" in str(error)
                     or isinstance(error, PlaywrightTimeoutError))
            if not retry or attempt == 2:
                raise
            continue
        if "error" not in outcome:
            result = outcome["result"]
            break
        # e.g. "Cannot read properties of null (reading 'documentElement')": the document axe
        # walked was replaced under it (CI, 5 Dec 2026)
        assert attempt < 2, f"axe failed on {page.url}: {outcome['error']}"
    violations = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    assert not violations, f"axe violations on {page.url}:\n" + json.dumps(
        violations, indent=1, ensure_ascii=False)


def follow(link) -> None:  # noqa: ANN001
    """Click a link and wait until the page it leads to (after any redirect) has loaded.

    After a bare ``click()`` the next step may still run on the page being left: an axe check
    then passes on the old page, or fails when the new one replaces the document under it
    (CI, 5 Dec 2026)."""
    page = link.page
    before = page.url
    link.click()
    page.wait_for_url(lambda url: url != before)


def log_in(page, username: str, password: str) -> None:  # noqa: ANN001
    """Password, then (staff) the code from the authenticator app, computed from its key."""
    page.goto("/anmelden/")
    check_a11y(page)
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    if "/anmelden/code/einrichten/" in page.url:
        check_a11y(page)
        text = page.locator(".nw-key").inner_text().replace(" ", "")
        key = base64.b32decode(text + "=" * (-len(text) % 8))
        enter_code(page, key, button="App bestätigen")
        # The recovery codes are shown once after the set-up; then on to the page asked for.
        check_a11y(page)
        page.get_by_role("link", name="Ich habe die Codes notiert – weiter").click()
        page.wait_for_load_state()
    elif "/anmelden/code/" in page.url:
        check_a11y(page)
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # A code is accepted once per 30 s step; tests log the same persona in more often.
        TOTPDevice.objects.filter(user__username=username).update(last_t=-1)
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        enter_code(page, device.bin_key, button="Bestätigen")


def enter_code(page, key: bytes, *, button: str) -> None:  # noqa: ANN001
    from django_otp.oath import totp

    page.get_by_label("Code aus der Authenticator-App").fill(f"{totp(key):06d}")
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()
