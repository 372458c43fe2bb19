"""Tasks in a real browser: a coordinator confirms a proposed task, the lead's editor reports progress.

Screenshots go to test-artifacts/ (ignored by git).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.directory import services as directory_services
from doingoai.library.models import Document, IngestJob
from doingoai.tasks import services as tasks_services
from doingoai.tasks.models import Task
from tests.browser.test_library_browser import ARTIFACTS, _login, page
from tests.django_fixtures import Units

__all__ = ["page"]

# Written for the tests: the conclusions of a review meeting, assigning one task to the Ministry.
CONCLUSIONS = (
    "Thông báo kết luận cuộc họp sơ kết công tác đối ngoại nhân dân\n\n"
    "(TTXVN) - Ngày 15/1/2026, tại Hà Nội, Liên hiệp các tổ chức hữu nghị Việt Nam họp sơ kết công tác.\n\n"
    "Kết luận cuộc họp, Chủ tịch Liên hiệp giao Bộ Ngoại giao chủ trì, phối hợp với các địa phương "
    "tổng kết mô hình giao lưu nhân dân biên giới và đề xuất nhân rộng trong năm 2026.\n"
)


def test_coordinator_confirms_a_proposed_task_and_the_lead_reports_progress(
    page: Any,
    live_server: Any,
    units: Units,
    make_user: Callable[..., User],
    ingest: Callable[..., IngestJob],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("doingoai.tasks.views._today", lambda: dt.date(2026, 2, 1))
    base = live_server.url
    ministry = directory_services.organization_create(
        actor=SYSTEM, name="Bộ Ngoại giao", kind="central", abbreviation="BNG"
    )
    ingest({"ket-luan-so-ket.txt": CONCLUSIONS}, published=True)
    document = Document.objects.get(file_name="ket-luan-so-ket.txt")
    coordinator = make_user("coordinator", units.vufo, username="dieuphoi.trinhduyet")
    editor = make_user("editor", ministry, username="bientap.bng.trinhduyet")

    _login(page, base, coordinator)
    page.goto(f"{base}/thu-vien/van-ban/{document.pk}/")
    page.click("text=Đề xuất nhiệm vụ từ văn bản")
    proposal = page.locator("section.proposal").first
    proposal.wait_for()
    assert "giao Bộ Ngoại giao chủ trì" in proposal.locator("blockquote").inner_text()
    lead = proposal.locator("select[name$='-lead_unit']")
    assert lead.locator("option:checked").inner_text().strip() == "Bộ Ngoại giao"
    proposal.locator("input[name$='-deadline']").fill("31/12/2026")
    page.screenshot(path=str(ARTIFACTS / "tasks-01-proposal.png"), full_page=True)
    proposal.locator("button[value=confirm]").click()
    page.wait_for_selector("dd[data-field=lead]")
    task = Task.objects.get(document=document)
    assert page.inner_text("dd[data-field=deadline]") == "31/12/2026"
    assert "giao Bộ Ngoại giao chủ trì" in page.inner_text("blockquote.source-quote")
    page.screenshot(path=str(ARTIFACTS / "tasks-02-confirmed.png"), full_page=True)

    page.context.clear_cookies()
    _login(page, base, editor)
    page.goto(f"{base}/nhiem-vu/{task.pk}/")
    page.fill("#id_period", "Tháng 1/2026")
    page.fill("#id_text", "Đã lập đề cương tổng kết và gửi các địa phương")
    page.fill("#id_percent", "40")
    page.click("text=Gửi báo cáo")
    page.wait_for_selector("ul.messages")
    assert page.inner_text("dd[data-field=percent]") == "40%"
    assert "Đã lập đề cương tổng kết" in page.inner_text("ol.timeline")
    page.screenshot(path=str(ARTIFACTS / "tasks-03-progress.png"), full_page=True)

    page.context.clear_cookies()
    _login(page, base, coordinator)
    page.click("nav.mainnav >> text=Nhiệm vụ")
    row = page.locator(f"tr[data-task='{task.pk}']")
    row.wait_for()
    assert "Đang thực hiện, trong hạn" in row.inner_text() and "40%" in row.inner_text()
    page.screenshot(path=str(ARTIFACTS / "tasks-04-dashboard.png"), full_page=True)


# Written for the tests: two tasks assigned in one conclusion, so the second proposal sits below the first.
TWO_TASKS = (
    "Thông báo kết luận hội nghị giao ban công tác đối ngoại nhân dân\n\n"
    "(TTXVN) - Ngày 20/1/2026, tại Hà Nội, Liên hiệp các tổ chức hữu nghị Việt Nam họp giao ban.\n\n"
    "Kết luận hội nghị, Chủ tịch Liên hiệp giao Bộ Ngoại giao chủ trì, phối hợp với các địa phương "
    "tổng kết mô hình giao lưu nhân dân biên giới và đề xuất nhân rộng trong năm 2026.\n\n"
    "Chủ tịch Liên hiệp cũng giao Bộ Ngoại giao chủ trì rà soát các thỏa thuận hợp tác nhân dân "
    "đã ký với các địa phương nước ngoài.\n"
)


def _proposals_on_a_phone(
    page: Any, base: str, ingest: Callable[..., IngestJob], name: str, text: str
) -> Callable[[User], None]:
    """Import a conclusion naming the Ministry; return how a user opens its proposed tasks at 390 px."""
    directory_services.organization_create(
        actor=SYSTEM, name="Bộ Ngoại giao", kind="central", abbreviation="BNG"
    )
    ingest({name: text}, published=True)
    document = Document.objects.get(file_name=name)

    def open_as(user: User) -> None:
        page.set_viewport_size({"width": 390, "height": 844})
        _login(page, base, user)
        page.goto(f"{base}/nhiem-vu/van-ban/{document.pk}/")

    return open_as


def test_a_refused_confirmation_lands_on_its_proposal_with_a_message_on_a_phone(
    page: Any,
    live_server: Any,
    units: Units,
    make_user: Callable[..., User],
    ingest: Callable[..., IngestJob],
) -> None:
    _proposals_on_a_phone(page, live_server.url, ingest, "ket-luan-giao-ban.txt", TWO_TASKS)(
        make_user("coordinator", units.vufo, username="dieuphoi.giaoban")
    )
    proposals = page.locator("section.proposal")
    assert proposals.count() == 2
    second = proposals.nth(1)
    key = second.get_attribute("data-span")
    second.locator(f"[name='p{key}-deadline']").fill("")
    second.locator("button[value=confirm]").click()
    page.wait_for_load_state()
    # The page comes back with the refused proposal in view, not the first one at the top.
    assert page.url.endswith(f"#de-xuat-{key}")
    error = page.locator(f"section.proposal[data-span='{key}'] .error").first
    box = error.bounding_box()
    assert box is not None and 0 <= box["y"] <= 844, box
    assert "Chưa xác nhận được nhiệm vụ" in page.inner_text(".messages")
    page.screenshot(path=str(ARTIFACTS / "tasks-05-refused-proposal-phone.png"))


def _task_on_a_phone(page: Any, base: str, units: Units, editor: User, text: str) -> None:
    """Open, at 390 px and signed in as `editor`, the page of a new task led by the editor's unit."""
    task = tasks_services.task_create(
        actor=SYSTEM,
        text=text,
        lead_unit=editor.unit,
        deadline=dt.date(2026, 12, 31),
        issuer_unit=units.vufo,
    )
    page.set_viewport_size({"width": 390, "height": 844})
    _login(page, base, editor)
    page.goto(f"{base}/nhiem-vu/{task.pk}/")


