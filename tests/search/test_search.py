from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.library.models import IngestJob
from doingoai.library.selectors import DocumentFilters, documents_find
from doingoai.search.plan import plan_make
from doingoai.search.snippets import snippets_make
from tests.django_fixtures import Units
from tests.library_fixtures import FESTIVAL_LOCAL, FESTIVAL_TTXVN, HANOI_REPORT

Ingest = Callable[..., IngestJob]


@pytest.fixture
def library(ingest: Ingest) -> None:
    ingest(
        {"ttxvn.txt": FESTIVAL_TTXVN, "local.txt": FESTIVAL_LOCAL, "hanoi.txt": HANOI_REPORT}, published=True
    )


def _found(**filters: object) -> set[str]:
    documents = documents_find(user=SYSTEM, filters=DocumentFilters(**filters))  # type: ignore[arg-type]
    return {d.file_name for d in documents}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("giao lưu nhân dân", {"ttxvn.txt", "local.txt"}),
        ("giao luu nhan dan", {"ttxvn.txt", "local.txt"}),
        ("GIAO LƯU Nhân Dân", {"ttxvn.txt", "local.txt"}),
        ("dong", {"ttxvn.txt", "local.txt", "hanoi.txt"}),  # đồng, đồng hành
        ("mong co", {"hanoi.txt"}),
        ("vo gia", {"local.txt"}),
        ("lao bao mong co", set()),  # every word must match
        ("dan dau", {"hanoi.txt"}),
        ("gia", {"ttxvn.txt", "local.txt"}),  # "giá", "tham gia"; a whole word, so not "giao"
        ("giao l\u200bưu nhân dân", {"ttxvn.txt", "local.txt"}),  # an invisible space inside a word
        ("\u00d0ồng", {"ttxvn.txt", "local.txt", "hanoi.txt"}),  # Ð (eth) typed for Đ
    ],
)
def test_search_finds_words_with_or_without_diacritics(library: None, query: str, expected: set[str]) -> None:
    assert _found(query=query) == expected


def test_search_query_with_fts_operators_is_read_as_words(library: None) -> None:
    assert _found(query='"Lao Bảo" OR NEAR(x) -- col:') == set()
    assert _found(query="Lao* Bảo") == {"ttxvn.txt", "local.txt"}


def test_search_filters_by_date_outlet_person_organization_and_place(library: None) -> None:
    import datetime as dt

    assert _found(query="giao luu", date_from=dt.date(2026, 3, 21)) == {"local.txt"}
    assert _found(date_to=dt.date(2026, 3, 20)) == {"ttxvn.txt"}
    assert _found(query="hoc bong", outlet="TTXVN") == {"ttxvn.txt"}
    assert _found(person="ho thi lan") == {"ttxvn.txt", "local.txt"}
    assert _found(organization="huu nghi thanh pho ha noi") == {"hanoi.txt"}
    assert _found(place="Quảng Trị") == {"ttxvn.txt", "local.txt"}


def test_search_ranks_the_document_with_more_matches_first(ingest: Ingest) -> None:
    ingest({"one.txt": HANOI_REPORT, "two.txt": FESTIVAL_TTXVN}, published=True)
    ranked = [d.file_name for d in documents_find(user=SYSTEM, filters=DocumentFilters(query="Lao"))]
    assert ranked[0] == "two.txt"


def test_snippet_highlights_the_original_words_and_escapes_the_rest() -> None:
    text = "Ủng hộ <b>150 triệu đồng</b> cho đồng bào vùng lũ & bão."
    (snippet,) = snippets_make(text, ["dong"])
    assert str(snippet) == (
        "Ủng hộ &lt;b&gt;150 triệu <mark>đồng</mark>&lt;/b&gt; cho <mark>đồng</mark> bào vùng lũ &amp; bão."
    )


