"""A long table (by run, at a county's scale) is stored for the page cut to its first rows and
total, with its full row count; the page says where the whole table is."""

from __future__ import annotations

import datetime as dt

from neue_wege.evaluation import selectors, snapshots, views
from neue_wege.evaluation.stats.keyfigures import Table

LIMIT = snapshots.PAGE_MAX_ROWS


def _result(rows: int) -> selectors.Evaluation:
    return selectors.Evaluation(
        filters=selectors.Filters(), data_date=dt.date(2026, 1, 1), n_enrollments=rows,
        tables=[Table(dimension="run", rows=list(range(rows)), total="TOTAL"),  # type: ignore[arg-type]
                Table(dimension="programme", rows=[1, 2, 3], total="T")])  # type: ignore[arg-type]


def test_the_page_part_keeps_the_first_rows_the_total_and_the_count():
    whole = _result(LIMIT + 7)
    part = snapshots.page_part(whole)
    run = part.tables[0]
    assert run.rows == list(range(LIMIT)) and run.total == "TOTAL"
    assert part.table_rows == {"run": LIMIT + 7, "programme": 3}
    assert len(whole.tables[0].rows) == LIMIT + 7  # the exports' result is untouched


def test_the_page_notes_a_cut_table_and_leaves_a_short_one_alone():
    part = snapshots.page_part(_result(LIMIT + 7))
    assert len(part.tables[0].rows) == LIMIT
    note = views._cut_note(part.table_rows["run"])
    assert f"ersten {LIMIT} von {LIMIT + 7} Zeilen" in note and "Excel" in note
    assert views._cut_note(part.table_rows["programme"]) == ""
