"""Match and rank documents for a search query, on SQLite (FTS5) or PostgreSQL (tsvector).

Both engines receive the same folded words, and every word must match (AND); a word matches a
whole word of the text, with or without its diacritics.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.db.models import FloatField, QuerySet
from django.db.models.expressions import RawSQL

from doingoai.analysis.text import fold_key

_WORD = re.compile(r"\w+")
QUERY_MAX_WORDS = 20


def query_words(query: str) -> list[str]:
    """Return the folded words of a query, at most `QUERY_MAX_WORDS`, in order, without repeats."""
    words: list[str] = []
    for word in _WORD.findall(fold_key(query or "")):
        if word not in words:
            words.append(word)
    return words[:QUERY_MAX_WORDS]


def _fts5_query(words: list[str]) -> str:
    # Each word is quoted, so FTS5 reads none of them as an operator (AND, OR, NEAR, column:).
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def documents_matching(queryset: QuerySet[Any], query: str) -> QuerySet[Any]:
    """Return the documents of `queryset` that contain every word of `query`, best first.

    The queryset must be of `library.Document`; it gains a `rank` annotation (higher is better).
    """
    words = query_words(query)
    if not words:
        return queryset
    table = queryset.model._meta.db_table
    if connection.vendor == "postgresql":
        text = " ".join(words)
        matching = RawSQL(
            "SELECT document_id FROM search_searchentry WHERE vector @@ plainto_tsquery('simple', %s)", [text]
        )
        rank = RawSQL(
            "SELECT ts_rank(vector, plainto_tsquery('simple', %s)) FROM search_searchentry "
            f'WHERE document_id = "{table}"."id"',
            [text],
            output_field=FloatField(),
        )
    else:
        fts = _fts5_query(words)
        matching = RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [fts])
        # bm25 is lower for better matches.
        rank = RawSQL(
            f'SELECT -bm25(search_fts) FROM search_fts WHERE search_fts MATCH %s AND rowid = "{table}"."id"',
            [fts],
            output_field=FloatField(),
        )
    return queryset.filter(pk__in=matching).annotate(rank=rank).order_by("-rank", "-pk")
