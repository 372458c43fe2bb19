from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from doingoai.accounts.models import User
from doingoai.library.models import Document, IngestItem, IngestJob
from tests.django_fixtures import Units
from tests.library_fixtures import FESTIVAL_TTXVN, HANOI_REPORT
from tests.office_fixtures import letter_docx, originals_in_tmp, scanned_pdf, text_pdf, zip_of

MakeUser = Callable[..., User]
ClientFor = Callable[[User], Client]


__all__ = ["originals_in_tmp"]

pytestmark = pytest.mark.usefixtures("originals_in_tmp")


def test_editor_uploads_a_docx_letter_and_a_pdf_and_sees_their_facts_and_header(
    make_user: MakeUser, client_for: ClientFor, units: Units, tmp_path: Path
) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    docx = letter_docx()
    files = [
        SimpleUploadedFile("bao-cao-don-doan.docx", docx),
        SimpleUploadedFile("thong-bao.pdf", text_pdf()),
    ]
    page = client.post("/thu-vien/tai-len/", {"files": files}, follow=True).content.decode()
    assert "Đã xử lý 2/2" in page
    letter = Document.objects.get(file_name="bao-cao-don-doan.docx")
    assert letter.title == "Báo cáo kết quả đón đoàn thanh niên Lào tháng 12 năm 2025"
    assert letter.source == "LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ TỈNH QUẢNG TRỊ"
    assert letter.published is not None and letter.published.isoformat() == "2026-01-12"
    assert letter.details["number"] == "27/BC-LHH"
    # The original is kept in the data folder, under a name of its own.
    stored = Path(letter.original.path)
    assert stored.is_relative_to(tmp_path / "originals") and stored.read_bytes() == docx
    assert not IngestItem.objects.exclude(original="").exists()

    html = client.get(f"/thu-vien/van-ban/{letter.pk}/").content.decode()
    # (its first mark also carries its anchor, before the class)
    assert 'class="fact fact-person"' in html and "Hồ Thị Lan</mark>" in html
    assert "27/BC-LHH" in html and "12/01/2026" in html
    assert "Tải tệp gốc" in html
    # Every fact's span is a span of the text the page shows.
    people = {p["name"]: p["spans"] for p in letter.analysis["people"]}
    assert people["Hồ Thị Lan"] and people["Bounmy Phommachanh"]
    for name, spans in people.items():
        assert all(letter.text[start:end] == name for start, end in spans)
    notice = Document.objects.get(file_name="thong-bao.pdf")
    html = client.get(f"/thu-vien/van-ban/{notice.pk}/").content.decode()
    assert "Nguyễn Văn Minh</mark>" in html and "08/TB-LHH" in html


