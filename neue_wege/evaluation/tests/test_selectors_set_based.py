"""The evaluation's reads are set-based (issue 12): same frames as the per-row subqueries they
replace, a number of queries that does not grow with the data, no literal id lists, and the
job-centre scope of the background snapshots."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from django.db import connection
from django.db.models import Exists, F, OuterRef, Subquery
from django.test.utils import CaptureQueriesContext

from neue_wege.clients.models import Enrollment
from neue_wege.evaluation import selectors, synthetic
from neue_wege.outcomes.models import FollowUp, LabourMarketEvent, SelfAssessment
from neue_wege.privacy import access
from neue_wege.programmes.models import Attendance, Programme, Run

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 30)


def _world(cast, *, per_run: int = 12, non_participants: int = 240):
    return synthetic.build(job_centre=cast.job_centre, case_manager=cast.karl,
                           facilitator=cast.fatma, location=cast.location,
                           municipalities=[cast.bocholt, cast.gronau], programme=cast.programme,
                           today=TODAY, years=(2023, 2024), per_run=per_run,
                           non_participants=non_participants)


# --- the reference: the correlated subqueries the selectors ran before issue 12 --------------
def _score(moment):
    return Subquery(SelfAssessment.objects.filter(enrollment=OuterRef("pk"), moment=moment)
                    .order_by("taken_at").values("score")[:1])


def _follow_up(months, column):
    return Subquery(FollowUp.objects.filter(outcome__enrollment=OuterRef("pk"),
                                            months_after=months, recorded_on__isnull=False,
                                            not_reached=False).values(column)[:1])


def _legacy_frame(user) -> pd.DataFrame:
    queryset = (access.enrollments_for_aggregates(user)
                .exclude(status=Enrollment.Status.WITHDRAWN)
                .exclude(run__status=Run.Status.CANCELLED))
    rows = list(queryset.order_by().values(
        "pk", "client_id", run_start=F("run__starts_on"),
        destination=F("outcome__destination"),
        destination_started_on=F("outcome__destination_started_on"),
        benefit_exit_on=F("outcome__benefit_exit_on"),
    ).annotate(
        fu_destination=_follow_up(12, "destination"),
        fu_started=_follow_up(12, "destination_started_on"),
        fu6_destination=_follow_up(6, "destination"),
        fu6_started=_follow_up(6, "destination_started_on"),
        fu_not_reached=Exists(FollowUp.objects.filter(outcome__enrollment=OuterRef("pk"),
                                                      months_after=12, not_reached=True)),
        sa_start=_score(SelfAssessment.Moment.START),
        sa_end=_score(SelfAssessment.Moment.END),
    ))
    frame = pd.DataFrame.from_records(rows)
    ids = frame["pk"].tolist()
    counts = {r["enrollment_id"]: (r["held"], r["present"]) for r in
              _attendance(Attendance.objects.filter(enrollment_id__in=ids))}
    frame["attendance"] = [counts[pk][1] / counts[pk][0] if pk in counts else np.nan
                           for pk in frame["pk"]]
    events = selectors.labour_market_events(
        LabourMarketEvent.objects.filter(client_id__in=frame["client_id"].unique().tolist()))
    frame["work_start"] = selectors._first_work(frame.assign(client_id=frame["client_id"]
                                                             .map(str)), events)
    frame["in_work_12m"] = np.where(frame["fu_destination"].isna(), None,
                                    frame["fu_destination"].isin(selectors.WORK))
    frame["not_reached_12m"] = frame["fu_not_reached"].astype(bool)
    for column in ("sa_start", "sa_end"):
        frame[column] = frame[column].astype(float)
    return frame


def _attendance(queryset):
    from django.db.models import Count, Q

    return queryset.order_by().values("enrollment_id").annotate(
        held=Count("pk"), present=Count("pk", filter=Q(status="present")))


COMPARED = ["work_start", "in_work_12m", "not_reached_12m", "sa_start", "sa_end", "attendance"]


def test_set_based_frame_equals_the_per_row_subqueries(cast):
    _world(cast)
    # some 12-month attempts that did not reach the person, and a second start assessment
    # taken later (the first one counts)
    unanswered = list(FollowUp.objects.filter(months_after=12, recorded_on__isnull=False)
                      .values_list("pk", flat=True)[:5])
    FollowUp.objects.filter(pk__in=unanswered).update(
        not_reached=True, destination="", destination_started_on=None, in_benefits=None)
    new = selectors.enrollments_frame(user=cast.maria, filters=selectors.Filters())
    old = _legacy_frame(cast.maria)

    assert len(new) == len(old) > 40
    assert int(new["not_reached_12m"].sum()) == int(old["not_reached_12m"].sum()) >= 5
    key = ["client_id", "run_start"]
    old["run_start"] = pd.to_datetime(old["run_start"])
    new = new.assign(run_start=pd.to_datetime(new["run_start"]))
    merged = new[key + COMPARED].merge(old[key + COMPARED], on=key, suffixes=("", "_old"),
                                       validate="one_to_one")
    for column in COMPARED:
        left, right = merged[column], merged[f"{column}_old"]
        same = (left == right) | (left.isna() & right.isna())
        assert same.all(), (column, merged.loc[~same, [column, f"{column}_old"]])


def _queries(cast) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        result = selectors.evaluation(user=cast.maria, filters=selectors.Filters(),
                                      data_date=TODAY)
    assert result.comparison is not None, result.comparison_error
    return [q["sql"] for q in context.captured_queries]


def test_queries_do_not_grow_with_the_data_and_hold_no_id_lists(cast):
    _world(cast, per_run=6, non_participants=60)
    small = _queries(cast)
    Programme.objects.filter(name="Neustart Beruf").update(name="Neustart Beruf (alt)")
    synthetic.build(job_centre=cast.job_centre, case_manager=cast.karl, facilitator=cast.fatma,
                    location=cast.location, municipalities=[cast.bocholt, cast.gronau],
                    programme=cast.programme, today=TODAY, years=(2022, 2023, 2024),
                    per_run=12, non_participants=300, seed=11)
    large = _queries(cast)
    assert len(Enrollment.objects.all()) > 2 * 40
    assert len(large) == len(small) <= 10
    # a literal list of the ~200 enrollment or ~500 client ids would be far longer
    longest = max(len(sql) for sql in large)
    assert longest < 4000, longest


def test_job_centre_scope_gives_the_figures_of_its_management(cast):
    _world(cast, per_run=6, non_participants=60)
    by_user = selectors.evaluation(user=cast.maria, filters=selectors.Filters(), data_date=TODAY)
    by_centre = selectors.evaluation(job_centre=cast.job_centre, filters=selectors.Filters(),
                                     data_date=TODAY)
    assert by_centre.n_enrollments == by_user.n_enrollments > 0
    assert [t.total["participants"].value for t in by_centre.tables] == [
        t.total["participants"].value for t in by_user.tables]
    assert by_centre.comparison is not None
    assert by_centre.comparison.att == pytest.approx(by_user.comparison.att)
    other = selectors.evaluation(job_centre=cast.olga.job_centre, filters=selectors.Filters(),
                                 data_date=TODAY)
    assert other.n_enrollments == 0


def test_scope_needs_exactly_one_of_user_and_job_centre(cast):
    with pytest.raises(TypeError):
        selectors.evaluation(filters=selectors.Filters())
    with pytest.raises(TypeError):
        selectors.evaluation(user=cast.maria, job_centre=cast.job_centre,
                             filters=selectors.Filters())


def test_progress_is_told_at_every_stage(cast):
    _world(cast, per_run=6, non_participants=60)
    told: list[tuple[int, int, str]] = []
    selectors.evaluation(job_centre=cast.job_centre, filters=selectors.Filters(),
                         data_date=TODAY, progress=lambda *args: told.append(args))
    done = [d for d, _total, _text in told]
    assert done == sorted(done) and done[0] == 0 and done[-1] == selectors.STAGES
    assert {total for _d, total, _text in told} == {selectors.STAGES}
    assert len(told) == selectors.STAGES + 1
    assert all(text for *_rest, text in told)
