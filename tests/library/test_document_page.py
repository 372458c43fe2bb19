"""What the document list, document page and event page say: outlets, names, tasks, drafts, messages."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from doingoai.accounts.models import User
from doingoai.library.models import Document, IngestJob
from tests.django_fixtures import Units
from tests.library_fixtures import FESTIVAL_TTXVN, HANOI_REPORT, document_named

Ingest = Callable[..., IngestJob]
MakeUser = Callable[..., User]
ClientFor = Callable[[User], Client]

# Written for the tests: an article that names no outlet anywhere, and one that ends with its source.
NO_OUTLET = (
    "Thanh niên hai nước giao lưu văn hóa tại Hà Giang\n\n"
    "Ngày 14/5/2026, tại thành phố Hà Giang, đoàn thanh niên tình nguyện Lào và thanh niên địa phương "
    "cùng trồng 300 cây xanh tại trường tiểu học xã biên giới.\n"
)
WITH_SOURCE_LINE = (
    "Hội hữu nghị tỉnh Bắc Ninh đón đoàn giáo viên Hàn Quốc\n\n"
    "Ngày 2/6/2026, Hội hữu nghị Việt Nam - Hàn Quốc tỉnh Bắc Ninh đón 25 giáo viên tình nguyện.\n\n"
    "Nguồn: Báo Quốc tế\n"
)
# A conclusion assigning one task, with its lead and deadline.
CONCLUSION = (
    "date 2026-11-25\n"
    "Kết luận hội nghị tổng kết công tác hữu nghị năm 2026\n\n"
    "(TTXVN) - Ngày 25/11/2026, tại Hà Nội, Liên hiệp các tổ chức hữu nghị Việt Nam "
    "tổng kết công tác năm.\n\n"
    "Kết luận hội nghị, Chủ tịch Liên hiệp giao Bộ Ngoại giao chủ trì, phối hợp với các địa phương "
    "xây dựng kế hoạch giao lưu nhân dân biên giới, hoàn thành trước ngày 31/3/2027.\n"
)


def test_article_without_an_outlet_is_marked_unknown_not_by_its_file_name(
    ingest: Ingest, make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    ingest({"001_0c4ed00d51080e6e.txt": NO_OUTLET, "ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    document = document_named("001_0c4ed00d51080e6e.txt")
    assert document.source == ""
    assert document.outlet_label == "không rõ nguồn"
    client = client_for(make_user("viewer", units.quang_tri))
    for path in ("/thu-vien/su-kien/", f"/thu-vien/van-ban/{document.pk}/"):
        assert "0c4ed00d51080e6e" not in client.get(path).content.decode().split("Tệp gốc")[0], path


def test_closing_source_line_gives_the_outlet_at_ingest(ingest: Ingest) -> None:
    ingest({"bac-ninh.txt": WITH_SOURCE_LINE}, published=True)
    assert document_named("bac-ninh.txt").source == "Báo Quốc tế"


def test_document_page_shows_formatted_facts_not_the_raw_tag_or_folders(
    ingest: Ingest, make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    ingest({"/srv/doingoai/nhap/2026/ket-luan.txt": CONCLUSION}, published=True)
    document = Document.objects.get(file_name__endswith="ket-luan.txt")
    html = (
        client_for(make_user("viewer", units.quang_tri))
        .get(f"/thu-vien/van-ban/{document.pk}/")
        .content.decode()
    )
    assert "date 2026-11-25" not in html and "/srv/doingoai" not in html
    assert "<dd>25/11/2026</dd>" in html and "<dd>ket-luan.txt</dd>" in html
    # The article itself still starts with its title, and the facts keep their places in it.
    assert '<article class="document-text" lang="vi">Kết luận hội nghị tổng kết' in html


def test_document_page_lists_the_tasks_it_assigns_with_lead_and_deadline(
    ingest: Ingest, make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    ingest({"ket-luan.txt": CONCLUSION}, published=True)
    document = document_named("ket-luan.txt")
    html = (
        client_for(make_user("viewer", units.quang_tri))
        .get(f"/thu-vien/van-ban/{document.pk}/")
        .content.decode()
    )
    listed = html.split('<ol class="directives">')[1].split("</ol>")[0]
    assert "xây dựng kế hoạch giao lưu nhân dân biên giới" in listed
    assert "<dt>Chủ trì</dt><dd>Bộ Ngoại giao</dd>" in listed
    assert "31/3/2027" in listed
    anchor = listed.split('<a href="#')[1].split('"')[0]
    assert f'<mark id="{anchor}"' in html


def test_my_drafts_lists_only_unpublished_documents_the_user_may_publish(
    ingest: Ingest, make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    ingest({"nhap.txt": NO_OUTLET}, owner=units.quang_tri, published=False)
    ingest({"cong-bo.txt": WITH_SOURCE_LINE}, owner=units.quang_tri, published=True)
    ingest({"ha-noi.txt": HANOI_REPORT}, owner=units.ha_noi, published=True)
    ingest({"chung.txt": FESTIVAL_TTXVN}, published=False)
    client = client_for(make_user("editor", units.quang_tri))
    everything = client.get("/thu-vien/").content.decode()
    drafts = client.get("/thu-vien/?drafts=on").content.decode()
    assert "Thanh niên hai nước" in everything and "Hội hữu nghị tỉnh Bắc Ninh" in everything
    assert "Mông Cổ" in everything
    assert "Thanh niên hai nước" in drafts
    assert "Hội hữu nghị tỉnh Bắc Ninh" not in drafts and "Mông Cổ" not in drafts
    # A draft of the shared library is the coordinators' to publish, not this editor's.
    assert "Lao Bảo" not in drafts
    assert re.search(r'<input[^>]*name="drafts"[^>]*checked', drafts)


def test_shared_library_is_not_called_the_national_library(
    ingest: Ingest, make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    html = client_for(make_user("viewer", units.quang_tri)).get("/thu-vien/").content.decode()
    assert "Thư viện chung" in html and "quốc gia" not in html.lower().split("<main")[1]


def test_messages_are_styled_by_their_level(
    ingest: Ingest, make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    ingest({"nhap.txt": NO_OUTLET}, owner=units.quang_tri, published=False)
    document = document_named("nhap.txt")
    client = client_for(make_user("editor", units.quang_tri))
    url = f"/thu-vien/van-ban/{document.pk}/cong-bo/"
    done = client.post(url, {"publish": "1", "version": document.version}, follow=True).content.decode()
    assert '<li class="message message-success" role="status">Đã công bố văn bản.</li>' in done
    stale = client.post(url, {"publish": "0", "version": document.version}, follow=True).content.decode()
    assert 'class="message message-error" role="alert"' in stale
    assert "message-success" not in stale


@pytest.mark.parametrize(
    ("label", "shown"),
    [
        ("src/doingoai/samples/articles", "articles"),
        ("../shared/seeds/", "seeds"),
        ("C:\\du-lieu\\bai-bao.zip", "bai-bao.zip"),
        ("bai-bao.zip", "bai-bao.zip"),
        ("https://baoquangtri.vn/rss/doi-ngoai.rss", "https://baoquangtri.vn/rss/doi-ngoai.rss"),
    ],
)
def test_import_jobs_show_no_server_folders(label: str, shown: str) -> None:
    assert IngestJob(label=label).label_shown == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2026-03-31", "31/03/2026"),
        ("2026-06", "tháng 6/2026"),
        ("2026-Q2", "quý 2/2026"),
        ("2026", "năm 2026"),
        ("2026-01-01/2026-03-31", "01/01/2026 – 31/03/2026"),
        ("../2026-03-31", "… – 31/03/2026"),
    ],
)
def test_a_task_deadline_read_from_elsewhere_is_shown_as_people_write_it(value: str, shown: str) -> None:
    from doingoai.library.highlight import deadline_shown

    assert deadline_shown(value) == shown


def test_document_page_lists_amounts_figures_and_dates_apart(
    ingest: Ingest, make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    text = (
        "date 2026-03-20\nĐoàn thiện nguyện trao quà ở Lao Bảo\n\n"
        "Ngày 18/3, đoàn trao 2.000.000 đồng cho mỗi hộ và 10 kg gạo cho hơn 300 người dân."
    )
    ingest({"qua.txt": text}, published=True)
    document = Document.objects.get(file_name="qua.txt")
    html = (
        client_for(make_user("viewer", units.quang_tri))
        .get(f"/thu-vien/van-ban/{document.pk}/")
        .content.decode()
    )
    amounts = html.split('id="facts-amounts"')[1].split("</ul>")[0]
    figures = html.split('id="facts-quantities"')[1].split("</ul>")[0]
    dates = html.split('id="facts-dates"')[1].split("</ul>")[0]
    assert "2.000.000 đồng" in amounts and "10 kg" not in amounts
    assert "10 kg" in figures and "đồng" not in figures
    assert "Ngày 18/3" in dates and "(18/03/2026)" in dates


def test_every_fact_listed_beside_the_text_leads_to_its_words(
    ingest: Ingest, make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    ingest({"ket-luan.txt": CONCLUSION, "ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    client = client_for(make_user("viewer", units.quang_tri))
    for name in ("ket-luan.txt", "ttxvn.txt"):
        document = Document.objects.get(pk=document_named(name).pk)
        html = client.get(f"/thu-vien/van-ban/{document.pk}/").content.decode()
        text_html, facts_html = html.split('<aside class="document-facts">')
        ids = set(re.findall(r'id="span-(\d+)-(\d+)"', text_html))
        listed = 0
        for kind, section in re.findall(r"<h2>([^<]+)</h2>(.*?)(?=<h2>|</aside>)", facts_html, re.S):
            links = re.findall(r'class="fact-link" href="#span-(\d+)-(\d+)">(.*?)</a>', section)
            for start, end, shown in links:
                listed += 1
                assert (start, end) in ids, (name, kind, shown)  # the anchor is in the text
                words = document.text[int(start) : int(end)]
                label = re.sub(r"<[^>]+>", "", shown)
                if kind in ("Số tiền", "Số liệu", "Ngày tháng"):
                    assert words == label, (kind, words, label)  # exactly the words listed
                elif kind == "Trích dẫn":
                    assert label.strip("“”").startswith(words[:20]), (words, label)
                else:  # a name: the text names it there, maybe otherwise ("UBND tỉnh", "TTXVN", "thị trấn …")
                    shared = set(words.lower().split()) & set(label.lower().split())
                    assert shared or words.split()[0].isupper(), (kind, words, label)
        assert listed >= 8, name