def test_a_refused_deadline_request_comes_back_in_view_with_a_message_on_a_phone(
    page: Any,
    live_server: Any,
    units: Units,
    make_user: Callable[..., User],
) -> None:
    _task_on_a_phone(
        page,
        live_server.url,
        units,
        make_user("editor", units.quang_tri, username="bientap.qt.giahan"),
        "Tổng kết mô hình giao lưu nhân dân biên giới",
    )
    page.fill("#id_new_deadline", "31/02/2027")
    page.fill("#id_reason", "Chờ kinh phí")
    page.click("text=Gửi đề nghị gia hạn")
    page.wait_for_load_state()
    assert page.url.endswith("#gia-han")
    error = page.locator("form:has(#id_new_deadline) .error").first
    box = error.bounding_box()
    assert box is not None and 0 <= box["y"] <= 844, box
    assert "Ngày 31/02/2027 không có" in error.inner_text()
    assert "Chưa gửi được" in page.inner_text(".messages")
    assert page.input_value("#id_reason") == "Chờ kinh phí"
    page.screenshot(path=str(ARTIFACTS / "tasks-06-refused-deadline-phone.png"))


def test_a_progress_report_sent_incomplete_is_answered_by_the_site_in_vietnamese_not_by_the_browser(
    page: Any,
    live_server: Any,
    units: Units,
    make_user: Callable[..., User],
) -> None:
    _task_on_a_phone(
        page,
        live_server.url,
        units,
        make_user("editor", units.quang_tri, username="bientap.qt.tiendo"),
        "Tổng hợp ý kiến các địa phương về giao lưu biên giới",
    )
    # Nothing typed in the content, "1,2" as the percent: the browser's own bubble (in its own
    # language, English here) would stop the form; the site's words, naming each field, come back.
    page.fill("#id_percent", "1,2")
    page.click("text=Gửi báo cáo")
    page.wait_for_selector("form:has(#id_percent) .error")
    said = page.inner_text("form:has(#id_percent)")
    assert "Nội dung báo cáo: Trường này là bắt buộc." in said
    assert "Tiến độ (%): Nhập một số nguyên." in said
    assert page.input_value("#id_percent") == "1,2"
    page.screenshot(path=str(ARTIFACTS / "tasks-07-refused-progress-phone.png"))


