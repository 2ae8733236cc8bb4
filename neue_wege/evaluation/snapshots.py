"""Compute, store and read evaluation snapshots (see models.EvaluationSnapshot).

`compute` runs the evaluation for one job centre and filter combination, builds the Excel,
CSV and PDF exports from it once, and stores all of it; `compute_snapshot` is the same as a
background job with progress (`neue_wege.jobs`). `latest` is what the page and the downloads
read. Snapshots are computed in German (their exports are the county's documents).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from neue_wege.core import sealed
from neue_wege.evaluation import exports, selectors
from neue_wege.evaluation.models import EvaluationSnapshot
from neue_wege.jobs import services as jobs
from neue_wege.organisation.models import JobCentre, Location, User
from neue_wege.programmes.models import Programme

logger = logging.getLogger(__name__)

KIND = "evaluation.snapshot"
SEAL = "evaluation snapshot"  # the stored result is signed (core.sealed)
KEEP = 3  # snapshots kept per job centre and filter combination (older ones are deleted)
Progress = Callable[[int, int, str], None]


PAGE_MAX_ROWS = 50
"""The page shows at most this many rows of a table (and its total); the whole table is in
the stored spreadsheet. At a million clients the table by run has 56,000 rows, and reading
them back took 4.4 s per page view."""


def page_part(result: selectors.Evaluation) -> selectors.Evaluation:
    """What the page reads of a snapshot: every table cut to its first rows (and its total),
    with the full row counts kept; the exports are built from the whole result before."""
    return dataclasses.replace(
        result,
        tables=[dataclasses.replace(table, rows=table.rows[:PAGE_MAX_ROWS])
                for table in result.tables],
        table_rows={table.dimension: len(table.rows) for table in result.tables})


# --- filters as stored data ----------------------------------------------------------------
def filters_to_data(filters: selectors.Filters) -> dict[str, Any]:
    data = asdict(filters)
    for name in ("programme_id", "location_id"):
        data[name] = str(data[name]) if data[name] else None
    return data


def filters_from_data(data: dict[str, Any]) -> selectors.Filters:
    return selectors.Filters(programme_id=data.get("programme_id") or None,
                             year=data.get("year") or None,
                             location_id=data.get("location_id") or None,
                             target_group=data.get("target_group") or "")


def filters_query(filters: selectors.Filters) -> str:
    """The page's query string for these filters (empty for "everything")."""
    params = {"projekt": filters.programme_id, "jahr": filters.year,
              "standort": filters.location_id, "zielgruppe": filters.target_group}
    return urlencode({name: value for name, value in params.items() if value})


def filter_text(job_centre: JobCentre, filters: selectors.Filters) -> str:
    """The filters in words, as the exports and the audit log name them."""
    programme = (Programme.objects.filter(job_centre=job_centre, pk=filters.programme_id).first()
                 if filters.programme_id else None)
    location = (Location.objects.filter(job_centre=job_centre, pk=filters.location_id).first()
                if filters.location_id else None)
    parts = [str(programme) if programme else _("alle Projekte"),
             str(filters.year) if filters.year else _("alle Jahre")]
    if location:
        parts.append(str(location))
    if filters.target_group:
        parts.append(filters.target_group)
    return ", ".join(parts)


# --- computing ------------------------------------------------------------------------------
def _evaluate(job_centre: JobCentre, filters: selectors.Filters, data_date: dt.date,
              progress: Progress | None) -> selectors.Evaluation:
    """`selectors.evaluation` scoped to a job centre (no person asked for the nightly run)."""
    return selectors.evaluation(job_centre=job_centre, filters=filters, data_date=data_date,
                                progress=progress)


