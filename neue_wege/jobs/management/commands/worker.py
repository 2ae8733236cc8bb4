"""`neuewege worker`: run queued jobs (django-tasks-db's `db_worker` under our name).

Same options as `db_worker` (`--batch` runs what is queued and stops, `--interval`,
`--max-tasks`, `--queue-name`); it reloads on code changes when DEBUG is on. Run one (or
more) beside the web server; `./dev start` starts one for you (docs/tasks.md). While it runs,
a thread writes its heartbeat every NW_WORKER_HEARTBEAT_SECONDS (neue_wege/jobs/heartbeat.py),
which `/health/ready/` checks.
"""

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from neue_wege.jobs.heartbeat import HeartbeatThread


class Command(DatabaseWorker):
    help = "Führt Hintergrundaufträge aus der Warteschlange aus (django-tasks, Datenbank)."

    def handle(self, *args: Any, **options: Any) -> None:
        heartbeat = HeartbeatThread()
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
