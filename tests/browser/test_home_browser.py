"""The home page in a real browser at 1366×768, as a province editor and as the coordinator.

Screenshots go to test-artifacts/ (ignored by git).
"""

from __future__ import annotations

from typing import Any

from tests.browser.test_library_browser import ARTIFACTS, _login, page
from tests.reporting.conftest import Cycle
from tests.web.test_home import (
    cycle,
    ingest,
    partners,
    project_factory,
    rates,
    world,
)

__all__ = ["cycle", "ingest", "page", "partners", "project_factory", "rates", "world"]


def _fits(page: Any) -> None:
    # Nothing wider than the window: no sideways scrolling on a laptop screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366


def test_home_of_an_editor_and_of_the_coordinator(page: Any, live_server: Any, world: Cycle) -> None:
    base = live_server.url
    page.set_viewport_size({"width": 1366, "height": 768})
    _login(page, base, world.qt_editor)
    page.goto(f"{base}/")
    for block in ("#home-drafts", "#home-reports", "#home-tasks", "#home-news", "#home-aid"):
        assert page.locator(block).is_visible()
    assert "Tổng kết ngày hội giao lưu Lao Bảo" in page.locator("#home-tasks").inner_text()
    _fits(page)
    page.screenshot(path=str(ARTIFACTS / "home-editor-1366.png"), full_page=True)
    page.locator("#home-tasks a", has_text="Tổng kết ngày hội").click()
    page.wait_for_url("**/nhiem-vu/*/")
    assert "Tổng kết ngày hội giao lưu Lao Bảo" in page.content()

    page.context.clear_cookies()
    _login(page, base, world.coordinator)
    page.goto(f"{base}/")
    for block in ("#home-completeness", "#home-overdue", "#home-events", "#home-aid"):
        assert page.locator(block).is_visible()
    assert "0/5" in page.locator("#home-completeness").inner_text()
    _fits(page)
    page.screenshot(path=str(ARTIFACTS / "home-coordinator-1366.png"), full_page=True)
    page.locator("#home-events li a").first.click()
    page.wait_for_url("**/thu-vien/su-kien/*/")
