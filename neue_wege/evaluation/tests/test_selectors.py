"""The evaluation's database reads: frames, scope and the figures on synthetic data."""

from __future__ import annotations

import datetime as dt

import pytest

from neue_wege.evaluation import selectors, synthetic
from neue_wege.evaluation.stats import keyfigures
from neue_wege.testing.assertions import assert_max_queries

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 30)


@pytest.fixture
def world(cast):
    return synthetic.build(job_centre=cast.job_centre, case_manager=cast.karl,
                           facilitator=cast.fatma, location=cast.location,
                           municipalities=[cast.bocholt, cast.gronau], programme=cast.programme,
                           today=TODAY, years=(2023, 2024))


def test_frame_has_one_row_per_enrollment_and_no_names(cast, world):
    frame = selectors.enrollments_frame(user=cast.maria, filters=selectors.Filters())
    assert len(frame) == world.participants + 3  # plus the cast's three current seats
    assert not {"first_name", "last_name", "case_number"} & set(frame.columns)
    assert set(frame["programme"]) == {"Stärken entdecken", "Neustart Beruf"}
    past = frame[frame["year"] == 2023]
    assert past["completed"].notna().all()
    assert past["attendance"].between(0, 1).all()
    assert past["work_start"].notna().any()


def test_frame_is_scoped_to_management_of_the_own_job_centre(cast, world):
    for persona in ("fatma", "karl", "admin", "olga"):
        frame = selectors.enrollments_frame(user=getattr(cast, persona),
                                            filters=selectors.Filters())
        assert frame.empty, persona


def test_filters_narrow_the_frame(cast, world):
    programme = world.programmes[1]
    frame = selectors.enrollments_frame(
        user=cast.maria, filters=selectors.Filters(programme_id=programme.pk, year=2024))
    assert set(frame["programme"]) == {programme.name}
    assert set(frame["year"]) == {2024}
    assert len(frame) == 2 * 12


def test_evaluation_builds_tables_curves_and_a_comparison_in_few_queries(cast, world):
    with assert_max_queries(12):
        result = selectors.evaluation(user=cast.maria, filters=selectors.Filters(),
                                      data_date=TODAY)
    by_programme = result.tables[0]
    assert by_programme.dimension == "programme"
    assert keyfigures.derivable_cells(by_programme) == []
    assert by_programme.total["participants"].value == world.participants + 3
    assert [c.label for c in result.curves] == ["Neustart Beruf", "Stärken entdecken"]
    comparison = result.comparison
    assert comparison is not None, result.comparison_error
    assert comparison.n_treated_total == world.participants
    assert -0.2 < comparison.att < 0.5
    assert "age" in comparison.smd_before



def test_comparison_people_without_a_counterpart_are_left_out(cast, world):
    """No participant has basic German only; four non-participants do. They would let the logit
    separate the groups (no model could be fitted); they are outside the common support."""
    from neue_wege.clients.models import Client, Enrollment

    enrolled = Enrollment.objects.values("client_id")
    Client.objects.filter(pk__in=enrolled).update(german_level="B2")
    outsiders = list(Client.objects.filter(job_centre=cast.job_centre)
                     .exclude(pk__in=enrolled).values_list("pk", flat=True)[:4])
    Client.objects.filter(pk__in=outsiders).update(german_level="A1")
    participants = selectors.enrollments_frame(user=cast.maria, filters=selectors.Filters())

    data, labels = selectors.comparison_frame(user=cast.maria, participants=participants,
                                              data_date=TODAY)

    assert data["german_basic"].sum() == 0
    assert "german_basic" not in labels
    result = selectors.evaluation(user=cast.maria, filters=selectors.Filters(), data_date=TODAY)
    assert result.comparison is not None


def test_not_reached_follow_up_is_counted_apart_not_as_out_of_work(cast):
    """Issue 11, point 2: an attempt that did not reach the person is not "not in work"."""
    from neue_wege.outcomes.models import FollowUp
    from neue_wege.outcomes.services import enrollment_end, follow_up_record, outcome_record
    from neue_wege.outcomes.tests.conftest import move_run_to_past

    run = move_run_to_past(cast, ended_days_ago=400)
    for enrollment in (cast.nina_enrollment, cast.ali_enrollment):
        outcome = enrollment_end(actor=cast.fatma, enrollment=enrollment,
                                 ended_how="completed", ended_on=run.ends_on)
        outcome_record(actor=cast.karl, outcome=outcome, destination="none",
                       destination_started_on=None, benefit_exit_on=None)
    nina, ali = (FollowUp.objects.get(outcome__enrollment=e, months_after=12)
                 for e in (cast.nina_enrollment, cast.ali_enrollment))
    follow_up_record(actor=cast.karl, follow_up=nina, reached=False, destination="",
                     destination_started_on=None, in_benefits=None)
    follow_up_record(actor=cast.karl, follow_up=ali, destination="none",
                     destination_started_on=None, in_benefits=True)
    frame = selectors.enrollments_frame(user=cast.maria, filters=selectors.Filters())
    rows = frame.set_index("client_id")
    assert rows.loc[cast.nina.pk, "in_work_12m"] is None
    assert bool(rows.loc[cast.nina.pk, "not_reached_12m"]) is True
    assert rows.loc[cast.ali.pk, "in_work_12m"] is False or not rows.loc[cast.ali.pk,
                                                                        "in_work_12m"]
    assert bool(rows.loc[cast.ali.pk, "not_reached_12m"]) is False


def test_a_client_whose_only_seat_was_withdrawn_stays_in_the_comparison_pool(cast, world):
    """Issue 11, point 4: a withdrawn seat is not a participation (it is left out of the key
    figures), so its client is compared as a non-participant instead of vanishing from both."""
    from neue_wege.clients.models import Client, Enrollment, Referral
    from neue_wege.programmes.models import Run

    participants = selectors.enrollments_frame(user=cast.maria, filters=selectors.Filters())
    before, _labels = selectors.comparison_frame(user=cast.maria, participants=participants,
                                                 data_date=TODAY)
    enrolled = Enrollment.objects.values("client_id")
    outsider = (Client.objects.filter(job_centre=cast.job_centre).exclude(pk__in=enrolled)
                .order_by("pk").first())
    run = Run.objects.filter(starts_on__year=2024).order_by("starts_on").first()
    referral = Referral.objects.create(client=outsider, run=run, referred_by=cast.karl,
                                       potential_note="-", status="withdrawn",
                                       reason="Umzug")
    Enrollment.objects.create(referral=referral, client=outsider, run=run, status="withdrawn",
                              started_on=run.starts_on, ended_on=run.starts_on)
    after, _labels = selectors.comparison_frame(user=cast.maria, participants=participants,
                                                data_date=TODAY)
    assert len(selectors.enrollments_frame(user=cast.maria, filters=selectors.Filters())) == len(
        participants)
    assert (after["treated"] == 0).sum() == (before["treated"] == 0).sum()
