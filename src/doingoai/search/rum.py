"""Set up and detect the RUM indexes that let PostgreSQL return the best-ranked matches first.

A GIN index finds the rows that match a tsquery but cannot order them: ranking a tier means
reading every match's tsvector from the table and scoring it. The RUM extension (postgrespro/rum,
Debian package `postgresql-15-rum`) keeps the word positions in the index, so
`ORDER BY vector <=> query LIMIT n` ranks inside the index without reading the table.

The extension is optional: a server may not have the package, and the database user may not be
allowed to create it. The migration creates the indexes only where the extension can be used and
leaves the GIN indexes in place either way; `rum_ready` tells the query code which path it has.
"""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError, transaction

# The tsvector columns ranked through RUM (the segmenter's words are only ever filtered on).
RUM_INDEXES = {"vector_exact": "search_entry_rum_exact", "vector_folded": "search_entry_rum_folded"}
RUM_CREATE = [
    f"CREATE INDEX {name} ON search_searchentry USING rum ({column} rum_tsvector_ops)"
    for column, name in RUM_INDEXES.items()
]
RUM_DROP = [f"DROP INDEX IF EXISTS {name}" for name in RUM_INDEXES.values()]

_READY = "_doingoai_rum_ready"  # cached on the connection: a new connection looks again


def rum_extension_enable(connection: Any) -> bool:
    """Create the RUM extension if the server offers it; return whether it is installed.

    A server without the package, or a user without the right to create extensions, leaves the
    database as it was (the attempt runs in a savepoint) and returns False.
    """
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT installed_version FROM pg_available_extensions WHERE name = 'rum'")
        row = cursor.fetchone()
        if row is None:
            return False
        if row[0] is not None:
            return True
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
        except DatabaseError:
            return False
    return True


def rum_indexes_create(connection: Any) -> bool:
    """Create the RUM indexes where the extension can be used; return whether they exist now."""
    if not rum_extension_enable(connection):
        return False
    with connection.cursor() as cursor:
        for statement in RUM_CREATE:
            cursor.execute(statement.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
    rum_forget(connection)
    return True


def rum_indexes_drop(connection: Any) -> None:
    """Drop the RUM indexes (the extension stays): ranking falls back to the GIN path."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for statement in RUM_DROP:
                cursor.execute(statement)
    rum_forget(connection)


def rum_ready(connection: Any) -> bool:
    """Return whether the search index has its RUM indexes (looked up once per connection)."""
    if connection.vendor != "postgresql":
        return False
    ready = getattr(connection, _READY, None)
    if ready is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_indexes "
                "WHERE tablename = 'search_searchentry' AND indexname = ANY(%s)",
                [list(RUM_INDEXES.values())],
            )
            ready = int(cursor.fetchone()[0]) == len(RUM_INDEXES)
        setattr(connection, _READY, ready)
    return bool(ready)


def rum_forget(connection: Any) -> None:
    """Forget what `rum_ready` found, after the indexes were created or dropped."""
    if hasattr(connection, _READY):
        delattr(connection, _READY)
