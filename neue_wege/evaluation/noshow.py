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

With and without reminder: `reminded` is the query of the reminders that were sent
(`messaging.selectors.reminders_sent`: rows with enrollment and session). Given, the
first-session and attendance figures are also split into "with reminder" and "without", each
column planned the same way.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from neue_wege.core.disclosure import MIN_CELL, ColumnPlan, plan_column
from neue_wege.jobs import stored
from neue_wege.privacy import access
from neue_wege.programmes.models import Attendance, Run, Session

PEOPLE_COLUMNS = ("invited", "came_first", "absent_people")
ROW_COLUMNS = ("present", "recorded", "absent")
SPLIT_COLUMNS = ("invited_r", "came_first_r", "invited_u", "came_first_u",
                 "present_r", "recorded_r", "present_u", "recorded_u")
COLUMNS = PEOPLE_COLUMNS + ROW_COLUMNS + SPLIT_COLUMNS

# The reminders that were sent: rows with `enrollment_id` and `session_id` (messaging's
# `reminders_sent`), as a query, so that the database pairs them with the attendance.
Reminded = QuerySet


@dataclass
class RunCounts:
    run_id: Any
    run_title: str
    programme: str
    location: str
    started: Any = None  # the day of the run's first session
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COLUMNS, 0))


def run_counts(*, enrollments: QuerySet, reminded: Reminded | None = None) -> list[RunCounts]:
    """The atoms: one `RunCounts` per run with a session that has begun.

    Set-based (issue 12): grouped queries over the attendance and one pass over the seats; the
    enrollments and reminders are subqueries, never lists of ids. At 1,000,000 clients the
    version that loaded every seat and attendance row and passed 622,825 ids as a literal list
    did not finish in ten minutes.
    """
    now = timezone.now()
    seats = enrollments.order_by().values("pk")
    begun = (Session.objects.filter(run=OuterRef("pk"), starts_at__lte=now)
             .order_by("starts_at", "pk"))
    runs = (Run.objects.filter(pk__in=enrollments.order_by().values("run_id"))
            .annotate(first_id=Subquery(begun.values("pk")[:1]),
                      first_at=Subquery(begun.values("starts_at")[:1]))
            .filter(first_id__isnull=False))
    atoms: dict[Any, RunCounts] = {}
    first_day: dict[Any, Any] = {}
    for run in runs.values("pk", "title", "programme_version__programme__name",
                           "location__name", "first_at").order_by():
        first_day[run["pk"]] = timezone.localtime(run["first_at"]).date()
        atoms[run["pk"]] = RunCounts(run["pk"], run["title"],
                                     run["programme_version__programme__name"],
                                     run["location__name"], first_day[run["pk"]])
    first_sessions = runs.order_by().values("first_id")

    attendance = Attendance.objects.filter(enrollment__in=seats)
    fields = ["enrollment__run_id", "status"]
    if reminded is not None:
        attendance = attendance.annotate(reminded=Exists(reminded.filter(
            enrollment_id=OuterRef("enrollment_id"), session_id=OuterRef("session_id"))))
        fields.append("reminded")
    for row in attendance.order_by().values(*fields).annotate(n=Count("pk")):
        atom = atoms.get(row["enrollment__run_id"])
        if atom is None:
            continue
        c, n = atom.counts, row["n"]
        side = "r" if row.get("reminded") else "u"
        c["recorded"] += n
        c[f"recorded_{side}"] += n
        if row["status"] == Attendance.Status.PRESENT:
            c["present"] += n
            c[f"present_{side}"] += n
        elif row["status"] == Attendance.Status.ABSENT:
            c["absent"] += n
    for row in (attendance.filter(status=Attendance.Status.ABSENT).order_by()
                .values("enrollment__run_id")
                .annotate(n=Count("enrollment_id", distinct=True))):
        if row["enrollment__run_id"] in atoms:
            atoms[row["enrollment__run_id"]].counts["absent_people"] = row["n"]

    # Who held a seat on the day of the run's first session, who came, who was reminded of it.
    came = set(Attendance.objects.filter(session_id__in=first_sessions, enrollment__in=seats,
                                         status=Attendance.Status.PRESENT)
               .values_list("enrollment_id", flat=True))
    reminded_first = (set(reminded.filter(session_id__in=first_sessions)
                          .values_list("enrollment_id", flat=True))
                      if reminded is not None else set())
    for pk, run_id, started_on, ended_on in (enrollments.order_by().values_list(
            "pk", "run_id", "started_on", "ended_on").iterator(chunk_size=20_000)):
        day = first_day.get(run_id)
        if day is None or started_on > day or (ended_on is not None and ended_on < day):
            continue
        c = atoms[run_id].counts
        side = "r" if pk in reminded_first else "u"
        c["invited"] += 1
        c[f"invited_{side}"] += 1
        if pk in came:
            c["came_first"] += 1
            c[f"came_first_{side}"] += 1
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
    runs: list[Row]  # the latest first
    programmes: list[Row]
    locations: list[Row]
    total: Row
    with_reminders: bool
    min_cell: int = MIN_CELL
    runs_total: int = 0  # runs in all; the page keeps only the latest PAGE_RUNS of them


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


