"""Key figures of the programmes from a table of enrollments, with small-cell suppression.

Pure pandas/scipy (no Django): the Django selectors build the input frame with one query per
table, the benchmark builds it synthetically. One row of the input frame is one enrollment:

===================  =========================================================================
column               meaning
===================  =========================================================================
programme, version,  grouping dimensions (strings or numbers; any subset may be used)
run, location,
target_group, year
completed            True: completed, False: dropped out, missing: not ended yet
attendance           share of the run's held sessions attended (0..1), missing if none held
run_start, run_end   dates of the run
work_start           first start of employment / training / retraining / self-employment
                     after the run start (missing: none known)
benefit_exit_on      date benefits ended (missing: still receiving or unknown)
in_work_12m          True/False at the 12-month follow-up (missing: not recorded yet, or the
                     person was not reached) (share "sustainable" = True / answered follow-ups)
not_reached_12m      True: the 12-month follow-up was tried, the person not reached; counted
                     apart, never as "not in work" (optional column, missing = False)
sa_start, sa_end     self-assessment scores at start and end of the run (missing allowed)
===================  =========================================================================

Publication rules (``suppress``): a row built on fewer than ``MIN_CELL`` (5) people is hidden
whole; a count from 1 to 4 is hidden; a share is hidden when its count is. Secondary
(complementary) suppression then hides further cells so that no hidden value can be recovered
as "total minus the visible cells" (see ``_complement``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

MIN_CELL = 5
"""Smallest number of people a published figure may rest on."""

DAYS_6_MONTHS = 183
DAYS_12_MONTHS = 365

DIMENSIONS = ("programme", "version", "run", "location", "target_group", "year")

COUNT_COLUMNS = ("participants", "completed", "work_6m", "work_12m", "benefit_exit",
                 "sustained_12m", "not_reached_12m", "sa_pairs")
"""Columns that count people; each is additive over the rows of a table (total = sum)."""

RATE_OF = {
    "completion_rate": "completed",
    "work_6m_rate": "work_6m",
    "work_12m_rate": "work_12m",
    "benefit_exit_rate": "benefit_exit",
    "sustained_rate": "sustained_12m",
}
"""Shares, hidden whenever their count is hidden (count = share x base)."""

BASE_OF = {
    "completion_rate": "ended",
    "work_6m_rate": "observed_6m",
    "work_12m_rate": "observed_12m",
    "benefit_exit_rate": "participants",
    "sustained_rate": "followed_12m",
}
"""The people a share is of (never published): seats that ended; runs that ended at least 6
or 12 months before the data date; participants; 12-month follow-ups recorded. A share on 1
to 4 people is hidden too."""

MEANS_OF = {
    "attendance": "participants",
    "sa_change": "sa_pairs",
    "sa_dz": "sa_pairs",
    "sa_ci_low": "sa_pairs",
    "sa_ci_high": "sa_pairs",
}
"""Figures that are means over a count's people, hidden whenever that count is hidden."""


@dataclass(frozen=True)
class Figure:
    """One published number; ``value`` is None when suppressed (``reason`` says why)."""

    value: float | None
    reason: str = ""
    """"" shown; "primary": fewer than 5 people; "secondary": hidden against differencing."""

    @property
    def suppressed(self) -> bool:
        return self.value is None


@dataclass
class Row:
    label: str
    figures: dict[str, Figure] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Figure:
        return self.figures[key]


@dataclass
class Table:
    """Key figures by one dimension, with a total row; already suppressed for publication."""

    dimension: str
    rows: list[Row]
    total: Row


# --------------------------------------------------------------------------------------------
# Computing


def _bool(series: pd.Series) -> pd.Series:
    return series.astype("boolean").fillna(False).astype(bool)


