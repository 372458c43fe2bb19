"""PostgreSQL: the vectors a search ranks, copied into a table of their own where they stay in the row.

`search_searchentry` keeps its rows narrow (0005): everything but the ids goes to TOAST, so that
finding a condition's newest matches reads few pages. Ranking then reads each candidate's vector
from TOAST, one lookup of the TOAST index and one more page for every vector: about 10 µs a
vector, 2,000 of them for a window of common words, the largest part of a slow search at
1,000,000 documents. `search_ranked_exact` and `search_ranked_folded` hold a field's vector
and the segmenter's words in their rows (storage MAIN, and no compression tried below a page),
so the candidates' vectors are read by their ids in the order of the pages, a third of the time
(docs/benchmarks.md).

Triggers keep them in step with `search_searchentry`: a row written there is written here, a row
deleted there is deleted here, and emptying that table empties these. They are filled once from
the rows already indexed. Nothing reads them but `query.py`, so they are not models. SQLite's FTS5
keeps its own positions; nothing changes there.
"""

from __future__ import annotations

import importlib

from django.db import migrations

_run = importlib.import_module("doingoai.search.migrations.0003_exact_and_folded_fields")._run

# Each field's table: its own vector, and the segmenter's words that a tier checks beside it. One
# table per field keeps a row under a page for an article of about 1,500 words (its two vectors
# together would not fit, and one would go back to TOAST), and a field's rows dense.
TABLES = {
    "search_ranked_exact": ("vector_exact", "vector_words"),
    "search_ranked_folded": ("vector_folded", "vector_words"),
}


def _create(table: str, vectors: tuple[str, ...]) -> list[str]:
    columns = ", ".join(vectors)
    return [
        f"CREATE TABLE {table} (document_id integer PRIMARY KEY, "
        + ", ".join(f"{v} tsvector NOT NULL" for v in vectors)
        + ") WITH (toast_tuple_target = 8160)",
        f"ALTER TABLE {table} " + ", ".join(f"ALTER COLUMN {v} SET STORAGE MAIN" for v in vectors),
        f"CREATE FUNCTION {table}_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"INSERT INTO {table} (document_id, {columns}) "
        f"VALUES (NEW.document_id, {', '.join(f'NEW.{v}' for v in vectors)}) "
        "ON CONFLICT (document_id) DO UPDATE SET "
        + ", ".join(f"{v} = EXCLUDED.{v}" for v in vectors)
        + "; RETURN NULL; END $$",
        f"CREATE FUNCTION {table}_forget() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"DELETE FROM {table} WHERE document_id = OLD.document_id; RETURN NULL; END $$",
        f"CREATE FUNCTION {table}_empty() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"TRUNCATE {table}; RETURN NULL; END $$",
        f"CREATE TRIGGER {table}_write AFTER INSERT OR UPDATE ON search_searchentry "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_write()",
        f"CREATE TRIGGER {table}_forget AFTER DELETE ON search_searchentry "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_forget()",
        f"CREATE TRIGGER {table}_empty AFTER TRUNCATE ON search_searchentry "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_empty()",
        f"INSERT INTO {table} (document_id, {columns}) "
        f"SELECT document_id, {columns} FROM search_searchentry ORDER BY document_id",
        f"ANALYZE {table}",
    ]


def _drop(table: str) -> list[str]:
    return [
        *(f"DROP TRIGGER IF EXISTS {table}_{t} ON search_searchentry" for t in ("empty", "forget", "write")),
        *(f"DROP FUNCTION IF EXISTS {table}_{t}()" for t in ("empty", "forget", "write")),
        f"DROP TABLE IF EXISTS {table}",
    ]


POSTGRES_CREATE = [statement for table, vectors in TABLES.items() for statement in _create(table, vectors)]
POSTGRES_DROP = [statement for table in TABLES for statement in _drop(table)]


class Migration(migrations.Migration):
    dependencies = [("search", "0008_numbers_whole")]

    operations = [
        migrations.RunPython(_run({"postgresql": POSTGRES_CREATE}), _run({"postgresql": POSTGRES_DROP})),
    ]
