"""How search ranks: tiers (exact before folded, phrase before scattered), BM25 with the title
above the body, word boundaries, recent documents on ties; on SQLite and on PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from doingoai.accounts.scope import SYSTEM
from doingoai.library.models import IngestJob
from doingoai.library.selectors import DocumentFilters, documents_find
from doingoai.search.plan import plan_make, tier_label
from doingoai.search.query import rank_split

Ingest = Callable[..., IngestJob]


def _ranked(query: str) -> list[str]:
    return [d.file_name for d in documents_find(user=SYSTEM, filters=DocumentFilters(query=query))]


def _article(title: str, body: str, date: str = "2026-03-02") -> str:
    return f"date {date}\n{title}\n\n{body}\n"


# Each case: the articles, the query, and pairs (better, worse) that must rank in that order.
CASES = [
    pytest.param(
        {
            "name.txt": _article("Gặp mặt cán bộ hưu trí", "Ông Nguyễn Văn Tú phát biểu tại buổi gặp mặt."),
            "tu.txt": _article(
                "Gặp mặt đầu năm",
                "Từ sáng sớm, từ các xã, từng đoàn đến từ khắp nơi; "
                "tư vấn và tư liệu được trao từ tay người tổ chức.",
            ),
        },
        "Tú",
        [("name.txt", "tu.txt")],
        id="exact-before-folded",
    ),
    pytest.param(
        {
            "phrase.txt": _article("Tin địa phương", "Tỉnh đẩy mạnh hợp tác quốc tế về giáo dục."),
            "scattered.txt": _article(
                "Tin tổng hợp",
                "Quốc gia này tế lễ đầu năm. Hợp đồng ký ngày 2, các bên hợp sức, tác phong quốc gia, "
                "tác giả được hợp tuyển. Tế bào và quốc tịch được bàn.",
            ),
        },
        "hợp tác quốc tế",
        [("phrase.txt", "scattered.txt")],
        id="phrase-before-scattered",
    ),
    pytest.param(
        {
            "title.txt": _article("Lễ hội hoa ban khai mạc", "Người dân và du khách đến dự đông vui."),
            "body.txt": _article(
                "Tin văn hóa tuần này",
                "Trong tuần, nhiều địa phương tổ chức lễ hội; một lễ hội lớn ở miền núi.",
            ),
        },
        "lễ hội",
        [("title.txt", "body.txt")],
        id="title-before-body",
    ),
    pytest.param(
        {
            "city.txt": _article("Đón đoàn khách quốc tế", "Đoàn sẽ thăm Hà Nội trong ba ngày."),
            "noise.txt": _article(
                "Họp nội bộ",
                "Nội dung cuộc họp nội bộ bàn chuyện hà khắc; nội quy mới, hà tiện chi tiêu, nội thất, "
                "nội vụ và hà mã trong vườn thú; nội dung được ghi lại.",
            ),
        },
        "Hà Nội",
        [("city.txt", "noise.txt")],
        id="name-before-lowercase-noise",
    ),
    pytest.param(
        {
            "word.txt": _article("Thuế mới", "Chính sách thuế mới có tác động lớn đến doanh nghiệp."),
            "across.txt": _article(
                "Thanh niên",
                "Hai bên đẩy mạnh hợp tác động viên thanh niên tham gia; hợp tác động viên cả học sinh.",
            ),
        },
        "tác động",
        [("word.txt", "across.txt")],
        id="phrase-on-a-word-boundary-before-one-across-two-words",
    ),
    pytest.param(
        {
            "new.txt": _article("Ngày hội giao lưu", "Thanh niên hai nước giao lưu văn nghệ.", "2026-04-10"),
            "old.txt": _article("Ngày hội giao lưu", "Thanh niên hai nước giao lưu văn nghệ.", "2026-01-10"),
        },
        "giao lưu",
        [("new.txt", "old.txt")],
        id="recent-first-on-a-tie",
    ),
]


@pytest.mark.parametrize(("articles", "query", "orders"), CASES)
def test_search_ranks(
    ingest: Ingest, articles: dict[str, str], query: str, orders: list[tuple[str, str]]
) -> None:
    ingest(articles, published=True)
    ranked = _ranked(query)
    for better, worse in orders:
        assert better in ranked and worse in ranked, ranked
        assert ranked.index(better) < ranked.index(worse), ranked


def test_a_rare_word_of_a_long_query_outweighs_many_common_ones(ingest: Ingest) -> None:
    # A query of five words or more ends in the "any of its words" tier, ranked by BM25: the word
    # that few documents hold (Bhutan) must count for more than words that every document holds,
    # however often they repeat. PostgreSQL's ts_rank_cd alone knows no document frequencies.
    common = "Các đoàn và các hội của tỉnh; các xã và các phường của tỉnh; các ban và các ngành của tỉnh."
    articles = {
        f"filler{i}.txt": _article(f"Tin số {i}", f"Ngày {i}, các hội và các ngành của tỉnh họp.")
        for i in range(10)
    }
    articles["common.txt"] = _article("Tin tổng hợp", common)
    articles["rare.txt"] = _article("Tin đối ngoại", "Một đoàn khách từ Bhutan sang thăm.")
    ingest(articles, published=True)
    ranked = _ranked("các đoàn và của Bhutan")
    assert ranked[0] == "rare.txt", ranked
    assert [tier_label(t) for t in plan_make("các đoàn và của Bhutan").tiers][-1].endswith(":any")


def test_query_without_diacritics_matches_both_spellings_as_equals(ingest: Ingest) -> None:
    ingest(CASES[0].values[0], published=True)
    assert set(_ranked("tu")) == {"name.txt", "tu.txt"}


def test_quotes_force_a_phrase(ingest: Ingest) -> None:
    ingest(CASES[1].values[0], published=True)
    assert _ranked('"hợp tác quốc tế"') == ["phrase.txt"]
    assert _ranked('"hop tac quoc te"') == ["phrase.txt"]
    assert set(_ranked("hợp tác quốc tế")) == {"phrase.txt", "scattered.txt"}


def test_words_near_each_other_rank_above_words_far_apart(ingest: Ingest) -> None:
    ingest(
        {
            "near.txt": _article("Tin một", "Đoàn thanh niên Lào sang thăm tỉnh."),
            "far.txt": _article(
                "Tin hai",
                "Thanh niên trong tỉnh dự hội trại; ba ngày sau, mười hai người đi công tác, "
                "rồi bốn người sang Lào.",
            ),
        },
        published=True,
    )
    assert _ranked("thanh niên Lào") == ["near.txt", "far.txt"]


@pytest.mark.parametrize(
    ("query", "labels"),
    [
        ("Tú", ["exact:all", "folded:all"]),
        ("tu", ["folded:all"]),
        (
            "Hà Nội",
            [f"{f}:{m}" for m in ("word_phrase", "phrase", "near", "all") for f in ("exact", "folded")],
        ),
        ("ha noi", ["folded:word_phrase", "folded:phrase", "folded:near", "folded:all"]),
        ('"Lao Bảo"', ["exact:all", "folded:all"]),
        (
            "ngày hội giao lưu nhân dân",
            [f"{f}:{m}" for m in ("word_phrase", "phrase", "any") for f in ("exact", "folded")],
        ),
        ("", []),
        ("!!!", []),
    ],
)
def test_one_plan_decides_the_tiers(query: str, labels: list[str]) -> None:
    assert [tier_label(t) for t in plan_make(query).tiers] == labels


def test_the_tone_mark_placement_does_not_matter_in_the_exact_field(ingest: Ingest) -> None:
    ingest({"hoa.txt": _article("Hòa bình", "Hòa bình và hữu nghị giữa các dân tộc.")}, published=True)
    assert _ranked("hoà bình") == ["hoa.txt"]
    (document,) = documents_find(user=SYSTEM, filters=DocumentFilters(query="hoà bình"))
    tier, _score = rank_split(document.search_rank)
    assert plan_make("hoà bình").tiers[tier].field == "exact"


@pytest.mark.parametrize("bound", [1, 1_000_000])
def test_a_long_query_ranks_its_rarest_words_first_and_still_finds_the_rest(
    ingest: Ingest, monkeypatch: pytest.MonkeyPatch, bound: int
) -> None:
    # The "any" tier ranks the documents holding the query's rarest words first, then the others
    # (query.ANY_CANDIDATES), on both engines. The "crowded" document holds every common word of
    # the query in its title and is the best by BM25 alone (a bound that takes every word); with a
    # bound of 1 only Bhutan's document is in the first pass, and the page, not full, still takes
    # the documents holding only common words, ranked.
    from doingoai.search import query

    monkeypatch.setattr(query, "ANY_CANDIDATES", bound)
    articles = {
        f"filler{i}.txt": _article(f"Tin số {i}", f"Ngày {i}, các hội và các ngành của tỉnh họp.")
        for i in range(3)
    }
    articles["crowded.txt"] = _article(
        "Các đoàn và các hội của tỉnh",
        "Các đoàn của tỉnh và các đoàn của huyện, các hội và các ngành của xã.",
    )
    articles["rare.txt"] = _article(
        "Tin đối ngoại",
        "Khách sang thăm tỉnh trong ba ngày, gặp lãnh đạo, dự hội thảo, đi thăm trường học, "
        "bệnh viện và khu công nghiệp; họ đến từ Bhutan.",
    )
    articles["other.txt"] = _article("Tin thể thao", "Giải bóng đá mở rộng.")
    ingest(articles, published=True)
    ranked = _ranked("các đoàn và của Bhutan")
    assert ranked[0] == ("rare.txt" if bound == 1 else "crowded.txt"), ranked
    assert set(ranked) == {"rare.txt", "crowded.txt", *(f"filler{i}.txt" for i in range(3))}


def test_the_rarest_words_are_taken_while_their_documents_stay_within_the_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from doingoai.search import query

    monkeypatch.setattr(query, "ANY_CANDIDATES", 100)
    tier = plan_make("một hai ba bốn năm sáu").tiers[-1]
    held = dict(zip(tier.words, (5000, 40, 70, 900, 10, 30), strict=True))
    assert query._any_rarest(tier, held) == ("nam", "sau", "hai")  # 10 + 30 + 40; 70 more would pass 100
    held = dict.fromkeys(tier.words, 5000)
    assert query._any_rarest(tier, held) == ("ba",)  # at least one word: the first of equals by spelling
    assert query._any_rarest(tier, dict.fromkeys(tier.words, 1)) is None  # every word: the tier whole


@pytest.mark.parametrize("bound", [2, 1_000_000])
def test_a_long_query_of_common_words_ranks_the_newest_first_when_many_hold_them(
    ingest: Ingest, monkeypatch: pytest.MonkeyPatch, bound: int
) -> None:
    # Past ANY_CANDIDATES documents holding the rarest words, the "any" tier ranks the newest of
    # them first (the highest ids), then the older ones, so its cost stops growing with the library.
    from doingoai.library.models import Document
    from doingoai.search import query

    monkeypatch.setattr(query, "ANY_CANDIDATES", bound)
    articles = {
        "best.txt": _article("Bhutan, Bhutan và Bhutan", "Đoàn khách Bhutan sang thăm; Bhutan ký kết."),
        "second.txt": _article("Tin đối ngoại", "Khách từ Bhutan sang thăm Việt Nam, gặp lãnh đạo tỉnh."),
        "third.txt": _article("Tin đối ngoại", "Một đoàn khách từ Bhutan sang thăm tỉnh và dự hội thảo."),
        "fourth.txt": _article(
            "Tin đối ngoại", "Khách quốc tế, trong đó có đoàn từ Bhutan, dự lễ hội của tỉnh."
        ),
    }
    ingest(articles, published=True)
    newest = [d.file_name for d in Document.objects.filter(file_name__in=articles).order_by("-pk")]
    ranked = _ranked("mùa xuân năm nay ở Bhutan")
    assert sorted(ranked) == sorted(articles)
    if bound == 2:
        assert set(ranked[:2]) == set(newest[:2]), (ranked, newest)
    else:
        assert ranked[0] == "best.txt", ranked


def _meetings_and_a_visit(ingest: Ingest, visit: str, why_postgresql: str) -> None:
    """Store eight reports of the province's meetings and one of a visit (on PostgreSQL only)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(why_postgresql)
    articles = {f"tin{i}.txt": _article(f"Tin số {i}", f"Các đoàn của tỉnh họp lần {i}.") for i in range(8)}
    articles["bhutan.txt"] = _article("Tin đối ngoại", visit)
    ingest(articles, published=True)


