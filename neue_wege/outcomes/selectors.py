"""Reads for outcomes, always starting from the access-scoped querysets."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from neue_wege.clients.models import Enrollment
from neue_wege.outcomes.models import FollowUp, Instrument, Outcome, SelfAssessment
from neue_wege.outcomes.services import follow_up_due_on, follow_up_months
from neue_wege.privacy import access
from neue_wege.privacy.audit import audit_views
from neue_wege.programmes.models import Run

# Open follow-ups show up this many days before they are due.
DUE_LEAD_DAYS = 14
# Fewer pairs than this: no means (a mean of 2 people tells about the 2 people).
MIN_PAIRS = 5
# The end self-assessment opens this many days before the run's last day.
END_OPENS_DAYS = 14


@dataclass
class DueFollowUp:
    follow_up: FollowUp
    overdue: bool

    @property
    def enrollment(self) -> Enrollment:
        return self.follow_up.outcome.enrollment


DUE_ORDER = ["due_on", "outcome__enrollment__client__last_name", "id"]


def open_due_follow_ups(*, user: Any, today: dt.date) -> QuerySet[FollowUp]:
    """Open follow-ups of the user's caseload due by today + lead days (not yet logged: page
    it and pass the rows shown to `due_rows`)."""
    return (access.follow_ups_for(user)
            .filter(recorded_on__isnull=True, due_on__lte=today + dt.timedelta(DUE_LEAD_DAYS))
            .select_related("outcome__enrollment__client", "outcome__enrollment__run")
            .order_by(*DUE_ORDER))


def due_rows(*, user: Any, follow_ups: list[FollowUp], today: dt.date) -> list[DueFollowUp]:
    """The rows shown, marked overdue or not; reading them is logged (only these)."""
    audit_views(actor=user, objects=follow_ups,
                client_id_of=lambda f: f.outcome.enrollment.client_id)
    return [DueFollowUp(follow_up=f, overdue=f.due_on < today) for f in follow_ups]


def due_follow_ups_for(*, user: Any, today: dt.date, limit: int
                       ) -> tuple[list[DueFollowUp], bool]:
    """The first `limit` open due follow-ups and whether there are more (the start page)."""
    fetched = list(open_due_follow_ups(user=user, today=today)[:limit + 1])
    return due_rows(user=user, follow_ups=fetched[:limit], today=today), len(fetched) > limit


def outcome_of(enrollment: Enrollment) -> Outcome | None:
    return Outcome.objects.filter(enrollment=enrollment).first()


def follow_ups_of(outcome: Outcome | None) -> list[FollowUp]:
    if outcome is None:
        return []
    return list(outcome.follow_ups.select_related("recorded_by").order_by("months_after"))


def planned_follow_ups(enrollment: Enrollment) -> list[tuple[int, dt.date]]:
    """The follow-up points an enrollment will get, before its destination is recorded."""
    return [(months, follow_up_due_on(enrollment.run.ends_on, months))
            for months in follow_up_months()]


# --- self-assessment ----------------------------------------------------------------------------
def open_moment(enrollment: Enrollment, *, today: dt.date) -> str | None:
    """Which self-assessment the participant may fill now (None: none is open).

    start: while the run has not reached its last two weeks; end: from two weeks before the
    run's last day (or once the seat ended) until the first follow-up; follow_up: from the
    first follow-up point on. Each moment once.
    """
    done = set(SelfAssessment.objects.filter(enrollment=enrollment)
               .values_list("moment", flat=True))
    run_end = enrollment.run.ends_on
    end_opens = run_end - dt.timedelta(days=END_OPENS_DAYS)
    first_follow_up = follow_up_due_on(run_end, follow_up_months()[0])
    ended = enrollment.status != Enrollment.Status.ACTIVE
    Moment = SelfAssessment.Moment
    if today >= first_follow_up:
        return Moment.FOLLOW_UP if Moment.FOLLOW_UP not in done else None
    if today >= end_opens or ended:
        return Moment.END if Moment.END not in done else None
    return Moment.START if Moment.START not in done else None


def instrument_for(enrollment: Enrollment, default: Instrument) -> Instrument:
    """The instrument of the participant's first answers, so start and end stay comparable."""
    first = (SelfAssessment.objects.filter(enrollment=enrollment).select_related("instrument")
             .order_by("taken_at").first())
    return first.instrument if first is not None else default


@dataclass
class RunSelfAssessment:
    run: Run
    instrument_names: list[str]
    filled: list[tuple[Enrollment, bool, bool]]   # participant, start filled, end filled
    pairs: int
    mean_start: float | None
    mean_end: float | None
    scale: tuple[int, int] | None

    @property
    def enough(self) -> bool:
        return self.pairs >= MIN_PAIRS

    @property
    def change(self) -> float | None:
        if self.mean_start is None or self.mean_end is None:
            return None
        return self.mean_end - self.mean_start


def run_self_assessment(*, user: Any, run: Run) -> RunSelfAssessment:
    """Per run: who filled which moment (no values) and the paired means (>= 5 pairs only)."""
    seats: QuerySet[Enrollment] = (Enrollment.objects.filter(run=run)
                                   .exclude(status=Enrollment.Status.WITHDRAWN)
                                   .select_related("client")
                                   .order_by("client__last_name", "client__first_name", "id"))
    rows = list(SelfAssessment.objects.filter(enrollment__run=run)
                .select_related("instrument")
                .values_list("enrollment_id", "instrument_id", "moment", "score"))
    by_seat: dict[Any, dict[str, tuple[Any, float]]] = {}
    for enrollment_id, instrument_id, moment, value in rows:
        by_seat.setdefault(enrollment_id, {})[moment] = (instrument_id, value)
    participants = list(seats)
    audit_views(actor=user, objects=participants, client_id_of=lambda e: e.client_id)
    filled = [(e, "start" in by_seat.get(e.pk, {}), "end" in by_seat.get(e.pk, {}))
              for e in participants]
    starts, ends, instruments = [], [], set()
    for moments in by_seat.values():
        start, end = moments.get("start"), moments.get("end")
        if start and end and start[0] == end[0]:
            starts.append(start[1])
            ends.append(end[1])
            instruments.add(start[0])
    pairs = len(starts)
    used = list(Instrument.objects.filter(pk__in=instruments).order_by("name"))
    scale = (used[0].scale_min, used[0].scale_max) if len(used) == 1 else None
    enough = pairs >= MIN_PAIRS and len(used) == 1
    return RunSelfAssessment(
        run=run, instrument_names=[str(i) for i in used], filled=filled, pairs=pairs,
        mean_start=statistics.fmean(starts) if enough else None,
        mean_end=statistics.fmean(ends) if enough else None, scale=scale)


def instruments_overview() -> list[Instrument]:
    """Every instrument, by key and newest version first, with the number of answers given."""
    return list(Instrument.objects.annotate(item_count=Count("items", distinct=True),
                                            answer_count=Count("self_assessments",
                                                               distinct=True))
                .order_by("key", "-version"))
