"""The Content-Security-Policy in a real browser: the API docs still work, and nothing is blocked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from doingoai.accounts.models import User
from tests.browser.test_library_browser import ARTIFACTS, _login, page
from tests.django_fixtures import Units

__all__ = ["page"]


def _watch_csp(page: Any) -> list[str]:
    """Collect the console's Content-Security-Policy violations."""
    seen: list[str] = []
    page.on(
        "console",
        lambda message: seen.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return seen


def test_the_api_docs_render_under_the_policy(
    page: Any, live_server: Any, units: Units, make_user: Callable[..., User]
) -> None:
    base = live_server.url
    violations = _watch_csp(page)
    _login(page, base, make_user("viewer", units.quang_tri, username="xem.tailieu"))
    page.goto(f"{base}/api/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=20000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/documents" in p for p in paths)
    page.screenshot(path=str(ARTIFACTS / "csp-api-docs.png"))
    assert violations == []


def test_deleting_a_document_still_asks_first(
    page: Any,
    live_server: Any,
    units: Units,
    make_user: Callable[..., User],
    ingest: Callable[..., Any],
) -> None:
    from tests.library_fixtures import FESTIVAL_LOCAL, document_named

    base = live_server.url
    violations = _watch_csp(page)
    editor = make_user("editor", units.quang_tri, username="bientap.xoa")
    ingest({"bao.txt": FESTIVAL_LOCAL}, owner=units.quang_tri)
    document = document_named("bao.txt")
    _login(page, base, editor)
    page.goto(f"{base}/thu-vien/van-ban/{document.pk}/")
    asked: list[str] = []

    def dismiss(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    url = page.url
    page.click("button.danger")
    assert asked == ["Xóa văn bản này?"]
    assert page.url == url  # dismissed: nothing was sent
    assert violations == []
