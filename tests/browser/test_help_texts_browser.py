"""Help written out where a person reads it: the conference admin's "Văn bản" column, on a phone and a laptop.

Screenshots go to test-artifacts/ (ignored by git).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from doingoai.accounts.models import User
from tests.browser.test_library_browser import ARTIFACTS, _login, page
from tests.django_fixtures import Units

__all__ = ["page"]

DOCUMENT_HELP = "Số cuối địa chỉ trang văn bản trong thư viện, như 56 trong /thu-vien/van-ban/56/."


@pytest.mark.parametrize("width", [390, 1366])
def test_the_conference_documents_help_is_text_under_its_table_read_with_each_row(
    page: Any, live_server: Any, units: Units, make_user: Callable[..., User], width: int
) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    _login(page, base, make_user("coordinator", units.vufo, username="dieuphoi.trogiup"))
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base}/quan-tri/tasks/conference/add/")

    shown = page.locator("#conferencedocument-document-help")
    expect(shown).to_be_visible()
    expect(shown).to_have_text(f"Văn bản: {DOCUMENT_HELP}")
    box = shown.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width  # wraps, never cut off
    described = page.locator("input[name='documents-0-document']")
    expect(described).to_have_accessible_description(f"Văn bản: {DOCUMENT_HELP}")
    # A row added on the page is described by the same text.
    page.get_by_text("Thêm một Văn bản của hội nghị").click()
    expect(page.locator("input[name='documents-1-document']")).to_have_accessible_description(
        f"Văn bản: {DOCUMENT_HELP}"
    )
    page.screenshot(path=str(ARTIFACTS / f"admin-conference-help-{width}.png"), full_page=True)