def prepare(frame: pd.DataFrame, data_date: pd.Timestamp | str | None = None) -> pd.DataFrame:
    """Add the 0/1 indicator columns the figures count (vectorised; cheap on a million rows).

    With a ``data_date``, transitions within 6 (12) months are counted, and their shares taken,
    only for runs that ended at least 6 (12) months before it: for a younger run the window
    is not over, and counting it would make the share look too low.
    """
    data = frame.copy()
    run_end = pd.to_datetime(data["run_end"])
    work = pd.to_datetime(data["work_start"])
    after_end = (work - run_end).dt.days
    if data_date is None:
        observed_6m = observed_12m = pd.Series(True, index=data.index)
    else:
        since_end = (pd.Timestamp(data_date) - run_end).dt.days
        observed_6m, observed_12m = since_end >= DAYS_6_MONTHS, since_end >= DAYS_12_MONTHS
    data["participants"] = 1
    data["ended"] = data["completed"].notna().astype(int)
    data["completed"] = _bool(data["completed"]).astype(int)
    data["observed_6m"] = observed_6m.astype(int)
    data["observed_12m"] = observed_12m.astype(int)
    data["work_6m"] = (work.notna() & (after_end <= DAYS_6_MONTHS) & observed_6m).astype(int)
    data["work_12m"] = (work.notna() & (after_end <= DAYS_12_MONTHS) & observed_12m).astype(int)
    data["benefit_exit"] = pd.to_datetime(data["benefit_exit_on"]).notna().astype(int)
    data["followed_12m"] = data["in_work_12m"].notna().astype(int)
    data["sustained_12m"] = _bool(data["in_work_12m"]).astype(int)
    data["not_reached_12m"] = (_bool(data["not_reached_12m"]).astype(int)
                               if "not_reached_12m" in data else 0)
    change = data["sa_end"].astype(float) - data["sa_start"].astype(float)
    data["sa_diff"] = change
    data["sa_pairs"] = change.notna().astype(int)
    data["sa_diff2"] = change**2
    data["attendance"] = data["attendance"].astype(float)
    return data


def paired_change(start: Sequence[float], end: Sequence[float]) -> dict[str, float]:
    """Mean change end − start, Cohen's d_z (mean / SD of the changes) and the paired-t 95 % CI.

    Pairs with a missing value are dropped. With fewer than two pairs only the mean exists.
    """
    a = np.asarray(start, dtype=float)
    b = np.asarray(end, dtype=float)
    keep = np.isfinite(a) & np.isfinite(b)
    a, b = a[keep], b[keep]
    n = int(keep.sum())
    if n == 0:
        return {"n": 0, "mean": math.nan, "dz": math.nan, "ci_low": math.nan,
                "ci_high": math.nan}
    diff = b - a
    if n < 2 or diff.std(ddof=1) == 0:
        return {"n": n, "mean": float(diff.mean()), "dz": math.nan, "ci_low": math.nan,
                "ci_high": math.nan}
    test = stats.ttest_rel(b, a)
    ci = test.confidence_interval(0.95)
    return {"n": n, "mean": float(diff.mean()), "dz": float(diff.mean() / diff.std(ddof=1)),
            "ci_low": float(ci.low), "ci_high": float(ci.high)}


