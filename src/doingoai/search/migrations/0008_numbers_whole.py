"""A number written with thousands dots is one index token: "500" no longer finds "500.000" or "4.500".

Both engines split tokens at a dot, so the keys held "500.000" as the two words "500" and "000".
The keys now hold it as "500ǃ000" (`plan.numbers_joined`, a letter in place of each thousands
dot; the length is kept), and the pairs follow the keys. Only the rows whose keys hold such a
number are written again, from their own keys. On SQLite the FTS5 table's triggers are dropped
while they are written and the table is made again after (as 0007 does); on PostgreSQL the
vectors are generated columns and follow the rows.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import migrations

from doingoai.search.plan import numbers_joined
from doingoai.search.services import pairs_text

_pairs = importlib.import_module("doingoai.search.migrations.0007_pairs_in_order")
KEYS = _pairs.KEYS
BATCH = 2000
# A key that may hold a thousands dot: the rows worth reading (SQLite GLOB, PostgreSQL regex).
_MAY_HOLD = {
    "sqlite": "body_exact GLOB '*[0-9].[0-9][0-9][0-9]*' OR title_exact GLOB '*[0-9].[0-9][0-9][0-9]*'",
    "postgresql": "body_exact ~ '[0-9][.][0-9]{3}' OR title_exact ~ '[0-9][.][0-9]{3}'",
}


def _rows(cursor: Any, vendor: str, after: int) -> list[tuple[Any, ...]]:
    cursor.execute(
        f"SELECT document_id, {', '.join(KEYS)} FROM search_searchentry "
        f"WHERE document_id > %s AND ({_MAY_HOLD[vendor]}) ORDER BY document_id LIMIT {BATCH}",
        [after],
    )
    return list(cursor.fetchall())


def _join_numbers(apps: Any, schema_editor: Any) -> None:
    """Write again the keys and pairs of every row whose keys hold a number with thousands dots."""
    connection = schema_editor.connection
    vendor = connection.vendor
    if vendor not in _MAY_HOLD:
        return
    with connection.cursor() as cursor:
        if not _rows(cursor, vendor, 0):
            return
        if vendor == "sqlite":
            for statement in _pairs.SQLITE_DROP:
                cursor.execute(statement)
        after = 0
        while batch := _rows(cursor, vendor, after):
            changed = []
            for pk, *keys in batch:
                joined = [numbers_joined(k) for k in keys]
                if joined != keys:
                    changed.append((*joined, pairs_text(*joined), pk))
            if changed:
                cursor.executemany(
                    "UPDATE search_searchentry SET "
                    + ", ".join(f"{k} = %s" for k in KEYS)
                    + ", pairs = %s WHERE document_id = %s",
                    changed,
                )
            after = batch[-1][0]
        if vendor == "sqlite":
            for statement in _pairs.SQLITE_CREATE:
                cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0007_pairs_in_order")]

    operations = [migrations.RunPython(_join_numbers, migrations.RunPython.noop)]
