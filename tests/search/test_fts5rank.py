"""SQLite's ranking function (`doingoai_rank`, search/fts5rank.c): bm25() with the IDFs given.

It must rank as FTS5's bm25() does, score for score where several phrases weigh, and take its
counts from the newest rows of a large index, kept until the index changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections

from doingoai.library.models import Document, IngestJob
from doingoai.search import query
from doingoai.search.plan import plan_make

Ingest = Callable[..., IngestJob]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sqlite_only() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("FTS5's ranking function: SQLite only (PostgreSQL ranks with ts_rank)")


@pytest.fixture
def counts_forgotten() -> Iterator[None]:
    query._counted.clear()
    yield
    query._counted.clear()


def _article(title: str, body: str, day: int) -> str:
    return f"date 2026-03-{day:02d}\n{title}\n\n{body}\n"


ARTICLES = {
    "a.txt": _article(
        "Hợp tác quốc tế về giáo dục",
        "Tỉnh đẩy mạnh hợp tác quốc tế; đoàn khách từ Bhutan sang thăm và làm việc tại tỉnh.",
        2,
    ),
    "b.txt": _article(
        "Tin tổng hợp trong tuần",
        "Các hội và các ngành của tỉnh họp bàn hợp tác. Hợp tác quốc tế được nhắc lại ba lần: "
        "hợp tác quốc tế, hợp tác quốc tế.",
        3,
    ),
    "c.txt": _article(
        "Đoàn Bhutan thăm tỉnh",
        "Khách sang thăm tỉnh trong ba ngày, gặp lãnh đạo, dự hội thảo về hợp tác và giáo dục.",
        4,
    ),
    "d.txt": _article("Tin thể thao", "Giải bóng đá mở rộng của tỉnh khai mạc; các đội hợp sức.", 5),
    "e.txt": _article(
        "Quốc tế và tỉnh nhà",
        "Tế lễ đầu năm ở quốc gia này; hợp đồng ký ngày 2, các bên hợp sức, tác phong quốc gia.",
        6,
    ),
}
QUERIES = [
    "hợp tác",
    "hợp tác quốc tế",
    "hop tac quoc te",
    "tỉnh",
    "các hội và của Bhutan tỉnh",
    '"hợp tác" tỉnh',
]


@contextmanager
def _ranked_by(function: bool) -> Iterator[None]:
    """Rank with `doingoai_rank` (True) or FTS5's bm25() (False) in the enclosed statements."""
    wrapper = connections[DEFAULT_DB_ALIAS]
    before = getattr(wrapper, "doingoai_rank", False)
    wrapper.doingoai_rank = function
    try:
        yield
    finally:
        wrapper.doingoai_rank = before


def _tier_rows(
    tier_index: int, tier: query.Tier, holding: tuple[tuple[str, ...], bool] | None = None
) -> list:
    scope = query._scope_sql(Document.objects.all(), "published")
    assert scope is not None
    return query._tier_rows_from(tier, tier_index, scope, 50, [], "", holding)


def test_the_function_is_built_and_every_new_connection_has_it() -> None:
    # CI builds the package from its own files (make test): the C function must be there.
    from doingoai.search.fts5rank import extension_path, register

    assert extension_path() is not None
    assert register() is True
    connection.ensure_connection()
    assert connection.doingoai_rank is True


@pytest.mark.parametrize("text", QUERIES)
def test_it_ranks_every_tier_as_bm25_does(ingest: Ingest, counts_forgotten: None, text: str) -> None:
    ingest(ARTICLES, published=True)
    connection.ensure_connection()
    for index, tier in enumerate(plan_make(text).tiers):
        holdings = [None]
        if tier.mode == "any":  # the rare words' documents first, then the others (query._any_rows)
            holdings += [((tier.words[-1],), True), ((tier.words[-1],), False)]
        for holding in holdings:
            with _ranked_by(True):
                ours = _tier_rows(index, tier, holding)
            with _ranked_by(False):
                theirs = _tier_rows(index, tier, holding)
            assert [pk for pk, _ in ours] == [pk for pk, _ in theirs], (text, tier, holding)
            phrases = query.fts5_expression(tier)[1]
            if len(set(phrases)) > 1:  # the IDFs weigh: the same scores
                assert [r for _, r in ours] == pytest.approx([r for _, r in theirs], rel=1e-12, abs=1e-9)


