"""Background work of the messaging domain, run by the task runner (neue_wege.jobs)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_tasks import task

from neue_wege.jobs import services as jobs
from neue_wege.messaging import services


@jobs.job_task
def deliver_messages(job: jobs.JobContext, *, message_ids: list[str]) -> dict:
    """Deliver the messages a facilitator started (invitations); progress on "Aufträge"."""
    total = len(message_ids)
    counts = {"sent": 0, "failed": 0, "retry": 0, "skipped": 0, "cancelled": 0}
    for n, message_id in enumerate(message_ids, start=1):
        for name, value in services.deliver([message_id]).items():
            counts[name] += value
        job.progress(n, total, _("Nachricht %(n)s von %(total)s") % {"n": n, "total": total})
    return {}


@task()
def deliver_due() -> dict:
    """Deliver every queued message that is due (new reminders and retries after backoff);
    queued by `neuewege send_reminders`. Run twice, it sends each message once."""
    return services.deliver(services.message_ids_due())
