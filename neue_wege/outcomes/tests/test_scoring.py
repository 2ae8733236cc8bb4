import pytest

from neue_wege.outcomes.scoring import ItemSpec, ScoringError, score

ITEMS = [ItemSpec("1", False), ItemSpec("2", True), ItemSpec("3", False)]


def test_mean_with_reverse_keyed_item_mirrored():
    # 4, (1+4-1)=4, 4 → 4.0: agreeing with a reverse item lowers the score
    assert score({"1": 4, "2": 1, "3": 4}, ITEMS, low=1, high=4) == 4.0
    assert score({"1": 4, "2": 4, "3": 4}, ITEMS, low=1, high=4) == pytest.approx(3.0)
    assert score({"1": 1, "2": 2, "3": 3}, ITEMS, low=1, high=4) == pytest.approx(7 / 3)


def test_other_scale_bounds():
    assert score({"1": 0, "2": 0, "3": 6}, ITEMS, low=0, high=6) == pytest.approx(4.0)


@pytest.mark.parametrize("answers", [{"1": 4, "2": 1}, {"1": 4, "2": 1, "3": 5},
                                     {"1": 4, "2": 1, "3": "3"}, {"1": 4, "2": 1, "3": True},
                                     {"1": 0, "2": 1, "3": 2}])
def test_missing_or_out_of_range_answers_are_refused(answers):
    with pytest.raises(ScoringError):
        score(answers, ITEMS, low=1, high=4)


def test_no_items():
    with pytest.raises(ScoringError):
        score({}, [], low=1, high=4)
