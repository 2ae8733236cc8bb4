"""List pages: filter by GET parameters, sort by a whitelist, paginate. Queries stay bounded.

Every list renders `core/partials/_pagination.html` (with `listing`) and its sortable column
headers with `core/partials/_sort_header.html` (with `column=sort_links.<key>`).

Two ways to page:

- `paginate(...)`: page numbers (`?page=7`, OFFSET). Fine for lists of a few hundred rows.
- `paginate(..., keyset=True)`: for lists that grow with the county (audit log, caseloads,
  referrals). The links carry the boundary row (`?nach=<id>` / `?vor=<id>`, `?ende=1` for the
  last page) and the page asks for "rows after this one in this order", which an index answers
  in the same time on page 1, page 4,000 and the last page. The total is counted only up to
  `COUNT_LIMIT` ("mehr als 1.000 Einträge"). `?page=N` without a cursor still works (OFFSET),
  so a bookmarked page number opens. Every sort must end in a unique column (the id) and its
  columns must not be NULL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Expression, F, OrderBy, Q, QuerySet
from django.http import HttpRequest, QueryDict

# Keyset lists count their rows only up to this many (the count of a million rows costs more
# than the page it sits on).
COUNT_LIMIT = 1000


@dataclass(frozen=True)
class PythonSort:
    """A sort SQL cannot do (a field encrypted at rest): the rows are ordered by `then` in the
    database and then sorted by `key` here, stably. Only for short lists (one person's own)."""
    key: Callable[[Any], Any]
    then: tuple[str, ...] = ()


@dataclass
class KeysetCount:
    """What the template needs of a paginator: the count (capped), the number of pages."""
    count: int
    capped: bool  # more rows than `count`
    per_page: int

    @property
    def num_pages(self) -> int | None:
        return None if self.capped else max(1, -(-self.count // self.per_page))


@dataclass
class KeysetPage:
    """One page of a keyset list; links are built from its first and last row."""
    object_list: list[Any]
    number: int | None  # None: a page reached from the end whose number is unknown
    paginator: KeysetCount
    has_previous: bool
    has_next: bool
    querystring: str

    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def _link(self, **params: Any) -> str:
        query = QueryDict(self.querystring, mutable=True)
        for key, value in params.items():
            if value is not None:
                query[key] = str(value)
        return f"?{query.urlencode()}"

    @property
    def first_url(self) -> str:
        return self._link()

    @property
    def last_url(self) -> str:
        return self._link(ende=1, page=self.paginator.num_pages)

    @property
    def previous_url(self) -> str:
        number = self.number - 1 if self.number else None
        if number == 1:
            return self.first_url
        return self._link(vor=self.object_list[0].pk, page=number)

    @property
    def next_url(self) -> str:
        number = self.number + 1 if self.number else None
        return self._link(nach=self.object_list[-1].pk, page=number)

    @property
    def current_url(self) -> str:
        return self._link(page=self.number)


def _order_terms(order: list[Any]) -> list[tuple[Expression, bool]]:
    """`["-at", german("name"), "id"]` → [(expression, descending), …]."""
    terms = []
    for item in order:
        if isinstance(item, OrderBy):
            terms.append((item.expression, item.descending))
        elif isinstance(item, str):
            terms.append((F(item.lstrip("-")), item.startswith("-")))
        else:
            raise TypeError(f"Keyset pagination cannot order by {item!r}")
    return terms


def _after(terms: list[tuple[Expression, bool]], values: list[Any], *, backwards: bool) -> Q:
    """Rows after (or before) the row with `values` in the order of `terms`:
    k0 ≥ v0 AND (k0 > v0 OR (k0 = v0 AND k1 > v1) OR …), with > and < swapped for descending
    terms. The leading k0 ≥ v0 lets an index on k0 start at the boundary."""
    def op(descending: bool) -> str:
        return "lt" if descending != backwards else "gt"
    either = Q()
    for i, (_, descending) in enumerate(terms):
        branch = Q(**{f"_key{j}": values[j] for j in range(i)})
        branch &= Q(**{f"_key{i}__{op(descending)}": values[i]})
        either |= branch
    leading = Q(**{f"_key0__{op(terms[0][1])}e": values[0]})
    return leading & either


def paginate_keyset(request: HttpRequest, queryset: QuerySet[Any], order: list[Any],
                    *, querystring: str) -> KeysetPage:
    size = settings.NW_PAGE_SIZE
    terms = _order_terms(order)
    keyed = queryset.alias(**{f"_key{i}": expression for i, (expression, _) in enumerate(terms)})
    forward = [OrderBy(F(f"_key{i}"), descending=d) for i, (_, d) in enumerate(terms)]
    backward = [OrderBy(F(f"_key{i}"), descending=not d) for i, (_, d) in enumerate(terms)]
    total = queryset.order_by().values("pk")[:COUNT_LIMIT + 1].count()
    counted = KeysetCount(count=min(total, COUNT_LIMIT), capped=total > COUNT_LIMIT,
                          per_page=size)

    def boundary(raw: str | None) -> list[Any] | None:
        if not raw:
            return None
        try:
            row = (queryset.filter(pk=raw).order_by()
                   .annotate(**{f"_key{i}": expression for i, (expression, _) in enumerate(terms)})
                   .values_list(*(f"_key{i}" for i in range(len(terms)))).first())
        except (ValidationError, ValueError):
            return None
        return list(row) if row is not None else None

    number = _page_number(request.GET.get("page"))
    after, before = boundary(request.GET.get("nach")), boundary(request.GET.get("vor"))
    page = {"paginator": counted, "querystring": querystring}
    if after is not None:
        rows = list(keyed.filter(_after(terms, after, backwards=False)).order_by(*forward)[:size + 1])
        return KeysetPage(object_list=rows[:size], number=number, has_previous=True,
                          has_next=len(rows) > size, **page)
    if before is not None:
        rows = list(keyed.filter(_after(terms, before, backwards=True))
                    .order_by(*backward)[:size + 1])
        return KeysetPage(object_list=rows[:size][::-1], number=number, has_next=True,
                          has_previous=len(rows) > size, **page)
    if request.GET.get("ende"):
        # the last page holds the remainder, so that its rows match the numbered pages
        remainder = counted.count % size if not counted.capped else 0
        take = remainder or size
        rows = list(keyed.order_by(*backward)[:take + 1])
        return KeysetPage(object_list=rows[:take][::-1], number=counted.num_pages,
                          has_next=False, has_previous=len(rows) > take, **page)
    number = number or 1
    if number > 1 and (number - 1) * size >= counted.count and not counted.capped:
        number = 1  # past the end: page 1, as Paginator.get_page does
    start = (number - 1) * size  # a page number without cursor (bookmark): OFFSET
    rows = list(keyed.order_by(*forward)[start:start + size + 1])
    return KeysetPage(object_list=rows[:size], number=number, has_previous=number > 1,
                      has_next=len(rows) > size, **page)


def _page_number(raw: str | None) -> int | None:
    try:
        number = int(raw or "")
    except ValueError:
        return None
    return number if number >= 1 else None


@dataclass
class ListPage:
    page: Page | KeysetPage
    sort: str
    querystring: str  # current filters and sort, without `page`, for pagination links

    @property
    def keyset(self) -> bool:
        return isinstance(self.page, KeysetPage)

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
             default_sort: str, keyset: bool = False) -> ListPage:
    """`sorts` maps a public sort key (e.g. "name", "-name") to ORM order_by fields, or to a
    `PythonSort` for a field SQL cannot order. `keyset`: page by the boundary row (see above)."""
    sort = request.GET.get("sort", default_sort)
    if sort not in sorts:
        sort = default_sort
    order = sorts[sort]
    if keyset:
        params = request.GET.copy()
        for key in ("page", "nach", "vor", "ende"):
            params.pop(key, None)
        querystring = params.urlencode()
        page = paginate_keyset(request, queryset,
                               list(order if isinstance(order, list | tuple) else [order]),
                               querystring=querystring)
        return ListPage(page=page, sort=sort, querystring=querystring)
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
