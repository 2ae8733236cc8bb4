"""Complementary cell suppression that holds across linked tables. Pure Python, no Django.

Every figure a management page or export publishes is a sum of *atoms*: the finest cells the
data has (for the evaluation one run, for the waitlist one run). A programme row is the sum
of its runs, a year row the sum of the runs that started in that year, a filtered total the
sum of the runs the filter keeps. ``plan_column`` decides once per count column which atoms
are hidden and ties every hidden atom into a *protection group*; ``ColumnPlan.publishable``
then says for any aggregate (any table row, total or filter) whether it may be shown:

- an aggregate is shown only if, for every group it touches, it holds the **whole** group and
  the group is protective; otherwise the aggregate is hidden too ("•");
- a group is protective when it has at least two atoms, its sum is at least ``MIN_CELL`` and
  the sum lies strictly between the smallest and the largest sum the attacker's bounds allow
  (``< 5`` → 1–4, a row on fewer than 5 people → 0–4, a complementary atom → 5 up to its
  published number of people).

Why this is enough (full argument in docs/evaluation.md, "Suppression across tables"): every
shown figure is then a visible atom sum plus whole group sums, so all published figures
together tell an attacker no more than the visible atoms and one sum per group. Inside a
group whose sum lies strictly between the bounds' extremes every member, and every sum of a
strict part of the group, can take at least two integer values; and every shown aggregate is
0 or at least 5, because visible atoms and group sums are.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

MIN_CELL = 5
"""Smallest number of people a published figure may rest on."""

PRIMARY = "primary"
"""Hidden because it rests on 1 to 4 people ("< 5")."""
SECONDARY = "secondary"
"""Hidden so that no small figure can be computed from the others ("•")."""


@dataclass
class ColumnPlan:
    """Which atoms of one count column are hidden, and which group protects each of them."""

    hidden: dict[Hashable, str] = field(default_factory=dict)
    group_of: dict[Hashable, int] = field(default_factory=dict)
    groups: list[frozenset] = field(default_factory=list)
    unprotected: set[int] = field(default_factory=set)
    """Groups that could not be made protective: no aggregate touching them is shown."""
    _grouped_cache: frozenset | None = field(default=None, repr=False, compare=False)

    def publishable(self, atoms: Iterable[Hashable]) -> bool:
        """May the sum over ``atoms`` be shown? (Whole protective groups only.)"""
        atoms = atoms if isinstance(atoms, (set, frozenset)) else set(atoms)
        if not self.group_of:
            return True
        checked: set[int] = set()
        inside = atoms & self._grouped() if len(atoms) > 1 else atoms
        for atom in inside:
            group = self.group_of.get(atom)
            if group is None or group in checked:
                continue
            if group in self.unprotected or not self.groups[group] <= atoms:
                return False
            checked.add(group)
        return True

    def _grouped(self) -> frozenset:
        """The atoms in some group (kept until the groups change)."""
        if self._grouped_cache is None or len(self._grouped_cache) != len(self.group_of):
            self._grouped_cache = frozenset(self.group_of)
        return self._grouped_cache

    def reason(self, atoms: Iterable[Hashable]) -> str:
        """"" if the sum over ``atoms`` is shown, else why not (one atom keeps its own reason)."""
        atoms = list(atoms)
        if len(atoms) == 1 and atoms[0] in self.hidden:
            return self.hidden[atoms[0]]
        return "" if self.publishable(atoms) else SECONDARY


def protective(values: Sequence[float], lows: Sequence[float], highs: Sequence[float],
               min_cell: int = MIN_CELL) -> bool:
    """Does publishing only the sum of these hidden values keep each of them (and each sum of
    a strict part of them) open to at least two integer values, and is the sum not small?

    Members whose bounds leave them one value (a count of people of whom there are none in
    another column) are pinned by that other column, not by this sum, and are protected
    there; at least two others must be free to move.
    """
    total = sum(values)
    free = sum(1 for low, high in zip(lows, highs, strict=True) if high > low)
    return (free >= 2 and total >= min_cell
            and sum(lows) < total < sum(highs))


def plan_column(values: Mapping[Hashable, float], *,
                levels: Sequence[Callable[[Hashable], Hashable]],
                small_rows: Iterable[Hashable] = (),
                lower: Mapping[Hashable, float] | None = None,
                upper: Mapping[Hashable, float] | None = None,
                min_cell: int = MIN_CELL, whole: bool = True) -> ColumnPlan:
    """Hide small atoms and protect them in groups, finest level first.

    ``values``: the count of each atom. ``levels``: functions from an atom to its cell at
    ever coarser levels (each level must nest in the next, e.g. class → version →
    programme); the whole table is added as the last level unless ``whole`` is False.
    Groups are formed as low as possible, because a group that spans two cells of a
    published table hides both cells.
    ``small_rows``: atoms whose row rests on 1–4 people (hidden whatever their value, bounds
    0–4). ``lower``/``upper``: bounds an attacker may know for an atom from other columns
    (completed ≤ ended ≤ people). Pass the *true* values of those columns: the groups then
    stay protective even against someone who knew every other column exactly, so the
    columns can be planned one at a time.

    In each cell, the atoms not yet protected are (a) a protective group on their own, or
    (b) joined by the smallest visible atom of at least ``min_cell`` that makes them one, or
    (c) merged into a group already formed inside the cell (adding members whose values lie
    within their bounds keeps a group protective); otherwise they wait for the next level.
    What is left at the top is an unprotected group: every aggregate touching it is hidden.
    """
    upper = upper or {}
    lower = lower or {}
    small = set(small_rows)
    plan = ColumnPlan()
    bounds: dict[Hashable, tuple[float, float]] = {}
    for atom, value in values.items():
        cap = upper.get(atom, math.inf)
        floor = lower.get(atom, 0.0)
        if atom in small:  # 0–4, or 1–4 if the attacker can tell (the row's own people)
            plan.hidden[atom] = PRIMARY
            bounds[atom] = (max(1.0 if value > 0 else 0.0, floor),
                            float(min(min_cell - 1, cap)))
        elif 0 < value < min_cell:
            plan.hidden[atom] = PRIMARY
            bounds[atom] = (max(1.0, floor), float(min(min_cell - 1, cap)))
    if not plan.hidden:
        return plan

    def anchor_bounds(atom: Hashable) -> tuple[float, float]:
        return (max(float(min_cell), lower.get(atom, 0.0)), float(upper.get(atom, math.inf)))

    loose = set(plan.hidden)
    all_levels = [*levels, lambda _atom: ()] if whole else list(levels)
    for level in all_levels:
        cells: dict[Hashable, list[Hashable]] = defaultdict(list)
        for atom in values:
            cells[level(atom)].append(atom)
        for cell in sorted(cells, key=repr):
            members = cells[cell]
            waiting = sorted((a for a in members if a in loose), key=repr)
            if not waiting:
                continue
            vals = [float(values[a]) for a in waiting]
            lows = [bounds[a][0] for a in waiting]
            highs = [bounds[a][1] for a in waiting]
            if protective(vals, lows, highs, min_cell):
                _new_group(plan, waiting)
                loose -= set(waiting)
                continue
            candidates = sorted((a for a in members if a not in plan.hidden
                                 and values[a] >= min_cell),
                                key=lambda a: (values[a], repr(a)))
            chosen = None
            for candidate in candidates:
                low, high = anchor_bounds(candidate)
                if high > low and protective([*vals, float(values[candidate])], [*lows, low],
                              [*highs, high], min_cell):
                    chosen = candidate
                    break
            if chosen is not None:
                plan.hidden[chosen] = SECONDARY
                bounds[chosen] = anchor_bounds(chosen)
                _new_group(plan, [*waiting, chosen])
                loose -= set(waiting)
                continue
            inside = {plan.group_of[a] for a in members if a in plan.group_of}
            if inside:
                target = min(inside, key=lambda g: (len(plan.groups[g]), g))
                plan.groups[target] = plan.groups[target] | frozenset(waiting)
                for atom in waiting:
                    plan.group_of[atom] = target
                loose -= set(waiting)
    if loose:
        plan.unprotected.add(_new_group(plan, sorted(loose, key=repr)))
    return plan


def _new_group(plan: ColumnPlan, atoms: Iterable[Hashable]) -> int:
    index = len(plan.groups)
    plan.groups.append(frozenset(atoms))
    for atom in plan.groups[index]:
        plan.group_of[atom] = index
    return index
