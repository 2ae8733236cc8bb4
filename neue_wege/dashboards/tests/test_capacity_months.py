"""Issue 11, point 19: the capacity table lists the months with runs, not twelve rows of zeros."""

from __future__ import annotations

import pytest
from django.urls import reverse

from neue_wege.dashboards.selectors import capacity_by_location

pytestmark = pytest.mark.django_db


def test_only_months_with_runs_are_rows_the_others_are_named(cast, login):
    year = cast.run_a.starts_on.year
    (location,) = [row for row in capacity_by_location(user=cast.maria, year=year)
                   if row.name == cast.location.name]
    assert location.months and len(location.months) < 12
    assert all(month.offered.value for month in location.months)
    assert len(location.months) + len(location.months_without_runs) == 12
    html = login(cast.maria).get(reverse("dashboards:home"), {"jahr": year}).content.decode()
    assert "Ohne Durchlauf an diesem Standort (nicht aufgeführt):" in html
    caption = html.index("Plätze je Monat: Bocholt")
    table = html[caption:html.index("</table>", caption)]
    assert table.count('<th scope="row"') == len(location.months)


def test_evaluation_page_table_joins_counts_and_shares():
    from neue_wege.evaluation.report import _with_share

    assert _with_share("80", "83 %") == "80 (83 %)"
    assert _with_share("< 5", "–") == "< 5"
