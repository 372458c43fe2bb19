"""A collation named "vi" on both databases: names in the order of a Vietnamese dictionary.

Both databases sort text by code point by default (SQLite always; PostgreSQL under the C
collation), which puts "Đà Nẵng", "Ủy ban …" and "Ấn Độ" after every name in Z. Lists of units,
partners, people and programmes order by `vietnamese("name")` instead:

- on SQLite the collation is `analysis.text.name_sort_key`, registered on every connection;
- on PostgreSQL it is ICU's Vietnamese collation, created by a migration as "vi" (or, on a
  server built without ICU, a copy of "C", so the queries still run in code-point order).
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, OrderBy
from django.db.models.functions import Collate

from doingoai.analysis.text import name_sort_key

COLLATION = "vi"


def vietnamese(field: str, *, descending: bool = False) -> OrderBy:
    """Return an ordering of a text field in Vietnamese dictionary order."""
    collated = Collate(F(field), COLLATION)
    return collated.desc() if descending else collated.asc()


def _compare(first: str, second: str) -> int:
    a, b = name_sort_key(first), name_sort_key(second)
    return (a > b) - (a < b)


def sqlite_collation_register(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Give a new SQLite connection the "vi" collation (the `connection_created` signal)."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _compare)


def postgresql_collation_create(schema_editor: Any) -> None:
    """Create the "vi" collation on PostgreSQL: ICU's Vietnamese, else a copy of "C"."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = %s", [COLLATION])
        if cursor.fetchone():
            return
        cursor.execute("SELECT 1 FROM pg_collation WHERE collprovider = 'i' LIMIT 1")
        icu = cursor.fetchone() is not None
    if icu:
        schema_editor.execute(f"CREATE COLLATION {COLLATION} (provider = icu, locale = 'vi')")
    else:
        schema_editor.execute(f'CREATE COLLATION {COLLATION} FROM "C"')
