"""Key figures, paired self-assessment change and small-cell suppression (pure, no database)."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from neue_wege.evaluation.stats import keyfigures as kf


def enrollment(programme: str, **overrides: object) -> dict:
    row = {
        "programme": programme, "version": 1, "run": f"{programme}-1", "location": "Nord",
        "target_group": "U25", "year": 2025, "completed": True, "attendance": 0.8,
        "run_start": "2025-01-06", "run_end": "2025-03-28", "work_start": None,
        "benefit_exit_on": None, "in_work_12m": None, "sa_start": np.nan, "sa_end": np.nan,
    }
    row.update(overrides)
    return row


def test_figures_of_a_small_hand_checked_table() -> None:
    rows = [
        # 6 in A: 4 complete; work 2 months after the end (counts for 6 and 12 months),
        # work 8 months after (12 only), one benefit exit, one still in work at 12 months.
        enrollment("A", work_start="2025-05-28", in_work_12m=True, benefit_exit_on="2025-06-01"),
        enrollment("A", work_start="2025-11-28", in_work_12m=False),
        enrollment("A", completed=False, attendance=0.2),
        enrollment("A", completed=False, attendance=0.2),
        enrollment("A"),
        enrollment("A", completed=None, attendance=np.nan),
    ] + [enrollment("B") for _ in range(7)]
    table = kf.key_figures(pd.DataFrame(rows), "programme")
    a = table.rows[0]
    assert a.label == "A"
    assert a["participants"].value == 6
    assert a["completed"].suppressed and a["completed"].reason == "primary"  # 3 people
    assert a["completion_rate"].suppressed  # its count is hidden, so the share is too
    assert a["attendance"].value == pytest.approx((0.8 * 3 + 0.2 * 2) / 5)
    assert a["work_6m"].reason == "primary" and a["work_12m"].reason == "primary"
    b = table.rows[1]
    assert b["participants"].value == 7
    # A's hidden "completed" (3) would be total − B; so B's 7 is hidden as a complement and
    # only the total 10 is shown: A could be anything from 0 to 4.
    assert b["completed"].reason == "secondary" and b["completion_rate"].suppressed
    assert table.total["completed"].value == 10
    assert table.total["participants"].value == 13
    assert kf.derivable_cells(table) == []


def test_paired_change_matches_scipy_and_the_textbook_effect_size() -> None:
    start = [2.0, 3.0, 2.5, 3.5, 2.0, 3.0]
    end = [3.0, 3.5, 3.5, 3.5, 3.0, 4.0]
    result = kf.paired_change(start, end)
    diff = np.subtract(end, start)
    assert result["n"] == 6
    assert result["mean"] == pytest.approx(diff.mean())
    assert result["dz"] == pytest.approx(diff.mean() / diff.std(ddof=1))
    half = stats.t.ppf(0.975, 5) * diff.std(ddof=1) / np.sqrt(6)
    assert result["ci_low"] == pytest.approx(diff.mean() - half)
    assert result["ci_high"] == pytest.approx(diff.mean() + half)


def test_grouped_self_assessment_equals_the_paired_t_of_each_group() -> None:
    rng = np.random.default_rng(3)
    rows = [enrollment("A", sa_start=s, sa_end=s + d)
            for s, d in zip(rng.uniform(1, 4, 12), rng.normal(0.4, 0.5, 12), strict=True)]
    rows.append(enrollment("A", sa_start=2.0))  # no end score: not a pair
    table = kf.key_figures(pd.DataFrame(rows), "programme")
    starts = [r["sa_start"] for r in rows[:12]]
    ends = [r["sa_end"] for r in rows[:12]]
    expected = kf.paired_change(starts, ends)
    row = table.rows[0]
    assert row["sa_pairs"].value == 12
    assert row["sa_change"].value == pytest.approx(expected["mean"])
    assert row["sa_dz"].value == pytest.approx(expected["dz"])
    assert row["sa_ci_low"].value == pytest.approx(expected["ci_low"])


def test_a_single_small_row_cannot_be_recovered_from_the_total() -> None:
    rows = [enrollment("A") for _ in range(3)] + [enrollment("B") for _ in range(20)] + [
        enrollment("C") for _ in range(9)]
    table = kf.key_figures(pd.DataFrame(rows), "programme")
    labels = {r.label: r for r in table.rows}
    assert labels["A"]["participants"].reason == "primary"
    # The smallest other row of at least 5 is hidden too, so total − visible gives only A + C.
    assert labels["C"]["participants"].reason == "secondary"
    assert not labels["B"]["participants"].suppressed
    assert table.total["participants"].value == 32
    assert kf.derivable_cells(table) == []


@pytest.mark.parametrize("seed", range(40))
def test_no_published_table_leaks_a_hidden_cell(seed: int) -> None:
    """Random tables with many small cells: no hidden count is derivable from the total."""
    rng = np.random.default_rng(seed)
    rows = []
    for group in range(int(rng.integers(2, 8))):
        size = int(rng.choice([1, 2, 3, 4, 5, 6, 8, 12, 30]))
        for _ in range(size):
            work = "2025-05-01" if rng.random() < 0.3 else None
            rows.append(enrollment(
                f"P{group}", completed=bool(rng.random() < 0.7), work_start=work,
                in_work_12m=bool(work and rng.random() < 0.5),
                benefit_exit_on="2025-07-01" if rng.random() < 0.2 else None,
                sa_start=2.0, sa_end=2.0 + rng.normal(0.3, 0.4)))
    table = kf.key_figures(pd.DataFrame(rows), "programme")
    assert kf.derivable_cells(table) == []
    for column in kf.COUNT_COLUMNS:
        hidden = [r for r in table.rows if r[column].suppressed]
        if table.total[column].suppressed:
            continue
        assert len(hidden) != 1, column
        for row in table.rows:  # every visible count is 0 or at least 5
            value = row[column].value
            assert value is None or value == 0 or value >= kf.MIN_CELL
    for row, rate in itertools.product(table.rows, kf.RATE_OF):
        if row[kf.RATE_OF[rate]].suppressed:
            assert row[rate].suppressed


def test_every_dimension_can_group() -> None:
    rows = [enrollment("A") for _ in range(6)]
    frame = pd.DataFrame(rows)
    for dimension in kf.DIMENSIONS:
        table = kf.key_figures(frame, dimension)
        assert len(table.rows) == 1
        assert table.rows[0]["participants"].value == 6


def test_shares_count_only_people_whose_window_is_over() -> None:
    old = [enrollment("A", run_end="2025-01-31", work_start="2025-03-01") for _ in range(6)]
    old += [enrollment("A", run_end="2025-01-31") for _ in range(4)]
    young = [enrollment("A", run_end="2025-11-30", completed=None) for _ in range(10)]
    table = kf.key_figures(pd.DataFrame(old + young), "programme", data_date="2025-12-31")
    row = table.rows[0]
    assert row["participants"].value == 20
    assert row["work_6m"].value == 6
    # 6 of the 10 whose run ended at least 6 months ago, not 6 of all 20.
    assert row["work_6m_rate"].value == pytest.approx(0.6)
    assert row["work_12m"].value == 0 and row["work_12m_rate"].value is None  # nobody yet
    # Completion among the 10 seats that ended; the 10 still running do not count.
    assert row["completion_rate"].value == pytest.approx(1.0)


def test_a_share_on_fewer_than_five_people_is_hidden() -> None:
    rows = [enrollment("A", run_end="2025-01-31") for _ in range(3)]
    rows += [enrollment("A", run_end="2025-11-30") for _ in range(7)]
    row = kf.key_figures(pd.DataFrame(rows), "programme", data_date="2025-12-31").rows[0]
    assert row["work_6m"].value == 0  # a count of 0 is shown
    assert row["work_6m_rate"].reason == "primary"  # but "0 % of 3" is not


def test_follow_ups_that_did_not_reach_the_person_are_counted_apart() -> None:
    """Issue 11, point 2: "Person nicht erreicht" is its own count, not "not in work"."""
    rows = ([enrollment("A", in_work_12m=True) for _ in range(5)]
            + [enrollment("A", in_work_12m=False) for _ in range(5)]
            + [enrollment("A", in_work_12m=None, not_reached_12m=True) for _ in range(6)])
    table = kf.key_figures(pd.DataFrame(rows), "programme")
    assert table.total["not_reached_12m"].value == 6
    assert table.total["sustained_12m"].value == 5
    assert table.total["sustained_rate"].value == pytest.approx(0.5)  # of the 10 reached


def test_frames_without_the_not_reached_column_still_work() -> None:
    table = kf.key_figures(pd.DataFrame([enrollment("A") for _ in range(6)]), "programme")
    assert table.total["not_reached_12m"].value == 0
