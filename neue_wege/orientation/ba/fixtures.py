"""A transport serving the spec-derived fixtures (``fixtures/README.md``): no network.

Use in tests (``BAClient(enabled=True, transport=FixtureTransport())``) or, for a demo, with
``NW_BA_API_ENABLED=true NW_BA_TRANSPORT=neue_wege.orientation.ba.fixtures.fixture_transport``.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

from neue_wege.orientation.ba.client import JOBSUCHE_URL, WBSUCHE_URL

FIXTURES = Path(__file__).resolve().parent / "fixtures"


class FixtureTransport:
    """Answers Jobsuche and Weiterbildungssuche requests from the fixture files.

    ``empty_for``: search words that get the empty Jobsuche answer; ``fail``: raise
    ``OSError`` like an unreachable server. Every request is kept in ``requests``.
    """

    def __init__(self, *, empty_for: tuple[str, ...] = (), fail: bool = False) -> None:
        self.empty_for = {w.lower() for w in empty_for}
        self.fail = fail
        self.requests: list[tuple[str, dict[str, str], float]] = []

    def __call__(self, url: str, headers: dict[str, str], timeout: float) -> bytes:
        self.requests.append((url, dict(headers), timeout))
        if self.fail:
            raise OSError("Netzwerk nicht erreichbar (Test)")
        base, _, query = url.partition("?")
        params = dict(urllib.parse.parse_qsl(query))
        if base == JOBSUCHE_URL:
            empty = params.get("was", "").lower() in self.empty_for
            name = "jobsuche_jobs_empty.json" if empty else "jobsuche_jobs.json"
        elif base == WBSUCHE_URL:
            name = "weiterbildungssuche_bildungsangebot.json"
        else:
            raise OSError(f"unbekannte Adresse {base}")
        return (FIXTURES / name).read_bytes()


def fixture_transport(url: str, headers: dict[str, str], timeout: float) -> bytes:
    """Module-level transport for ``NW_BA_TRANSPORT`` (demos, browser tests)."""
    return FixtureTransport()(url, headers, timeout)
