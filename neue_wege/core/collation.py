"""German alphabetical order for names (DIN 5007-1: ä sorts as a, ö as o, ü as u, ß as ss).

Databases sort by code point unless told otherwise: "Bärer" came after "Buchholz" and "Döring"
after "Dussen". `german("last_name")` is an ORM expression with the collation named `german`:

- on PostgreSQL an ICU collation (locale `de`), created by `core/migrations/0001`;
- on SQLite a Python comparison, registered on every new connection (`CoreConfig.ready`).

Use it in `order_by()` and `Meta.ordering`: `german("name")`, `german("name", descending=True)`.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db.models import F, OrderBy
from django.db.models.functions import Collate

COLLATION = "german"


def german_key(text: str) -> tuple[str, str, str]:
    """Sort key: letters without accents first (DIN 5007-1), then umlaut before plain (a < ä),
    then case, so the order is total and stable."""
    folded = text.casefold().replace("ß", "ss")
    base = "".join(char for char in unicodedata.normalize("NFKD", folded)
                   if not unicodedata.combining(char))
    return base, folded, text


def _compare(left: str, right: str) -> int:
    a, b = german_key(left), german_key(right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`connection_created` receiver: give SQLite the `german` collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _compare)


def german(field: str, *, descending: bool = False) -> OrderBy:
    """Order by `field` in German alphabetical order (works across relations: "client__last_name")."""
    return OrderBy(Collate(F(field), COLLATION), descending=descending)
