"""jobs/services.py — start a job, report progress, end it; failures in German, tracebacks
only in the log; the same work is not queued twice."""

from __future__ import annotations

import logging

import pytest
from django_tasks_db.models import DBTaskResult

from neue_wege.jobs import services as jobs
from neue_wege.jobs.models import Job
from neue_wege.jobs.worker import run_queued

pytestmark = pytest.mark.django_db
SEEN: list[tuple[int, int, str, str]] = []


@jobs.job_task
def count_to(job: jobs.JobContext, *, upto: int) -> dict:
    for n in range(1, upto + 1):
        job.progress(n, upto, f"Zähle {n}")
        row = Job.objects.get(pk=job.job.pk)  # what the page would read meanwhile
        SEEN.append((row.done, row.total, row.step, row.state))
    return {"url": "/auftraege/", "label": "Ergebnis"}


@jobs.job_task
def refuse(job: jobs.JobContext) -> None:
    raise jobs.JobFailed("Für diese Auswahl gibt es keine Daten.")


@jobs.job_task
def crash(job: jobs.JobContext) -> None:
    raise ZeroDivisionError("interner Fehler mit Geheimnis")


def test_start_queues_a_job_and_a_task_row(cast):
    job = jobs.start(owner=cast.maria, kind="test", title="Zählen", task=count_to, upto=3)
    assert job.state == Job.State.QUEUED and job.job_centre == cast.job_centre
    queued = DBTaskResult.objects.get(pk=job.task_result_id)
    assert queued.task_path.endswith("test_services.count_to")
    assert queued.args_kwargs["kwargs"] == {"job_id": str(job.pk), "upto": 3}


def test_progress_is_visible_while_running_and_the_result_is_kept(cast):
    SEEN.clear()
    job = jobs.start(owner=cast.maria, kind="test", title="Zählen", task=count_to, upto=3)
    assert run_queued() == 1
    assert SEEN == [(1, 3, "Zähle 1", "running"), (2, 3, "Zähle 2", "running"),
                    (3, 3, "Zähle 3", "running")]
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.percent == 100
    assert job.result == {"url": "/auftraege/", "label": "Ergebnis"}
    assert job.started_at <= job.finished_at and job.error == ""


def test_a_refusal_is_shown_in_german(cast):
    job = jobs.start(owner=cast.maria, kind="test", title="Ablehnen", task=refuse)
    run_queued()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.error == "Für diese Auswahl gibt es keine Daten."


def test_a_crash_gets_a_general_german_message_and_the_traceback_goes_to_the_log(cast, caplog):
    job = jobs.start(owner=cast.maria, kind="test", title="Absturz", task=crash)
    with caplog.at_level(logging.ERROR, logger="neue_wege.jobs"):
        run_queued()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.error.startswith("Der Auftrag konnte nicht abgeschlossen werden.")
    assert "Geheimnis" not in job.error and "Traceback" not in job.error
    assert any("ZeroDivisionError" in (r.exc_text or "") for r in caplog.records
               if r.name == "neue_wege.jobs")
    assert DBTaskResult.objects.get(pk=job.task_result_id).status == "FAILED"


def test_the_same_work_is_not_queued_twice_while_it_is_active(cast):
    first = jobs.start(owner=cast.maria, kind="test", key="k", title="A", task=count_to, upto=1)
    second = jobs.start(owner=cast.maria, kind="test", key="k", title="A", task=count_to, upto=1)
    other = jobs.start(owner=cast.maria, kind="test", key="other", title="B", task=count_to,
                       upto=1)
    assert second == first and other != first
    assert run_queued() == 2
    again = jobs.start(owner=cast.maria, kind="test", key="k", title="A", task=count_to, upto=1)
    assert again != first


def test_a_job_already_finished_is_not_run_again(cast):
    SEEN.clear()
    job = jobs.start(owner=cast.maria, kind="test", title="Zählen", task=count_to, upto=1)
    Job.objects.filter(pk=job.pk).update(state=Job.State.DONE)
    run_queued()
    assert SEEN == []


def test_a_lost_job_stops_blocking_after_an_hour_and_is_marked_failed(cast):
    import datetime as dt

    from django.utils import timezone

    lost = jobs.start(owner=cast.maria, kind="test", key="k", title="A", task=count_to, upto=1)
    Job.objects.filter(pk=lost.pk).update(state=Job.State.RUNNING,
                                          updated_at=timezone.now() - dt.timedelta(minutes=61))
    assert Job.objects.get(pk=lost.pk).is_stale
    fresh = jobs.start(owner=cast.maria, kind="test", key="k", title="A", task=count_to, upto=1)
    assert fresh != lost
    lost.refresh_from_db()
    assert lost.state == Job.State.FAILED and lost.error.startswith("Der Auftrag hat sich")
