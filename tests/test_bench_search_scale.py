from __future__ import annotations

import pytest

from doingoai.bench_search_scale import Piece, Pool, document_make, queries_make, rare_words
from doingoai.search.services import pairs_text, search_entry_values

# Sentences of our own, typed for this test.
POOL = Pool(
    titles=[Piece(t, "", "") for t in ("Đoàn thanh niên Đà Lạt thăm Viêng Chăn", "Hội chợ sách mùa Thu")],
    sentences=[
        Piece(s, "", "")
        for s in (
            "Sáng nay, các bạn trẻ trồng thêm một nghìn cây thông trên đồi.",
            "Ông Lê Văn Hoà nói rằng dự án sẽ kéo dài đến cuối năm sau.",
            "Trường tiểu học Đồng Xoài nhận bốn trăm bộ sách giáo khoa mới.",
        )
    ],
)


def _keyed(pool: Pool) -> Pool:
    def key(piece: Piece) -> Piece:
        values = search_entry_values(title=piece.text, body=piece.text)
        return Piece(piece.text, values["title_exact"], values["title_folded"])

    return Pool([key(t) for t in pool.titles], [key(s) for s in pool.sentences])


@pytest.mark.parametrize("i", [0, 1, 7, 999_999])
def test_a_generated_document_carries_the_keys_the_index_computes_for_its_text(i: int) -> None:
    title, body, _day = document_make(_keyed(POOL), i, seed=3, sentences=4)
    values = search_entry_values(title=title.text, body=body.text)
    assert (values["title_exact"], values["title_folded"]) == (title.exact, title.folded)
    assert (values["body_exact"], values["body_folded"]) == (body.exact, body.folded)
    assert len(body.text) == len(body.exact) == len(body.folded)
    # The bench writes the pairs from these keys (`index_grow`), as the index does from the text.
    assert pairs_text(title.exact, body.exact, title.folded, body.folded) == values["pairs"]


def test_a_generated_document_depends_only_on_the_seed_and_its_number() -> None:
    pool = _keyed(POOL)
    assert document_make(pool, 5, seed=1, sentences=3) == document_make(pool, 5, seed=1, sentences=3)
    assert document_make(pool, 5, seed=1, sentences=3) != document_make(pool, 6, seed=1, sentences=3)


def test_bench_queries_come_from_the_pool_and_rare_words_avoid_titles() -> None:
    pool = _keyed(POOL)
    queries = queries_make(pool, 10, seed=0)
    assert len(queries) == 10
    assert [len(q.split()) for q in queries[:5]] == [2, 3, 1, 3, 6]  # the surname adds one word
    folded_sentences = " ".join(s.folded for s in pool.sentences)
    assert all(w in folded_sentences for w in rare_words(pool, 5))
    assert not {"doan", "thanh", "sach"} & set(rare_words(pool, 50))


def test_a_generated_document_carries_the_segmenter_words_the_index_finds_in_its_body() -> None:
    from doingoai.analysis.segment import sentences_split, words_split
    from doingoai.bench_search_scale import pool_make

    pool = pool_make(3, seed=2)
    for i in (0, 4):
        title, body, _day = document_make(pool, i, seed=2, sentences=4)
        spans = [w for s in sentences_split(body.text) for w in words_split(body.text, s)]
        expected = search_entry_values(title=title.text, body=body.text, word_spans=spans)["words"]
        assert body.words and set(body.words.split()) == set(expected.split()), i


@pytest.mark.django_db(transaction=True)
def test_a_bulk_build_on_postgresql_fills_the_ranked_tables_and_leaves_their_triggers_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The bench writes a large batch without its GIN index and without the triggers that copy
    # each row's ranked vectors (migration search.0009): it must leave both as the migrations made them.
    from django.db import connection

    from doingoai import bench_search_scale
    from doingoai.search import query
    from doingoai.search.services import search_entry_write

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's bulk build; SQLite's FTS5 triggers stay on")
    monkeypatch.setattr(bench_search_scale, "REBUILD_INDEXES_FROM", 1)
    bench_search_scale.index_grow(_keyed(POOL), 0, 6, seed=3, sentences=2)

    def vectors(field: str, table: str) -> list[tuple[object, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT document_id, vector_{field}::text FROM {table} ORDER BY document_id")
            return list(cursor.fetchall())

    for field, table in query.RANKED.items():
        assert len(vectors(field, table)) == 6
        assert vectors(field, table) == vectors(field, "search_searchentry")
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(document_id) FROM search_searchentry")
        first = cursor.fetchone()[0]
    search_entry_write(document_id=first, title="Hội chợ sách", body="Một nghìn cây thông mới.")
    for field, table in query.RANKED.items():  # the triggers are on again
        assert vectors(field, table) == vectors(field, "search_searchentry")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname = 'search_entry_vectors'")
        assert cursor.fetchone()[0] == 1
