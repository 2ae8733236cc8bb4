"""The PDF report for the county: A4 landscape, every column on the page, no per-run list.

Issue 12, point 2: the unfiltered report laid out a table of thousands of runs (minutes, 3.9 GB)
and cut off the columns after "nach 12 Monaten in Arbeit". Checked with poppler: the page size
(pdfinfo) and every word's box (pdftotext -bbox) against the page width.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest

from neue_wege.evaluation import exports
from neue_wege.evaluation.selectors import Evaluation, Filters
from neue_wege.evaluation.stats import keyfigures as kf
from neue_wege.evaluation.stats import survival
from neue_wege.testing.assertions import pdf_text

DATA_DATE = dt.date(2025, 12, 31)
A4_LANDSCAPE = (841.89, 595.28)  # points


def many_runs(runs: int = 60) -> Evaluation:
    rng = np.random.default_rng(7)
    rows = []
    for index in range(runs):
        programme = f"Projekt {index % 4}"
        for person in range(int(rng.integers(6, 14))):
            rows.append({
                "programme": programme, "version": 1 + index % 2, "run": f"Durchlauf-{index:03d}",
                "location": f"Standort {index % 3}", "target_group": "unter 25",
                "year": 2022 + index % 3, "completed": bool(rng.random() < 0.8),
                "attendance": 0.85, "run_start": f"{2022 + index % 3}-02-07",
                "run_end": f"{2022 + index % 3}-05-27",
                "work_start": f"{2022 + index % 3}-07-01" if person % 2 else None,
                "benefit_exit_on": None, "in_work_12m": bool(person % 3),
                "sa_start": 2.0, "sa_end": 2.0 + (person % 4) / 2})
    frame = pd.DataFrame(rows)
    result = Evaluation(filters=Filters(), data_date=DATA_DATE, n_enrollments=len(frame))
    result.tables = kf.key_figure_tables(kf.prepare(frame, pd.Timestamp(DATA_DATE)),
                                         kf.DIMENSIONS)
    result.curves = survival.curves_by(frame, "programme", pd.Timestamp(DATA_DATE))
    return result


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return exports.pdf(many_runs(), "alle Projekte, alle Jahre")


def test_pages_are_a4_landscape(pdf):
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", "-"], input=pdf,  # noqa: S603,S607
                          capture_output=True, check=True).stdout.decode()
    sizes = {tuple(round(float(v)) for v in m) for m in
             re.findall(r"size:\s+([\d.]+) x ([\d.]+) pts", info)}
    assert sizes == {(842, 595)}  # A4 (297 × 210 mm), wider than high, on every page


def test_every_column_is_on_the_page_down_to_the_last(pdf):
    text = " ".join(pdf_text(pdf, layout=False).split())
    assert "Monaten in Arbeit (Anteil); nicht erreicht" in text  # cut off before issue 12
    assert "Effektstärke d_z (95-%-KI)" in text  # the last column's header
    boxes = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf,  # noqa: S603,S607
                           capture_output=True, check=True).stdout.decode()
    widths = {round(float(w)) for w in re.findall(r'<page width="([\d.]+)"', boxes)}
    assert widths == {round(A4_LANDSCAPE[0])}
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes)]
    assert right_edges and max(right_edges) <= A4_LANDSCAPE[0] - 20  # inside the margin


def test_per_run_list_is_left_to_the_spreadsheet_with_a_sentence(pdf):
    text = " ".join(pdf_text(pdf, layout=False).split())
    assert "Durchlauf-0" not in text
    assert "„Kennzahlen Durchlauf“ (60 Zeilen) steht nur in der Excel- und der CSV-Datei." in text
    assert "Kennzahlen Projekt" in text and "Kennzahlen Jahr" in text
    assert "bis 12 Monate" in text  # the legend of the transitions chart
