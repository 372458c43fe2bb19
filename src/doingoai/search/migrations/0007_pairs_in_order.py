"""SQLite: the syllable pairs kept in order, the title's and the body's apart: a phrase is a phrase of pairs.

Until now `pairs` held each pair token once, and FTS5 only used them to find the documents a
phrase may be in; it then checked the phrase on the positions of its syllables, walking their
long lists (60 to 100 ms a statement at 1,000,000 documents for a phrase of common syllables in a
few thousand documents). Now `pairs` holds every pair in order (`services.pairs_text`: the title's
run, a line break, the body's run; each run exact, then folded past a barrier token), and FTS5
indexes the title's and the body's, exact and folded, as four columns, read through the view
`search_fts_content`. "hợp tác quốc tế" is then found as the phrase "hợpǀtác tácǀquốc quốcǀtế"
on short lists, and scored on those columns with the weights of the title and the body.

The rows are written again from their own keys in batches, and the FTS5 table is made again.
PostgreSQL is not touched: its vector of the pairs only finds rows holding every pair of a
phrase, for which a row written in the former shape (the same tokens, once each) is as good; rows
take the new shape as they are indexed again.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import migrations

from doingoai.search.services import PAIRS_BARRIER, PAIRS_PARTS, pairs_text

_first = importlib.import_module("doingoai.search.migrations.0003_exact_and_folded_fields")
_before = importlib.import_module("doingoai.search.migrations.0004_syllable_pairs")
_run = _first._run

KEYS = ("title_exact", "body_exact", "title_folded", "body_folded")
PAIRS_COLUMNS = ("title_pairs_exact", "body_pairs_exact", "title_pairs_folded", "body_pairs_folded")
COLUMNS = ", ".join((*KEYS, "words", *PAIRS_COLUMNS))
BATCH = 2000
# services.pairs_text's separators, as SQL strings (neither holds a quote).
_PARTS = f"'{PAIRS_PARTS}'"
_BARRIER = f"'{PAIRS_BARRIER}'"


def _title(pairs: str) -> str:
    return f"substr({pairs}, 1, instr({pairs}, {_PARTS}) - 1)"


def _body(pairs: str) -> str:
    # A text without the line break (empty) is all body.
    return f"substr({pairs}, instr({pairs}, {_PARTS}) + {len(PAIRS_PARTS)})"


def _exact(run: str) -> str:
    # A run without the barrier has no diacritics: it is its own folded twin.
    cut = f"instr({run}, {_BARRIER})"
    return f"CASE WHEN {cut} > 0 THEN substr({run}, 1, {cut} - 1) ELSE {run} END"


def _folded(run: str) -> str:
    cut = f"instr({run}, {_BARRIER})"
    return f"CASE WHEN {cut} > 0 THEN substr({run}, {cut} + {len(PAIRS_BARRIER)}) ELSE {run} END"


def _pairs_columns(pairs: str) -> list[str]:
    """Return the SQL of the pairs columns of a row's `pairs`, in the order of PAIRS_COLUMNS."""
    return [_exact(_title(pairs)), _exact(_body(pairs)), _folded(_title(pairs)), _folded(_body(pairs))]


def _values(row: str) -> str:
    return ", ".join([*(f"{row}.{c}" for c in (*KEYS, "words")), *_pairs_columns(f"{row}.pairs")])


SQLITE_DROP = [
    *_first.SQLITE_DROP_OLD,
    "DROP VIEW IF EXISTS search_fts_content",
]
SQLITE_CREATE = [
    "CREATE VIEW search_fts_content AS SELECT document_id, "
    + ", ".join([*KEYS, "words", *(f"{sql} AS {name}" for sql, name in zip(_pairs_columns("pairs"), PAIRS_COLUMNS))])
    + " FROM search_searchentry",
    f"CREATE VIRTUAL TABLE search_fts USING fts5({COLUMNS}, content='search_fts_content', "
    "content_rowid='document_id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN "
    f"INSERT INTO search_fts(rowid, {COLUMNS}) VALUES (new.document_id, {_values('new')}); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, {COLUMNS}) "
    f"VALUES ('delete', old.document_id, {_values('old')}); END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, {COLUMNS}) "
    f"VALUES ('delete', old.document_id, {_values('old')}); "
    f"INSERT INTO search_fts(rowid, {COLUMNS}) VALUES (new.document_id, {_values('new')}); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]


def _fill(apps: Any, schema_editor: Any) -> None:
    """Write every row's pairs again in order, from its own keys (SQLite only).

    One UPDATE by primary key per row: `bulk_update`'s CASE over the whole batch is compared row
    by row (48 s more CPU at 1,000,000 rows, of about 15 minutes for the whole migration).
    """
    if schema_editor.connection.vendor != "sqlite":
        return
    entry_model = apps.get_model("search", "SearchEntry")
    last = 0
    while True:
        batch = list(entry_model.objects.filter(pk__gt=last).order_by("pk").values_list("pk", *KEYS)[:BATCH])
        if not batch:
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE search_searchentry SET pairs = %s WHERE document_id = %s",
                [(pairs_text(*keys), pk) for pk, *keys in batch],
            )
        last = batch[-1][0]


class Migration(migrations.Migration):
    dependencies = [("search", "0006_id_buckets_in_one_gin_index")]

    operations = [
        # The old table and triggers go first, so writing the rows again does not index each one twice.
        migrations.RunPython(_run({"sqlite": SQLITE_DROP}), _run({"sqlite": _before.SQLITE_CREATE})),
        migrations.RunPython(_fill, migrations.RunPython.noop),
        migrations.RunPython(_run({"sqlite": SQLITE_CREATE}), _run({"sqlite": SQLITE_DROP})),
    ]
