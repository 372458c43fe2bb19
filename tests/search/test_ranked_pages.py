"""Search results are ranked a page at a time: best tiers first, stopping once the page is full,
within what the reader may read, with a count that stops past a cap; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.analysis.text import fold_key
from doingoai.api.services import token_create
from doingoai.library import selectors
from doingoai.library.models import Document, IngestJob
from doingoai.library.selectors import DocumentFilters, SearchResults, documents_find
from doingoai.search import query
from tests.django_fixtures import Units

Ingest = Callable[..., IngestJob]
QUERY = "hợp tác giáo dục"


def _article(title: str, body: str, day: int) -> str:
    return f"date 2026-04-{day:02d}\n{title}\n\n{body}\n"


def _phrase(i: int) -> str:
    return _article(f"Bản tin số {i}", f"Hai tỉnh ký kết hợp tác giáo dục nghề nghiệp, đợt {i}.", 1 + i)


def _scattered(i: int) -> str:
    return _article(
        f"Tin tổng hợp {i}",
        f"Hội nghị bàn về giáo dục; các bên ký hợp đồng mới cùng những quy định về tác phong, kỳ {i}.",
        10 + i,
    )


def _results(user: Any, query: str = QUERY) -> SearchResults:
    found = documents_find(user=user, filters=DocumentFilters(query=query))
    assert isinstance(found, SearchResults)
    return found


def test_a_page_holds_the_readable_matches_even_when_hidden_ones_rank_higher(
    ingest: Ingest, units: Units, make_user: Callable[..., User]
) -> None:
    # Six unpublished phrase matches of Hà Nội rank above the published scattered ones; a
    # Quảng Trị editor must still get the published ones on the first page.
    ingest({f"hidden{i}.txt": _phrase(i) for i in range(6)}, owner=units.ha_noi_union)
    ingest({f"open{i}.txt": _scattered(i) for i in range(2)}, published=True)
    editor = make_user("editor", units.quang_tri, username="bientap.qt")

    found = _results(editor)

    assert sorted(d.file_name for d in found[0:5]) == ["open0.txt", "open1.txt"]
    assert found.count() == 2
    assert len(_results(SYSTEM)[0:5]) == 5


def test_the_next_page_continues_the_ranking_where_the_last_one_stopped(ingest: Ingest) -> None:
    ingest({**{f"p{i}.txt": _phrase(i) for i in range(3)}, **{f"s{i}.txt": _scattered(i) for i in range(4)}})

    whole = [d.file_name for d in _results(SYSTEM)[0:50]]
    paginator = Paginator(_results(SYSTEM), 2)
    paged = [d.file_name for number in paginator.page_range for d in paginator.page(number)]

    assert paginator.count == 7
    assert paged == whole
    # The phrase before the scattered words; the latest first among equals.
    assert whole[:3] == ["p2.txt", "p1.txt", "p0.txt"]
    assert sorted(whole[3:]) == ["s0.txt", "s1.txt", "s2.txt", "s3.txt"]


def test_a_search_stops_ranking_once_its_page_is_full(ingest: Ingest) -> None:
    ingest({**{f"p{i}.txt": _phrase(i) for i in range(3)}, **{f"s{i}.txt": _scattered(i) for i in range(4)}})
    found = _results(SYSTEM)

    with CaptureQueriesContext(connection) as asked:
        first = found.ranked(2)

    # Eight tiers (exact and folded; word, phrase, near, all); the phrase ones fill the page.
    assert len(found.plan.tiers) == 8
    assert len(first) == 2
    ranking = [q["sql"] for q in asked.captured_queries if " AS rank " in q["sql"]]
    assert len(ranking) <= 2  # two tiers at most; the others are never asked


def test_a_count_past_the_cap_says_more_than(
    ingest: Ingest,
    units: Units,
    make_user: Callable[..., User],
    client_for: Callable[[User], Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ingest({f"p{i}.txt": _phrase(i) for i in range(3)}, published=True)
    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 2)
    editor = make_user("editor", units.quang_tri, username="bientap.qt")

    found = _results(editor)
    page = client_for(editor).get("/tim-kiem/", {"q": QUERY}).content.decode()
    _token, secret = token_create(actor=editor, user=editor, name="thử")
    api = Client().get("/api/search", {"q": QUERY}, HTTP_AUTHORIZATION=f"Bearer {secret}").json()

    assert (found.count(), found.capped) == (2, True)
    assert "hơn 2 kết quả" in page
    assert (api["count"], api["count_capped"], len(api["documents"])) == (2, True, 3)
    assert len(found[0:10]) == 3  # the cap stops the count, not the ranking


def test_a_query_matching_more_than_the_window_ranks_its_newest_matches(
    ingest: Ingest, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first stored report holds the phrase in its title too: the best score of all five.
    best = _article("Hợp tác giáo dục", "Hai tỉnh ký kết hợp tác giáo dục nghề nghiệp.", 1)
    ingest({"best.txt": best})
    ingest({f"p{i}.txt": _phrase(i) for i in range(4)})
    assert _results(SYSTEM)[0].file_name == "best.txt"

    monkeypatch.setattr(query, "RANK_WINDOW", 3)
    ranked = [d.file_name for d in _results(SYSTEM)[0:5]]
    assert sorted(ranked[:3]) == ["p1.txt", "p2.txt", "p3.txt"]  # the three stored last
    assert ranked[3:] == ["best.txt", "p0.txt"]  # the older ones after them, best first
    # Page by page, the same order: no page repeats or skips a document.
    paginator = Paginator(_results(SYSTEM), 2)
    assert [d.file_name for n in paginator.page_range for d in paginator.page(n)] == ranked


def test_a_window_the_filters_empty_still_ranks_the_older_matches(
    ingest: Ingest, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest({f"p{i}.txt": _phrase(i) for i in range(5)})  # published 1 to 5 April 2026
    monkeypatch.setattr(query, "RANK_WINDOW", 3)
    early = documents_find(user=SYSTEM, filters=DocumentFilters(query=QUERY, date_to=dt.date(2026, 4, 2)))
    assert sorted(d.file_name for d in early[0:10]) == ["p0.txt", "p1.txt"]


def test_few_events_rank_a_prefix_of_the_documents_and_match_the_full_ranking(
    ingest: Ingest, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.library_fixtures import FESTIVAL_LOCAL, FESTIVAL_TTXVN, HANOI_REPORT

    ingest(
        {"ttxvn.txt": FESTIVAL_TTXVN, "local.txt": FESTIVAL_LOCAL, "hanoi.txt": HANOI_REPORT}, published=True
    )
    query = "hữu nghị"
    full = selectors.events_ranked_ids(user=SYSTEM, query=query)
    assert len(full) == 2  # the festival's two reports are one event; the Hà Nội report another

    # One document per event at first: one event asked, one document ranked.
    monkeypatch.setattr(selectors, "EVENTS_RANKED_PER_EVENT", 1)
    stops: list[int] = []
    ranked = SearchResults.ranked

    def spy(self: SearchResults, stop: int) -> list[tuple[int, float]]:
        stops.append(stop)
        return ranked(self, stop)

    monkeypatch.setattr(SearchResults, "ranked", spy)
    assert selectors.events_ranked_ids(user=SYSTEM, query=query, events_max=1) == full[:1]
    assert stops == [1]
    # Three asked, three documents ranked hold two events: the run grows (fourfold), finds no
    # more matches, and stops with the full ranking's answer.
    stops.clear()
    assert selectors.events_ranked_ids(user=SYSTEM, query=query, events_max=3) == full
    assert stops == [3, 12]


def test_the_search_page_ranks_its_query_once_for_documents_and_events(
    ingest: Ingest,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.library_fixtures import FESTIVAL_LOCAL, FESTIVAL_TTXVN, HANOI_REPORT

    ingest(
        {"ttxvn.txt": FESTIVAL_TTXVN, "local.txt": FESTIVAL_LOCAL, "hanoi.txt": HANOI_REPORT}, published=True
    )
    calls: list[int] = []
    ranked_ids = selectors.ranked_ids

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return ranked_ids(*args, **kwargs)

    monkeypatch.setattr(selectors, "ranked_ids", spy)
    client = client_for(make_user("coordinator", None))
    page = client.get("/tim-kiem/", {"q": "hữu nghị"}).content.decode()
    assert "Mông Cổ" in page and "events-found" in page
    assert len(calls) == 1
    # Another filter narrows the documents and so the events: still one ranking for both.
    calls.clear()
    client.get("/tim-kiem/", {"q": "hữu nghị", "outlet": "Báo Hà Nội"})
    assert len(calls) == 1


@pytest.mark.parametrize("field", ["exact", "folded"])
def test_the_window_floor_is_the_lowest_id_of_the_newest_matches_however_it_is_found(
    ingest: Ingest, monkeypatch: pytest.MonkeyPatch, field: str
) -> None:
    # Eight of twelve reports hold the phrase, the others only its words, scattered. On PostgreSQL
    # a floor of a few matches probes ranges of ids from the newest; one near the number of
    # matches reads them all: both must find the same floor as counting does.
    from doingoai.search.plan import plan_make

    ingest({f"r{i:02d}.txt": (_phrase(i) if i % 3 else _scattered(i)) for i in range(12)})
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")
    holding = sorted(
        (d.pk for d in Document.objects.filter(file_name__startswith="r") if int(d.file_name[1:3]) % 3),
        reverse=True,
    )
    tier = next(t for t in plan_make(QUERY).tiers if t.field == field and t.mode == "phrase")
    for size in range(1, len(holding) + 2):
        monkeypatch.setattr(query, "RANK_WINDOW", size)
        with query._through_indexes(), CaptureQueriesContext(connection) as asked:
            window = query._window(tier)
        if size > len(holding):
            assert window is None, size
            continue
        assert window is not None and window.floor == holding[size - 1], size
        if connection.vendor == "postgresql":  # the index's highest id, for the tiers' buckets
            assert window.top == max(d.pk for d in Document.objects.all()), size
            if size == 1:
                assert any(">= " in q["sql"] for q in asked.captured_queries)  # probed
    if connection.vendor == "postgresql":  # the planner's settings do not outlive the search
        assert len(_results(SYSTEM)[0:3]) == 3
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')")
            assert cursor.fetchone() == ("on", "on")


def _variety(i: int) -> str:
    """Return one of the shapes a query's tiers tell apart: phrase, words near, scattered, other spellings."""
    shapes = [
        _phrase(i),
        _scattered(i),
        _article(
            f"Hợp tác giáo dục, kỳ {i}", f"Bản tin về học bổng và trao đổi sinh viên, kỳ {i}.", 1 + i % 27
        ),
        _article(f"Tin {i}", f"Về giáo dục, hai bên tăng hợp tác trong năm {2000 + i}.", 1 + i % 27),
        _article(
            f"Tin {i}", f"Hộp tác giao dục là lỗi gõ, kỳ {i}; giáo dục và hợp tác vẫn đúng.", 1 + i % 27
        ),
        _article(f"Tin {i}", f"Hop tac giao duc viết không dấu, kỳ {i}.", 1 + i % 27),
        # Every exact word apart, near only once folded: the folded near tier, before the exact "all".
        _article(
            f"Tin {i}", f"Hộp tác xã giao dục. Về giáo dục, bàn hợp đồng, quy định, tác phong, kỳ {i}.", 1
        ),
    ]
    return shapes[i % len(shapes)]