def _aggregate(data: pd.DataFrame, keys: list[str] | None) -> pd.DataFrame:
    sums = [*COUNT_COLUMNS, *sorted(set(BASE_OF.values()) - set(COUNT_COLUMNS))]
    if keys:
        grouped = data.groupby(keys, observed=True, sort=True, dropna=False)
        agg = grouped[sums].sum()
        agg["attendance"] = grouped["attendance"].mean()
        agg["sa_sum"] = grouped["sa_diff"].sum()
        agg["sa_sum2"] = grouped["sa_diff2"].sum()
    else:
        agg = pd.DataFrame([data[sums].sum()])
        agg["attendance"] = data["attendance"].mean()
        agg["sa_sum"] = data["sa_diff"].sum()
        agg["sa_sum2"] = data["sa_diff2"].sum()
    for rate, count in RATE_OF.items():
        base = agg[BASE_OF[rate]]
        agg[rate] = agg[count] / base.where(base > 0)
    pairs = agg["sa_pairs"].astype(float)
    mean = agg["sa_sum"] / pairs.where(pairs > 0)
    var = (agg["sa_sum2"] - pairs * mean**2) / (pairs - 1).where(pairs > 1)
    sd = np.sqrt(var.clip(lower=0))
    agg["sa_change"] = mean
    agg["sa_dz"] = mean / sd.where(sd > 0)
    half = stats.t.ppf(0.975, (pairs - 1).where(pairs > 1)) * sd / np.sqrt(pairs)
    agg["sa_ci_low"] = mean - half
    agg["sa_ci_high"] = mean + half
    return agg.drop(columns=["sa_sum", "sa_sum2"])


def key_figures(frame: pd.DataFrame, by: str,
                data_date: pd.Timestamp | str | None = None) -> Table:
    """The suppressed key-figure table of ``frame`` (raw enrollments) grouped by ``by``."""
    return key_figures_prepared(prepare(frame, data_date), by)


def key_figures_prepared(data: pd.DataFrame, by: str) -> Table:
    """As ``key_figures`` for a frame that has been through ``prepare`` already."""
    grouped = _aggregate(data, [by])
    total = _aggregate(data, None).iloc[0].to_dict()
    # Plain dicts: looking values up in them is ~50 times faster than in pandas rows.
    rows = [(str(label), record) for label, record in grouped.to_dict("index").items()]
    return suppress(by, rows, total)


# --------------------------------------------------------------------------------------------
# Suppression


def _figure(value: float) -> Figure:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return Figure(None, "")  # not computable (e.g. no pairs): shown as a dash, not a secret
    return Figure(float(value))


def _complement(values: list[float], hidden: list[str]) -> None:
    """Hide more cells of one additive column until no hidden cell is recoverable.

    ``hidden[i]`` is "" or the reason cell ``i`` is hidden. With the total published, a single
    hidden cell equals total − visible cells, and several hidden *small* cells can be pinned
    down too (two hidden cells summing to 2 are both 1). So whenever cells are hidden, the set
    must contain at least two cells and at least one that is not small itself: the smallest
    visible cell of at least ``MIN_CELL`` is added (else the smallest visible non-zero one).
    """
    while True:
        hidden_idx = [i for i, reason in enumerate(hidden) if reason]
        if not hidden_idx:
            return
        has_large = any(values[i] >= MIN_CELL for i in hidden_idx)
        if len(hidden_idx) >= 2 and has_large:
            return
        visible = [i for i, reason in enumerate(hidden) if not reason]
        large = [i for i in visible if values[i] >= MIN_CELL]
        pool = large or [i for i in visible if values[i] > 0]
        if not pool:
            return  # nothing left that could protect: caller hides the total
        hidden[min(pool, key=lambda i: (values[i], i))] = "secondary"


