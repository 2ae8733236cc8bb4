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

Publication rules (``plan_suppression``, built on ``neue_wege.core.disclosure``): a run on fewer
than ``MIN_CELL`` (5) people is hidden whole; a count from 1 to 4 is hidden; a share is hidden
when its count or its base is. Complementary suppression then ties every hidden run into a
protection group, chosen once for all tables of the data, and a row or total is shown only
where it holds whole groups: no hidden value can be recovered by subtracting figures of any
tables of the same data (docs/evaluation.md, "Suppression across tables").
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from neue_wege.core.disclosure import MIN_CELL, ColumnPlan, plan_column

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


def key_figures_prepared(data: pd.DataFrame, by: str,
                         scope: pd.DataFrame | None = None) -> Table:
    """As ``key_figures`` for a frame that has been through ``prepare`` already.

    The hidden cells are chosen for all tables of ``data`` (or of ``scope``) together, so the
    table by programme and the table by run of the same frame hide consistently; the plan is
    kept for the last frame, so calling this once per dimension computes it once.
    """
    plan = _cached_plan(scope if scope is not None else data)
    return _table(data, by, plan, _cached_keys(data, plan.dimensions),
                  _remembered("total", data, lambda: _total(data)))  # type: ignore[arg-type]


def key_figure_tables(data: pd.DataFrame, dimensions: Sequence[str],
                      scope: pd.DataFrame | None = None) -> list[Table]:
    """Every table of a snapshot, suppressed together (see ``plan_suppression``).

    ``scope``: the prepared frame of everything the snapshot's data date publishes (the job
    centre's enrollments without filters). Pass it for a filtered selection: the hidden
    cells are then chosen once for all filters, so that one filter's table cannot be
    subtracted from another's. Without it the plan covers the tables of ``data``.
    """
    plan = _cached_plan(scope if scope is not None else data)
    keys, total = _keys(data, plan.dimensions), _total(data)
    return [_table(data, by, plan, keys, total) for by in dimensions]


# --------------------------------------------------------------------------------------------
# Suppression across every table of a snapshot

BASE_COLUMNS = tuple(sorted(set(BASE_OF.values()) - set(COUNT_COLUMNS)))
"""The people shares are taken of: not shown, but count ÷ share gives them, so protected too."""

PROTECTED_COLUMNS = (*COUNT_COLUMNS, *BASE_COLUMNS)

OBSERVED = ("observed_6m", "observed_12m")
"""Bases that are a run's people or 0, by its dates: protected by the people's plan."""

AT_MOST = (
    ("completed", "ended"), ("ended", "participants"),
    ("work_6m", "observed_6m"), ("observed_6m", "participants"),
    ("work_12m", "observed_12m"), ("observed_12m", "participants"),
    ("sustained_12m", "followed_12m"), ("followed_12m", "participants"),
    ("benefit_exit", "participants"), ("not_reached_12m", "participants"),
    ("sa_pairs", "participants"),
)
"""(count, bigger count) for every run: what an attacker knows beyond the published sums."""

LEVELS = (
    ("programme", "version", "location", "target_group", "year"),
    ("programme", "version", "location", "target_group"),
    ("programme", "version"),
    ("programme",),
)
"""Where protection groups are formed, finest first: runs of one version, place, target group
and year; then across years; then across places and target groups; then across versions;
then anywhere. A group that stays inside a cell of a table leaves that table's row shown."""


@dataclass
class Plan:
    """The hidden atoms and their protection groups for every protected column."""

    dimensions: tuple[str, ...]
    columns: dict[str, ColumnPlan]


def _atom_dimensions(data: pd.DataFrame) -> tuple[str, ...]:
    return tuple(d for d in DIMENSIONS if d in data.columns)


def _atoms(data: pd.DataFrame, dims: tuple[str, ...]) -> pd.DataFrame:
    """Sums of the protected columns per atom (one run: every dimension is the run's)."""
    atoms = data.groupby(list(dims), observed=True, sort=True, dropna=False)[
        list(PROTECTED_COLUMNS)].sum()
    atoms.index = [tuple(_text(v) for v in (key if isinstance(key, tuple) else (key,)))
                   for key in atoms.index]
    return atoms


def _text(value: object) -> str:
    """An atom's coordinate as text, the same however pandas hands the value over."""
    return "nan" if pd.isna(value) else str(value)