def test_postgresql_places_the_window_at_once_in_the_order_of_the_tiers_asked_one_by_one(
    ingest: Ingest, units: Units, make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    # PostgreSQL places and ranks the window's documents in one statement (_pg_window_rows); each
    # tier asked alone, from the window's floor up through the ids' buckets, then its older
    # matches, must give the same documents in the same order, for every page size, reader and query.
    if connection.vendor != "postgresql":
        pytest.skip("the window's documents are placed at once on PostgreSQL; FTS5 walks its index")
    import dataclasses

    ingest({f"v{i:02d}.txt": _variety(i) for i in range(28)}, published=True)
    ingest({f"h{i:02d}.txt": _variety(i) for i in range(28, 35)}, owner=units.ha_noi_union)
    editor = make_user("editor", units.quang_tri, username="bientap.qt")
    window = query._window

    placed_at_once = 0

    def ranked(at_once: bool, text: str, user: Any, stop: int) -> list[tuple[int, float]]:
        nonlocal placed_at_once

        def one_by_one(tier: Any) -> Any:
            found = window(tier)
            return dataclasses.replace(found, ids=()) if found is not None else None

        monkeypatch.setattr(query, "_window", window if at_once else one_by_one)
        scope = documents_find(user=user, filters=DocumentFilters())  # the reader's documents
        with CaptureQueriesContext(connection) as asked:
            rows = query.ranked_ids(scope, text, stop, "published")
        placed = [q["sql"] for q in asked.captured_queries if "AS tier FROM" in q["sql"]]
        assert at_once or not placed
        placed_at_once += len(placed)
        return rows

    queries = [QUERY, fold_key(QUERY), "giáo dục", "giao duc", '"giáo dục" hợp', "hợp tác giáo dục kỳ 5"]
    for size in (3, 7, 20):
        monkeypatch.setattr(query, "RANK_WINDOW", size)
        for text in queries:
            for user in (SYSTEM, editor):
                for stop in (1, 4, 30):
                    expected = ranked(False, text, user, stop)
                    assert ranked(True, text, user, stop) == expected, (size, text, user, stop)
                    assert expected, text
    assert placed_at_once >= 20  # a window placed at once in many of the searches


def test_postgresql_counts_a_common_query_from_its_window(
    ingest: Ingest, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The window holds the newest matches of the broadest tier: when more than the cap of them are
    # the reader's, the count needs no match over the library, and the ranking reuses the window.
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's counts only; FTS5 counts through its index")
    from doingoai.search.query import matches_count

    ingest({f"p{i}.txt": _phrase(i) for i in range(6)}, published=True)
    monkeypatch.setattr(query, "RANK_WINDOW", 4)
    found = _results(SYSTEM, "giáo dục")
    with CaptureQueriesContext(connection) as asked:
        assert matches_count(found.documents, found.plan, 2) == 3  # more than 2, told by the window
        found.ranked(3)
    sql = [q["sql"] for q in asked.captured_queries]
    assert not any("count(*)" in q and "search_searchentry s JOIN" in q for q in sql)
    assert sum("ORDER BY s.document_id DESC" in q for q in sql) == 1  # one probe for both
    assert matches_count(found.documents, "giáo dục", 10) == 6  # under the cap: counted in full


def _documents_at(ids: list[int], body: Callable[[int], str]) -> None:
    """Store and index one published document under each of `ids` (a library's ids far apart)."""
    from doingoai.search.services import search_entry_write

    for pk in ids:
        text = body(pk)
        Document.objects.create(
            pk=pk,
            title=f"Bản tin {pk}",
            text=text,
            published=dt.date(2026, 4, 1),
            file_name=f"b{pk}.txt",
            content_hash=f"{pk:064d}",
            is_published=True,
        )
        search_entry_write(document_id=pk, title=f"Bản tin {pk}", body=text)


@pytest.mark.django_db
def test_postgresql_finds_the_newest_matches_and_counts_through_the_id_buckets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # vector_bucket holds each row's id divided by ID_BUCKET; a range of ids ANDed through its
    # buckets must find exactly what the range alone finds, the newest first, however the probes go.
    if connection.vendor != "postgresql":
        pytest.skip("the id buckets are PostgreSQL's (vector_bucket); FTS5 walks its ids from the newest")
    from importlib import import_module

    from doingoai.search.plan import plan_make
    from doingoai.search.query import matches_count

    migrated = import_module("doingoai.search.migrations.0006_id_buckets_in_one_gin_index").ID_BUCKET
    assert query.ID_BUCKET == migrated
    b = query.ID_BUCKET
    holding = [1, 2, 3, b - 1, b, b + 1, 3 * b + 5, 5 * b, 5 * b + 1]
    _documents_at(holding, lambda pk: f"Hai tỉnh bàn chuyện hợp tác giáo dục, kỳ {pk}.")
    _documents_at([2 * b, 4 * b], lambda pk: f"Tin thời tiết, kỳ {pk}.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
        cursor.execute("SELECT document_id, vector_bucket::text FROM search_searchentry")
        assert {pk: bucket for pk, bucket in cursor.fetchall()} == {
            pk: f"'{pk // b}':1" for pk in [*holding, 2 * b, 4 * b]
        }
    monkeypatch.setattr(query, "BUCKETS_AT_MOST", 2)

    tier = next(t for t in plan_make("hợp tác").tiers if t.mode == "all")
    where, params = query._pg_split(tier)[0]
    newest = sorted(holding, reverse=True)
    asked: list[str] = []
    for size in range(1, len(holding) + 2):
        with query._through_indexes(), CaptureQueriesContext(connection) as captured:
            assert query._pg_newest(where, params, size) == (newest[:size] if size <= len(holding) else None)
        asked += [q["sql"] for q in captured.captured_queries]
    assert any("vector_bucket" in sql for sql in asked)

    monkeypatch.setattr(query, "BUCKETS_AT_MOST", 4)
    everything = Document.objects.all()
    with CaptureQueriesContext(connection) as captured:
        assert matches_count(everything, "hợp tác", 1) == 2  # more than 1, found among the newest ids
    assert any("vector_bucket" in q["sql"] for q in captured.captured_queries)
    # A reader whose documents are older than that range gets the whole count all the same.
    assert matches_count(Document.objects.filter(pk__in=[1, 2, 3]), "hợp tác", 1) == 2
    assert matches_count(Document.objects.filter(pk__in=[1, 2, 3]), "hợp tác", 5) == 3
    assert matches_count(everything, "hợp tác", 20) == len(holding)


@pytest.mark.django_db
def test_postgresql_steps_down_through_the_buckets_and_reads_no_range_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Past the first probe, each next one asks only for the ids below those probed, one buckets'
    # reach at a time while a few steps are expected to finish: never the id range alone, which
    # makes GIN build each word's whole list, and never a match read twice.
    if connection.vendor != "postgresql":
        pytest.skip("the id buckets are PostgreSQL's (vector_bucket); FTS5 walks its ids from the newest")
    from doingoai.search.plan import plan_make

    b = query.ID_BUCKET
    holding = [b * k + 7 for k in range(12)]  # one match in each of twelve buckets
    _documents_at(holding, lambda pk: f"Hai tỉnh bàn chuyện hợp tác giáo dục, kỳ {pk}.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
    monkeypatch.setattr(query, "BUCKETS_AT_MOST", 3)  # a reach of two buckets and one id
    monkeypatch.setattr(query, "BUCKET_STEPS", 10, raising=False)
    tier = next(t for t in plan_make("hợp tác").tiers if t.mode == "all")
    where, params = query._pg_split(tier)[0]
    with query._through_indexes(), CaptureQueriesContext(connection) as captured:
        assert query._pg_newest(where, params, 9) == sorted(holding, reverse=True)[:9]
    probes = [q["sql"] for q in captured.captured_queries if "ORDER BY s.document_id DESC" in q["sql"]]
    assert len(probes) > 2 and all("vector_bucket" in sql for sql in probes)
    limits = [int(sql.rsplit("LIMIT", 1)[1]) for sql in probes]
    assert limits == sorted(limits, reverse=True) and limits[-1] < 9  # only the rest is asked for