def test_original_download_is_scoped_like_the_document(
    make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    owner = client_for(make_user("editor", units.quang_tri))
    docx = letter_docx()
    owner.post("/thu-vien/tai-len/", {"files": [SimpleUploadedFile("thu.docx", docx)]})
    letter = Document.objects.get(file_name="thu.docx")
    response = owner.get(f"/thu-vien/van-ban/{letter.pk}/tep-goc/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == docx  # type: ignore[attr-defined]
    assert 'filename="thu.docx"' in response["Content-Disposition"]
    other = client_for(make_user("editor", units.ha_noi))
    assert other.get(f"/thu-vien/van-ban/{letter.pk}/tep-goc/").status_code == 404
    assert other.get(f"/thu-vien/van-ban/{letter.pk}/").status_code == 404


def test_text_document_has_no_original_to_download(
    make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    client.post("/thu-vien/tai-len/", {"files": [SimpleUploadedFile("a.txt", HANOI_REPORT.encode())]})
    document = Document.objects.get(file_name="a.txt")
    assert "Tải tệp gốc" not in client.get(f"/thu-vien/van-ban/{document.pk}/").content.decode()
    assert client.get(f"/thu-vien/van-ban/{document.pk}/tep-goc/").status_code == 404


def test_deleting_a_document_deletes_its_original(
    make_user: MakeUser, client_for: ClientFor, units: Units, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    client.post("/thu-vien/tai-len/", {"files": [SimpleUploadedFile("thu.docx", letter_docx())]})
    letter = Document.objects.get(file_name="thu.docx")
    stored = Path(letter.original.path)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/thu-vien/van-ban/{letter.pk}/xoa/", {"version": letter.version})
    assert not Document.objects.exists() and not stored.exists()


def test_zip_with_a_bad_member_imports_the_others_and_lists_the_bad_one(
    make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    data = zip_of(
        {
            "tin/ttxvn.txt": FESTIVAL_TTXVN.encode(),
            "tin/thu.docx": letter_docx(),
            "tin/hong.pdf": b"%PDF-1.7 broken",
            "tin/anh.png": b"\x89PNG",
        }
    )
    page = client.post("/thu-vien/tai-len/", {"files": [SimpleUploadedFile("goi.zip", data)]}, follow=True)
    html = page.content.decode()
    job = IngestJob.objects.get()
    assert "Hoàn tất, 2 lỗi" in html
    assert "Tệp “goi.zip/tin/hong.pdf”: tệp PDF hỏng, không đọc được." in html
    assert "Tệp “goi.zip/tin/anh.png”: định dạng .png không được nhận" in html
    assert sorted(Document.objects.values_list("file_name", flat=True)) == [
        "goi.zip/tin/thu.docx",
        "goi.zip/tin/ttxvn.txt",
    ]
    assert "Hoàn tất, 2 lỗi" in client.get("/thu-vien/dot-nhap/").content.decode()
    assert job.items.filter(status="failed").count() == 2


def test_zip_with_a_path_climbing_out_is_still_refused_whole(
    make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    data = zip_of({"ok.txt": HANOI_REPORT.encode(), "../../etc/x.txt": b"x"})
    html = client.post(
        "/thu-vien/tai-len/", {"files": [SimpleUploadedFile("goi.zip", data)]}
    ).content.decode()
    assert "đường dẫn “../../etc/x.txt” trong tệp nén không hợp lệ" in html
    assert not IngestJob.objects.exists() and not Document.objects.exists()


def test_feed_with_an_empty_entry_imports_the_others_and_lists_it(
    make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    feed = (
        "<rss version='2.0'><channel><title>Báo Hữu Nghị</title>"
        f"<item><title>Gặp mặt</title><description>{HANOI_REPORT}</description></item>"
        "<item><title>Trống</title><description></description></item>"
        "</channel></rss>"
    )
    client = client_for(make_user("editor", units.quang_tri))
    html = client.post(
        "/thu-vien/tai-len/", {"files": [SimpleUploadedFile("tin.rss", feed.encode())]}, follow=True
    ).content.decode()
    assert "Hoàn tất, 1 lỗi" in html
    assert "bài số 2 (“Trống”) không có nội dung." in html
    assert Document.objects.count() == 1


def test_an_uploaded_word_file_is_read_by_the_worker_not_by_the_request(
    make_user: MakeUser, client_for: ClientFor, units: Units, settings: Any
) -> None:
    # A real server queues the import for a worker: here nothing runs it until the test does.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = client_for(make_user("editor", units.quang_tri))
    docx = letter_docx()
    client.post("/thu-vien/tai-len/", {"files": [SimpleUploadedFile("thu.docx", docx)]})
    item = IngestItem.objects.get()
    assert item.text == "" and item.original.read() == docx  # stored as sent, not yet read
    from doingoai.library import services

    services.ingest_job_run(job=item.job)
    letter = Document.objects.get(file_name="thu.docx")
    assert letter.details["number"] == "27/BC-LHH"
    assert "Hồ Thị Lan" in letter.text


def test_a_scanned_pdf_fails_in_its_import_with_the_reason_on_the_job_page(
    make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    files = [SimpleUploadedFile("ban-quet.pdf", scanned_pdf()), SimpleUploadedFile("thu.docx", letter_docx())]
    page = client.post("/thu-vien/tai-len/", {"files": files}, follow=True).content.decode()
    assert "Đã xử lý 2/2" in page
    assert "Tệp “ban-quet.pdf”: tệp PDF là bản quét" in page
    assert Document.objects.filter(file_name="thu.docx").exists()
    assert not Document.objects.filter(file_name="ban-quet.pdf").exists()


def test_a_file_that_is_not_a_pdf_is_refused_on_the_upload_page_at_once(
    make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    page = client.post(
        "/thu-vien/tai-len/", {"files": [SimpleUploadedFile("bao-cao.pdf", b"PK\x03\x04 a zip named .pdf")]}
    ).content.decode()
    assert "Tệp “bao-cao.pdf”: tệp PDF hỏng, không đọc được." in page
    assert not IngestJob.objects.exists()
