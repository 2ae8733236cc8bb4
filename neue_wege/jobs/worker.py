"""Run the queue in this process: what `neuewege worker --batch` does, for tests and commands.

The library's own loop (`Worker.run`) closes "old" database connections between tasks, which
would end a test's transaction; this loop claims and runs tasks the same way without that.
"""

from __future__ import annotations

from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction


def run_queued(*, max_tasks: int | None = None) -> int:
    """Run every queued task (or at most ``max_tasks``) and return how many ran."""
    worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                    startup_delay=False, max_tasks=max_tasks, worker_id=get_random_string(32),
                    excluded_queue_names=[])
    ran = 0
    while max_tasks is None or ran < max_tasks:
        tasks = DBTaskResult.objects.ready().filter(backend_name="default")
        with exclusive_transaction(tasks.db):
            claimed = tasks.get_locked()
            if claimed is not None:
                claimed.claim(worker.worker_id)
        if claimed is None:
            break
        worker.run_task(claimed)
        ran += 1
    return ran
