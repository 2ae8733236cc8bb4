"""List pages: sort links and the one pagination partial every list renders."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings

from neue_wege.core import pagination
from neue_wege.core.collation import german, german_key
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


# --- keyset pagination ------------------------------------------------------------------------
KEYSET_SORTS = {"name": [german("name"), "id"], "-name": [german("name", descending=True), "-id"],
                "-id": ["-id"]}


def _keyset(url: str):
    return paginate(RequestFactory().get(url), Group.objects.all(), sorts=KEYSET_SORTS,
                    default_sort="name", keyset=True)


def _walk(start: str, step: str) -> list[list[str]]:
    """Follow the next (or previous) links from `start` to the end: the names per page."""
    pages, url = [], start
    while True:
        page = _keyset(url).page
        pages.append([group.name for group in page.object_list])
        more = page.has_next if step == "next" else page.has_previous
        if not more:
            return pages
        url = "/liste/" + getattr(page, f"{step}_url")


@pytest.fixture
def groups(db):
    # Umlauts and equal-looking names: the German order differs from the code-point order,
    # and ties are broken by the id.
    names = [f"{prefix} {number:02}" for prefix in ("Ärger", "Apfel", "Zebra", "Öl", "Ofen")
             for number in range(9)]
    Group.objects.bulk_create(Group(name=name) for name in names)
    return sorted(names, key=german_key)


@override_settings(NW_PAGE_SIZE=4)
@pytest.mark.parametrize("sort", ["name", "-name"])
def test_keyset_pages_forward_and_backward_cover_every_row_once_in_order(groups, sort):
    expected = groups if sort == "name" else groups[::-1]
    forward = _walk(f"/liste/?sort={sort}", "next")
    assert [name for page in forward for name in page] == expected  # no duplicate, no gap
    assert [len(page) for page in forward] == [4] * 11 + [1]
    backward = _walk(f"/liste/?sort={sort}&ende=1", "previous")
    assert backward == forward[::-1]  # the last page holds the remainder; pages line up


@override_settings(NW_PAGE_SIZE=4)
def test_keyset_first_and_last_page_and_numbers(groups):
    first = _keyset("/liste/").page
    assert first.number == 1 and not first.has_previous and first.has_next
    assert first.paginator.count == 45 and first.paginator.num_pages == 12
    last = _keyset("/liste/?ende=1").page
    assert [g.name for g in last.object_list] == groups[-1:]
    assert last.number == 12 and last.has_previous and not last.has_next
    second = _keyset("/liste/" + first.next_url).page
    assert second.number == 2 and [g.name for g in second.object_list] == groups[4:8]
    assert _keyset("/liste/" + second.previous_url).page.object_list == first.object_list
    # a bookmarked page number without cursor, and a cursor that is no row of the list
    assert [g.name for g in _keyset("/liste/?page=3").page.object_list] == groups[8:12]
    assert _keyset("/liste/?nach=nonsense").page.object_list == first.object_list
    assert _keyset("/liste/?nach=999999").page.object_list == first.object_list


@override_settings(NW_PAGE_SIZE=4)
def test_keyset_links_keep_filters_and_sort(groups):
    listing = _keyset("/liste/?q=x&sort=-name&page=1")
    assert listing.querystring == "q=x&sort=-name"
    page = listing.page
    assert page.next_url == f"?q=x&sort=-name&nach={page.object_list[-1].pk}&page=2"
    assert page.last_url == "?q=x&sort=-name&ende=1&page=12"
    html = render_to_string("core/partials/_pagination.html", {"listing": listing})
    assert "Seite 1 von 12" in html and "Letzte Seite" in html and "Vorherige Seite" not in html


@override_settings(NW_PAGE_SIZE=2)
def test_keyset_counts_only_up_to_the_limit(groups, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 10)
    page = _keyset("/liste/?sort=-id").page
    assert page.paginator.capped and page.paginator.count == 10
    assert page.paginator.num_pages is None
    last = _keyset("/liste/?sort=-id&ende=1").page
    assert last.number is None and len(last.object_list) == 2 and last.has_previous
    html = render_to_string("core/partials/_pagination.html",
                            {"listing": _keyset("/liste/" + last.previous_url)})
    assert "Nächste Seite" in html and 'aria-current="page"' not in html
