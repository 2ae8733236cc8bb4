"""The accessibility check itself: violations fail, an error inside axe is tried again.

Every browser test relies on `check_a11y`; a check that passed on an axe error would hide a
broken page, and one that failed on a page still arriving made CI red for no fault of the app
(5 Dec 2026: "Cannot read properties of null (reading 'documentElement')").
"""

from __future__ import annotations

import pytest

from neue_wege.testing.browser import check_a11y

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