def test_postgresql_takes_the_frequency_of_a_common_word_from_its_statistics(ingest: Ingest) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from doingoai.search import query

    why = "the planner's statistics are PostgreSQL's; FTS5 words are always counted"
    _meetings_and_a_visit(ingest, "Khách từ Bhutan sang thăm tỉnh.", why)
    words = ("tỉnh", "họp", "bhutan", "mông")
    counted = query._pg_frequencies("vector_exact", words)  # no statistics yet: every word counted
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
    with CaptureQueriesContext(connection) as captured:
        estimated = query._pg_frequencies("vector_exact", words)
    assert counted == estimated == (9, {"tỉnh": 9, "họp": 8, "bhutan": 1, "mông": 0})
    (count,) = [q["sql"] for q in captured.captured_queries if "LIMIT" in q["sql"]]
    assert "'mông'" in count and "'tỉnh'" not in count  # only the word the statistics lack
    with connection.cursor() as cursor:  # the count's planner settings do not outlive it
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')")
        assert cursor.fetchone() == ("on", "on")


def test_postgresql_counts_a_long_query_past_its_cap_through_its_commonest_word(ingest: Ingest) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from doingoai.library.models import Document
    from doingoai.search.query import matches_count

    why = "the planner's statistics are PostgreSQL's; FTS5 counts the match itself"
    _meetings_and_a_visit(ingest, "Khách từ Bhutan sang thăm.", why)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
    long_query = "đoàn khách Bhutan của tỉnh họp"  # six words: its broadest tier is "any of them"
    everything = Document.objects.all()

    with CaptureQueriesContext(connection) as captured:
        assert matches_count(everything, long_query, 3) == 4  # more than the cap: "more than 3"
    counts = [q["sql"] for q in captured.captured_queries if "count(*)" in q["sql"]]
    assert len(counts) == 1 and " | " not in counts[0], counts  # one word's list, not the union

    # Where that word does not reach the cap in the reader's scope, the whole match is counted.
    assert matches_count(Document.objects.filter(file_name="bhutan.txt"), long_query, 3) == 1
    two = Document.objects.filter(file_name__in=["bhutan.txt", "tin1.txt"])
    assert matches_count(two, long_query, 3) == 2
    assert matches_count(everything, long_query, 20) == 9  # a cap the statistics say no word passes