def test_the_counts_of_a_large_index_come_from_its_newest_rows_and_are_kept(
    ingest: Ingest, monkeypatch: pytest.MonkeyPatch, counts_forgotten: None
) -> None:
    monkeypatch.setattr(query, "COUNTS_KEPT_FROM", 5)
    monkeypatch.setattr(query, "COUNTS_SAMPLE", 4)
    monkeypatch.setattr(query, "COUNTS_SAMPLED_ENOUGH", 2)
    old = {f"old{i}.txt": _article(f"Tin cũ {i}", "Bản tin của huyện.", 1) for i in range(6)}
    new = {f"new{i}.txt": _article(f"Tin mới {i}", "Hợp tác với Bhutan.", 2) for i in range(3)}
    new["new3.txt"] = _article("Tin mới 3", "Hợp tác với tỉnh bạn.", 2)
    ingest(old, published=True)
    ingest(new, published=True)
    exact = query._Phrase("exact", ("hợp",))
    rare = query._Phrase("exact", ("bhutan",))
    pair = query._Phrase("exact", ("hợp", "tác"))
    with connection.cursor() as cursor:
        rows = query._fts5_rows(cursor)
        assert rows == Document.objects.count() == 10
        counts = query._fts5_counts(cursor, [exact, rare, pair], rows)
    # "hợp" and "hợp tác": in the 4 newest of 10 rows, 4 each: estimated at 4 * 10 / 4. Bhutan, in 3
    # of them, is common enough too (COUNTS_SAMPLED_ENOUGH = 2); the counts are kept.
    assert counts == {exact: 10, rare: round(3 * 10 / 4), pair: 10}
    assert query._counted[exact] == (10, 10)
    monkeypatch.setattr(query, "COUNTS_SAMPLED_ENOUGH", 4)
    query._counted.clear()
    with connection.cursor() as cursor:
        counts = query._fts5_counts(cursor, [exact, rare, pair], rows)
    # Now Bhutan is rare in the sample: a single word is counted exactly; a phrase is never counted.
    assert counts == {exact: 10, rare: 3, pair: 10}
    ingest({"more.txt": _article("Tin thêm", "Bản tin của xã.", 3)}, published=True)
    monkeypatch.setattr(query, "COUNTS_SAMPLED_ENOUGH", 2)
    with connection.cursor() as cursor:
        rows = query._fts5_rows(cursor)
        assert rows == 11  # a tenth more rows than when counted: counted again, "hợp" in 3 of the newest 4
        assert query._fts5_counts(cursor, [exact], rows) == {exact: round(3 * 11 / 4)}


def test_an_index_smaller_than_the_sample_is_counted_exactly(
    ingest: Ingest, monkeypatch: pytest.MonkeyPatch, counts_forgotten: None
) -> None:
    monkeypatch.setattr(query, "COUNTS_KEPT_FROM", 3)
    monkeypatch.setattr(query, "COUNTS_SAMPLE", 50)
    ingest(ARTICLES, published=True)
    phrase, word = query._Phrase("exact", ("hợp", "tác")), query._Phrase("exact", ("bhutan",))
    with connection.cursor() as cursor:
        rows = query._fts5_rows(cursor)
        assert query._fts5_counts(cursor, [phrase, word], rows) == {phrase: 3, word: 2}
    assert query._counted[phrase] == (5, 3)


def test_a_small_index_is_counted_exactly_every_time(ingest: Ingest, counts_forgotten: None) -> None:
    ingest(ARTICLES, published=True)
    phrase = query._Phrase("exact", ("hợp", "tác"))
    with connection.cursor() as cursor:
        rows = query._fts5_rows(cursor)
        assert query._fts5_counts(cursor, [phrase], rows) == {phrase: 3}
    assert not query._counted
    assert query.fts5_idf(rows, 3) == 1e-6  # log((5 - 3 + 0.5) / 3.5) < 0: FTS5 takes 1e-6
    assert query.fts5_idf(5, 1) == pytest.approx(1.098612, abs=1e-6)  # log(4.5 / 1.5)