def compute(*, job_centre: JobCentre, filters: selectors.Filters,
            computed_by: User | None = None, progress: Progress | None = None,
            data_date: dt.date | None = None) -> EvaluationSnapshot:
    """Evaluate, build the three exports and store them as the newest snapshot."""
    report = progress or (lambda done, total, text: None)
    started = time.monotonic()
    data_date = data_date or timezone.localdate()
    with translation.override("de"):
        steps = 4  # evaluation, Excel, CSV, PDF

        def inner(done: int, total: int, text: str) -> None:
            # The selectors' own steps fill the first quarter of the bar.
            report(0 if not total else min(done, total) * 10 // total, steps * 10,
                   _("Auswertung: %(step)s") % {"step": text})

        report(0, steps * 10, _("Kennzahlen, Kurven und Vergleich werden berechnet"))
        result = _evaluate(job_centre, filters, data_date, inner)
        text = filter_text(job_centre, filters)
        report(10, steps * 10, _("Excel-Datei wird erstellt"))
        xlsx = exports.xlsx(result, text)
        report(20, steps * 10, _("CSV-Datei wird erstellt"))
        csv = exports.csv_text(result, text).encode("utf-8")
        report(30, steps * 10, _("PDF-Bericht wird erstellt"))
        pdf = exports.pdf(result, text)
        report(40, steps * 10, _("Wird gespeichert"))
    snapshot = EvaluationSnapshot.objects.create(
        job_centre=job_centre, filter_key=filters.key(), filters=filters_to_data(filters),
        filter_text=text[:300], data_date=data_date, computed_at=timezone.now(),
        computed_by=computed_by if computed_by and computed_by.pk else None,
        seconds=round(time.monotonic() - started, 2), n_enrollments=result.n_enrollments,
        result=sealed.seal(page_part(result), purpose=SEAL),
        xlsx=xlsx, csv=csv, pdf=pdf)
    _prune(job_centre, filters.key())
    return snapshot


def _prune(job_centre: JobCentre, key: str) -> None:
    old = (EvaluationSnapshot.objects.filter(job_centre=job_centre, filter_key=key)
           .order_by("-computed_at").values_list("pk", flat=True)[KEEP:])
    EvaluationSnapshot.objects.filter(pk__in=list(old)).delete()


@jobs.job_task
def compute_snapshot(job: jobs.JobContext, *, filters: dict[str, Any]) -> dict[str, str]:
    """The background job behind "Neu berechnen": one snapshot for the job's job centre."""
    chosen = filters_from_data(filters)
    compute(job_centre=job.job.job_centre, filters=chosen, computed_by=job.job.owner,
            progress=job.progress)
    query = filters_query(chosen)
    return {"url": reverse("evaluation:page") + (f"?{query}" if query else ""),
            "label": _("Auswertung ansehen")}


def start(*, user: User, filters: selectors.Filters) -> Any:
    """Queue a recomputation for the user (the running one, if this combination already runs)."""
    with translation.override("de"):
        title = _("Auswertung berechnen: %(filters)s") % {
            "filters": filter_text(user.job_centre, filters)}
    return jobs.start(owner=user, kind=KIND, key=filters.key(), title=title,
                      task=compute_snapshot, filters=filters_to_data(filters))


# --- reading --------------------------------------------------------------------------------
def latest(*, job_centre_id: Any, filters: selectors.Filters) -> EvaluationSnapshot | None:
    """The newest snapshot of these filters, without its stored files (they load on demand)."""
    return (EvaluationSnapshot.objects.filter(job_centre_id=job_centre_id,
                                              filter_key=filters.key())
            .defer("result", "xlsx", "csv", "pdf").order_by("-computed_at").first())


def load_result(snapshot: EvaluationSnapshot) -> selectors.Evaluation | None:
    """The stored evaluation, or None if it cannot be read any more (e.g. after an update
    changed its classes: the page then offers to compute it again)."""
    try:
        return sealed.unseal(bytes(snapshot.result), purpose=SEAL)
    except Exception:
        logger.warning("Evaluation snapshot %s cannot be read; it needs recomputing.",
                       snapshot.pk, exc_info=True)
        return None


def stored_file(snapshot: EvaluationSnapshot, kind: str) -> bytes:
    data = (EvaluationSnapshot.objects.filter(pk=snapshot.pk)
            .values_list(kind, flat=True).get())
    return bytes(data)


def mark_viewed(snapshot: EvaluationSnapshot) -> None:
    EvaluationSnapshot.objects.filter(pk=snapshot.pk).update(last_viewed_at=timezone.now())


def filters_in_use(job_centre: JobCentre, *, days: int) -> list[selectors.Filters]:
    """"Everything" plus each combination viewed or computed on demand in the last ``days``."""
    since = timezone.now() - dt.timedelta(days=days)
    used = (EvaluationSnapshot.objects.filter(job_centre=job_centre)
            .filter(Q(last_viewed_at__gte=since) | Q(computed_by__isnull=False,
                                                     computed_at__gte=since))
            .values("filter_key").annotate(newest=Max("computed_at")).order_by("filter_key"))
    keys = {row["filter_key"] for row in used}
    found = {selectors.Filters().key(): selectors.Filters()}
    for snapshot in (EvaluationSnapshot.objects.filter(job_centre=job_centre, filter_key__in=keys)
                     .only("filter_key", "filters").order_by("filter_key", "-computed_at")):
        found.setdefault(snapshot.filter_key, filters_from_data(snapshot.filters))
    return list(found.values())
