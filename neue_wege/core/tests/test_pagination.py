"""List pages: sort links and the one pagination partial every list renders."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings

from neue_wege.core.pagination import paginate

SORTS = {"name": ["name", "id"], "-name": ["-name", "-id"], "id": ["id"], "-id": ["-id"]}


def _listing(query: str, count: int = 0):
    for number in range(count):
        Group.objects.create(name=f"Gruppe {number:03}")
    request = RequestFactory().get(f"/liste/?{query}")
    return paginate(request, Group.objects.all(), sorts=SORTS, default_sort="name")


@pytest.mark.django_db
def test_sort_links_toggle_the_direction_keep_filters_and_drop_the_page():
    links = _listing("q=Anna&sort=name&page=3").sort_links(["name", "id"])
    assert links["name"] == {"url": "?q=Anna&sort=-name", "aria_sort": "ascending"}
    assert links["id"] == {"url": "?q=Anna&sort=id", "aria_sort": ""}
    links = _listing("sort=-name").sort_links(["name"])
    assert links["name"] == {"url": "?sort=name", "aria_sort": "descending"}


@pytest.mark.django_db
@override_settings(NW_PAGE_SIZE=2)
def test_the_pagination_partial_links_neighbours_and_marks_the_current_page():
    html = render_to_string("core/partials/_pagination.html",
                            {"listing": _listing("q=x&page=10", count=40)})
    assert 'aria-current="page" href="?q=x&amp;page=10">Seite 10 von 20</a>' in html
    assert 'href="?q=x&amp;page=9" rel="prev">Vorherige Seite' in html
    assert 'href="?q=x&amp;page=11" rel="next">Nächste Seite' in html
    assert ">Seite 1</a>" in html and ">Seite 8</a>" in html and ">Seite 20</a>" in html
    assert ">Seite 5</a>" not in html and html.count("…") == 2  # elided either side


@pytest.mark.django_db
def test_the_pagination_partial_is_empty_for_one_page():
    html = render_to_string("core/partials/_pagination.html", {"listing": _listing("")})
    assert html.strip() == ""


def test_there_is_one_pagination_partial():
    root = Path(__file__).resolve().parents[2]
    found = sorted(str(p.relative_to(root)) for pattern in ("*/templates/**/*pagination*",
                                                            "templates/**/*pagination*")
                   for p in root.glob(pattern))
    assert found == ["core/templates/core/partials/_pagination.html"]
