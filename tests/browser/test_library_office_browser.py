"""Word and PDF uploads, and a zip with a bad member, in a real browser (Playwright + Debian's Chromium)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from doingoai.accounts.models import User
from tests.browser.test_library_browser import ARTIFACTS, _login, page  # noqa: F401 - the page fixture
from tests.django_fixtures import Units
from tests.library_fixtures import FESTIVAL_TTXVN
from tests.office_fixtures import letter_docx, originals_in_tmp, text_pdf, zip_of

__all__ = ["originals_in_tmp"]

pytestmark = pytest.mark.usefixtures("originals_in_tmp")


def _upload(tab: Any, files: list[dict[str, Any]]) -> None:
    tab.click("text=Thư viện văn bản")
    tab.click("text=Tải văn bản lên")
    tab.set_input_files("input[type=file]", files)
    tab.click("form.stacked button[type=submit]")
    tab.wait_for_selector("#job-progress")


def test_editor_uploads_a_word_letter_and_a_pdf_then_a_zip_with_a_bad_member(
    page: Any,  # noqa: F811
    live_server: Any,
    units: Units,
    make_user: Callable[..., User],
) -> None:
    base = live_server.url
    _login(page, base, make_user("editor", units.quang_tri, username="bientap.vanbanword"))
    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    _upload(
        page,
        [
            {"name": "bao-cao-don-doan.docx", "mimeType": docx_type, "buffer": letter_docx()},
            {"name": "thong-bao.pdf", "mimeType": "application/pdf", "buffer": text_pdf()},
        ],
    )
    assert "Đã xử lý 2/2" in page.inner_text("#job-progress")
    assert page.inner_text("#job-status") == "Hoàn tất"
    page.screenshot(path=str(ARTIFACTS / "office-01-import.png"), full_page=True)

    page.click("text=Báo cáo kết quả đón đoàn thanh niên Lào")
    page.wait_for_selector("article.document-text")
    assert "Hồ Thị Lan" in page.locator("mark.fact-person").all_inner_texts()
    assert page.inner_text("#document-number") == "27/BC-LHH"
    with page.expect_download() as download:
        page.click("#document-original")
    assert download.value.suggested_filename == "bao-cao-don-doan.docx"
    page.screenshot(path=str(ARTIFACTS / "office-02-letter.png"), full_page=True)

    page.go_back()
    page.click("text=Thông báo kết quả vận động viện trợ")
    page.wait_for_selector("article.document-text")
    assert "Nguyễn Văn Minh" in page.locator("mark.fact-person").all_inner_texts()

    archive = zip_of({"tin/ttxvn.txt": FESTIVAL_TTXVN.encode(), "tin/hong.pdf": b"%PDF-1.7 broken"})
    _upload(page, [{"name": "goi-tin.zip", "mimeType": "application/zip", "buffer": archive}])
    assert page.inner_text("#job-status") == "Hoàn tất, 1 lỗi"
    problems = page.locator(".item-problem").all_inner_texts()
    assert problems == ["Tệp “goi-tin.zip/tin/hong.pdf”: tệp PDF hỏng, không đọc được."]
    assert page.locator("td a", has_text="Quảng Trị tổ chức ngày hội giao lưu").count() == 1
    page.screenshot(path=str(ARTIFACTS / "office-03-zip.png"), full_page=True)
