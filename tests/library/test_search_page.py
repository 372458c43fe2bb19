"""The search page names each result's outlet and date, or says which one is unknown or inferred."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.test import Client

from doingoai.accounts.models import User
from doingoai.library.models import IngestJob
from tests.django_fixtures import Units
from tests.library_fixtures import FESTIVAL_LOCAL, FESTIVAL_TTXVN, HANOI_REPORT, document_named

Ingest = Callable[..., IngestJob]

# As the seed articles arrive: one report gives its outlet but no year ("Ngày 20/3"), the other
# its published date but no outlet.
UNDATED = FESTIVAL_TTXVN.replace("date 2026-03-20\n", "", 1)
UNSIGNED = FESTIVAL_LOCAL.replace("(Báo Quảng Trị) - ", "", 1)


def _lines(page: str) -> dict[str, str]:
    """Return the outlet and date line of each result, by the result's title."""
    found = re.findall(
        r'class="hit-title"[^>]*>(.*?)</a>\s*<div class="muted"><span class="hit-outlet">([^<]*)</span>'
        r' · <span class="hit-date">([^<]*)</span>',
        page,
    )
    # The title has the query's words marked: compare its text.
    return {re.sub(r"<[^>]+>", "", title): f"{outlet} · {date}" for title, outlet, date in found}


def test_results_show_the_outlet_and_the_date_known_from_the_event(
    ingest: Ingest, units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    ingest({"undated.txt": UNDATED, "unsigned.txt": UNSIGNED}, published=True)
    undated, unsigned = document_named("undated.txt"), document_named("unsigned.txt")
    assert (undated.source, undated.published) == ("TTXVN", None)
    assert (unsigned.source, str(unsigned.published)) == ("", "2026-03-21")
    assert undated.membership.event == unsigned.membership.event
    page = client_for(make_user("viewer", units.ha_noi)).get("/tim-kiem/", {"q": "Lao Bảo"}).content.decode()
    assert _lines(page) == {
        undated.title: "TTXVN · 20/03/2026 (ngày diễn ra sự kiện)",
        unsigned.title: "không rõ nguồn · 21/03/2026",
    }


def test_snippets_show_the_article_not_its_date_tag_line(
    ingest: Ingest, make_user: Callable[..., User], client_for: Callable[[User], Client], units: Units
) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    title = FESTIVAL_TTXVN.split("\n")[1]
    first_word = title.split()[0]
    client = client_for(make_user("coordinator", None))
    page = client.get("/tim-kiem/", {"q": first_word}).content.decode()
    snippets = re.findall(r'<p class="snippet">(.*?)</p>', page, flags=re.S)
    assert snippets, "the result has no snippet"
    # The tag line ("date 2026-03-20") says when the article appeared; the page shows that date
    # beside the title, and the snippet starts at the article's own words.
    assert all("date 2026" not in s and "2026-03-20" not in s for s in snippets), snippets


def test_a_query_of_signs_alone_says_there_is_no_word_to_look_for(
    ingest: Ingest, units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN, "local.txt": FESTIVAL_LOCAL}, published=True)
    client = client_for(make_user("viewer", units.ha_noi))
    for query in ("*", '"', "- : ("):
        page = client.get("/tim-kiem/", {"q": query}).content.decode()
        # Not every document of the library, each "matched without diacritics".
        assert "khớp khi bỏ dấu" not in page and "hit-title" not in page, query
        assert "không có chữ hay số nào để tìm" in page, query


