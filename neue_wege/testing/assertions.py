"""Shared test assertions."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@contextmanager
def assert_max_queries(limit: int) -> Iterator[CaptureQueriesContext]:
    """Fail when the block runs more than `limit` SQL queries (list pages stay bounded)."""
    with CaptureQueriesContext(connection) as context:
        yield context
    count = len(context.captured_queries)
    assert count <= limit, f"{count} queries, expected at most {limit}:\n" + "\n".join(
        q["sql"][:200] for q in context.captured_queries)


def pdf_text(pdf: bytes, *, layout: bool = True) -> str:
    """The text of a generated PDF (poppler's pdftotext; the test is skipped without it)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    options = ["-layout"] if layout else []
    result = subprocess.run(["pdftotext", *options, "-", "-"], input=pdf,  # noqa: S603,S607
                            capture_output=True, check=True)
    return result.stdout.decode()
