"""Writing that cannot be lost (issue 14, "Done when"), on a phone (390×844) in Chromium:

- the session ends while Nina writes: the autosave does not put the log-in page into the
  form, a log-in dialog opens, and after logging in the text is still there and saves;
- a story written without a connection is queued on the phone and arrives when the
  connection returns (Playwright's offline mode);
- one save gives one story: a fast double tap, two parallel posts with the same draft key
  and a late autosave of an older revision leave exactly one story and no stray draft.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.sessions.models import Session

from neue_wege.strengths.models import Story
from neue_wege.testing.browser import check_a11y, log_in
from neue_wege.testing.personas import PASSWORD

PHONE = {"width": 390, "height": 844}
NEW = "/portal/geschichten/neu/"
DETAIL = re.compile(r"/portal/geschichten/[0-9a-f-]{36}/$")
BEGIN = "Im Frühjahr habe ich im Garten der Tafel geholfen. "
MORE = "Ich habe die Beete geplant und den anderen gezeigt, wie man sät."

pytestmark = pytest.mark.usefixtures("live_cast")


@pytest.fixture
def phone(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(locale="de-DE", base_url=live_server.url, viewport=PHONE,
                                  has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, "nina-portal", PASSWORD)
    yield page
    context.close()


def _autosaved(page: Any) -> None:
    """Wait until the autosave has answered (the live server's in-memory SQLite database is
    one connection shared by its threads: parallel requests would collide there, never on a
    real database; tests/concurrency/test_story_saves.py races them on PostgreSQL)."""
    # The autosave fires 1.5 s after the last key (hx-trigger delay); the status line may still
    # show an earlier autosave, so first let the delay pass.
    page.wait_for_timeout(1700)
    page.locator("#story-autosave-status").filter(has_text="Entwurf gespeichert um").wait_for()
    page.wait_for_load_state("networkidle")


def _open_new_story(page: Any) -> Any:
    page.goto(NEW)
    check_a11y(page)
    return page.get_by_label("Ihre Geschichte")


def test_session_ends_mid_story_and_the_text_survives_the_log_in(phone: Any) -> None:
    text = _open_new_story(phone)
    text.fill(BEGIN)
    # The session ends on the server (idle timeout, or the browser was closed).
    Session.objects.all().delete()
    text.press_sequentially("Ich")  # typing sends the autosave
    dialog = phone.get_by_role("dialog", name="Bitte melden Sie sich wieder an")
    dialog.wait_for()
    assert phone.locator(".nw-story-form form, .nw-story-form h1").count() == 0
    assert "Anmelden" not in phone.locator("#story-autosave-status").inner_text()
    assert text.input_value() == BEGIN + "Ich"
    check_a11y(phone)
    dialog.get_by_label("Benutzername").fill("nina-portal")
    dialog.get_by_label("Passwort").fill(PASSWORD)
    dialog.get_by_role("button", name="Anmelden und weiterschreiben").click()
    dialog.wait_for(state="hidden")
    assert text.input_value() == BEGIN + "Ich"
    # After a log-in Chromium offers to save the password and its bubble takes the keyboard;
    # tapping the text field again is what a person does too.
    text.click()
    text.press_sequentially(" " + MORE)
    _autosaved(phone)
    phone.get_by_role("button", name="Speichern").click()
    phone.wait_for_url(DETAIL, timeout=30_000)
    check_a11y(phone)
    story = Story.objects.get()
    assert story.text == (BEGIN + "Ich " + MORE).strip()
    assert not story.has_unsaved_draft


def test_a_story_written_offline_arrives_when_the_connection_returns(phone: Any) -> None:
    text = _open_new_story(phone)
    phone.context.set_offline(True)
    text.fill(BEGIN + MORE)
    phone.get_by_role("button", name="Speichern").click()
    status = phone.locator("#story-autosave-status")
    # the queue answers from IndexedDB; on a loaded CI machine that took longer than the
    # default 10 s once (the other waits of this test allow 30 s)
    status.filter(has_text="sobald die Verbindung wieder da ist").wait_for(timeout=30_000)
    check_a11y(phone)
    assert not Story.objects.exists()
    phone.context.set_offline(False)
    phone.wait_for_url(DETAIL, timeout=30_000)
    story = Story.objects.get()
    assert story.text == BEGIN + MORE and story.saved_at is not None
    assert phone.evaluate("window.NW.outbox().length") == 0


def test_one_save_gives_one_story(phone: Any) -> None:
    text = _open_new_story(phone)
    text.press_sequentially(BEGIN[:20])
    _autosaved(phone)
    text.fill(BEGIN + MORE)  # pasted, then "Speichern" at once
    key = phone.input_value("input[name=draft_key]")
    revision = int(phone.input_value("input[name=revision]"))
    phone.get_by_role("button", name="Speichern").dblclick()
    phone.wait_for_url(DETAIL, timeout=30_000)
    # The same save again (a second tab, a retry from the queue) and then the autosave of an
    # older revision that was under way while "Speichern" was tapped. (One after the other:
    # see _autosaved; the race itself is tests/concurrency/test_story_saves.py.)
    answers = phone.evaluate(
        """async ([key, revision, text]) => {
          const post = (url, fields, headers) => {
            const body = new URLSearchParams(fields);
            body.set("csrfmiddlewaretoken", NW.csrfToken());
            return fetch(url, {method: "POST", body, credentials: "same-origin",
                               headers: {"X-CSRFToken": NW.csrfToken(), ...headers}});
          };
          const save = {draft_key: key, revision: String(revision), title: "", text};
          const both = [await post("/portal/geschichten/neu/", save, {"X-NW-Sync": "1"}),
                        await post("/portal/geschichten/neu/", save, {"X-NW-Sync": "1"})];
          const late = await post("/portal/geschichten/entwurf/",
            {draft_key: key, revision: String(revision - 1), title: "",
             text: text.slice(0, 30)}, {"HX-Request": "true"});
          return [both[0].status, both[1].status, late.status];
        }""", [key, revision, BEGIN + MORE])
    assert answers == [200, 200, 200]
    story = Story.objects.get()
    assert story.text == BEGIN + MORE and story.draft_text == BEGIN + MORE
    assert not story.has_unsaved_draft
    phone.goto("/portal/geschichten/")
    assert "nur Entwurf" not in phone.content()
    check_a11y(phone)