def _count(plans: dict[str, ColumnPlan], atoms: dict[Any, RunCounts], column: str,
           ids: set[Hashable]) -> Cell:
    plan_ = plans[column]
    if len(ids) == 1:
        (only,) = ids
        if only in plan_.hidden:
            return Cell(None, "< 5" if plan_.hidden[only] == "primary" else "•")
    if not plan_.publishable(ids):
        return Cell(None, "•")
    return Cell(sum(atoms[run_id].counts[column] for run_id in ids))


def _share(count: Cell, base: Cell) -> Cell:
    if not count.shown or not base.shown:
        return Cell(None, count.mark or base.mark or "•")
    if not base.value:
        return Cell(None, "–")
    return Cell(round(100 * count.value / base.value, 1))


def _row(label: str, plans: dict[str, ColumnPlan], atoms: dict[Any, RunCounts],
         ids: set[Hashable], with_reminders: bool) -> Row:
    if sum(atoms[run_id].counts["invited"] for run_id in ids) < MIN_CELL:
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
    by_run = {a.run_id: a for a in atoms}  # each row sums its runs by id, not by scanning all

    def rows(key: Any) -> list[Row]:
        groups: dict[str, set] = defaultdict(set)
        for a in atoms:
            groups[key(a)].add(a.run_id)
        return [_row(label, plans, by_run, ids, with_reminders)
                for label, ids in sorted(groups.items())]

    return NoShowFigures(
        runs=[_row(a.run_title, plans, by_run, {a.run_id}, with_reminders)
              for a in sorted(atoms, key=lambda a: a.started, reverse=True)],
        programmes=rows(lambda a: a.programme), locations=rows(lambda a: a.location),
        total=_row("", plans, by_run, set(by_run), with_reminders),
        with_reminders=with_reminders, runs_total=len(atoms))


def noshow_figures(*, user: Any, reminded: Reminded | None = None,
                   runs: Any = None) -> NoShowFigures:
    """The published no-show figures of the management user's job centre."""
    enrollments = access.enrollments_for_aggregates(user)
    if runs is not None:
        enrollments = enrollments.filter(run__in=runs)
    atoms = run_counts(enrollments=enrollments, reminded=reminded)
    return publish(atoms, with_reminders=reminded is not None)


# --- stored for the page (jobs.stored) ----------------------------------------------------------
KIND = "evaluation.noshow"
PAGE_RUNS = 50
"""The page shows the latest runs only: a county has 56,000 runs at a million clients, and
reading that many rows back (and rendering them) took seconds per view."""


def _compute(user: Any, key: str) -> NoShowFigures:
    from neue_wege.messaging.selectors import reminders_sent

    # With and without reminder where reminders were sent at all (messaging, issue 15).
    reminded = reminders_sent(job_centre=user.job_centre)
    figures = noshow_figures(user=user, reminded=reminded if reminded.exists() else None)
    figures.runs = figures.runs[:PAGE_RUNS]
    return figures


def register() -> None:
    """Called once from EvaluationConfig.ready (the worker needs the kind too). Attendance is
    recorded after each session, so figures ten minutes old are fresh enough. Never counted in
    a request: at a million clients the counting takes 20 s."""
    stored.register(KIND, compute=_compute, allowed=access.can_see_key_figures,
                    fresh_for=dt.timedelta(minutes=10))


def for_page(*, user: Any) -> stored.Stored:
    return stored.read(user=user, kind=KIND)


__all__ = ["KIND", "NoShowFigures", "for_page", "noshow_figures", "publish", "register",
           "run_counts"]
