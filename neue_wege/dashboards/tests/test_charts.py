"""The pure chart geometry and small-cell suppression (no database)."""

from neue_wege.dashboards.charts import bar_chart, people, plain, share


def test_counts_of_one_to_four_people_are_suppressed():
    assert [people(n).display for n in (0, 1, 4, 5, 12)] == ["0", "< 5", "< 5", "5", "12"]
    assert people(3).value is None
    assert people(3).suppressed


def test_seats_offered_are_never_suppressed():
    assert plain(3).display == "3"
    assert plain(12000).display == "12.000"


def test_share_is_hidden_when_the_part_is_suppressed():
    assert share(people(3), plain(10)) == "–"
    assert share(people(5), plain(10)) == "50 %"
    assert share(people(0), plain(0)) == "–"


def test_longest_bar_fills_the_area_and_suppressed_cells_get_no_bar():
    chart = bar_chart(ident="c", title="T", desc="D", series=["a", "b"],
                      rows=[("Januar", [plain(20), people(10)]), ("Februar", [plain(10), people(2)])])
    widths = [bar.width for bar in chart.bars]
    assert widths[0] == 420
    assert widths[1] == 210
    assert widths[3] == 0
    assert chart.bars[3].text == "< 5"
    assert [name for name, _, _ in chart.legend] == ["a", "b"]


def test_empty_chart_is_marked_empty():
    assert bar_chart(ident="c", title="T", desc="D", series=["a"], rows=[]).empty
