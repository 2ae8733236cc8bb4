"""Shared test assertions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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
