"""An attacker for published tables: what can be computed about each hidden cell?

Every published figure is a sum over atoms (runs). The attacker knows every published figure
of every table, every filter and every download of one snapshot, which atoms each figure sums
(the run list with programme, year, place and target group is no secret), that counts are
whole numbers of at least 0, that a count never exceeds the people it is counted among, and
the marks: "< 5" is 1–4 (0–4 where the row's people are "< 5" too), a "•" on a single run is
one of the visible-sized cells chosen as a complement (at least 5), a "•" on a sum is at
least 0. ``intervals`` then computes with ``scipy.optimize.linprog`` (integer variables,
HiGHS) the smallest and largest value each hidden figure can take.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

BIG = 10**6
"""A count no table reaches: a maximum at this cap means "unbounded"."""


@dataclass(frozen=True)
class Figure:
    """One published cell: the atoms it sums in one column, and what the attacker knows."""

    column: str
    atoms: frozenset
    low: float
    high: float
    hidden: bool
    true: float


def known(column: str, atoms: Iterable[Hashable], *, value: float | None, mark: str,
          true: float, people_small: bool = False) -> Figure:
    """The attacker's knowledge of one cell from what it shows (a number or a mark)."""
    atoms = frozenset(atoms)
    if value is not None:
        return Figure(column, atoms, value, value, False, true)
    if mark == "< 5":
        return Figure(column, atoms, 0 if people_small else 1, 4, True, true)
    if mark == "•" and len(atoms) == 1:
        return Figure(column, atoms, 5, math.inf, True, true)
    return Figure(column, atoms, 0, math.inf, True, true)


def intervals(figures: list[Figure], *, at_most: Iterable[tuple[str, str]] = (),
              columns: Iterable[str] | None = None) -> list[tuple[Figure, float, float]]:
    """(figure, min, max) for every distinct hidden figure, over all integer solutions.

    ``at_most``: (column, bigger column) pairs that hold for every atom (completed ≤ people).
    ``columns``: solve only for the hidden figures of these columns (default: all).
    """
    targets = None if columns is None else set(columns)
    variables: dict[tuple[str, Hashable], int] = {}
    for figure in figures:
        for atom in figure.atoms:
            variables.setdefault((figure.column, atom), len(variables))
    size = len(variables)
    rows, lows, highs = [], [], []
    for figure in figures:
        row = np.zeros(size)
        for atom in figure.atoms:
            row[variables[(figure.column, atom)]] = 1
        rows.append(row)
        lows.append(figure.low)
        highs.append(figure.high)
    a_ub, b_ub = [], []
    for small, big in at_most:
        for (column, atom), index in variables.items():
            if column == small and (big, atom) in variables:
                row = np.zeros(size)
                row[index], row[variables[(big, atom)]] = 1, -1
                a_ub.append(row)
                b_ub.append(0)
    matrix = np.array(rows)
    # lows ≤ A x ≤ highs as two one-sided blocks (linprog has no ranged rows).
    finite = np.isfinite(highs)
    a_all = np.vstack([matrix[finite], -matrix, *(a_ub and [np.array(a_ub)])])
    b_all = np.concatenate([np.array(highs)[finite], -np.array(lows), np.array(b_ub)])
    found = []
    seen: set[tuple[str, frozenset]] = set()
    for figure in figures:
        if not figure.hidden or (figure.column, figure.atoms) in seen or (
                targets is not None and figure.column not in targets):
            continue
        seen.add((figure.column, figure.atoms))
        objective = np.zeros(size)
        for atom in figure.atoms:
            objective[variables[(figure.column, atom)]] = 1
        ends = []
        for sign in (1, -1):
            result = linprog(sign * objective, A_ub=a_all, b_ub=b_all, bounds=(0, None),
                             integrality=np.ones(size), method="highs")
            if result.status != 0:
                # HiGHS may say "infeasible or unbounded" for an unbounded integer programme;
                # the true values are a solution, so cap every count and look again.
                result = linprog(sign * objective, A_ub=a_all, b_ub=b_all, bounds=(0, BIG),
                                 integrality=np.ones(size), method="highs")
            assert result.status == 0, result.message  # the true values are a solution
            value = round(sign * result.fun)
            ends.append(math.inf if value >= BIG / 2 else value)
        found.append((figure, ends[0], ends[1]))
    return found


def leaks(figures: list[Figure], *, at_most: Iterable[tuple[str, str]] = (),
          columns: Iterable[str] | None = None) -> list[tuple[Figure, float, float]]:
    """Hidden figures the attacker pins to one value. Criterion: a hidden figure is protected
    when at least two whole numbers fit everything published (max − min ≥ 1), so a value
    other than the true one is always possible; and the true value must fit (a check of the
    model itself)."""
    bad = []
    for figure, low, high in intervals(figures, at_most=at_most, columns=columns):
        assert low <= figure.true <= high, (figure, low, high)
        if high - low < 1:
            bad.append((figure, low, high))
    return bad
