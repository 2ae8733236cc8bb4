"""Race tests: several transactions at the same moment, each in its own thread and connection.

    from neue_wege.testing.concurrency import in_parallel, needs_postgresql

    @needs_postgresql
    @pytest.mark.django_db(transaction=True)
    def test_two_saves_make_one_story():
        results = in_parallel([save, save])   # a result or the exception, per task

Races need real parallel transactions and row locks, so these tests run on PostgreSQL only
(SQLite serialises all writers); `needs_postgresql` skips them elsewhere with that reason.
Every thread closes its connection when done, so the test database can be dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises all writers, so there is no race to test",
)


def in_parallel(tasks: list[Callable[[], Any]], *, timeout: float = 60) -> list[Any]:
    """Run each task in its own thread, all released at once; return each task's result or
    the exception it raised, in the order of ``tasks``."""
    barrier = threading.Barrier(len(tasks))
    results: list[Any] = [None] * len(tasks)

    def work(index: int, task: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = task()
        except Exception as error:  # noqa: BLE001 - the test inspects every outcome
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i, task)) for i, task in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread hung (deadlock?)"
    return results
