"""Rank inside the index on PostgreSQL where the RUM extension can be used (`doingoai.search.rum`).

Without the extension (SQLite, a server without `postgresql-15-rum`, a user who may not create
extensions) nothing changes: the GIN indexes of 0003 stay and the search ranks through them.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from doingoai.search.rum import rum_indexes_create, rum_indexes_drop


def _create(apps: Any, schema_editor: Any) -> None:
    rum_indexes_create(schema_editor.connection)


def _drop(apps: Any, schema_editor: Any) -> None:
    rum_indexes_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_exact_and_folded_fields")]

    operations = [migrations.RunPython(_create, _drop)]