def test_a_long_list_of_units_narrows_to_what_is_typed_with_or_without_diacritics(
    page: Any,
    live_server: Any,
    units: Units,
    make_user: Callable[..., User],
    ingest: Callable[..., IngestJob],
) -> None:
    _proposals_on_a_phone(page, live_server.url, ingest, "ket-luan-loc.txt", CONCLUSIONS)(
        make_user("coordinator", units.vufo, username="dieuphoi.loc")
    )
    proposal = page.locator("section.proposal").first
    units_list = proposal.locator("select[name$='-coordinating_units']")
    chosen = units_list.locator("option", has_text="Bộ Ngoại giao").first.get_attribute("value")
    units_list.select_option([chosen])
    box = proposal.locator("input.select-filter").nth(1)  # the lead unit's box comes first
    box.fill("quang tri")
    shown = units_list.locator("option:not([hidden])").all_inner_texts()
    # Only the units of Quảng Trị, and the one already chosen, stay in the list.
    assert len(shown) >= 2 and all("Quảng Trị" in text or "Bộ Ngoại giao" in text for text in shown), shown
    assert any("Bộ Ngoại giao" in text for text in shown)
    box.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "tasks-units-filter-390.png"))
    box.fill("")
    assert units_list.locator("option:not([hidden])").count() == units_list.locator("option").count()


def test_on_a_phone_the_completion_box_sits_before_its_words_and_a_tap_on_them_ticks_it(
    page: Any,
    live_server: Any,
    units: Units,
    make_user: Callable[..., User],
) -> None:
    _task_on_a_phone(
        page,
        live_server.url,
        units,
        make_user("editor", units.quang_tri_union, username="bientap.lhhn.hoanthanh"),
        "Báo cáo kết quả giao lưu hữu nghị vùng biên giới",
    )
    box = page.locator("#id_is_completion").bounding_box()
    words = page.locator("label:has-text('Báo cáo hoàn thành nhiệm vụ')").bounding_box()
    assert box is not None and words is not None
    # On the same line, at the left edge of the form; it stood alone, centred under its words.
    assert box["x"] < 40 and words["y"] <= box["y"] + box["height"] / 2 <= words["y"] + words["height"]
    page.click("text=Báo cáo hoàn thành nhiệm vụ")
    assert page.is_checked("#id_is_completion")
    page.screenshot(path=str(ARTIFACTS / "tasks-07-completion-box-phone.png"))


