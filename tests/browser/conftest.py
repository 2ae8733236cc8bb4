"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium) against live_server.

Playwright never downloads a browser here. Without Chromium the tests skip, unless
NW_REQUIRE_BROWSER=1 (set by .ci/run), where a missing browser is a failure.
Every page a test opens is checked with axe-core for WCAG 2.1 AA (`check_a11y`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the
# test body are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("NW_CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):  # noqa: ANN001
    browser_items = []
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            browser_items.append(item)
    _keep_shard(config, items, browser_items, os.environ.get("NW_BROWSER_SHARD", ""))


def _keep_shard(config, items, browser_items, shard: str) -> None:  # noqa: ANN001
    """NW_BROWSER_SHARD=k/n keeps every n-th browser test, starting at the k-th (1-based);
    k may be a list (`1,2/3` keeps two thirds).

    .ci/run splits the browser tests over its two lanes this way (for example 1,2/3 beside the
    SQLite run, 3/3 after the PostgreSQL run), so that together they run every browser test
    once and both lanes end at about the same time.
    """
    if not shard:
        return
    numbers, _, count = shard.partition("/")
    n = int(count)
    keep = {int(number) for number in numbers.split(",")}
    if not keep or not all(1 <= k <= n for k in keep):
        raise pytest.UsageError(f"NW_BROWSER_SHARD={shard}: expected k/n or k1,k2/n with "
                                f"1 <= k <= n")
    dropped = {id(item) for i, item in enumerate(browser_items) if i % n + 1 not in keep}
    if dropped:
        config.hook.pytest_deselected(items=[item for item in items if id(item) in dropped])
        items[:] = [item for item in items if id(item) not in dropped]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        if os.environ.get("NW_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run installs it from Debian")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:  # noqa: ANN001
    context = browser.new_context(locale="de-DE", base_url=live_server.url,
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def live_cast(transactional_db):  # noqa: ANN001
    from neue_wege.testing.personas import build_cast

    return build_cast()
