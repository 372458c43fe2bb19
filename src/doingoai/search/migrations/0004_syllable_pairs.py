"""Index each two neighbouring syllables as one token, so a phrase is found through short lists.

Adds `pairs` (`services.pairs_text` of the stored keys), fills it from the rows' own keys in
batches, then indexes it: on SQLite the FTS5 table is made again with a sixth column (and its
triggers), on PostgreSQL a generated `vector_pairs` with a GIN index.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import migrations, models

from doingoai.search.services import pairs_text

_before = importlib.import_module("doingoai.search.migrations.0003_exact_and_folded_fields")

COLUMNS = "title_exact, body_exact, title_folded, body_folded, words, pairs"
_NEW = ", ".join(f"new.{c.strip()}" for c in COLUMNS.split(","))
_OLD = ", ".join(f"old.{c.strip()}" for c in COLUMNS.split(","))
BATCH = 2000

SQLITE_DROP = _before.SQLITE_DROP_OLD
SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE search_fts USING fts5({COLUMNS}, content='search_searchentry', "
    "content_rowid='document_id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN "
    f"INSERT INTO search_fts(rowid, {COLUMNS}) VALUES (new.document_id, {_NEW}); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, {COLUMNS}) VALUES ('delete', old.document_id, {_OLD}); END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, {COLUMNS}) VALUES ('delete', old.document_id, {_OLD}); "
    f"INSERT INTO search_fts(rowid, {COLUMNS}) VALUES (new.document_id, {_NEW}); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
POSTGRES_CREATE = [
    "ALTER TABLE search_searchentry ADD COLUMN vector_pairs tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', pairs)) STORED",
    "CREATE INDEX search_entry_vector_pairs ON search_searchentry USING GIN (vector_pairs)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_entry_vector_pairs",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS vector_pairs",
]


_run = _before._run  # runs each statement listed for the database in use


def _fill(apps: Any, schema_editor: Any) -> None:
    entry_model = apps.get_model("search", "SearchEntry")
    keys = ("title_exact", "body_exact", "title_folded", "body_folded")
    last = 0
    while True:
        batch = list(entry_model.objects.filter(pk__gt=last).order_by("pk").only("pk", *keys)[:BATCH])
        if not batch:
            return
        for entry in batch:
            entry.pairs = pairs_text(*(getattr(entry, k) for k in keys))
        entry_model.objects.bulk_update(batch, ["pairs"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [("search", "0003_exact_and_folded_fields")]

    operations = [
        # SQLite: the old table and triggers go first, so filling the column does not index each row twice.
        migrations.RunPython(_run({"sqlite": SQLITE_DROP}), _run({"sqlite": _before.SQLITE_CREATE})),
        migrations.AddField(
            model_name="searchentry",
            name="pairs",
            field=models.TextField(blank=True, verbose_name="cặp âm tiết liền nhau"),
        ),
        migrations.RunPython(_fill, migrations.RunPython.noop),
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
