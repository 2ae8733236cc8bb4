"""Fixtures for outcomes: a run that lies in the past, ended seats with outcomes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from neue_wege.clients.models import Enrollment
from neue_wege.outcomes.models import Outcome
from neue_wege.outcomes.services import enrollment_end
from neue_wege.programmes.models import Run
from neue_wege.testing.personas import Cast

ALL_STAFF = ("fatma", "jonas", "karl", "petra", "maria", "admin", "olga")


def move_run_to_past(cast: Cast, *, ended_days_ago: int = 200, weeks: int = 12) -> Run:
    """Run A started and ended in the past; its seats started on its first day."""
    today = timezone.localdate()
    ends = today - dt.timedelta(days=ended_days_ago)
    starts = ends - dt.timedelta(weeks=weeks)
    Run.objects.filter(pk=cast.run_a.pk).update(starts_on=starts, ends_on=ends)
    Enrollment.objects.filter(run=cast.run_a).update(started_on=starts)
    cast.run_a.refresh_from_db()
    cast.nina_enrollment.refresh_from_db()
    cast.ali_enrollment.refresh_from_db()
    return cast.run_a


@pytest.fixture
def past_run(cast: Cast) -> Run:
    return move_run_to_past(cast)


@pytest.fixture
def nina_outcome(cast: Cast, past_run: Run) -> Outcome:
    """Nina completed run A (which ended 200 days ago)."""
    return enrollment_end(actor=cast.fatma, enrollment=cast.nina_enrollment,
                          ended_how="completed", ended_on=past_run.ends_on)
