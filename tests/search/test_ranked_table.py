"""PostgreSQL: the table of ranked vectors (migration search.0009) follows the index; ranking reads it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doingoai.accounts.scope import SYSTEM
from doingoai.library.models import Document
from doingoai.library.selectors import DocumentFilters, SearchResults, documents_find
from doingoai.search import query
from doingoai.search.services import search_entry_write
from tests.search.test_ranked_pages import _documents_at

pytestmark = pytest.mark.django_db

_VECTORS = {field: f"document_id, vector_{field}::text, vector_words::text" for field in ("exact", "folded")}


def _skip_unless_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's table of ranked vectors; FTS5 ranks from its own index")


def _rows(field: str, table: str = "") -> list[tuple[Any, ...]]:
    """Return a field's vectors (with the words) from its ranked table, or from `table`."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_VECTORS[field]} FROM {table or query.RANKED[field]} ORDER BY document_id")
        return list(cursor.fetchall())


def _in_step() -> bool:
    return all(_rows(field) == _rows(field, "search_searchentry") for field in query.RANKED)


def _document(pk: int, body: str) -> None:
    _documents_at([pk], lambda _pk: body)


def test_the_ranked_table_follows_every_write_to_the_index() -> None:
    _skip_unless_postgresql()
    for pk in (11, 12, 13):
        _document(pk, f"Hợp tác giáo dục giữa hai tỉnh, đợt {pk}.")
    assert _in_step()
    assert len(_rows("exact")) == len(_rows("folded")) == 3

    # Indexed again with another text: the vectors change there and here.
    search_entry_write(document_id=12, title="Bản tin 12", body="Đoàn thanh niên trao học bổng.")
    assert _in_step()
    assert "học" in dict((r[0], r[1]) for r in _rows("exact"))[12]
    assert "hoc" in dict((r[0], r[1]) for r in _rows("folded"))[12]

    Document.objects.filter(pk=11).delete()  # the index's row goes with its document
    assert [r[0] for r in _rows("exact")] == [r[0] for r in _rows("folded")] == [12, 13]
    assert _in_step()

    with connection.cursor() as cursor:  # emptied at once (a library cleared, a test database flushed)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # Django's foreign keys wait for the commit
        cursor.execute("TRUNCATE search_searchentry")
    assert _rows("exact") == _rows("folded") == []


def test_ranking_reads_the_vectors_from_the_ranked_table_only() -> None:
    # The index's own rows keep their vectors in TOAST, a lookup each; every statement that ranks or
    # checks candidates reads them from the ranked table, found by the ids the index gave.
    _skip_unless_postgresql()
    for pk in range(1, 9):
        _document(pk, f"Hội nghị bàn về hợp tác; các bên ký quy định giáo dục mới, kỳ {pk}.")
    _document(9, "Hai tỉnh ký kết hợp tác giáo dục nghề nghiệp.")
    with CaptureQueriesContext(connection) as asked:
        # A phrase, the same without diacritics, words near each other, and a long query's "any" tier.
        queries = ("hợp tác giáo dục", "hop tac giao duc", "giáo dục hợp", "nghề nghiệp của hai tỉnh bạn mới")
        for text in queries:
            found = documents_find(user=SYSTEM, filters=DocumentFilters(query=text))
            assert isinstance(found, SearchResults)
            ids = [pk for pk, _rank in found.ranked(5)]
            assert ids and ids[0] == 9, text
    ranking = [q["sql"] for q in asked.captured_queries if "ts_rank" in q["sql"]]
    assert len(ranking) >= 4
    for sql in ranking:
        tables = query.RANKED.values()
        assert any(f"FROM {table} s WHERE s.document_id = ANY(" in sql for table in tables), sql
        assert "FROM search_searchentry s JOIN" not in sql
