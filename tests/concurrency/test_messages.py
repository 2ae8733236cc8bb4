"""Reminders are sent once even when several workers and reminder jobs run at the same time
(PostgreSQL only: SQLite serialises writers, so there is no race to test)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from neue_wege.messaging import services
from neue_wege.messaging.models import OutboundMessage
from neue_wege.programmes.models import Session
from neue_wege.testing.messaging import smtp_server
from neue_wege.testing.personas import build_cast


def _in_parallel(tasks: list[Callable[[], Any]]) -> list[Any]:
    """Each task in its own thread and database connection, all released at once."""
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
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung (deadlock?)"
    return results

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises all writers, so there is no race to test",
)
WORKERS = 4


@needs_postgresql
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_planners_and_workers_send_each_reminder_once(settings) -> None:  # noqa: ANN001
    cast = build_cast()
    start = timezone.make_aware(dt.datetime.combine(
        timezone.localdate() + dt.timedelta(days=1), dt.time(9, 0)))
    Session.objects.create(run=cast.run_a, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    for client, address in ((cast.nina, "nina@example.org"), (cast.ali, "ali@example.org")):
        services.contact_channel_add(actor=cast.fatma, client=client, channel="email",
                                     address=address)
    with smtp_server() as smtp:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        planned = _in_parallel([services.reminders_plan for _ in range(WORKERS)])
        assert sum(planned) == 2, planned
        ids = services.message_ids_due()
        sent = _in_parallel([lambda: services.deliver(ids) for _ in range(WORKERS)])
    assert sum(counts["sent"] for counts in sent) == 2, sent
    assert sorted(m["X-Envelope-To"] for m in smtp.received) == ["ali@example.org",
                                                                "nina@example.org"]
    assert set(OutboundMessage.objects.values_list("status", flat=True)) == {"sent"}