def test_a_number_with_thousands_dots_is_one_word(ingest: Ingest) -> None:
    # "500" is not "500.000" nor "4.500": the index holds a number with its thousands dots whole,
    # on SQLite and PostgreSQL alike, and a query typed with the dots finds it, as a phrase too.
    ingest(
        {
            "five-hundred.txt": _article("Trao quà Tết", "Hội trao 500 suất quà cho hộ nghèo."),
            "half-million.txt": _article("Hỗ trợ học sinh", "Mỗi em được tặng 500.000 đồng."),
            "four-thousand.txt": _article("Khám bệnh miễn phí", "Đoàn đã khám cho 4.500 người dân."),
            "decimal.txt": _article("Dự án nước sạch", "Tổng vốn 1,5 tỷ đồng, khởi công ngày 30.5."),
        },
        published=True,
    )
    assert _ranked("500") == ["five-hundred.txt"]
    assert _ranked("500.000") == ["half-million.txt"]
    assert _ranked("500.000 đồng") == ["half-million.txt"]
    assert _ranked('"tặng 500.000"') == ["half-million.txt"]
    assert _ranked("4.500 người") == ["four-thousand.txt"]
    assert _ranked("1,5 tỷ") == ["decimal.txt"]  # a decimal comma and a day's dot are left as they were
    assert _ranked("30.5") == ["decimal.txt"]
