"""No hidden key figure can be recovered from everything one snapshot publishes.

Property test (hypothesis): random small evaluations (runs of 1–12 people in a few
programmes, versions, places, target groups and years; many counts of 1–4). Everything that
is published is collected — the six tables (programme, version, run, place, target group,
year) with their totals, unfiltered and for every programme and every year filter, each
share's base where count ÷ share gives it — and `testing.attack` (integer linear programming
with scipy's linprog) computes the smallest and largest value of every hidden cell.
A cell is protected when at least two whole numbers remain possible.

Each example takes 1–3 s (dozens of tables, hundreds of small integer programmes), so CI
runs 4; `NW_SUPPRESSION_EXAMPLES=200` runs more.
"""

from __future__ import annotations

import datetime as dt
import os

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neue_wege.evaluation.stats import keyfigures as kf
from neue_wege.testing.attack import known, leaks

DATA_DATE = pd.Timestamp("2025-12-31")
ENDS = {0: "2025-10-31", 1: "2025-05-31", 2: "2024-06-30"}  # windows: none, 6 months, both
SMALLISH = st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 9])
MARKS = {"primary": "< 5", "secondary": "•"}  # as `report.mark` shows them
AT_MOST = kf.AT_MOST


@st.composite
def evaluations(draw: st.DrawFn) -> pd.DataFrame:
    rows = []
    for index in range(draw(st.integers(2, 5))):
        programme = f"P{draw(st.integers(0, 2))}"
        attributes = {
            "programme": programme, "version": draw(st.integers(1, 2)),
            "run": f"{programme}-{index}", "location": f"L{draw(st.integers(0, 1))}",
            "target_group": f"T{draw(st.integers(0, 1))}",
            "year": draw(st.sampled_from([2023, 2024]))}
        size = draw(st.sampled_from([1, 2, 3, 4, 5, 6, 7, 9, 12]))
        ended = min(size, draw(SMALLISH) + size // 2)
        completed = min(ended, draw(SMALLISH))
        work = min(size, draw(SMALLISH))
        followed = min(size, draw(SMALLISH))
        sustained = min(followed, draw(SMALLISH))
        not_reached = min(size - followed, draw(SMALLISH))
        exits = min(size, draw(SMALLISH))
        pairs = min(size, draw(SMALLISH))
        run_end = ENDS[draw(st.integers(0, 2))]
        for person in range(size):
            rows.append({
                **attributes, "run_start": "2023-01-09", "run_end": run_end,
                "completed": (person < completed) if person < ended else None,
                "attendance": 0.8,
                "work_start": (pd.Timestamp(run_end) + dt.timedelta(days=30)
                               if person < work else None),
                "benefit_exit_on": "2025-12-01" if person < exits else None,
                "in_work_12m": (person < sustained) if person < followed else None,
                "not_reached_12m": followed <= person < followed + not_reached,
                "sa_start": 2.0 if person < pairs else np.nan,
                "sa_end": 2.0 + person % 3 if person < pairs else np.nan,
            })
    return pd.DataFrame(rows)


def atom(record: dict) -> tuple[str, ...]:
    return tuple(str(record[d]) for d in kf.DIMENSIONS)


def published_figures(frame: pd.DataFrame) -> list:
    """Every figure of every table of every filter the page offers here, as the attacker
    reads it: numbers, marks, and each share's base where count ÷ share gives it."""
    scope = kf.prepare(frame, DATA_DATE)
    truth = scope.assign(atom=[atom(r) for r in scope.to_dict("records")])
    selections = [truth]
    selections += [truth[truth["programme"] == p] for p in sorted(truth["programme"].unique())]
    selections += [truth[truth["year"] == y] for y in sorted(truth["year"].unique())]
    figures = []
    for selection in selections:
        tables = kf.key_figure_tables(selection.drop(columns="atom"), kf.DIMENSIONS,
                                      scope=scope)
        for table in tables:
            by_label = {str(k): g for k, g in selection.groupby(table.dimension)}
            for row in [*table.rows, table.total]:
                part = selection if row is table.total else by_label[row.label]
                figures += row_figures(row, part)
    return figures


FAMILIES = [("participants", "ended", "completed"), ("observed_6m", "work_6m"),
            ("observed_12m", "work_12m"), ("followed_12m", "sustained_12m"),
            ("benefit_exit",), ("not_reached_12m",), ("sa_pairs",)]


def attack(figures: list) -> list:
    """The leaks, one family of related columns at a time (small integer programmes); the
    people column joins every family because every count is bounded by it."""
    found = []
    for family in FAMILIES:
        columns = {"participants", *family}
        relations = [(a, b) for a, b in AT_MOST if a in columns and b in columns]
        found += leaks([f for f in figures if f.column in columns], at_most=relations,
                       columns=family)  # people are solved for in the first family
    return found


def row_figures(row: kf.Row, part: pd.DataFrame) -> list:
    atoms = set(part["atom"])
    small = row["participants"].value is None and row["participants"].reason == "primary"
    found = []
    for column in kf.PROTECTED_COLUMNS:
        figure = row.figures.get(column)
        true = float(part[column].sum())
        if figure is not None:
            found.append(known(column, atoms, value=figure.value, mark=MARKS.get(figure.reason, ""),
                               true=true, people_small=small and column != "participants"))
    for rate, count in kf.RATE_OF.items():
        share, shown = row[rate], row[count]
        base = kf.BASE_OF[rate]
        if share.value is not None and shown.value:  # count ÷ share = base
            found.append(known(base, atoms, value=round(shown.value / share.value), mark="",
                               true=float(part[base].sum())))
    return found


@settings(max_examples=int(os.environ.get("NW_SUPPRESSION_EXAMPLES", "4")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(evaluations())
def test_no_hidden_key_figure_can_be_recovered_from_all_published_tables(
        frame: pd.DataFrame) -> None:
    figures = published_figures(frame)
    assert attack(figures) == []
    for figure in figures:  # and nothing small is shown
        if not figure.hidden:
            assert figure.low == 0 or figure.low >= kf.MIN_CELL, figure


def test_a_programme_total_minus_its_visible_runs_no_longer_gives_the_hidden_run() -> None:
    """Issue 12: on /auswertung/ the programme row minus its visible runs was the hidden run."""
    def run(name: str, size: int, year: int) -> list[dict]:
        return [{"programme": "A", "version": 1, "run": name, "location": "Nord",
                 "target_group": "U25", "year": year, "run_start": f"{year}-01-09",
                 "run_end": f"{year}-03-31", "completed": True, "attendance": 0.8,
                 "work_start": None, "benefit_exit_on": None, "in_work_12m": None,
                 "sa_start": np.nan, "sa_end": np.nan} for _ in range(size)]
    frame = pd.DataFrame(run("A-1", 9, 2023) + run("A-2", 6, 2024) + run("A-3", 2, 2024))
    tables = {t.dimension: t for t in kf.key_figure_tables(kf.prepare(frame, DATA_DATE),
                                                             kf.DIMENSIONS)}
    runs = {r.label: r["participants"] for r in tables["run"].rows}
    assert runs["A-3"].reason == "primary" and runs["A-2"].reason == "secondary"
    assert tables["programme"].rows[0]["participants"].value == 17
    # By year, 2024 holds both hidden runs (6 + 2) and is shown: the pair stays together.
    years = {r.label: r["participants"].value for r in tables["year"].rows}
    assert years == {"2023": 9.0, "2024": 8.0}
    assert attack(published_figures(frame)) == []
