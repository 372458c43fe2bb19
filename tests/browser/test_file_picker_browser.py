"""Every upload's file box speaks the page's language, in a real browser, with and without JavaScript.

The browser writes a file input's "Choose Files" / "No file chosen" in its own language; the
site's FilePicker (doingoai.widgets) shows "Chọn tệp" and the names chosen instead, leaving the
input the control that clicks, the keyboard and screen readers reach. Screenshots go to
test-artifacts/ (ignored by git).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from openpyxl import Workbook

from doingoai.accounts.models import User
from doingoai.directory.models import Person
from tests.browser.test_library_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, _login
from tests.django_fixtures import Units

IMPORT = "/danh-ba/nhap/"


@contextmanager
def _browser_page(*, javascript: bool, width: int) -> Iterator[Any]:
    """Yield a page of Debian's Chromium, in an English-speaking browser, with or without JavaScript."""
    import os

    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        # An English browser: its own file box would say "Choose File" whatever the page's language.
        context = browser.new_context(
            locale="en-US", java_script_enabled=javascript, viewport={"width": width, "height": 900}
        )
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()
            connections.close_all()


def _officials_file(tmp_path: Path, unit_name: str) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Cán bộ"
    sheet.append(["Họ và tên", "Đơn vị quản lý"])
    sheet.append(["Mạc Thị Duyên", unit_name])
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "can-bo-moi.xlsx"
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize("width", [390, 1366])
def test_the_file_box_says_choose_a_file_in_vietnamese_names_the_file_and_still_uploads(
    live_server: Any, units: Units, make_user: Callable[..., User], tmp_path: Path, width: int
) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    with _browser_page(javascript=True, width=width) as page:
        _login(page, base, make_user("editor", units.ha_noi, username="bientap.hanoi.tep"))
        page.goto(base + IMPORT)
        picker = page.locator(".file-picker")
        expect(picker.locator(".file-picker-button")).to_have_text("Chọn tệp")
        expect(picker.locator(".file-picker-names")).to_have_text("Chưa chọn tệp")
        box = page.locator("input[type=file]")
        assert box.evaluate("input => getComputedStyle(input).opacity") == "0"
        # A click on the button reaches the browser's input, laid over it.
        button = picker.locator(".file-picker-button").bounding_box()
        assert button is not None and button["x"] + button["width"] <= width
        under = page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).name",
            [button["x"] + button["width"] / 2, button["y"] + button["height"] / 2],
        )
        assert under == "file"
        # The keyboard reaches the input itself (Space or Enter then opens the browser's chooser,
        # which a loaded machine may open too late for a test to wait on) and shows its focus on
        # the button.
        page.locator(".page a[href='/danh-ba/doi-tac/']").last.focus()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") == "file"
        outline = picker.locator(".file-picker-button").evaluate("b => getComputedStyle(b).outlineStyle")
        assert outline == "solid"
        box.set_input_files(str(_officials_file(tmp_path, units.ha_noi.name)))

        expect(picker.locator(".file-picker-names")).to_have_text("can-bo-moi.xlsx")
        expect(box).to_have_accessible_name("Tệp Excel (.xlsx) *")
        expect(box).to_have_accessible_description("can-bo-moi.xlsx")
        page.screenshot(path=str(ARTIFACTS / f"file-picker-chosen-{width}.png"), full_page=True)
        page.get_by_role("button", name="Nhập", exact=True).click()
        expect(page.locator(".messages")).to_contain_text("Cán bộ: 1 thêm mới")
    assert Person.objects.filter(full_name="Mạc Thị Duyên", owner_unit=units.ha_noi).exists()


def test_the_file_box_speaks_english_on_an_english_page_and_counts_several_files(
    live_server: Any, units: Units, make_user: Callable[..., User], tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    first, second = tmp_path / "bao-cao.docx", tmp_path / "ảnh hội nghị.png"
    first.write_bytes(b"a")
    second.write_bytes(b"b")
    with _browser_page(javascript=True, width=390) as page:
        _login(page, base, make_user("editor", units.ha_noi, username="bientap.hanoi.en"))
        page.get_by_role("button", name="Tiếng Anh").click()
        page.goto(base + "/thu-vien/tai-len/")
        picker = page.locator(".file-picker")
        expect(picker.locator(".file-picker-button")).to_have_text("Choose files")
        expect(picker.locator(".file-picker-names")).to_have_text("No file chosen")
        page.locator("input[type=file]").set_input_files([str(first), str(second)])
        expect(picker.locator(".file-picker-names")).to_have_text("2 files: bao-cao.docx, ảnh hội nghị.png")
        page.screenshot(path=str(ARTIFACTS / "file-picker-english-390.png"), full_page=True)


def test_without_javascript_the_file_box_is_the_browser_s_own_and_uploads(
    live_server: Any, units: Units, make_user: Callable[..., User], tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    with _browser_page(javascript=False, width=390) as page:
        _login(page, base, make_user("editor", units.ha_noi, username="bientap.hanoi.nojs"))
        page.goto(base + IMPORT)
        expect(page.locator(".file-picker-face")).to_be_hidden()
        box = page.locator("input[type=file]")
        expect(box).to_be_visible()
        assert box.evaluate("input => getComputedStyle(input).opacity") == "1"
        box.set_input_files(str(_officials_file(tmp_path, units.ha_noi.name)))
        page.screenshot(path=str(ARTIFACTS / "file-picker-without-javascript-390.png"), full_page=True)
        page.get_by_role("button", name="Nhập", exact=True).click()
        expect(page.locator(".messages")).to_contain_text("Cán bộ: 1 thêm mới")
    assert Person.objects.filter(full_name="Mạc Thị Duyên").exists()
