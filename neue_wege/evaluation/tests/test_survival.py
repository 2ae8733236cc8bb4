"""Kaplan–Meier time to work on a hand-checkable example with censoring."""

from __future__ import annotations

import pandas as pd
import pytest

from neue_wege.evaluation.stats import survival


def test_durations_censor_at_benefit_exit_or_data_date() -> None:
    frame = pd.DataFrame({
        "run_start": ["2025-01-01"] * 4,
        "work_start": ["2025-01-11", None, None, "2025-12-01"],
        "benefit_exit_on": [None, "2025-01-21", None, None],
    })
    spans = survival.durations(frame, "2025-06-30")
    assert spans["duration"].tolist() == [10, 20, 180, 180]
    # Work after the data date is not known yet on that date: censored, not an event.
    assert spans["event"].tolist() == [1, 0, 0, 0]


def test_kaplan_meier_by_hand_with_censoring() -> None:
    # Five people: work on day 1, censored on 2, work on 3 and 4, censored on 5.
    curve = survival.kaplan_meier([1, 2, 3, 4, 5], [1, 0, 1, 1, 0], min_at_risk=1)
    assert curve is not None
    by_day = dict(zip(curve.days, curve.share, strict=True))
    # S(1) = 4/5; day 2 only censors; S(3) = 4/5 · 2/3; S(4) = S(3) · 1/2.
    assert by_day[1] == pytest.approx(1 - 0.8)
    assert by_day[2] == pytest.approx(1 - 0.8)
    assert by_day[3] == pytest.approx(1 - 0.8 * 2 / 3)
    assert by_day[4] == pytest.approx(1 - 0.8 * 2 / 3 / 2)
    # The naive share "in work by day 4" (3 of 5 = 0.6) ignores censoring and is too low.
    assert by_day[4] > 0.6
    assert curve.median_days == 4  # first day with S(t) <= 0.5: S(3) = 0.53, S(4) = 0.27
    for low, share, high in zip(curve.low, curve.share, curve.high, strict=True):
        assert 0 <= low <= share <= high <= 1


def test_curves_stop_where_fewer_than_five_are_at_risk() -> None:
    days = list(range(1, 11))
    curve = survival.kaplan_meier(days, [1] * 10)
    assert curve is not None
    # At risk before day t is 11 − t: days 1..6 have at least 5 at risk.
    assert max(curve.days) == 6
    assert survival.kaplan_meier([1, 2, 3, 4], [1, 1, 1, 1]) is None


def test_curves_by_group() -> None:
    frame = pd.DataFrame({
        "programme": ["A"] * 6 + ["B"] * 6 + ["C"] * 2,
        "run_start": ["2025-01-01"] * 14,
        "work_start": ["2025-02-01"] * 3 + [None] * 3 + ["2025-01-15"] * 6 + [None] * 2,
        "benefit_exit_on": [None] * 14,
    })
    curves = survival.curves_by(frame, "programme", "2025-12-31")
    assert [c.label for c in curves] == ["A", "B"]  # C has 2 people: no curve
    assert curves[0].events == 3 and curves[1].events == 6
