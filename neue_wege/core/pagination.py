"""List pages: filter by GET parameters, sort by a whitelist, paginate. Queries stay bounded.

Every list renders `core/partials/_pagination.html` (with `listing`) and its sortable column
headers with `core/partials/_sort_header.html` (with `column=sort_links.<key>`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict


@dataclass(frozen=True)
class PythonSort:
    """A sort SQL cannot do (a field encrypted at rest): the rows are ordered by `then` in the
    database and then sorted by `key` here, stably. Only for short lists (one person's own)."""
    key: Callable[[Any], Any]
    then: tuple[str, ...] = ()


@dataclass
class ListPage:
    page: Page
    sort: str
    querystring: str  # current filters and sort, without `page`, for pagination links

    @property
    def object_list(self) -> Any:
        return self.page.object_list

    @property
    def page_numbers(self) -> list[int | str]:
        """The page links to show: first, last and two either side of this one, with
        `Paginator.ELLIPSIS` for the gaps."""
        return list(self.page.paginator.get_elided_page_range(self.page.number,
                                                               on_each_side=2, on_ends=1))

    def sort_links(self, columns: list[str]) -> dict[str, dict[str, str]]:
        """Per sortable column: the link that sorts by it (a second click reverses the
        direction, filters kept, back to page 1) and its aria-sort value."""
        params = QueryDict(self.querystring, mutable=True)
        params.pop("sort", None)
        base = params.urlencode()
        links = {}
        for column in columns:
            ascending = self.sort == column
            descending = self.sort == f"-{column}"
            target = f"-{column}" if ascending else column
            links[column] = {
                "url": f"?{base}&sort={target}" if base else f"?sort={target}",
                "aria_sort": "ascending" if ascending else "descending" if descending else "",
            }
        return links


def paginate(request: HttpRequest, queryset: QuerySet[Any], *, sorts: dict[str, Any],
             default_sort: str) -> ListPage:
    """`sorts` maps a public sort key (e.g. "name", "-name") to ORM order_by fields, or to a
    `PythonSort` for a field SQL cannot order."""
    sort = request.GET.get("sort", default_sort)
    if sort not in sorts:
        sort = default_sort
    order = sorts[sort]
    rows: Any
    if isinstance(order, PythonSort):
        rows = sorted(queryset.order_by(*order.then), key=order.key)
    else:
        rows = queryset.order_by(*(order if isinstance(order, list | tuple) else [order]))
    paginator = Paginator(rows, settings.NW_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return ListPage(page=page, sort=sort, querystring=params.urlencode())
