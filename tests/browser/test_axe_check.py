"""The accessibility check itself: violations fail, an error inside axe is tried again; and
`follow`, which leaves a page only when the next one has arrived.

Every browser test relies on `check_a11y`; a check that passed on an axe error would hide a
broken page, and one that failed on a page still arriving made CI red for no fault of the app
(5 Dec 2026: "Cannot read properties of null (reading 'documentElement')").
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from neue_wege.testing.browser import check_a11y, follow

CLEAN = """<!doctype html><html lang="de"><head><title>Seite</title></head>
<body><main><h1>Überschrift</h1><p>Text</p></main></body></html>"""

# The check clears window.__nwAxe, then axe's promise stores its outcome there. This setter
# turns the first `failures` outcomes into the error axe gave on CI, as if the document had
# been replaced under it.
FAIL_AXE = """(failures) => {
    let stored, left = failures;
    Object.defineProperty(window, '__nwAxe', {
        configurable: true,
        get: () => stored,
        set: (value) => {
            if (value !== undefined && left > 0) {
                left -= 1;
                value = {error: "TypeError: Cannot read properties of null"};
            }
            stored = value;
        },
    });
    window.__nwAxeRuns = () => failures - left;
}"""


@pytest.fixture
def blank(browser):  # noqa: ANN001
    context = browser.new_context(locale="de-DE")
    yield context.new_page()
    context.close()


def test_a_clean_page_passes(blank):  # noqa: ANN001
    blank.set_content(CLEAN)
    check_a11y(blank)


def test_a_violation_fails_at_once(blank):  # noqa: ANN001
    blank.set_content(CLEAN.replace("<p>Text</p>", '<img src="data:,">'))
    with pytest.raises(AssertionError, match="(?s)axe violations.*image-alt"):
        check_a11y(blank)


def test_an_error_inside_axe_is_tried_again(blank):  # noqa: ANN001
    blank.set_content(CLEAN)
    blank.evaluate(FAIL_AXE, 2)
    check_a11y(blank)
    assert blank.evaluate("() => window.__nwAxeRuns()") == 2


def test_an_error_inside_axe_on_every_try_fails(blank):  # noqa: ANN001
    blank.set_content(CLEAN)
    blank.evaluate(FAIL_AXE, 3)
    with pytest.raises(AssertionError, match="axe failed on .*Cannot read properties of null"):
        check_a11y(blank)


class _Pages(BaseHTTPRequestHandler):
    """/a links to /b; /b shows a picture that arrives a second late."""

    def do_GET(self) -> None:
        if self.path == "/bild.svg":
            time.sleep(1)
            self._send("image/svg+xml",
                       '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')
        elif self.path == "/a":
            self._send("text/html", CLEAN.replace("<p>Text</p>", '<a href="/b">Weiter</a>'))
        else:
            self._send("text/html", CLEAN.replace("<title>Seite</title>", "<title>B</title>")
                       .replace("<p>Text</p>", '<img src="/bild.svg" alt="Bild">'))

    def _send(self, content_type: str, body: str) -> None:
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:  # noqa: ANN002
        pass


@pytest.fixture
def two_pages():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_follow_returns_when_the_next_page_has_loaded(blank, two_pages):  # noqa: ANN001
    """A bare click returns once the next page has begun (its picture still on the way);
    `follow` once it has loaded."""
    blank.goto(f"{two_pages}/a")
    follow(blank.get_by_role("link", name="Weiter"))
    assert blank.url == f"{two_pages}/b"
    assert blank.evaluate("() => [document.title, document.readyState]") == ["B", "complete"]
