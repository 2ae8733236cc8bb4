"""The production stack (tests/deploy/conftest.py) serves a real log-in, and two instances
behind HAProxy share sessions, cache and queue with one worker.

Each page the browser opens is checked with axe-core, as in tests/browser.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import pytest
from django_otp.oath import totp

from neue_wege.testing.browser import check_a11y
from neue_wege.testing.personas import PASSWORD, TOTP_KEY

pytestmark = pytest.mark.deploy


def _context(browser: Any, stack: Any, frontend: str) -> Any:
    context = browser.new_context(locale="de-DE", base_url=stack.url(frontend),
                                  ignore_https_errors=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    return context


def _log_in(page: Any, stack: Any, username: str) -> None:
    """Password, then the code of the persona's authenticator app (second factor)."""
    page.goto("/anmelden/")
    check_a11y(page)
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(re.compile(r"/anmelden/code/"))
    check_a11y(page)
    # A code counts once per 30 s step: this persona may have logged in a moment ago.
    stack.sql("UPDATE otp_totp_totpdevice SET last_t = -1 WHERE user_id = "
              "(SELECT id FROM organisation_user WHERE username = %s)", username)
    page.get_by_label("Code aus der Authenticator-App").fill(f"{totp(bytes.fromhex(TOTP_KEY)):06d}")
    page.get_by_role("button", name="Bestätigen").click()
    page.wait_for_load_state()
    assert "/anmelden/" not in page.url, page.url


def test_production_stack_serves_a_staff_log_in(stack, deploy_browser) -> None:  # noqa: ANN001
    # Alive but not ready until the worker's first heartbeat (conftest starts it afterwards).
    assert stack.ready_before_worker == 503
    context = _context(deploy_browser, stack, "balanced")
    page = context.new_page()
    response = page.goto("/anmelden/")
    assert response is not None and response.status == 200
    # DEBUG off and the production headers of the example file.
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")
    assert re.fullmatch(r"[0-9a-f-]{32,36}", response.headers["x-request-id"])
    _log_in(page, stack, "maria")
    check_a11y(page)
    assert page.get_by_role("heading", level=1).count() == 1
    cookies = {cookie["name"]: cookie for cookie in context.cookies()}
    assert cookies["__Host-nw-session"]["secure"] and cookies["__Host-nw-session"]["httpOnly"]

    # Static files come from WhiteNoise: hashed names, compressed, cached for a year.
    stylesheet = page.locator("link[rel=stylesheet]").first.get_attribute("href")
    assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet), stylesheet
    static = context.request.get(stylesheet, headers={"Accept-Encoding": "gzip, br"})
    assert static.status == 200
    assert "immutable" in static.headers["cache-control"]
    assert static.headers.get("content-encoding") in {"gzip", "br"}

    # The 404 page of a production server: German, no debug page.
    missing = page.goto("/gibt-es-nicht/")
    assert missing is not None and missing.status == 404
    assert "Traceback" not in page.content()
    context.close()


def test_two_instances_share_the_log_in_and_the_worker_runs_what_one_queued(
        stack, deploy_browser) -> None:  # noqa: ANN001
    context_a = _context(deploy_browser, stack, "a")
    page = context_a.new_page()
    _log_in(page, stack, "maria")  # on instance A only

    # Instance B (another port: the browser sends the same host cookies) knows the session.
    marker = uuid.uuid4().hex
    response = page.goto(stack.url("b", "/auftraege/"), wait_until="load")
    assert response is not None and response.status == 200
    check_a11y(page)
    assert page.get_by_role("heading", name="Aufträge").count() == 1
    probe = page.request.get(stack.url("b", "/auftraege/"), headers={"X-Request-ID": marker})
    assert probe.status == 200 and probe.headers["x-request-id"] == marker
    time.sleep(0.5)  # gunicorn writes the access line after the response
    assert marker in stack.log_of("web-b") and marker not in stack.log_of("web-a")

    # A task queued through instance A is run by the worker, a process of its own.
    page.goto(stack.url("a", "/auswertung/"))
    check_a11y(page)
    page.get_by_role("button", name=re.compile("berechnen")).first.click()
    page.wait_for_load_state()
    deadline = time.monotonic() + 90
    state = ""
    while time.monotonic() < deadline:
        rows = stack.sql("SELECT state FROM jobs_job ORDER BY created_at DESC LIMIT 1")
        state = rows[0][0] if rows else ""
        if state in {"done", "failed"}:
            break
        time.sleep(0.5)
    assert state == "done", f"job state {state!r}:\n{stack.log_of('worker')[-3000:]}"
    assert '"logger": "django_tasks_db"' in stack.log_of("worker")

    # … and instance B shows the finished job. In a page of its own: the evaluation page
    # polls for the job and reloads itself when it is done, which could overtake a navigation
    # from it (seen on a loaded CI machine).
    page.close()
    page = context_a.new_page()
    page.goto(stack.url("b", "/auftraege/"))
    check_a11y(page)
    assert page.get_by_text("fertig").count() >= 1
    context_a.close()