def test_a_date_range_ending_before_it_starts_says_so(
    ingest: Ingest, units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    client = client_for(make_user("viewer", units.ha_noi))
    for path in ("/thu-vien/", "/tim-kiem/"):
        page = client.get(path, {"q": "Lao Bảo", "date_from": "01/01/2027", "date_to": "01/01/2026"}).content
        # Was only "no document matches", as if the library held nothing of that time.
        assert (
            "Khoảng ngày không hợp lệ: “Đến ngày” (01/01/2026) trước “Từ ngày” (01/01/2027)." in page.decode()
        )


def test_the_events_found_are_narrowed_by_the_filters_as_the_documents_are(
    ingest: Ingest, units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    ingest(
        {"ttxvn.txt": FESTIVAL_TTXVN, "local.txt": FESTIVAL_LOCAL, "hanoi.txt": HANOI_REPORT}, published=True
    )
    client = client_for(make_user("viewer", units.ha_noi))

    def events(**filters: str) -> str:
        page = client.get("/tim-kiem/", {"q": "hữu nghị", **filters}).content.decode()
        return page.split('class="plain events-found"')[1].split("</ul>")[0] if "events-found" in page else ""

    assert "Mông Cổ" in events() and "Lao Bảo" in events()
    assert "Mông Cổ" not in events(date_to="01/04/2026") and "Lao Bảo" in events(date_to="01/04/2026")
    assert "Lao Bảo" not in events(outlet="Báo Hà Nội") and "Mông Cổ" in events(outlet="Báo Hà Nội")


def test_the_api_narrows_the_events_found_by_the_filters_too(
    ingest: Ingest, units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN, "hanoi.txt": HANOI_REPORT}, published=True)
    client = client_for(make_user("viewer", units.ha_noi))
    every = client.get("/api/search", {"q": "hữu nghị"}).json()["events"]
    narrowed = client.get("/api/search", {"q": "hữu nghị", "date_to": "2026-04-01"}).json()["events"]
    assert len(every) == 2 and [e["title"] for e in narrowed] == [
        e["title"] for e in every if "Lao Bảo" in e["title"]
    ]


def test_an_unknown_outlet_is_named_in_the_language_of_the_page(
    ingest: Ingest, units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    from django.conf import settings

    ingest({"unsigned.txt": UNSIGNED}, published=True)
    client = client_for(make_user("viewer", units.ha_noi))
    assert "không rõ nguồn" in client.get("/thu-vien/su-kien/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/thu-vien/su-kien/").content.decode()
    assert "unknown outlet" in page and "không rõ nguồn" not in page


def test_an_event_found_only_without_the_diacritics_typed_says_so(
    ingest: Ingest, units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN, "local.txt": FESTIVAL_LOCAL}, published=True)
    client = client_for(make_user("viewer", units.ha_noi))

    def events(query: str) -> str:
        page = client.get("/tim-kiem/", {"q": query}).content.decode()
        return page.split('class="plain events-found"')[1].split("</ul>")[0]

    assert "Lao Bảo" in events("Lào") and "khớp khi bỏ dấu" not in events("Lào")
    assert "Lao Bảo" in events("Lão") and "khớp khi bỏ dấu" in events("Lão")  # only "lao", folded
    assert "khớp khi bỏ dấu" not in events("lao")  # typed without diacritics: nothing to tell apart


def test_a_document_says_it_matched_without_diacritics_only_when_some_were_typed(
    ingest: Ingest, units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    # A query without diacritics ("lao", a number) matches the folded key alone: saying so on
    # every result tells nothing. A query whose diacritics had to be dropped says it.
    ingest({"ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    client = client_for(make_user("viewer", units.ha_noi))

    def documents(query: str) -> str:
        page = client.get("/tim-kiem/", {"q": query}).content.decode()
        return page.split('class="plain events-found"')[1].split("</ul>", 1)[1]  # after the events

    assert "(1 kết quả)" in documents("lao") and "khớp khi bỏ dấu" not in documents("lao")
    assert "(1 kết quả)" in documents("Lão") and "khớp khi bỏ dấu" in documents("Lão")


def test_a_search_that_finds_nothing_says_so_without_numbering_it_as_a_result(
    ingest: Ingest, make_user: Callable[..., User], client_for: Callable[[User], Client], units: Units
) -> None:
    """On 07/12/2026 "hanoi" found nothing, and the page read "0. Không tìm thấy văn bản nào."."""
    ingest({"ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    page = (
        client_for(make_user("viewer", units.ha_noi)).get("/tim-kiem/", {"q": "khongcotu"}).content.decode()
    )
    results = page.split("result-count", 1)[1]
    assert '<p class="no-hits">Không tìm thấy văn bản nào.</p>' in results
    assert '<ol class="hits"' not in results
    found = client_for(make_user("viewer", units.ha_noi)).get("/tim-kiem/", {"q": "Lao Bảo"}).content.decode()
    assert '<ol class="hits" start="1">' in found and "no-hits" not in found


def test_a_word_typed_without_its_spaces_offers_the_syllables_that_find_something(
    ingest: Ingest, make_user: Callable[..., User], client_for: Callable[[User], Client], units: Units
) -> None:
    """On 07/12/2026 "hanoi" found nothing, with nothing to say what might have been meant."""
    ingest({"hanoi.txt": HANOI_REPORT, "ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    client = client_for(make_user("viewer", units.ha_noi))
    page = client.get("/tim-kiem/", {"q": "hanoi", "date_from": "01/01/2026"}).content.decode()
    # "ha noi" is offered, with the other filter kept; "han oi", which finds nothing, is not.
    assert 'Có phải bạn muốn tìm <a href="?q=ha+noi&amp;date_from=01%2F01%2F2026">ha noi</a>?' in page
    assert "Mông Cổ" in client.get("/tim-kiem/", {"q": "ha noi"}).content.decode()
    lao_bao = client.get("/tim-kiem/", {"q": "laobao"}).content.decode()
    assert "no-hits" in lao_bao and '<a href="?q=lao+bao">lao bao</a>' in lao_bao
    # A reading that finds nothing is not offered; nor is anything for a word of no syllables.
    assert "Có phải bạn muốn tìm" not in client.get("/tim-kiem/", {"q": "quangbinh"}).content.decode()
    assert "Có phải bạn muốn tìm" not in client.get("/tim-kiem/", {"q": "khongcotu"}).content.decode()
