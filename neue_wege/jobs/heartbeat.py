"""The task worker's heartbeat: a row in `core.Heartbeat`, renewed every few seconds.

A daemon thread of `neuewege worker` writes it (also while a long task runs), so the readiness
endpoint `/health/ready/` can tell a load balancer or orchestrator that some worker is alive
(docs/operations.md, "Health"). The row names the host and process id, nothing else; rows of
workers that stopped long ago are deleted by the next beat.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from neue_wege.core.models import Heartbeat

logger = logging.getLogger("neue_wege.jobs")
FORGET_AFTER = timedelta(days=1)


def process_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def beat(name: str, kind: str = "worker") -> None:
    """Record that `name` is alive now; forget processes silent for a day."""
    now = timezone.now()
    Heartbeat.objects.update_or_create(name=name, defaults={"kind": kind, "seen_at": now})
    Heartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()


class HeartbeatThread(threading.Thread):
    """Beats every NW_WORKER_HEARTBEAT_SECONDS until `stop()`; a failed beat is logged only."""

    def __init__(self, name: str | None = None, interval: float | None = None) -> None:
        super().__init__(name="nw-heartbeat", daemon=True)
        self.process = name or process_name()
        self.interval = interval or settings.NW_WORKER_HEARTBEAT_SECONDS
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.is_set():
            try:
                beat(self.process)
            except DatabaseError:
                logger.warning("Das Lebenszeichen des Workers konnte nicht geschrieben werden.",
                               exc_info=True)
            finally:
                connection.close()  # this thread's own connection; a new one for the next beat
            self._stopped.wait(self.interval)

    def stop(self) -> None:
        self._stopped.set()
