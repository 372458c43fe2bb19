"""The annual report in a real browser: a coordinator asks for it, follows it, downloads both files.

Screenshots go to test-artifacts/ (ignored by git).
"""

from __future__ import annotations

import io
import json
from typing import Any

from docx import Document

from tests.aid.conftest import partners, project_factory, rates
from tests.browser.test_library_browser import ARTIFACTS, _login, page
from tests.django_fixtures import Units
from tests.reports.world import world_build

__all__ = ["page", "partners", "project_factory", "rates"]


def test_coordinator_asks_for_the_national_report_and_downloads_it(
    page: Any, live_server: Any, make_user: Any, units: Units, project_factory: Any, ingest: Any
) -> None:
    world_build(project_factory, units, ingest)
    coordinator = make_user("coordinator", None)
    base = live_server.url
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    _login(page, base, coordinator)
    page.goto(f"{base}/bao-cao/tong-ket/")
    page.fill("#id_year", "2025")
    page.click("button:has-text('Lập báo cáo')")
    # Tasks run at once in tests: the job page shows the finished report and its two files.
    page.wait_for_selector("#job-files")
    assert page.inner_text("#job-status") == "Đã xong" and "100%" in page.inner_text("#job-progress")
    page.screenshot(path=str(ARTIFACTS / "reports-job-done.png"), full_page=True)
    with page.expect_download() as caught:
        page.click("text=Tải báo cáo (.docx)")
    download = caught.value
    assert download.suggested_filename == "bao-cao-tong-ket-2025.docx"
    document = Document(io.BytesIO(open(download.path(), "rb").read()))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in document.tables[0].rows[0].cells[1].text
    with page.expect_download() as caught:
        page.click("text=Tải nguồn số liệu (.json)")
    sources = json.loads(open(caught.value.path(), encoding="utf-8").read())
    assert caught.value.suggested_filename == "bao-cao-tong-ket-2025.docx.sources.json"
    assert len(sources["figures"]) > 30
    # The form page lists the report; nothing broke the page's security policy.
    page.goto(f"{base}/bao-cao/tong-ket/")
    assert "Đã xong" in page.inner_text("#report-jobs")
    assert not [e for e in errors if "Content Security Policy" in e], errors
