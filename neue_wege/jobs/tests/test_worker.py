"""`neuewege worker` — the real worker process takes a job from the database queue and runs it.

On PostgreSQL the command runs as its own process against the test database (on SQLite the
test database lives in this process's memory, so there the same loop runs in-process:
test_services.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from neue_wege.jobs import services as jobs
from neue_wege.jobs.models import Job
from neue_wege.jobs.tests.test_services import count_to
from neue_wege.testing.personas import build_cast


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="needs PostgreSQL: the SQLite test database is in this process only")
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_worker_command_runs_a_queued_job_in_its_own_process() -> None:
    cast = build_cast()
    job = jobs.start(owner=cast.maria, kind="test", title="Zählen", task=count_to, upto=2)
    db = connection.settings_dict
    env = {**os.environ, "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
                                         f"{db['PORT'] or 5432}/{db['NAME']}"}
    done = subprocess.run(  # noqa: S603 - our own console script
        [sys.executable, "-m", "neue_wege.cli", "worker", "--batch", "--no-startup-delay",
         "--no-reload", "--verbosity", "0"], env=env, capture_output=True, text=True,
        timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == (Job.State.DONE, 2, 2)
    assert DBTaskResult.objects.get(pk=job.task_result_id).status == "SUCCESSFUL"