def test_a_quoted_phrase_is_marked_whole_and_its_words_alone_are_not() -> None:
    from doingoai.search.plan import plan_make

    text = "Ông Nhân dự hội nghị.\nCông tác đối ngoại\nnhân dân năm 2025 và đối ngoại Nhà nước."
    plan = plan_make('"đối ngoại nhân dân" 2025')
    assert plan.marks("exact") == ["đối ngoại nhân dân", "2025"]
    (snippet,) = snippets_make(text, plan.marks("exact"), "exact")
    # Across the line break too; not "Nhân" of the name, nor "đối ngoại" of another phrase.
    assert str(snippet) == (
        "Ông Nhân dự hội nghị.\nCông tác <mark>đối ngoại\nnhân dân</mark> năm <mark>2025</mark> "
        "và đối ngoại Nhà nước."
    )
    # Unquoted, each word is marked where it stands, as before.
    assert plan_make("đối ngoại").marks("exact") == ["đối", "ngoại"]
    # The index reads a phrase across signs, so the mark does too.
    text = "Ngày hội hữu nghị nhân dân Việt Nam - Lào, Việt Nam–Lào."
    (snippet,) = snippets_make(text, plan_make('"Việt Nam - Lào"').marks("exact"), "exact")
    assert (
        str(snippet) == "Ngày hội hữu nghị nhân dân <mark>Việt Nam - Lào</mark>, <mark>Việt Nam–Lào</mark>."
    )


def test_search_page_shows_highlighted_snippets_and_the_event(
    library: None, make_user: Callable[..., User], client_for: Callable[[User], Client], units: Units
) -> None:
    page = (
        client_for(make_user("viewer", units.quang_tri))
        .get("/tim-kiem/", {"q": "tai san vo gia"})
        .content.decode()
    )
    assert "<mark>tài</mark> <mark>sản</mark> <mark>vô</mark> <mark>giá</mark>" in page
    assert "/thu-vien/su-kien/" in page


def test_search_page_shows_the_count_the_filters_in_use_and_a_way_to_remove_each(
    library: None, make_user: Callable[..., User], client_for: Callable[[User], Client], units: Units
) -> None:
    client = client_for(make_user("viewer", units.quang_tri))
    page = client.get("/tim-kiem/", {"q": "giao luu", "outlet": "TTXVN"}).content.decode()
    assert "1 kết quả" in page
    assert "Nguồn tin: <strong>TTXVN</strong>" in page
    assert 'href="?q=giao+luu"' in page  # the outlet removed, the words kept
    assert 'href="?outlet=TTXVN"' in page  # the words removed, the outlet kept
    assert "Chỉ bản nháp của tôi: <strong>" not in page  # an unticked box is no filter
    assert "False" not in page


def test_search_page_offers_the_person_a_query_names_and_a_filter_on_them(
    library: None, make_user: Callable[..., User], client_for: Callable[[User], Client], units: Units
) -> None:
    client = client_for(make_user("viewer", units.quang_tri))
    page = client.get("/tim-kiem/", {"q": "ho thi lan"}).content.decode()
    assert "Hồ Thị Lan" in page
    assert 'class="entity-filter" href="?person=H%E1%BB%93%20Th%E1%BB%8B%20Lan"' in page
    filtered = client.get("/tim-kiem/", {"person": "Hồ Thị Lan"}).content.decode()
    assert "2 kết quả" in filtered


def test_search_page_pages_its_results(
    ingest: Ingest, make_user: Callable[..., User], client_for: Callable[[User], Client], units: Units
) -> None:
    ingest(
        {
            f"{i}.txt": f"date 2026-02-{i + 1:02d}\nTin số {i}\n\nHội nghị hữu nghị lần thứ {i}.\n"
            for i in range(22)
        },
        published=True,
    )
    client = client_for(make_user("viewer", units.quang_tri))
    first = client.get("/tim-kiem/", {"q": "hội nghị"}).content.decode()
    assert "22 kết quả" in first and "page=2" in first
    second = client.get("/tim-kiem/", {"q": "hội nghị", "page": 2}).content.decode()
    assert second.count('class="hit"') == 2


@pytest.mark.django_db
def test_postgresql_keeps_the_index_texts_out_of_its_rows() -> None:
    # Finding documents reads each found row for its id: the texts (1.6 kB a document) stay in
    # TOAST, so those reads touch a narrow table (migration 0005, docs/benchmarks.md).
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("toast_tuple_target is PostgreSQL's; FTS5 keeps its own index apart from the rows")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE oid = 'search_searchentry'::regclass")
        (options,) = cursor.fetchone()
    assert "toast_tuple_target=128" in (options or []), options


def test_a_number_is_highlighted_whole_in_its_snippet() -> None:
    text = "Mỗi em được tặng 500.000 đồng, còn 500 suất quà dành cho hộ nghèo."
    plan = plan_make("500.000")
    (snippet,) = snippets_make(text, plan.marks("exact"), "exact")
    assert "<mark>500.000</mark> đồng" in str(snippet) and "còn 500 suất" in str(snippet)
