"""The evaluation page for management (Auswertung) and its downloads.

Thin views: the form reads the filters, `selectors.evaluation` computes (cached per job centre,
filters and day for a few minutes, since the matched comparison takes a moment), `report` and
`exports` format. Only management (`access.can_see_key_figures`) gets in; other staff and
participants get 403. Every view and every download is written to the audit log.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from neue_wege.evaluation import exports, report, selectors
from neue_wege.evaluation.charts import transitions_chart
from neue_wege.evaluation.forms import EvaluationFilterForm
from neue_wege.privacy import access
from neue_wege.privacy.audit import audit_record
from neue_wege.privacy.models import AuditEvent

CACHE_SECONDS = 300


def _evaluate(request: HttpRequest) -> tuple[EvaluationFilterForm, selectors.Evaluation | None]:
    access.require(access.can_see_key_figures(request.user))
    form = EvaluationFilterForm(request.GET or None, user=request.user)
    if request.GET and not form.is_valid():
        return form, None
    filters = form.filters() if request.GET else selectors.Filters()
    today = timezone.localdate()
    raw = f"{request.user.job_centre_id}|{filters.key()}|{today}"
    key = "evaluation:" + hashlib.sha256(raw.encode()).hexdigest()  # any cache backend
    result = cache.get(key)
    if result is None:
        result = selectors.evaluation(user=request.user, filters=filters, data_date=today)
        cache.set(key, result, CACHE_SECONDS)
    return form, result


def _filter_text(form: EvaluationFilterForm) -> str:
    if not form.is_bound or not form.is_valid():
        return _("alle Projekte, alle Jahre")
    data = form.cleaned_data
    parts = [str(data["projekt"]) if data.get("projekt") else _("alle Projekte"),
             str(data["jahr"]) if data.get("jahr") else _("alle Jahre")]
    if data.get("standort"):
        parts.append(str(data["standort"]))
    if data.get("zielgruppe"):
        parts.append(str(data["zielgruppe"]))
    return ", ".join(parts)


def _audit(request: HttpRequest, action: str, what: str, form: EvaluationFilterForm) -> None:
    audit_record(actor=request.user, action=action, obj=request.user.job_centre,
                 reason=f"{what}: {_filter_text(form)}")


@require_GET
def page(request: HttpRequest) -> HttpResponse:
    form, result = _evaluate(request)
    context: dict = {"form": form, "result": result, "query": request.GET.urlencode()}
    if result is not None:
        _audit(request, AuditEvent.Action.VIEW, "Auswertung", form)
        context.update(exports.page_context(result))
        context["tables"] = [
            {"table": table, "label": report.dimension_label(table.dimension),
             "headers": report.page_table_headers(table),
             "rows": report.page_table_rows(table),
             "chart": transitions_chart(table, f"transitions-{table.dimension}")
             if table.dimension in ("programme", "target_group") else None}
            for table in result.tables]
        context["km_headers"] = report.km_headers()
        context["km_rows"] = report.km_rows(result.curves)
    status = 200 if result is not None else 400
    return render(request, "evaluation/page.html", context, status=status)


def _download(request: HttpRequest, kind: str) -> HttpResponse:
    form, result = _evaluate(request)
    if result is None:
        return render(request, "evaluation/page.html", {"form": form, "result": None},
                      status=400)
    _audit(request, AuditEvent.Action.EXPORT, f"Auswertung als {kind.upper()}", form)
    text = _filter_text(form)
    stamp = f"{result.data_date:%Y-%m-%d}"
    if kind == "xlsx":
        response = HttpResponse(
            exports.xlsx(result, text),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    elif kind == "csv":
        response = HttpResponse(exports.csv_text(result, text),
                                content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.pdf(result, text), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="auswertung-{stamp}.{kind}"'
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
