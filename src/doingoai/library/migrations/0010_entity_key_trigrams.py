"""Index the names found in documents by trigrams, so a filter on part of a name reads no whole table.

The person, organization and place filters match a name holding the words typed
(`key LIKE '%…%'`), which no B-tree index can serve: every name of the library was read (69 ms
at 100,000 documents, and growing with them).

- SQLite (3.34 and later): an FTS5 table with the trigram tokenizer over the keys (external
  content, kept in step by triggers), which answers `LIKE '%…%'` of three letters or more from
  its index (`doingoai.library.selectors`).
- PostgreSQL: a GIN index with `pg_trgm`'s operator class, which the planner uses for the same
  `LIKE` by itself; where the extension cannot be created (no privilege), nothing is indexed and
  the filter reads the names as before.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from django.db import migrations

SQLITE_TRIGRAMS = (3, 34, 0)
T = "library_entity_trigram"
ENTITY = "library_documententity"
_REMOVE = f"INSERT INTO {T}({T}, rowid, key) VALUES ('delete', old.id, old.key);"
_ADD = f"INSERT INTO {T}(rowid, key) VALUES (new.id, new.key);"
SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {T} USING fts5(key, content='{ENTITY}', content_rowid='id', "
    "tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS {T}_insert AFTER INSERT ON {ENTITY} BEGIN {_ADD} END",
    f"CREATE TRIGGER IF NOT EXISTS {T}_delete AFTER DELETE ON {ENTITY} BEGIN {_REMOVE} END",
    f"CREATE TRIGGER IF NOT EXISTS {T}_update AFTER UPDATE OF key ON {ENTITY} BEGIN {_REMOVE} {_ADD} END",
    f"INSERT INTO {T}({T}) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS library_entity_trigram_update",
    "DROP TRIGGER IF EXISTS library_entity_trigram_delete",
    "DROP TRIGGER IF EXISTS library_entity_trigram_insert",
    "DROP TABLE IF EXISTS library_entity_trigram",
]
POSTGRES_INDEX = (
    "CREATE INDEX IF NOT EXISTS document_entity_key_trigram ON library_documententity "
    "USING gin (key gin_trgm_ops)"
)


def _create(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        if sqlite3.sqlite_version_info >= SQLITE_TRIGRAMS:
            for statement in SQLITE_CREATE:
                schema_editor.execute(statement)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
            if cursor.fetchone() is None:
                return
            cursor.execute("SAVEPOINT trigram")
            try:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            except Exception:  # no privilege to create it: keep the plain filter
                cursor.execute("ROLLBACK TO SAVEPOINT trigram")
                return
            cursor.execute("RELEASE SAVEPOINT trigram")
            cursor.execute(POSTGRES_INDEX)


def _drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS document_entity_key_trigram")


class Migration(migrations.Migration):
    dependencies = [("library", "0009_library_revision")]

    operations = [migrations.RunPython(_create, _drop)]
