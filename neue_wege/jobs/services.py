"""The job API every app uses for work that takes longer than a page should.

    from neue_wege.jobs import services as jobs

    @jobs.job_task
    def build_letters(job: jobs.JobContext, *, run_id: str) -> dict:
        for n, letter in enumerate(letters, start=1):
            job.progress(n, len(letters), _("Brief %(n)s wird erstellt") % {"n": n})
        return {"url": reverse(...), "label": _("Briefe ansehen")}

    job = jobs.start(owner=request.user, kind="letters", title=_("Briefe für …"),
                     task=build_letters, run_id=str(run.pk))

`start` records a `Job` and puts the task on the queue of django-tasks (database backend:
the `neuewege worker` process runs it). Inside the task, `job.progress(done, total, text)`
updates what the "Aufträge" page shows. The task returns the result link (or nothing). A
`JobFailed` carries a German message to the user; any other exception becomes a general German
message, and its traceback goes to the server log (logger `neue_wege.jobs`), never to a page.
Task arguments must be JSON (ids as strings).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task
from django_tasks.base import Task

from neue_wege.core.exceptions import DomainError
from neue_wege.jobs.models import Job

logger = logging.getLogger("neue_wege.jobs")

GENERAL_ERROR = gettext_noop(
    "Der Auftrag konnte nicht abgeschlossen werden. Bitte versuchen Sie es später noch einmal; "
    "bleibt der Fehler, wenden Sie sich an die Administration.")

LOST_ERROR = gettext_noop(
    "Der Auftrag hat sich über eine Stunde nicht mehr gemeldet und wurde abgebrochen. Bitte "
    "starten Sie ihn noch einmal.")


class JobFailed(DomainError):
    """Raised by a task: its German message is shown to the user as the job's error."""


@dataclass
class JobContext:
    """What a task gets as its first argument: the job and a way to report progress."""

    job: Job

    def progress(self, done: int, total: int, text: str = "") -> None:
        """Record that ``done`` of ``total`` steps are finished; ``text`` says what runs now."""
        done, total = max(0, int(done)), max(0, int(total))
        self.job.done, self.job.total, self.job.step = min(done, total or done), total, text[:200]
        Job.objects.filter(pk=self.job.pk).update(
            done=self.job.done, total=total, step=self.job.step, updated_at=timezone.now())


def job_task(func: Callable[..., Any]) -> Task:
    """Make ``func(job: JobContext, **kwargs)`` a task that `start` can queue.

    Use it at module level, as the function's own name (django-tasks finds the task by its
    module path)."""

    @functools.wraps(func)
    def run(*, job_id: str, **kwargs: Any) -> Any:
        return run_job(job_id, func, kwargs)

    return task()(run)


def run_job(job_id: str, func: Callable[..., Any], kwargs: dict[str, Any]) -> Any:
    """Run one job: mark it running, call the task, record how it ended."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or not job.is_active:  # deleted, or already run by another worker
        return None
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, started_at=now, updated_at=now)
    job.state, job.started_at = Job.State.RUNNING, now
    try:
        result = func(JobContext(job), **kwargs)
    except Exception as error:
        message = str(error.message) if isinstance(error, JobFailed) else _(GENERAL_ERROR)
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _finish(job, state=Job.State.FAILED, error=message[:300])
        raise
    _finish(job, state=Job.State.DONE, result=result if isinstance(result, dict) else {})
    return None


def _finish(job: Job, *, state: str, result: dict | None = None, error: str = "") -> None:
    now = timezone.now()
    fields: dict[str, Any] = {"state": state, "finished_at": now, "updated_at": now,
                              "error": error}
    if result is not None:
        fields["result"] = result
    if state == Job.State.DONE and job.total:
        fields["done"] = job.total
    Job.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def start(*, owner: Any, kind: str, title: str, task: Task, key: str = "",
          **kwargs: Any) -> Job:
    """Queue ``task`` for ``owner`` and return its job (an active job of the same kind and key
    in the owner's job centre is returned instead of queueing the work twice)."""
    with transaction.atomic():
        if key:
            same = Job.objects.filter(job_centre_id=owner.job_centre_id, kind=kind, key=key,
                                      state__in=Job.ACTIVE)
            now = timezone.now()
            same.filter(updated_at__lt=now - Job.STALE_AFTER).update(
                state=Job.State.FAILED, finished_at=now, updated_at=now, error=_(LOST_ERROR))
            running = same.select_for_update().first()
            if running is not None:
                return running
        job = Job.objects.create(owner=owner, job_centre_id=owner.job_centre_id, kind=kind,
                                 key=key, title=title[:200], step=_("Wartet auf den Start"))
        # The queue row is written in the same transaction: the worker sees both or neither.
        queued = task.enqueue(job_id=str(job.pk), **kwargs)
        job.task_result_id = str(queued.id)
        job.save(update_fields=["task_result_id"])
    return job
