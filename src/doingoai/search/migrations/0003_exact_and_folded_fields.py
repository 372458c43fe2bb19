"""Index each document exactly and folded, title and body apart, with its words of several syllables.

Drops the single folded `key` (and its FTS5 table or tsvector), adds the five columns, indexes
them with the engine in use and fills them from the documents already stored.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

from doingoai.search.services import search_entry_values

COLUMNS = "title_exact, body_exact, title_folded, body_folded, words"
_NEW = ", ".join(f"new.{c.strip()}" for c in COLUMNS.split(","))
_OLD = ", ".join(f"old.{c.strip()}" for c in COLUMNS.split(","))

SQLITE_DROP_OLD = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]
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
POSTGRES_DROP_OLD = [
    "DROP INDEX IF EXISTS search_searchentry_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS vector",
]


def _tokens(column: str) -> str:
    # PostgreSQL's parser keeps "covid-19", "tp.hcm" or "18/cp" whole (and adds their parts after
    # them), which shifts positions and breaks phrases; FTS5 and the query split them. Splitting
    # them first gives both engines the same words at the same positions.
    return f"to_tsvector('simple', translate({column}, '-./_', '    '))"


def _weighted(kind: str) -> str:
    return f"setweight({_tokens(f'title_{kind}')}, 'A') || setweight({_tokens(f'body_{kind}')}, 'B')"


POSTGRES_CREATE = [
    f"ALTER TABLE search_searchentry ADD COLUMN vector_exact tsvector GENERATED ALWAYS AS ({_weighted('exact')}) STORED",
    f"ALTER TABLE search_searchentry ADD COLUMN vector_folded tsvector GENERATED ALWAYS AS ({_weighted('folded')}) STORED",
    "ALTER TABLE search_searchentry ADD COLUMN vector_words tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', words)) STORED",
    "CREATE INDEX search_entry_vector_exact ON search_searchentry USING GIN (vector_exact)",
    "CREATE INDEX search_entry_vector_folded ON search_searchentry USING GIN (vector_folded)",
    "CREATE INDEX search_entry_vector_words ON search_searchentry USING GIN (vector_words)",
]
POSTGRES_DROP_NEW = [
    "DROP INDEX IF EXISTS search_entry_vector_exact",
    "DROP INDEX IF EXISTS search_entry_vector_folded",
    "DROP INDEX IF EXISTS search_entry_vector_words",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS vector_exact",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS vector_folded",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS vector_words",
]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def _fill(apps: Any, schema_editor: Any) -> None:
    document_model = apps.get_model("library", "Document")
    entry_model = apps.get_model("search", "SearchEntry")
    for document in document_model.objects.only("pk", "title", "text", "analysis").iterator(chunk_size=200):
        spans = (document.analysis or {}).get("words", [])
        values = search_entry_values(title=document.title, body=document.text, word_spans=spans)
        entry_model.objects.update_or_create(document_id=document.pk, defaults=values)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_engine_index"), ("library", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_DROP_OLD, "postgresql": POSTGRES_DROP_OLD}), migrations.RunPython.noop
        ),
        migrations.RemoveField(model_name="searchentry", name="key"),
        migrations.AddField(
            model_name="searchentry",
            name="title_exact",
            field=models.TextField(blank=True, verbose_name="tiêu đề (chữ thường)"),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="body_exact",
            field=models.TextField(blank=True, verbose_name="nội dung (chữ thường)"),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="title_folded",
            field=models.TextField(blank=True, verbose_name="tiêu đề (bỏ dấu)"),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="body_folded",
            field=models.TextField(blank=True, verbose_name="nội dung (bỏ dấu)"),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="words",
            field=models.TextField(blank=True, verbose_name="từ nhiều âm tiết"),
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP_OLD, "postgresql": POSTGRES_DROP_NEW}),
        ),
        migrations.RunPython(_fill, migrations.RunPython.noop),
    ]