def test_coordinator_records_a_conference_with_a_point_and_its_conclusions_in_the_site(
    page: Any,
    live_server: Any,
    units: Units,
    make_user: Callable[..., User],
    ingest: Callable[..., IngestJob],
) -> None:
    """From the list's button to the saved conference, with no admin screen on the way."""
    base = live_server.url
    ingest({"ket-luan-so-ket.txt": CONCLUSIONS}, published=True)
    document = Document.objects.get(file_name="ket-luan-so-ket.txt")
    coordinator = make_user("coordinator", units.vufo, username="dieuphoi.hoinghi")
    _login(page, base, coordinator)
    page.goto(f"{base}/nhiem-vu/hoi-nghi/")
    page.click("text=Thêm hội nghị")
    page.wait_for_selector("#conference-form")
    assert "/quan-tri/" not in page.url
    page.fill("#id_title", "Hội nghị sơ kết công tác đối ngoại nhân dân 6 tháng")
    page.fill("#id_date", "15/07/2026")
    page.fill("#id_venue", "Hà Nội")
    page.fill("#id_points-0-name", "Hội trường chính")
    page.fill("#id_points-0-unit", units.vufo.name)
    page.select_option("#id_points-0-mode", "onsite")
    page.fill("#id_points-0-attendance", "1.250")
    page.fill("#id_documents-0-document", f"{base}/thu-vien/van-ban/{document.pk}/")
    page.select_option("#id_documents-0-role", "conclusions")
    page.click("button[name=add_point]")  # one more row, the typed values kept
    page.wait_for_selector("#id_points-3-name")
    assert page.input_value("#id_points-0-attendance") == "1.250"
    page.fill("#id_points-3-name", "Điểm cầu Quảng Trị")
    page.fill("#id_points-3-unit", "uy ban nhan dan tinh quang tri")  # typed without marks
    page.select_option("#id_points-3-mode", "online")
    page.fill("#id_points-3-attendance", "80")
    page.screenshot(path=str(ARTIFACTS / "tasks-04-conference-form.png"), full_page=True)
    page.click("button[name=save]")
    page.wait_for_selector("dd[data-field=points]")
    assert "số người dự: 1.330" in page.inner_text("dd[data-field=points]")
    assert "Thông báo kết luận" in page.inner_text("main")
    page.screenshot(path=str(ARTIFACTS / "tasks-05-conference-saved.png"), full_page=True)
    page.click("text=Sửa hội nghị")
    page.wait_for_selector("[data-field=document-title]")
    assert "Thông báo kết luận cuộc họp sơ kết" in page.inner_text("[data-field=document-title]")
    # On a phone each row is a card whose boxes keep their column's name; nothing runs off the page.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.screenshot(path=str(ARTIFACTS / "tasks-06-conference-edit-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.get_attribute("#id_points-0-attendance", "aria-label") == "Số người dự, dòng 1"
    page.screenshot(path=str(ARTIFACTS / "tasks-06-conference-edit-phone.png"), full_page=True)


def test_enter_in_a_box_of_the_conference_form_saves_it_and_adds_no_row(
    page: Any, live_server: Any, units: Units, make_user: Callable[..., User]
) -> None:
    """The form's first buttons add rows; Enter, which presses the first button, must save instead."""
    base = live_server.url
    coordinator = make_user("coordinator", units.vufo, username="dieuphoi.enter")
    _login(page, base, coordinator)
    page.goto(f"{base}/nhiem-vu/hoi-nghi/them/")
    page.fill("#id_title", "Hội nghị giao ban quý IV")
    page.fill("#id_date", "15/11/2026")
    page.fill("#id_venue", "Hà Nội")
    page.press("#id_venue", "Enter")
    page.wait_for_url(re.compile(r"/nhiem-vu/hoi-nghi/\d+/$"), timeout=10_000)
    assert "Hội nghị giao ban quý IV" in page.locator("h1").inner_text()
    page.click("text=Sửa hội nghị")
    page.fill("#id_points-0-name", "Hội trường chính")
    page.fill("#id_points-0-unit", units.vufo.name)
    page.select_option("#id_points-0-mode", "onsite")
    page.fill("#id_points-0-attendance", "90")
    page.press("#id_points-0-attendance", "Enter")
    page.wait_for_selector("dd[data-field=points]", timeout=10_000)
    assert "số người dự: 90" in page.inner_text("dd[data-field=points]")


def test_a_row_added_to_a_long_table_comes_back_in_view_and_a_refusal_at_the_top(
    page: Any, live_server: Any, units: Units, make_user: Callable[..., User]
) -> None:
    """The page comes back where the row was added, not at its top; a refused save shows its summary."""
    base = live_server.url
    coordinator = make_user("coordinator", units.vufo, username="dieuphoi.dongmoi")
    _login(page, base, coordinator)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/nhiem-vu/hoi-nghi/them/")
    page.fill("#id_title", "Hội nghị nhiều điểm cầu")
    page.click("button[name=add_point]")
    page.wait_for_selector("#id_points-3-name")
    assert page.evaluate("window.scrollY") > 0
    for added in ("#id_points-3-name", "button[name=add_point]"):  # the new row above its button
        box = page.locator(added).bounding_box()
        assert box is not None and 0 <= box["y"] <= 844 - box["height"], (added, box)
    assert page.input_value("#id_title") == "Hội nghị nhiều điểm cầu"
    page.click("button[name=add_document]")
    page.wait_for_selector("#id_documents-2-document")
    for added in ("#id_documents-2-document", "button[name=add_document]"):
        box = page.locator(added).bounding_box()
        assert box is not None and 0 <= box["y"] <= 844 - box["height"], (added, box)
    page.click("button[name=save]")  # no date: refused, its summary in view at the top
    page.wait_for_selector(".errors[role=alert]")
    assert page.evaluate("window.scrollY") == 0
    assert "Hội nghị chưa được lưu" in page.locator(".errors").first.inner_text()
