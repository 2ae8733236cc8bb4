"""Helpers for browser tests: axe-core checks and logging in through the real form."""

from __future__ import annotations

import json
from pathlib import Path

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def check_a11y(page) -> None:  # noqa: ANN001
    """Fail on any axe-core violation at WCAG 2.1 A/AA on the current page."""
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    violations = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    assert not violations, f"axe violations on {page.url}:\n" + json.dumps(
        violations, indent=1, ensure_ascii=False)


def log_in(page, username: str, password: str) -> None:  # noqa: ANN001
    page.goto("/anmelden/")
    check_a11y(page)
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
