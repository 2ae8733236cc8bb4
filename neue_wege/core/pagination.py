"""List pages: filter by GET parameters, sort by a whitelist, paginate. Queries stay bounded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


@dataclass
class ListPage:
    page: Page
    sort: str
    querystring: str  # current filters and sort, without `page`, for pagination links

    @property
    def object_list(self) -> Any:
        return self.page.object_list


def paginate(request: HttpRequest, queryset: QuerySet[Any], *, sorts: dict[str, Any],
             default_sort: str) -> ListPage:
    """`sorts` maps a public sort key (e.g. "name", "-name") to ORM order_by fields."""
    sort = request.GET.get("sort", default_sort)
    if sort not in sorts:
        sort = default_sort
    order = sorts[sort]
    queryset = queryset.order_by(*(order if isinstance(order, list | tuple) else [order]))
    paginator = Paginator(queryset, settings.NW_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return ListPage(page=page, sort=sort, querystring=params.urlencode())
