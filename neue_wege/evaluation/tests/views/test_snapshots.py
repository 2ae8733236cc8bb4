"""The evaluation page reads snapshots: none yet, being computed (progress, htmx polling),
fresh, stale, failed; downloads serve the stored files without computing anything."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest
from django.urls import reverse
from django.utils import timezone

from neue_wege.evaluation import exports, selectors, snapshots
from neue_wege.evaluation.models import EvaluationSnapshot
from neue_wege.jobs.models import Job
from neue_wege.jobs.worker import run_queued
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db
PAGE = reverse("evaluation:page")
RECOMPUTE = reverse("evaluation:recompute")
HTMX = {"HX-Request": "true"}


@pytest.fixture
def no_computing(monkeypatch):  # noqa: ANN001
    """Fail the test if anything evaluates or builds an export."""
    def refuse(*args, **kwargs):  # noqa: ANN002, ANN003
        raise AssertionError("computed during a request")
    for module, name in ((selectors, "evaluation"), (exports, "xlsx"), (exports, "csv_text"),
                         (exports, "pdf")):
        monkeypatch.setattr(module, name, refuse)


@pytest.fixture
def cheap(monkeypatch):  # noqa: ANN001
    """A quick empty evaluation and tiny exports, for tests about storing rather than figures."""
    monkeypatch.setattr(selectors, "evaluation", lambda *, filters, data_date, **kwargs:
                        selectors.Evaluation(filters=filters, data_date=data_date,
                                             n_enrollments=0))
    monkeypatch.setattr(exports, "pdf", lambda result, text: b"%PDF-1.7 stub")


def test_without_a_snapshot_the_page_says_so_and_offers_to_compute(cast, login, no_computing):
    html = login(cast.maria).get(PAGE).content.decode()
    assert "Für diese Auswahl gibt es noch keine berechnete Auswertung." in html
    assert "Jetzt berechnen" in html and f'action="{RECOMPUTE}"' in html
    assert "Kennzahlen nach" not in html and "hx-trigger" not in html
    assert not AuditEvent.objects.filter(actor=cast.maria, action=AuditEvent.Action.VIEW).exists()


def test_recompute_shows_progress_then_the_new_snapshot(cast, login):
    session = login(cast.maria)
    assert session.post(RECOMPUTE, {"jahr": 2025})["Location"] == f"{PAGE}?jahr=2025"
    job = Job.objects.get(owner=cast.maria, kind=snapshots.KIND)
    assert job.state == Job.State.QUEUED and "2025" in job.title
    html = session.get(PAGE, {"jahr": 2025}).content.decode()
    assert "Die Auswertung wird berechnet." in html and 'hx-trigger="every 1s"' in html
    assert "Wartet auf den Start" in html and "Neu berechnen" not in html
    poll = session.get(PAGE, {"jahr": 2025}, headers=HTMX)
    assert poll.status_code == 200 and "<h1" not in poll.content.decode()
    # A second click while it runs does not queue the work twice.
    session.post(RECOMPUTE, {"jahr": 2025})
    assert Job.objects.filter(kind=snapshots.KIND).count() == 1

    assert run_queued() == 1
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.result["url"] == f"{PAGE}?jahr=2025"
    done = session.get(PAGE, {"jahr": 2025}, headers=HTMX)
    assert done.status_code == 204 and done["HX-Refresh"] == "true"
    html = session.get(PAGE, {"jahr": 2025}).content.decode()
    snapshot = EvaluationSnapshot.objects.get()
    assert f"Stand: {timezone.localtime(snapshot.computed_at):%d.%m.%Y, %H:%M} Uhr." in html
    assert "nicht heute berechnet" not in html and "Neu berechnen" in html
    assert snapshot.filter_text == "alle Projekte, 2025" and snapshot.computed_by == cast.maria


def test_a_stale_snapshot_says_it_is_not_from_today(cast, login, cheap):
    snapshot = snapshots.compute(job_centre=cast.job_centre, filters=selectors.Filters())
    EvaluationSnapshot.objects.filter(pk=snapshot.pk).update(
        computed_at=timezone.now() - dt.timedelta(days=2))
    html = login(cast.maria).get(PAGE).content.decode()
    assert "Diese Auswertung wurde nicht heute berechnet" in html
    assert "Für diese Auswahl gibt es keine Teilnahmen." in html


def test_a_failed_computation_is_reported_in_german(cast, login, monkeypatch):
    def broken(**kwargs):  # noqa: ANN003
        raise RuntimeError("database exploded at row 42")
    monkeypatch.setattr(selectors, "evaluation", broken)
    session = login(cast.maria)
    session.post(RECOMPUTE)
    run_queued()
    html = session.get(PAGE).content.decode()
    assert "Die letzte Berechnung ist fehlgeschlagen:" in html
    assert "Der Auftrag konnte nicht abgeschlossen werden." in html
    assert "exploded" not in html and "Jetzt berechnen" in html


def test_page_and_downloads_read_the_snapshot_without_computing(cast, login, monkeypatch):
    snapshot = snapshots.compute(job_centre=cast.job_centre, filters=selectors.Filters())
    stored = {kind: snapshots.stored_file(snapshot, kind) for kind in ("xlsx", "csv", "pdf")}
    for module, name in ((selectors, "evaluation"), (exports, "xlsx"), (exports, "csv_text"),
                         (exports, "pdf")):
        monkeypatch.setattr(module, name, pytest.fail)
    session = login(cast.maria)
    assert "Kennzahlen nach Projekt" in session.get(PAGE).content.decode()
    for kind, url in (("xlsx", "evaluation:export-xlsx"), ("csv", "evaluation:export-csv"),
                      ("pdf", "evaluation:export-pdf")):
        response = session.get(reverse(url))
        assert response.status_code == 200 and response.content == stored[kind]
    reasons = list(AuditEvent.objects.filter(actor=cast.maria).order_by("at")
                   .values_list("action", "reason"))
    assert reasons == [
        ("view", "Auswertung: alle Projekte, alle Jahre"),
        ("export", "Auswertung als XLSX: alle Projekte, alle Jahre"),
        ("export", "Auswertung als CSV: alle Projekte, alle Jahre"),
        ("export", "Auswertung als PDF: alle Projekte, alle Jahre")]
    snapshot.refresh_from_db()
    assert snapshot.last_viewed_at is not None


def test_another_job_centre_never_reads_our_snapshot(cast, login, cheap):
    from neue_wege.organisation.models import User
    from neue_wege.testing.personas import make_user

    snapshots.compute(job_centre=cast.job_centre, filters=selectors.Filters())
    other = make_user("mara", User.Role.MANAGEMENT, cast.other_job_centre, "Mara", "Fremd")
    session = login(other)
    assert "noch keine berechnete Auswertung" in session.get(PAGE).content.decode()
    assert session.get(reverse("evaluation:export-csv"))["Location"] == PAGE


def test_old_snapshots_are_pruned(cast, cheap):
    for _ in range(snapshots.KEEP + 2):
        snapshots.compute(job_centre=cast.job_centre, filters=selectors.Filters())
    assert EvaluationSnapshot.objects.count() == snapshots.KEEP


def test_a_stored_result_is_read_only_with_its_signature(cast, cheap):  # noqa: ANN001
    """Bytes written into the database by someone without the SECRET_KEY are never unpickled."""
    snapshot = snapshots.compute(job_centre=cast.job_centre, filters=selectors.Filters())
    assert snapshots.load_result(snapshot) is not None
    forged = bytes(32) + pickle.dumps(selectors.Evaluation(
        filters=selectors.Filters(), data_date=dt.date(2020, 1, 1), n_enrollments=99))
    EvaluationSnapshot.objects.filter(pk=snapshot.pk).update(result=forged)
    snapshot.refresh_from_db()
    assert snapshots.load_result(snapshot) is None
