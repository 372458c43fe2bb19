"""PostgreSQL: one GIN index over every vector and the id's bucket, so a search reads only its newest rows.

A search ranks the newest matches of a condition first (`query.RANK_WINDOW`). GIN returns a
condition's rows in no order, so finding the newest 2,000 of a common word built the whole list
of its documents (800,000 at 1,000,000 documents) before keeping the newest. `vector_bucket`
holds one token, the document's id divided by `ID_BUCKET`, and one multicolumn GIN index now
holds it beside the four vectors (the four single-column indexes go). A condition ANDed with a few
buckets is then answered inside that one scan: GIN walks the buckets' short lists and only skips
through the common word's, so the cost follows the ids asked for, not the word's frequency
(docs/benchmarks.md). A query on any one vector uses the same index as before.

Adding the column rewrites the table (a few minutes at 1,000,000 documents, the table locked).
SQLite's FTS5 already walks its ids from the newest; nothing changes there.
"""

from __future__ import annotations

import importlib

from django.db import migrations

_before = importlib.import_module("doingoai.search.migrations.0003_exact_and_folded_fields")
_pairs = importlib.import_module("doingoai.search.migrations.0004_syllable_pairs")
_run = _before._run

# Documents per bucket; `doingoai.search.query.ID_BUCKET` is the same number (a test checks it).
ID_BUCKET = 4096
VECTORS = "vector_exact, vector_folded, vector_pairs, vector_words, vector_bucket"

POSTGRES_CREATE = [
    "ALTER TABLE search_searchentry ADD COLUMN vector_bucket tsvector "
    f"GENERATED ALWAYS AS (to_tsvector('simple', (document_id / {ID_BUCKET})::text)) STORED",
    *(s for s in [*_before.POSTGRES_DROP_NEW, *_pairs.POSTGRES_DROP] if s.startswith("DROP INDEX")),
    "SET LOCAL maintenance_work_mem = '256MB'",  # for this migration's transaction only
    f"CREATE INDEX search_entry_vectors ON search_searchentry USING GIN ({VECTORS})",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_entry_vectors",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS vector_bucket",
    *(s for s in [*_before.POSTGRES_CREATE, *_pairs.POSTGRES_CREATE] if s.startswith("CREATE INDEX")),
]


class Migration(migrations.Migration):
    dependencies = [("search", "0005_narrow_rows_on_postgresql")]

    operations = [
        migrations.RunPython(_run({"postgresql": POSTGRES_CREATE}), _run({"postgresql": POSTGRES_DROP})),
    ]
