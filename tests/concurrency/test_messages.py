"""Reminders are sent once even when several workers and reminder jobs run at the same time
(PostgreSQL only: SQLite serialises writers, so there is no race to test)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from neue_wege.messaging import services
from neue_wege.messaging.models import OutboundMessage
from neue_wege.programmes.models import Session
from neue_wege.testing.concurrency import in_parallel, needs_postgresql
from neue_wege.testing.messaging import smtp_server
from neue_wege.testing.personas import build_cast

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
        planned = in_parallel([services.reminders_plan for _ in range(WORKERS)])
        assert sum(planned) == 2, planned
        ids = services.message_ids_due()
        sent = in_parallel([lambda: services.deliver(ids) for _ in range(WORKERS)])
    assert sum(counts["sent"] for counts in sent) == 2, sent
    assert sorted(m["X-Envelope-To"] for m in smtp.received) == ["ali@example.org",
                                                                "nina@example.org"]
    assert set(OutboundMessage.objects.values_list("status", flat=True)) == {"sent"}