def plan_suppression(data: pd.DataFrame) -> Plan:
    """Decide the hidden cells of every table of ``data`` at once (``core.disclosure``).

    Every figure of every table (and of every filter of the same data) is a sum over runs,
    so the runs are the atoms: a run on 1–4 people is hidden in every column, a count of 1–4
    is hidden, and each hidden run is tied into a protection group. A table row or total is
    shown only where it holds whole groups.
    """
    dims = _atom_dimensions(data)
    atoms = _atoms(data, dims)
    position = {d: i for i, d in enumerate(dims)}
    status = {key: (observed_6m > 0, observed_12m > 0) for key, observed_6m, observed_12m
              in zip(atoms.index, atoms["observed_6m"], atoms["observed_12m"], strict=True)}
    participants = atoms["participants"].to_dict()
    small = {k for k, v in participants.items() if 0 < v < MIN_CELL}
    # What a run's other columns tell about a column (completed ≤ ended ≤ people): an upper
    # bound at the true value of the bigger columns (the most anyone could know); a lower
    # bound from the smaller columns as far as they can be seen: their value where it is 0
    # or at least 5 (shown, or a complement known to be at least that), 1 where it is
    # "< 5", nothing in a row on fewer than 5 people (all "< 5", possibly 0).
    seen = atoms.where((atoms == 0) | (atoms >= MIN_CELL), 1)
    seen.loc[[k in small for k in seen.index]] = 0

    def plan(split: bool, follow: list[str]) -> dict[str, ColumnPlan]:
        cells = []  # each atom's cell per level, computed once for all columns
        for level in LEVELS:
            index = [position[d] for d in level if d in position]
            cells.append({key: (tuple(key[i] for i in index), status[key]) if split
                          else tuple(key[i] for i in index) for key in atoms.index})
        cells.append({key: status[key] if split else () for key in atoms.index})
        levels = [cell.__getitem__ for cell in cells]
        columns = {}
        for column in PROTECTED_COLUMNS:
            if column in follow:
                continue
            smaller = [c for c, bigger in AT_MOST if bigger == column]
            bigger = [b for c, b in AT_MOST if c == column]
            lower = seen[smaller].max(axis=1).to_dict() if smaller else None
            upper = atoms[bigger].min(axis=1).to_dict() if bigger else None
            columns[column] = plan_column(atoms[column].to_dict(), levels=levels,
                                          small_rows=small, lower=lower, upper=upper,
                                          whole=False)
        for column in follow:
            columns[column] = columns["participants"]
        return columns

    # Whether a run's 6- and 12-month windows are over follows from its dates (no secret),
    # so the "observed" bases are its people or 0. Preferred: groups never mix runs of
    # different status, and those bases follow the people's plan (they then add up whole
    # groups exactly where the people do). If that leaves small runs without protection
    # (young runs with no partner of their status), groups may mix statuses and the
    # observed bases get plans of their own.
    whole_runs = [c for c in OBSERVED
                  if ((atoms[c] == 0) | (atoms[c] == atoms["participants"])).all()]
    columns = plan(True, whole_runs) if len(whole_runs) == len(OBSERVED) else None
    if columns is None or columns["participants"].unprotected:
        columns = plan(False, [])
    return Plan(dims, columns)


_LAST: dict[str, tuple[weakref.ref, object]] = {}


def _remembered(kind: str, data: pd.DataFrame, compute: Callable[[], object]) -> object:
    """The last result of ``compute`` for this very frame (the selectors call once per table)."""
    last = _LAST.get(kind)
    if last is not None and last[0]() is data:
        return last[1]
    result = compute()
    _LAST[kind] = (weakref.ref(data), result)
    return result


def _cached_plan(data: pd.DataFrame) -> Plan:
    return _remembered("plan", data, lambda: plan_suppression(data))  # type: ignore[return-value]


def _keys(data: pd.DataFrame, dims: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The atoms present in ``data``."""
    if data.empty:
        return []
    index = data.groupby(list(dims), observed=True, dropna=False).size().index
    return [tuple(_text(v) for v in (key if isinstance(key, tuple) else (key,)))
            for key in index]


def _cached_keys(data: pd.DataFrame, dims: tuple[str, ...]) -> list[tuple[str, ...]]:
    return _remembered("keys", data, lambda: _keys(data, dims))  # type: ignore[return-value]


def _figure(value: float) -> Figure:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return Figure(None, "")  # not computable (e.g. no pairs): shown as a dash, not a secret
    return Figure(float(value))


def _row(label: str, record: Mapping[str, float], atoms: frozenset, plan: Plan) -> Row:
    row = Row(label)
    reasons = {c: plan.columns[c].reason(atoms) for c in PROTECTED_COLUMNS}
    for column in COUNT_COLUMNS:
        reason = reasons[column]
        row.figures[column] = Figure(None, reason) if reason else _figure(record[column])
    for rate, count in RATE_OF.items():
        reason = reasons[count] or reasons[BASE_OF[rate]]
        row.figures[rate] = Figure(None, reason) if reason else _figure(record[rate])
    for mean, count in MEANS_OF.items():
        reason = reasons[count]
        row.figures[mean] = Figure(None, reason) if reason else _figure(record[mean])
    return row


def _total(data: pd.DataFrame) -> dict:
    return _aggregate(data, None).iloc[0].to_dict()


def _table(data: pd.DataFrame, by: str, plan: Plan, keys: list[tuple[str, ...]],
           total: Mapping[str, float]) -> Table:
    grouped = _aggregate(data, [by])
    where = plan.dimensions.index(by)
    members: dict[str, set] = {}
    for key in keys:
        members.setdefault(key[where], set()).add(key)
    # Plain dicts: looking values up in them is ~50 times faster than in pandas rows.
    rows = [_row(str(label), record, frozenset(members.get(_text(label), ())), plan)
            for label, record in grouped.to_dict("index").items()]
    return Table(by, rows, _row("Gesamt", total, frozenset(keys), plan))


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
