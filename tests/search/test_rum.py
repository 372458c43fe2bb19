"""PostgreSQL ranks inside a RUM index where the extension is installed, through GIN where it is
not; documents with equal scores come latest first on either path."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doingoai.accounts.scope import SYSTEM
from doingoai.library.models import IngestJob
from doingoai.library.selectors import DocumentFilters, SearchResults, documents_find
from doingoai.search import query
from doingoai.search.rum import rum_forget, rum_indexes_create, rum_ready

Ingest = Callable[..., IngestJob]


def _results(text: str) -> SearchResults:
    found = documents_find(user=SYSTEM, filters=DocumentFilters(query=text))
    assert isinstance(found, SearchResults)
    return found


def _same_report(day: int) -> str:
    # Six outlets print the same sentence: every copy has the same score in every tier.
    return f"date 2026-05-{day:02d}\nTin đối ngoại\n\nĐoàn đại biểu hữu nghị thăm tỉnh Cao Bằng.\n"


@pytest.mark.parametrize("fetch_max", [4, 8], ids=["ties-past-the-fetch-limit", "ties-within-it"])
def test_documents_with_equal_scores_come_latest_first_page_after_page(
    ingest: Ingest, ranking_path: str, monkeypatch: pytest.MonkeyPatch, fetch_max: int
) -> None:
    # With a margin of 0 a page of 2 first fetches 4 rows, all tied: RUM fetches 8 (which holds
    # all six) when allowed, or hands the tier to GIN; the order must not depend on which.
    monkeypatch.setattr(query, "RUM_MARGIN", 0)
    monkeypatch.setattr(query, "RUM_FETCH_MAX", fetch_max)
    ingest({f"day{day}.txt": _same_report(day) for day in (3, 9, 1, 7, 5, 2)}, published=True)

    paginator = Paginator(_results("hữu nghị"), 2)
    paged = [d.file_name for n in paginator.page_range for d in paginator.page(n)]

    assert paged == ["day9.txt", "day7.txt", "day5.txt", "day3.txt", "day2.txt", "day1.txt"]


def test_a_title_match_ranks_first_when_ranked_inside_the_index(ingest: Ingest, ranking_path: str) -> None:
    ingest(
        {
            "body.txt": "date 2026-05-02\nTin tuần\n\nTỉnh tiếp đoàn đại biểu hữu nghị Lào.\n",
            "title.txt": "date 2026-05-01\nĐoàn đại biểu hữu nghị Lào thăm tỉnh\n\nHai bên trao đổi.\n",
        },
        published=True,
    )
    with CaptureQueriesContext(connection) as asked:
        ranked = [d.file_name for d in _results("hữu nghị Lào")[0:5]]

    assert ranked == ["title.txt", "body.txt"]
    # Ranked by the RUM index's distance where it exists, by ts_rank_cd over GIN's rows otherwise.
    assert any("<=>" in q["sql"] for q in asked.captured_queries) == (ranking_path == "rum")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the RUM extension is PostgreSQL's")
def test_a_user_who_may_not_create_extensions_keeps_the_gin_ranking(ingest: Ingest) -> None:
    # A production database user is seldom a superuser: the migration must then leave the GIN
    # indexes alone instead of failing, and search must still rank.
    with connection.cursor() as cursor:
        cursor.execute("DROP EXTENSION IF EXISTS rum CASCADE")
        cursor.execute("CREATE ROLE doingoai_search_no_extension NOSUPERUSER")
        cursor.execute("SET ROLE doingoai_search_no_extension")
    try:
        created = rum_indexes_create(connection)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    ingest({"a.txt": _same_report(1), "b.txt": _same_report(2)}, published=True)

    try:
        assert created is False
        assert rum_ready(connection) is False
        assert [d.file_name for d in _results("hữu nghị")[0:5]] == ["b.txt", "a.txt"]
    finally:
        rum_forget(connection)  # the test's rollback brings the extension and its indexes back
