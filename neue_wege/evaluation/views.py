"""The evaluation page for management (Auswertung) and its downloads, read from snapshots.

The evaluation is computed in the background (`snapshots`, `neue_wege.jobs`): the page shows
the latest snapshot of the chosen filters with the time it was computed ("Stand"), offers
"Neu berechnen" and, while a computation runs, its progress (htmx asks again every second and
reloads the page once it is done). Downloads serve the files stored with the snapshot. Only
management (`access.can_see_key_figures`) gets in; other staff and participants get 403.
Every view of figures and every download is written to the audit log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from neue_wege.core.http import is_htmx
from neue_wege.evaluation import exports, report, selectors, snapshots
from neue_wege.evaluation import noshow as noshow_module
from neue_wege.evaluation.charts import transitions_chart
from neue_wege.evaluation.forms import EvaluationFilterForm
from neue_wege.evaluation.models import EvaluationSnapshot
from neue_wege.jobs.models import Job
from neue_wege.privacy import access
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}


def _filters(request: HttpRequest) -> tuple[EvaluationFilterForm, selectors.Filters | None]:
    access.require(access.can_see_key_figures(request.user))
    data = request.GET if request.method == "GET" else request.POST
    given = {name: data.getlist(name) for name in ("projekt", "jahr", "standort", "zielgruppe")
             if name in data}
    form = EvaluationFilterForm(data if given else None, user=request.user)
    if given and not form.is_valid():
        return form, None
    return form, (form.filters() if given else selectors.Filters())


def _latest_job(request: HttpRequest, filters: selectors.Filters) -> Job | None:
    return (access.jobs_for(request.user).filter(kind=snapshots.KIND, key=filters.key())
            .order_by("-created_at").first())


def _audit(request: HttpRequest, action: str, what: str, snapshot: EvaluationSnapshot) -> None:
    audit_record(actor=request.user, action=action, obj=request.user.job_centre,
                 reason=f"{what}: {snapshot.filter_text}")


def _invalid(request: HttpRequest, form: EvaluationFilterForm) -> HttpResponse:
    """The page again with the filter form's German errors (400), for every view here."""
    return render(request, "evaluation/page.html", {"form": form, "invalid": True}, status=400)


def _cut_note(rows: int) -> str:
    """What the page says under a table that the snapshot holds cut to its first rows
    (`snapshots.page_part`, the only writer of the page's copy)."""
    if rows <= snapshots.PAGE_MAX_ROWS:
        return ""
    return _("Gezeigt sind die ersten %(shown)s von %(rows)s Zeilen und die Summe; die ganze "
             "Tabelle steht in der Excel- und der CSV-Datei.") % {
        "shown": snapshots.PAGE_MAX_ROWS, "rows": report.de_number(rows)}


def _figures(result: selectors.Evaluation) -> dict[str, Any]:
    context = exports.page_context(result)
    context["tables"] = []
    for table in result.tables:
        context["tables"].append({
            "table": table, "label": report.dimension_label(table.dimension),
            "headers": report.page_table_headers(table),
            "rows": report.page_table_rows(table),
            "note": _cut_note(result.table_rows.get(table.dimension, len(table.rows))),
            "chart": transitions_chart(table, f"transitions-{table.dimension}")
            if table.dimension in ("programme", "target_group") else None})
    context["km_headers"] = report.km_headers()
    context["km_rows"] = report.km_rows(result.curves)
    return context


@require_GET
def page(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    if filters is None:
        return _invalid(request, form)
    job = _latest_job(request, filters)
    if is_htmx(request):  # the progress region asking again
        if job is not None and job.is_active and not job.is_stale:
            return render(request, "evaluation/partials/_job.html", {"job": job})
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"  # done: show the new snapshot
        return response
    snapshot = snapshots.latest(job_centre_id=request.user.job_centre_id, filters=filters)
    result = snapshots.load_result(snapshot) if snapshot is not None else None
    context: dict[str, Any] = {
        "form": form, "snapshot": snapshot if result is not None else None, "result": result,
        "query": snapshots.filters_query(filters), "filters": snapshots.filters_to_data(filters),
        "job": job if job is not None and job.is_active and not job.is_stale else None,
        "failed": job if job is not None and job.state == Job.State.FAILED and (
            snapshot is None or job.created_at > snapshot.computed_at) else None,
    }
    if result is not None:
        _audit(request, AuditEvent.Action.VIEW, "Auswertung", snapshot)
        snapshots.mark_viewed(snapshot)
        context["stale"] = timezone.localdate(snapshot.computed_at) < timezone.localdate()
        context.update(_figures(result))
    return render(request, "evaluation/page.html", context)


@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    """ "Neu berechnen": queue a new snapshot of the chosen filters, back to the page."""
    form, filters = _filters(request)
    if filters is None:
        return _invalid(request, form)
    snapshots.start(user=request.user, filters=filters)
    messages.info(request, _("Die Auswertung wird im Hintergrund berechnet. Sie können diese "
                             "Seite offen lassen oder später unter „Aufträge“ nachsehen."))
    query = snapshots.filters_query(filters)
    return redirect(reverse("evaluation:page") + (f"?{query}" if query else ""))


def _download(request: HttpRequest, kind: str) -> HttpResponse:
    form, filters = _filters(request)
    if filters is None:
        return _invalid(request, form)
    snapshot = snapshots.latest(job_centre_id=request.user.job_centre_id, filters=filters)
    query = snapshots.filters_query(filters)
    if snapshot is None:
        messages.info(request, _("Für diese Auswahl gibt es noch keine berechnete Auswertung. "
                                 "Bitte berechnen Sie sie zuerst."))
        return redirect(reverse("evaluation:page") + (f"?{query}" if query else ""))
    _audit(request, AuditEvent.Action.EXPORT, f"Auswertung als {kind.upper()}", snapshot)
    response = HttpResponse(snapshots.stored_file(snapshot, kind),
                            content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = (
        f'attachment; filename="auswertung-{snapshot.data_date:%Y-%m-%d}.{kind}"')
    return response


@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    return _download(request, "xlsx")


@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    return _download(request, "csv")


@require_GET
def export_pdf(request: HttpRequest) -> HttpResponse:
    return _download(request, "pdf")


@require_GET
def noshow(request: HttpRequest) -> HttpResponse:
    """No-show figures per run, programme and location (issue 15), small cells suppressed."""
    access.require(access.can_see_key_figures(request.user))
    # Counted in the background and stored (at a million clients the grouping of 3.7 million
    # attendance entries takes seconds); the page says how fresh the figures are.
    stored = noshow_module.for_page(user=request.user)
    figures = stored.figures
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=request.user.job_centre,
                 reason="Nichterscheinen und Anwesenheit")
    return render(request, "evaluation/noshow.html",
                  {"figures": figures, "total_rows": [figures.total] if figures else [],
                   "computed_at": stored.computed_at, "refreshing": stored.refreshing})
