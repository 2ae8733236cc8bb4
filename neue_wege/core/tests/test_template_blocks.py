"""Blocks that end up inside a tag or the <title> hold no markup (a stray element there is
shown as text in the tab, or breaks the <body> tag; it happened once in a merge)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(PACKAGE_DIR.glob("**/templates/**/*.html"))


@pytest.mark.parametrize("block", ["title", "service_worker"])
def test_title_and_attribute_blocks_hold_no_markup(block):
    pattern = re.compile(r"{%\s*block " + block + r"\s*%}(.*?){%\s*endblock", re.DOTALL)
    offenders = [f"{path.relative_to(PACKAGE_DIR)}: {match.group(1)[:60]!r}"
                 for path in TEMPLATES
                 for match in pattern.finditer(path.read_text(encoding="utf-8"))
                 if "<" in match.group(1)]
    assert len(TEMPLATES) > 50
    assert not offenders, "\n".join(offenders)
