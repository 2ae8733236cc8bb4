"""Spreadsheet exports that are safe to open: no text cell becomes a formula.

Excel, LibreOffice and Numbers run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula, and a tab or carriage return in front can smuggle one in ("CSV injection", OWASP).
A programme named ``=HYPERLINK("http://…"&B3,"Details")`` would become a live link that
sends a neighbouring cell away. Every export of the application writes through this module:

- CSV: ``writer(buffer)`` returns a ``csv.writer`` whose text fields that start with one of
  these characters get a leading apostrophe (``'=HYPERLINK(…)``), which spreadsheets show as
  text; numbers are written as they are.
- XLSX (openpyxl): ``append(sheet, row)`` writes a row; such text cells are stored as
  strings (``data_type "s"``, not ``"f"``) with Excel's quote prefix, so they stay text even
  when someone edits them. Numbers stay numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""First characters that make a spreadsheet read a text cell as a formula (OWASP's list; a
line feed too, because an XLSX file reads a carriage return back as one)."""


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_field(value: Any) -> Any:
    """A CSV field that no spreadsheet runs: text that looks like a formula gets a "'"."""
    return "'" + value if is_formula_like(value) else value


class _Writer(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...


class SafeCsvWriter:
    """``csv.writer`` with every text field passed through ``csv_field``."""

    def __init__(self, writer: _Writer) -> None:
        self._writer = writer

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_field(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(buffer: Any, **options: Any) -> SafeCsvWriter:
    """``csv.writer(buffer, **options)`` that cannot write a formula."""
    return SafeCsvWriter(csv.writer(buffer, **options))


def append(sheet: Any, row: Sequence[Any]) -> None:
    """``sheet.append(row)`` for an openpyxl worksheet, keeping formula-like text as text."""
    values = list(row)
    sheet.append(values)
    # Only the formula-like cells of the row just written, by position: `sheet[sheet.max_row]`
    # scans every cell of the sheet and made a 56,000-row sheet take minutes.
    number = sheet._current_row  # the row `append` wrote (openpyxl keeps no public name for it)
    for column, value in enumerate(values, start=1):
        if is_formula_like(value):
            cell = sheet.cell(row=number, column=column)
            cell.data_type = "s"
            cell.quotePrefix = True
