"""The management start page's waitlist (runs, programmes, "zusammen") resists subtraction.

Property test: random waitlists with many counts of 1–4; an attacker (`testing.attack`, integer
linear programming over everything the page shows) tries to pin down every hidden cell.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from neue_wege.dashboards.charts import COMPLEMENT_LABEL, SUPPRESSED_LABEL, breakdown
from neue_wege.testing.attack import known, leaks

COUNTS = st.sampled_from([0, 1, 1, 2, 3, 4, 4, 5, 6, 7, 9, 12, 30])


def published(values: dict[str, int], parent_of: dict[str, str]) -> list:
    result = breakdown(values, parent_of)
    figures = []

    def add(atoms: list[str], cell) -> None:
        figures.append(known("waiting", atoms, value=cell.value, mark=cell.display,
                             true=sum(values[a] for a in atoms)))
        if cell.value is None:
            assert cell.display in (SUPPRESSED_LABEL, COMPLEMENT_LABEL)
        else:
            assert cell.value == 0 or cell.value >= 5, (atoms, cell)  # nothing small shown

    for run in values:
        add([run], result.items[run])
    for programme in set(parent_of.values()):
        add([r for r in values if parent_of[r] == programme], result.parents[programme])
    add(list(values), result.total)
    return figures


def test_the_issue_example_no_longer_gives_the_hidden_run_away() -> None:
    values = {"neun": 9, "sechs": 6, "zwei": 2}
    result = breakdown(values, dict.fromkeys(values, "P"))
    assert [result.items[r].display for r in values] == ["9", "•", "< 5"]
    assert result.total.display == "17"
    assert leaks(published(values, dict.fromkeys(values, "P"))) == []


def test_the_old_rule_is_caught_by_the_attacker() -> None:
    """The attacker is not blind: per-cell "< 5" alone (the old page) leaks the 2."""
    values = {"neun": 9, "sechs": 6, "zwei": 2}
    figures = [known("waiting", [r], value=None if v < 5 else v, mark="< 5", true=v)
               for r, v in values.items()]
    figures.append(known("waiting", list(values), value=17, mark="", true=17))
    assert [f.true for f, _, _ in leaks(figures)] == [2]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), COUNTS), min_size=1, max_size=7))
def test_no_hidden_waitlist_cell_can_be_pinned_down(runs: list[tuple[int, int]]) -> None:
    values = {f"run{i}": count for i, (_, count) in enumerate(runs)}
    parent_of = {f"run{i}": f"P{programme}" for i, (programme, _) in enumerate(runs)}
    assert leaks(published(values, parent_of)) == []
