"""PostgreSQL: the vectors a search ranks, copied into a table of their own where they stay in the row.

`search_searchentry` keeps its rows narrow (0005): everything but the ids goes to TOAST, so that
finding a condition's newest matches reads few pages. Ranking then reads each candidate's vector
from TOAST, one lookup of the TOAST index and one more page for every vector: about 10 µs a
vector, 2,000 of them for a window of common words, the largest part of a slow search at
1,000,000 documents. `search_ranked` holds `vector_exact`, `vector_folded` and `vector_words`
in its rows (storage MAIN, and no compression tried below a page), so the candidates' vectors
are read by their ids in the order of the pages, a third of the time (docs/benchmarks.md).

Triggers keep it in step with `search_searchentry`: a row written there is written here, a row
deleted there is deleted here, and emptying that table empties this one. It is filled once from
the rows already indexed. Nothing reads it but `query.py`, so it is not a model. SQLite's FTS5
keeps its own positions; nothing changes there.
"""

from __future__ import annotations

import importlib

from django.db import migrations

_run = importlib.import_module("doingoai.search.migrations.0003_exact_and_folded_fields")._run

VECTORS = ("vector_exact", "vector_folded", "vector_words")
_COLUMNS = ", ".join(VECTORS)

POSTGRES_CREATE = [
    "CREATE TABLE search_ranked (document_id integer PRIMARY KEY, "
    + ", ".join(f"{v} tsvector NOT NULL" for v in VECTORS)
    + ") WITH (toast_tuple_target = 8160)",
    "ALTER TABLE search_ranked " + ", ".join(f"ALTER COLUMN {v} SET STORAGE MAIN" for v in VECTORS),
    "CREATE FUNCTION search_ranked_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"INSERT INTO search_ranked (document_id, {_COLUMNS}) "
    f"VALUES (NEW.document_id, {', '.join(f'NEW.{v}' for v in VECTORS)}) "
    "ON CONFLICT (document_id) DO UPDATE SET "
    + ", ".join(f"{v} = EXCLUDED.{v}" for v in VECTORS)
    + "; RETURN NULL; END $$",
    "CREATE FUNCTION search_ranked_forget() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "DELETE FROM search_ranked WHERE document_id = OLD.document_id; RETURN NULL; END $$",
    "CREATE FUNCTION search_ranked_empty() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "TRUNCATE search_ranked; RETURN NULL; END $$",
    "CREATE TRIGGER search_ranked_write AFTER INSERT OR UPDATE ON search_searchentry "
    "FOR EACH ROW EXECUTE FUNCTION search_ranked_write()",
    "CREATE TRIGGER search_ranked_forget AFTER DELETE ON search_searchentry "
    "FOR EACH ROW EXECUTE FUNCTION search_ranked_forget()",
    "CREATE TRIGGER search_ranked_empty AFTER TRUNCATE ON search_searchentry "
    "FOR EACH STATEMENT EXECUTE FUNCTION search_ranked_empty()",
    f"INSERT INTO search_ranked (document_id, {_COLUMNS}) "
    f"SELECT document_id, {_COLUMNS} FROM search_searchentry ORDER BY document_id",
    "ANALYZE search_ranked",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS search_ranked_empty ON search_searchentry",
    "DROP TRIGGER IF EXISTS search_ranked_forget ON search_searchentry",
    "DROP TRIGGER IF EXISTS search_ranked_write ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_ranked_empty()",
    "DROP FUNCTION IF EXISTS search_ranked_forget()",
    "DROP FUNCTION IF EXISTS search_ranked_write()",
    "DROP TABLE IF EXISTS search_ranked",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0008_numbers_whole")]

    operations = [
        migrations.RunPython(_run({"postgresql": POSTGRES_CREATE}), _run({"postgresql": POSTGRES_DROP})),
    ]
