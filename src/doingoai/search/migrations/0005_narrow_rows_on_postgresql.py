"""PostgreSQL: keep the index's texts out of its rows, so finding documents reads a narrow table.

A search finds its documents through the GIN indexes and then reads each one's row for its id
(and, on the few it ranks, its vectors, already stored out of line). With the four texts kept in
the row (about 1.6 kB a document), those reads touched one table page per document: 42,000 pages
for the 46,000 documents of a common phrase at 1,000,000 documents. With `toast_tuple_target`
at its minimum the texts go to TOAST as well; the table falls from 1,644 to 185 MB there, and
the texts are read only for the 20 snippets of a page (docs/benchmarks.md).

The setting applies to rows written from now on. A library indexed before it moves its rows by
`VACUUM FULL search_searchentry` (which locks the table while it runs) or as they are indexed again.
SQLite has no such setting; nothing changes there.
"""

from __future__ import annotations

import importlib

from django.db import migrations

_run = importlib.import_module("doingoai.search.migrations.0003_exact_and_folded_fields")._run

POSTGRES_NARROW = ["ALTER TABLE search_searchentry SET (toast_tuple_target = 128)"]
POSTGRES_WIDE = ["ALTER TABLE search_searchentry RESET (toast_tuple_target)"]


class Migration(migrations.Migration):
    dependencies = [("search", "0004_syllable_pairs")]

    operations = [
        migrations.RunPython(_run({"postgresql": POSTGRES_NARROW}), _run({"postgresql": POSTGRES_WIDE})),
    ]