def suppress(dimension: str, rows: list[tuple[str, Mapping[str, float]]],
             total: Mapping[str, float]) -> Table:
    """Apply primary and secondary suppression to aggregated rows and their total."""
    n_rows = len(rows)
    # Primary: rows on fewer than MIN_CELL people are hidden whole; small counts are hidden.
    row_hidden = [0 < r["participants"] < MIN_CELL for _, r in rows]
    # Secondary on the base column, row-wise: hiding a row hides all its figures.
    base = [float(r["participants"]) for _, r in rows]
    base_hidden = ["primary" if h else "" for h in row_hidden]
    _complement(base, base_hidden)
    reasons: dict[str, list[str]] = {}
    for column in COUNT_COLUMNS:
        values = [float(r[column]) for _, r in rows]
        hidden = []
        for i in range(n_rows):
            if base_hidden[i]:
                hidden.append(base_hidden[i])
            elif 0 < values[i] < MIN_CELL:
                hidden.append("primary")
            else:
                hidden.append("")
        if column != "participants":
            _complement(values, hidden)
        reasons[column] = hidden
    total_small = 0 < total["participants"] < MIN_CELL
    published: list[Row] = []
    for i, (label, record) in enumerate(rows):
        row = Row(label)
        for column in COUNT_COLUMNS:
            reason = reasons[column][i]
            row.figures[column] = Figure(None, reason) if reason else _figure(record[column])
        for rate, count in RATE_OF.items():
            reason = reasons[count][i] or (
                "primary" if 0 < record[BASE_OF[rate]] < MIN_CELL else "")
            row.figures[rate] = Figure(None, reason) if reason else _figure(record[rate])
        for mean, count in MEANS_OF.items():
            reason = reasons[count][i]
            if not reason and count == "sa_pairs" and 0 < record[count] < MIN_CELL:
                reason = "primary"
            row.figures[mean] = Figure(None, reason) if reason else _figure(record[mean])
        published.append(row)
    total_row = Row("Gesamt")
    for column in (*COUNT_COLUMNS, *RATE_OF, *MEANS_OF):
        count = RATE_OF.get(column) or MEANS_OF.get(column) or column
        small = total_small or 0 < total[count] < MIN_CELL or (
            column in BASE_OF and 0 < total[BASE_OF[column]] < MIN_CELL)
        # A total whose column still has one lonely hidden cell and nothing to protect it
        # would give that cell away; hide the total then.
        lonely = sum(1 for r in reasons[count] if r) == 1
        total_row.figures[column] = (Figure(None, "primary" if small else "secondary")
                                     if small or lonely else _figure(total[column]))
    # Final guard: where the hidden cells of a column can still be pinned down (e.g. a total
    # of 0 tells that every hidden cell is 0), hide the total of that column too.
    for column in COUNT_COLUMNS:
        cells = [(r.label, r[column]) for r in published]
        if _derivable_in_column(total_row[column], cells):
            for name in (column, *[k for k, v in {**RATE_OF, **MEANS_OF}.items() if v == column]):
                total_row.figures[name] = Figure(None, "secondary")
    return Table(dimension, published, total_row)


def _derivable_in_column(total: Figure, cells: list[tuple[str, Figure]]) -> list[str]:
    """Labels of hidden cells pinned down by "hidden cells sum to total − visible".

    A hidden count lies in [0, 4] if primary, in [0, rest] otherwise; if the interval left
    for a cell by the others' bounds has width below 1, the cell is derivable.
    """
    if total.suppressed:
        return []
    hidden = [(label, f) for label, f in cells if f.suppressed]
    if not hidden:
        return []
    rest = (total.value or 0) - sum(f.value or 0 for _, f in cells if not f.suppressed)
    bounds = [(0.0, MIN_CELL - 1.0) if f.reason == "primary" else (0.0, rest)
              for _, f in hidden]
    found = []
    lo_all = sum(b[0] for b in bounds)
    hi_all = sum(b[1] for b in bounds)
    for k, (label, _) in enumerate(hidden):
        lo_others = lo_all - bounds[k][0]
        hi_others = hi_all - bounds[k][1]
        low = max(bounds[k][0], rest - hi_others)
        high = min(bounds[k][1], rest - lo_others)
        if high - low < 1:
            found.append(label)
    return found


def derivable_cells(table: Table) -> list[tuple[str, str]]:
    """(row label, column) of hidden counts an attacker can pin down from total and visible.

    ``suppress`` uses it as a final guard (hiding the total where needed); the tests use it
    to check every published table.
    """
    found = []
    for column in COUNT_COLUMNS:
        cells = [(r.label, r[column]) for r in table.rows]
        found += [(label, column) for label in _derivable_in_column(table.total[column], cells)]
    return found