def test_a_statement_the_function_refuses_is_ranked_by_bm25(
    ingest: Ingest, monkeypatch: pytest.MonkeyPatch, counts_forgotten: None
) -> None:
    # One IDF too few (a phrase list FTS5 would number otherwise): the function refuses, and the
    # statement is ranked by bm25() instead of failing the search.
    ingest(ARTICLES, published=True)
    tier = plan_make("hợp tác quốc tế").tiers[0]
    with _ranked_by(False):
        expected = _tier_rows(0, tier)
    listed = query.fts5_expression

    def one_phrase_short(tier: query.Tier) -> tuple[str, tuple[query._Phrase, ...]]:
        match, phrases = listed(tier)
        return match, phrases[:-1]

    monkeypatch.setattr(query, "fts5_expression", one_phrase_short)
    with _ranked_by(True):
        assert _tier_rows(0, tier) == expected


PAIRS_APART = {
    # Every pair of "hợp tác xã nông nghiệp" (hợp tác, tác xã, xã nông, nông nghiệp), never the phrase.
    "apart.txt": _article(
        "Tin nông thôn", "Hai bên hợp tác với tác xã; xã nông thôn mới phát triển nông nghiệp.", 7
    ),
    "whole.txt": _article("Hợp tác xã nông nghiệp", "Một hợp tác xã nông nghiệp ra đời ở tỉnh.", 8),
    # The exact run ends "cá ba", the folded run starts "ba ca": "cá ba ca" only across the barrier.
    "runs.txt": _article("Chợ cá", "Ba cá ba", 9),
}


def _rows(expression: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [expression])
        return {int(row[0]) for row in cursor.fetchall()}


@pytest.mark.parametrize(
    ("field", "words"),
    [
        ("exact", ("hợp", "tác", "xã", "nông", "nghiệp")),
        ("folded", ("hop", "tac", "xa", "nong", "nghiep")),
        ("exact", ("tác", "với", "tác", "xã", "nông")),
        ("exact", ("hợp", "tác", "quốc", "tế")),
        ("folded", ("hop", "tac", "quoc", "te")),
        ("exact", ("tin", "tổng", "hợp")),
        ("exact", ("chợ", "cá", "ba")),  # from the title into the body: no phrase
        ("exact", ("cá", "ba", "ca")),  # from the exact run into the folded one: no phrase
        ("folded", ("ba", "ca", "ba")),
    ],
)
def test_a_phrase_of_pairs_holds_the_documents_the_phrase_of_its_words_holds(
    ingest: Ingest, field: str, words: tuple[str, ...]
) -> None:
    # The phrase of pair tokens (migration 0007) against FTS5's own phrase of the syllables, which
    # it replaces: the same rows, and none where the phrase runs from one column into the next.
    ingest({**ARTICLES, **PAIRS_APART}, published=True)
    columns = "{title_exact body_exact}" if field == "exact" else "{title_folded body_folded}"
    expression, phrases = query._fts5_phrase(query._Phrase(field, words))
    assert [p.columns for p in phrases] == [f"pairs_{field}"]
    assert _rows(expression) == _rows(f'{columns} : "{" ".join(words)}"')


def test_every_phrase_of_several_words_is_a_phrase_of_pairs() -> None:
    # FTS5 reads a phrase's positions in every document holding all its tokens: the syllables'
    # lists are most of a large library, the pairs' short (docs/benchmarks.md).
    for text in [*QUERIES, "hợp tác xã nông nghiệp", '"tác xã nông" hợp tác', "Trần Cẩm Tú"]:
        for tier in plan_make(text).tiers:
            _match, phrases = query.fts5_expression(tier)
            assert all(p.columns == f"pairs_{tier.field}" for p in phrases if len(p.words) > 1), (text, tier)


@pytest.mark.parametrize("window", [3, 2])
def test_a_phrase_tier_ranks_the_same_with_a_window_and_without(
    ingest: Ingest, monkeypatch: pytest.MonkeyPatch, window: int
) -> None:
    ingest({**ARTICLES, **PAIRS_APART}, published=True)
    scope = Document.objects.all()
    for text in ("hợp tác", "hợp tác quốc tế", "hop tac xa nong nghiep"):
        whole = query.ranked_ids(scope, text, 20, "published")
        monkeypatch.setattr(query, "RANK_WINDOW", window)
        assert {pk for pk, _ in query.ranked_ids(scope, text, 20, "published")} == {pk for pk, _ in whole}
        monkeypatch.undo()
