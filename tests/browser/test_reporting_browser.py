"""The reporting path in a real browser: fill and submit, return with a reason, resubmit, accept, approve.

Screenshots go to test-artifacts/reporting-*.png.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.reporting import services
from doingoai.reporting.models import Report
from doingoai.reporting.periods import period_parse
from doingoai.uploads import AttachmentData
from tests.browser.test_library_browser import ARTIFACTS, _login, page  # noqa: F401 - the page fixture
from tests.django_fixtures import Units

ANNUAL = {
    "doan_ra": "4",
    "doan_vao": "6",
    "doan_vao_cap_bo_truong": "2",
    "su_kien": "12",
    "ket_qua": "Đón sáu đoàn nước ngoài, tổ chức mười hai hoạt động giao lưu.",
    "ton_tai": "Kinh phí còn hạn hẹp.",
    "phuong_huong": "Mở rộng giao lưu thanh niên với các địa phương kết nghĩa.",
}


def _logout(browser_page: Any) -> None:
    browser_page.click("header form[action$='/dang-xuat/'] button")


def test_report_path_from_entry_to_approval_and_completeness(
    page: Any,  # noqa: F811 - the fixture imported above
    live_server: Any,
    units: Units,
    make_user: Callable[..., User],
) -> None:
    base = live_server.url
    services.forms_load_package(actor=SYSTEM)
    services.assignment_create(
        actor=SYSTEM,
        form_code="DNND-NAM",
        unit=units.quang_tri,
        start_date=dt.date(2024, 1, 1),
        review_unit=units.vufo,
    )
    services.assignment_create(
        actor=SYSTEM, form_code="DNND-NAM", unit=units.quang_tri_union, start_date=dt.date(2024, 1, 1)
    )
    union = services.report_open(
        actor=SYSTEM,
        form_code="DNND-NAM",
        unit=units.quang_tri_union,
        period=period_parse("2025"),
        now=timezone.now(),
    )
    values = {**ANNUAL, "co_ke_hoach": "true"}
    services.report_submit(actor=SYSTEM, report=union, values=values, now=timezone.now())
    services.report_accept(actor=SYSTEM, report=union, now=timezone.now())
    services.report_approve(actor=SYSTEM, report=union, now=timezone.now())
    editor = make_user("editor", units.quang_tri, username="bientap.qt.trinhduyet")
    reviewer = make_user("editor", units.vufo, username="duyet.vufo.trinhduyet")
    coordinator = make_user("coordinator", units.vufo, username="dieuphoi.trinhduyet")

    # The province's editor starts the report from the completeness page and fills it in.
    _login(page, base, editor)
    page.click('nav.mainnav >> text="Báo cáo"')
    page.click("text=Tình hình nộp báo cáo")
    page.select_option("#year", "2025")
    page.click("form.filters button[type=submit]")
    # Columns: unit, 2023, 2024, 2025.
    page.click(f"tr[data-unit='{units.quang_tri.pk}'] td:nth-child(4) a")
    page.click("#start-report")
    page.wait_for_selector("#report-entry")
    for key, value in ANNUAL.items():
        page.fill(f"#f-{key}", value)
    page.select_option("#f-co_ke_hoach", "true")
    page.fill("#f-doan_vao_cap_bo_truong", "9")  # more ministerial delegations than delegations: refused
    page.click("#submit-report")
    assert "phải lớn hơn hoặc bằng số đoàn cấp bộ trưởng" in page.inner_text("#report-entry")
    page.screenshot(path=str(ARTIFACTS / "reporting-01-entry-error.png"), full_page=True)
    page.fill("#f-doan_vao_cap_bo_truong", "2")
    page.click("#save-draft")
    page.wait_for_selector("text=Đã lưu bản nháp.")
    page.click("#submit-report")
    page.wait_for_selector("#report-state[data-state=submitted]")
    page.screenshot(path=str(ARTIFACTS / "reporting-02-submitted.png"), full_page=True)
    report = Report.objects.get(unit=units.quang_tri, period="2025")
    first = report.first_submitted_at
    _logout(page)

    # The reviewer returns it: without a reason it stays submitted, with one it goes back.
    _login(page, base, reviewer)
    page.goto(f"{base}/bao-cao/{report.pk}/")
    page.click("#return-report")
    page.wait_for_selector("text=Hãy ghi lý do trả lại báo cáo.")
    assert page.get_attribute("#report-state", "data-state") == "submitted"
    page.fill("#return-reason-input", "Bổ sung số hội hữu nghị đang hoạt động.")
    page.click("#return-report")
    page.wait_for_selector("#report-state[data-state=returned]")
    page.screenshot(path=str(ARTIFACTS / "reporting-03-returned.png"), full_page=True)
    _logout(page)

    # The editor sees the reason (and the bell), fixes and resubmits.
    _login(page, base, editor)
    assert page.inner_text("a.bell .unread") == "1"
    page.goto(f"{base}/bao-cao/{report.pk}/")
    assert "Bổ sung số hội hữu nghị" in page.inner_text("#return-reason")
    page.click("#edit-report")
    page.fill("#f-hoi_huu_nghi", "3")
    page.click("#submit-report")
    page.wait_for_selector("#report-state[data-state=submitted]")
    _logout(page)

    # The coordinator sees what changed, accepts and approves.
    _login(page, base, coordinator)
    page.goto(f"{base}/bao-cao/{report.pk}/")
    assert "đã sửa" in page.inner_text("tr[data-field=hoi_huu_nghi]")
    page.click("#accept-report")
    page.wait_for_selector("#report-state[data-state=accepted]")
    page.click("#approve-report")
    page.wait_for_selector("#report-state[data-state=approved]")
    page.screenshot(path=str(ARTIFACTS / "reporting-04-approved.png"), full_page=True)

    page.goto(f"{base}/bao-cao/bieu-mau/DNND-NAM/?year=2025")
    cell = page.locator(f"tr[data-unit='{units.quang_tri.pk}'] td").nth(3)
    assert cell.locator(".state").get_attribute("data-state") == "approved"
    report.refresh_from_db()
    assert report.first_submitted_at == first and report.submissions.count() == 2
    assert timezone.localtime(first).strftime("%d/%m/%Y") in cell.inner_text()
    page.screenshot(path=str(ARTIFACTS / "reporting-05-completeness.png"), full_page=True)


def _union_report_2025(units: Units) -> Report:
    """Return the 2025 annual report of the Quảng Trị friendship union, opened and empty."""
    services.forms_load_package(actor=SYSTEM)
    services.assignment_create(
        actor=SYSTEM, form_code="DNND-NAM", unit=units.quang_tri_union, start_date=dt.date(2024, 1, 1)
    )
    return services.report_open(
        actor=SYSTEM,
        form_code="DNND-NAM",
        unit=units.quang_tri_union,
        period=period_parse("2025"),
        now=timezone.now(),
    )


def test_typed_work_is_not_left_unnoticed_on_the_entry_page_nor_on_the_review_page(
    page: Any,  # noqa: F811 - the fixture imported above
    live_server: Any,
    units: Units,
    make_user: Callable[..., User],
) -> None:
    base = live_server.url
    report = _union_report_2025(units)
    editor = make_user("editor", units.quang_tri_union, username="bientap.lhhn.trinhduyet")
    reviewer = make_user("editor", units.quang_tri, username="bientap.qt.duyet")
    asked: list[str] = []

    def answer(dialog: Any) -> None:
        asked.append(dialog.type)
        dialog.dismiss()  # "stay on this page"

    page.on("dialog", answer)

    # The editor types a sentence, then follows a menu link: the browser asks, and staying keeps it.
    _login(page, base, editor)
    page.goto(f"{base}/bao-cao/{report.pk}/nhap/")
    page.click("#f-ton_tai")
    page.keyboard.type("Kinh phí còn hạn hẹp.")
    page.click('nav.mainnav >> text="Nhiệm vụ"', no_wait_after=True)
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert page.url == f"{base}/bao-cao/{report.pk}/nhap/"
    assert page.input_value("#f-ton_tai") == "Kinh phí còn hạn hẹp."
    # Saving the form itself asks nothing, and the page it leads to holds nothing unsaved.
    page.click("#save-draft")
    page.wait_for_selector("text=Đã lưu bản nháp.")
    page.click('nav.mainnav >> text="Nhiệm vụ"')
    page.wait_for_url(f"{base}/nhiem-vu/")
    assert asked == ["beforeunload"]
    values = {**ANNUAL, "co_ke_hoach": "true"}
    services.report_submit(actor=editor, report=report, values=values, now=timezone.now())
    _logout(page)

    # The reviewer types two comments and sends the first: the second would be lost, so the browser asks.
    _login(page, base, reviewer)
    page.goto(f"{base}/bao-cao/{report.pk}/")
    page.click("tr[data-field=doan_ra] input[name=text]")
    page.keyboard.type("Ghi rõ nước đến.")
    page.click("tr[data-field=su_kien] input[name=text]")
    page.keyboard.type("Nêu tên ba sự kiện lớn.")
    page.click("tr[data-field=doan_ra] button", no_wait_after=True)
    page.wait_for_timeout(500)
    assert asked == ["beforeunload", "beforeunload"]
    assert page.input_value("tr[data-field=su_kien] input[name=text]") == "Nêu tên ba sự kiện lớn."
    page.screenshot(path=str(ARTIFACTS / "reporting-06-typed-kept.png"), full_page=True)
    # With only one comment typed, sending it asks nothing.
    page.fill("tr[data-field=su_kien] input[name=text]", "")
    page.click("tr[data-field=doan_ra] button")
    page.wait_for_selector("text=Đã thêm nhận xét.")
    assert asked == ["beforeunload", "beforeunload"]
    assert "Ghi rõ nước đến." in page.inner_text("tr[data-field=doan_ra]")


def test_removing_a_file_keeps_the_figures_typed_and_enter_still_saves_the_draft(
    page: Any,  # noqa: F811 - the fixture imported above
    live_server: Any,
    units: Units,
    make_user: Callable[..., User],
) -> None:
    base = live_server.url
    report = _union_report_2025(units)
    editor = make_user("editor", units.quang_tri_union, username="bientap.lhhn.gotep")
    signed = b"%PDF-1.7\n% bao cao co chu ky\n"
    services.report_files_add(
        actor=editor,
        report=report,
        files=[AttachmentData(f"phu-luc-{n}.pdf", "application/pdf", signed) for n in (1, 2)],
        now=timezone.now(),
    )
    asked: list[tuple[str, str]] = []

    def answer(dialog: Any) -> None:
        asked.append((dialog.type, dialog.message))
        dialog.accept()

    page.on("dialog", answer)
    page.set_viewport_size({"width": 1366, "height": 900})
    _login(page, base, editor)
    url = f"{base}/bao-cao/{report.pk}/nhap/"
    page.goto(url)
    # Enter in a figure saves the draft; it does not press the first "Gỡ" of the form.
    page.fill("#f-doan_ra", "5")
    page.press("#f-doan_ra", "Enter")
    page.wait_for_selector("text=Đã lưu bản nháp.")
    assert page.locator("#report-files-list li").count() == 2
    # A figure typed, then a file removed: one question (the removal's), and the figure is saved with it.
    page.fill("#f-doan_vao", "7")
    page.click('button[aria-label="Gỡ tệp phu-luc-1.pdf"]')
    page.wait_for_selector("text=Đã gỡ tệp “phu-luc-1.pdf” khỏi báo cáo; số liệu đã lưu nháp.")
    assert [kind for kind, _m in asked] == ["confirm"] and "phu-luc-1.pdf" in asked[0][1]
    assert page.input_value("#f-doan_vao") == "7" and page.input_value("#f-doan_ra") == "5"
    assert page.inner_text("#report-files-list").strip().startswith("phu-luc-2.pdf")
    page.screenshot(path=str(ARTIFACTS / "reporting-07-file-removed.png"), full_page=True)
    report.refresh_from_db()
    assert report.values["doan_vao"] == "7"
