"""No-show figures (issue 15, point 7): per run, programme and location, who came to the first
session, the attendance rate and unexcused absences; optionally split by whether a reminder
was sent.

Counting (atoms are runs, as for the key figures):

- *invited*: the people who held a seat on the day of the run's first session that has begun
  (enrolled by then, not ended before it);
- *came to the first session*: of those, recorded present at it;
- *attendance rate*: present ÷ recorded attendance entries over all sessions of the run;
- *unexcused absences*: attendance entries "unentschuldigt gefehlt", and the people with at
  least one.

Publication follows the key figures' small-cell rules (`core.disclosure`): a run resting on
fewer than `MIN_CELL` people is hidden whole; every count column is planned with
`plan_column` (levels: programme, then the whole), and a row or total — a programme, a
location, the job centre — is shown only where `ColumnPlan.publishable` allows it; a share
only where its count and its base are shown.

With and without reminder: `reminded` is the set of (enrollment id, session id) pairs that
got a reminder before the session (from the `letters` helper's send record, wired after the
merge). Given, the first-session and attendance figures are also split into "with reminder"
and "without", each column planned the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from neue_wege.core.disclosure import MIN_CELL, ColumnPlan, plan_column
from neue_wege.privacy import access
from neue_wege.programmes.models import Attendance, Session

PEOPLE_COLUMNS = ("invited", "came_first", "absent_people")
ROW_COLUMNS = ("present", "recorded", "absent")
SPLIT_COLUMNS = ("invited_r", "came_first_r", "invited_u", "came_first_u",
                 "present_r", "recorded_r", "present_u", "recorded_u")
COLUMNS = PEOPLE_COLUMNS + ROW_COLUMNS + SPLIT_COLUMNS

Reminded = set[tuple[Any, Any]]


@dataclass
class RunCounts:
    run_id: Any
    run_title: str
    programme: str
    location: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COLUMNS, 0))


def run_counts(*, enrollments: Any, reminded: Reminded | None = None) -> list[RunCounts]:
    """The atoms: one `RunCounts` per run with a session that has begun."""
    enrollments = list(enrollments.select_related(
        "run__programme_version__programme", "run__location"))
    runs: dict[Any, Any] = {e.run_id: e.run for e in enrollments}
    now = timezone.now()
    first: dict[Any, Session] = {}
    for session in (Session.objects.filter(run_id__in=list(runs), starts_at__lte=now)
                    .order_by("run_id", "starts_at")):
        first.setdefault(session.run_id, session)
    attendance: dict[tuple[Any, Any], str] = {
        (a.enrollment_id, a.session_id): a.status for a in Attendance.objects.filter(
            enrollment__in=[e.pk for e in enrollments]).only("enrollment_id", "session_id",
                                                               "status")}
    atoms: dict[Any, RunCounts] = {}
    for run_id in first:
        run = runs[run_id]
        atoms[run_id] = RunCounts(run_id, run.title, run.programme_version.programme.name,
                                  run.location.name)
    absent_people: dict[Any, set] = defaultdict(set)
    by_pk = {e.pk: e for e in enrollments}
    for (enrollment_id, session_id), status in attendance.items():
        e = by_pk[enrollment_id]
        atom = atoms.get(e.run_id)
        if atom is None:
            continue
        c = atom.counts
        side = "r" if reminded is not None and (enrollment_id, session_id) in reminded else "u"
        c["recorded"] += 1
        c[f"recorded_{side}"] += 1
        if status == Attendance.Status.PRESENT:
            c["present"] += 1
            c[f"present_{side}"] += 1
        elif status == Attendance.Status.ABSENT:
            c["absent"] += 1
            absent_people[e.run_id].add(enrollment_id)
    for e in enrollments:
        session = first.get(e.run_id)
        if session is None:
            continue
        day = timezone.localtime(session.starts_at).date()
        if e.started_on > day or (e.ended_on is not None and e.ended_on < day):
            continue
        c = atoms[e.run_id].counts
        side = "r" if reminded is not None and (e.pk, session.pk) in reminded else "u"
        c["invited"] += 1
        c[f"invited_{side}"] += 1
        if attendance.get((e.pk, session.pk)) == Attendance.Status.PRESENT:
            c["came_first"] += 1
            c[f"came_first_{side}"] += 1
    for run_id, people in absent_people.items():
        if run_id in atoms:
            atoms[run_id].counts["absent_people"] = len(people)
    return sorted(atoms.values(), key=lambda a: (a.programme, a.location, a.run_title))


# --- publication --------------------------------------------------------------------------------
@dataclass
class Cell:
    value: float | int | None  # None: hidden
    mark: str = ""  # "< 5" or "•" when hidden

    @property
    def shown(self) -> bool:
        return self.value is not None


@dataclass
class Row:
    label: str
    invited: Cell
    came_first_share: Cell
    attendance_rate: Cell
    absent: Cell
    absent_people: Cell
    # with reminders: came to the first session with / without, attendance with / without
    split: list[Cell] | None = None


@dataclass
class NoShowFigures:
    runs: list[Row]
    programmes: list[Row]
    locations: list[Row]
    total: Row
    with_reminders: bool
    min_cell: int = MIN_CELL


def plan(atoms: list[RunCounts]) -> dict[str, ColumnPlan]:
    """One suppression plan per count column, over the same atoms (runs)."""
    small = [a.run_id for a in atoms if a.counts["invited"] < MIN_CELL]
    programme_of = {a.run_id: a.programme for a in atoms}
    plans = {}
    for column in COLUMNS:
        values = {a.run_id: a.counts[column] for a in atoms}
        upper = None
        if column in ("came_first", "absent_people") or column.startswith(("invited_",
                                                                          "came_first_")):
            upper = {a.run_id: a.counts["invited"] for a in atoms}
        plans[column] = plan_column(values, levels=[lambda run: programme_of[run]],
                                    small_rows=small, upper=upper)
    return plans


def _count(plans: dict[str, ColumnPlan], atoms: list[RunCounts], column: str,
           ids: set[Hashable]) -> Cell:
    plan_ = plans[column]
    if len(ids) == 1:
        (only,) = ids
        if only in plan_.hidden:
            return Cell(None, "< 5" if plan_.hidden[only] == "primary" else "•")
    if not plan_.publishable(ids):
        return Cell(None, "•")
    return Cell(sum(a.counts[column] for a in atoms if a.run_id in ids))


def _share(count: Cell, base: Cell) -> Cell:
    if not count.shown or not base.shown:
        return Cell(None, count.mark or base.mark or "•")
    if not base.value:
        return Cell(None, "–")
    return Cell(round(100 * count.value / base.value, 1))


def _row(label: str, plans: dict[str, ColumnPlan], atoms: list[RunCounts], ids: set[Hashable],
         with_reminders: bool) -> Row:
    chosen = [a for a in atoms if a.run_id in ids]
    if sum(a.counts["invited"] for a in chosen) < MIN_CELL:
        hidden = Cell(None, "< 5")
        return Row(label, hidden, hidden, hidden, hidden, hidden,
                   [hidden] * 4 if with_reminders else None)

    def c(column: str) -> Cell:
        return _count(plans, atoms, column, ids)

    split = None
    if with_reminders:
        split = [_share(c("came_first_r"), c("invited_r")),
                 _share(c("came_first_u"), c("invited_u")),
                 _share(c("present_r"), c("recorded_r")),
                 _share(c("present_u"), c("recorded_u"))]
    return Row(label, c("invited"), _share(c("came_first"), c("invited")),
               _share(c("present"), c("recorded")), c("absent"), c("absent_people"), split)


def publish(atoms: list[RunCounts], *, with_reminders: bool = False) -> NoShowFigures:
    plans = plan(atoms)

    def rows(key: Any) -> list[Row]:
        groups: dict[str, set] = defaultdict(set)
        for a in atoms:
            groups[key(a)].add(a.run_id)
        return [_row(label, plans, atoms, ids, with_reminders)
                for label, ids in sorted(groups.items())]

    return NoShowFigures(
        runs=[_row(a.run_title, plans, atoms, {a.run_id}, with_reminders) for a in atoms],
        programmes=rows(lambda a: a.programme), locations=rows(lambda a: a.location),
        total=_row("", plans, atoms, {a.run_id for a in atoms}, with_reminders),
        with_reminders=with_reminders)


def noshow_figures(*, user: Any, reminded: Reminded | None = None,
                   runs: Iterable[Any] | None = None) -> NoShowFigures:
    """The published no-show figures of the management user's job centre."""
    enrollments = access.enrollments_for_aggregates(user)
    if runs is not None:
        enrollments = enrollments.filter(run__in=list(runs))
    atoms = run_counts(enrollments=enrollments, reminded=reminded)
    return publish(atoms, with_reminders=reminded is not None)


__all__ = ["NoShowFigures", "noshow_figures", "publish", "run_counts"]
