"""Downloads of the evaluation: Excel (several sheets), CSV and the PDF report for the county.

All three are built from `report.sheets`, i.e. from suppressed aggregates only; none can
contain a name, a client number or a client id, because none of these reach the report.
Excel and CSV write through `core.spreadsheet`: a programme or place named like a formula
("=HYPERLINK(…)") stays text.
"""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from neue_wege.core import spreadsheet
from neue_wege.core.pdf import html_to_pdf
from neue_wege.evaluation import report
from neue_wege.evaluation.charts import km_chart, transitions_chart
from neue_wege.evaluation.selectors import Evaluation


def notes(result: Evaluation, filter_text: str) -> list[str]:
    return [
        _("Auswertung der Projekte – Stand %(date)s") % {
            "date": result.data_date.strftime("%d.%m.%Y")},
        _("Auswahl: %(filters)s") % {"filters": filter_text},
        _("Nur zusammengefasste Zahlen, keine Namen oder Kundennummern."),
        _("„< 5“: beruht auf weniger als 5 Personen und ist deshalb ausgeblendet."),
        _("„•“: ausgeblendet, weil sich sonst ein kleiner Wert errechnen ließe (aus Summe "
          "minus sichtbaren Werten oder aus Anteil mal Teilnehmende)."),
    ]


def xlsx(result: Evaluation, filter_text: str) -> bytes:
    book = Workbook()
    first = book.active
    first.title = _("Hinweise")
    for line in notes(result, filter_text):
        spreadsheet.append(first, [line])
    for title, headers, rows in report.sheets(result):
        sheet = book.create_sheet(title)
        spreadsheet.append(sheet, headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            spreadsheet.append(sheet, row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_text(result: Evaluation, filter_text: str) -> str:
    """All tables one below the other, each row prefixed with its table (semicolon, BOM)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = spreadsheet.writer(buffer, delimiter=";")
    for line in notes(result, filter_text):
        writer.writerow([_("Hinweis"), line])
    for title, headers, rows in report.sheets(result):
        writer.writerow([_("Tabelle"), *headers])
        for row in rows:
            writer.writerow([title, *row])
    return buffer.getvalue()


def pdf(result: Evaluation, filter_text: str) -> bytes:
    """The report for the county: summary tables and charts on A4 landscape, every column on
    the page; per-run and other long tables only in the spreadsheet (a sentence says so)."""
    tables, left_out = report.pdf_tables(result)
    charts = {t.dimension: transitions_chart(t, f"pdf-transitions-{t.dimension}")
              for t in result.tables if t.dimension in ("programme", "target_group")}
    html = render_to_string("evaluation/report_pdf.html", {
        "result": result, "notes": notes(result, filter_text),
        "tables": [(table, charts.get(table.dimension)) for table in tables],
        "left_out": left_out,
        "km_headers": report.km_headers(), "km_rows": report.km_rows(result.curves),
        **page_context(result)})
    return html_to_pdf(html)


def page_context(result: Evaluation) -> dict:
    """What the page and the PDF show beyond the tables: the chart, reading and limits."""
    context: dict = {"km": None, "reading": [], "limits": report.limits(),
                     "comparison_figures": [], "balance": []}
    if result.curves:
        title = (_("Zeit bis zur Arbeit je Zielgruppe") if result.curves_by == "target_group"
                 else _("Zeit bis zur Arbeit je Projekt"))
        context["km"] = km_chart(result.curves, ident="km-chart", title=title)
    if result.comparison is not None:
        context["reading"] = report.reading(result.comparison)
        context["comparison_figures"] = report.comparison_figures(result.comparison)
        context["balance"] = report.balance_rows(result.comparison,
                                                 result.comparison_covariates)
    return context
