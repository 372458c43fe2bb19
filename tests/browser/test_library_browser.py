"""The library in a real browser: Playwright driving Debian's Chromium against the live server.

Screenshots go to test-artifacts/ (ignored by git). Chromium comes from Debian's package
(`make test` installs it when missing); without /usr/bin/chromium these tests fail, they do not skip.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import connections

from doingoai.accounts.models import User
from tests.django_fixtures import PASSWORD, Units
from tests.library_fixtures import FESTIVAL_LOCAL, FESTIVAL_TTXVN

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@contextmanager
def chromium_page() -> Iterator[Any]:
    """Yield a page of Debian's Chromium, in Vietnamese, at a laptop's size."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Debian's chromium is missing: run `make test`, or apt-get install -y chromium"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


@pytest.fixture
def page(live_server: Any) -> Iterator[Any]:
    """Return a browser page; Django's ORM stays usable beside Playwright's event loop."""
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test and of
    # its teardown are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with chromium_page() as opened:
        yield opened
        # Django keeps a connection per context, and Playwright's sync API runs the test in its
        # own: close what the test opened there (inside Playwright's context, before it ends),
        # or PostgreSQL cannot drop the test database.
        connections.close_all()


def _login(page: Any, base: str, user: User) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{base}/")


def test_editor_uploads_articles_searches_without_diacritics_and_compares_the_outlets(
    page: Any, live_server: Any, units: Units, make_user: Callable[..., User]
) -> None:
    base = live_server.url
    editor = make_user("editor", units.quang_tri, username="bientap.trinhduyet")
    _login(page, base, editor)
    page.screenshot(path=str(ARTIFACTS / "01-home.png"))

    page.click("text=Thư viện văn bản")
    page.click("text=Tải văn bản lên")
    page.set_input_files(
        "input[type=file]",
        [
            {"name": "ttxvn.txt", "mimeType": "text/plain", "buffer": FESTIVAL_TTXVN.encode()},
            {"name": "bao-quang-tri.txt", "mimeType": "text/plain", "buffer": FESTIVAL_LOCAL.encode()},
        ],
    )
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector("#job-progress")
    assert "Đã xử lý 2/2" in page.inner_text("#job-progress")
    page.screenshot(path=str(ARTIFACTS / "02-import.png"), full_page=True)

    page.click("nav.mainnav >> text=Tìm kiếm")
    page.fill("#id_q", "tai san vo gia")
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("ol.hits")
    marks = page.locator(".snippet mark").all_inner_texts()
    assert marks[:4] == ["tài", "sản", "vô", "giá"]
    page.screenshot(path=str(ARTIFACTS / "03-search.png"), full_page=True)

    page.click("ul.events-found a")
    page.wait_for_selector("ul.differences")
    outlets = page.locator("th.outlet").all_inner_texts()
    assert any(o.startswith("TTXVN") for o in outlets) and any(o.startswith("Báo Quảng Trị") for o in outlets)
    assert page.inner_text(".difference-quote del") == "quý"
    assert page.inner_text(".difference-quote ins") == "vô giá"
    page.screenshot(path=str(ARTIFACTS / "04-event.png"), full_page=True)

    # The document page marks the facts at their spans.
    page.click("th.outlet a >> nth=0")
    page.wait_for_selector("article.document-text")
    assert "Hồ Thị Lan" in page.locator("mark.fact-person").all_inner_texts()
    page.screenshot(path=str(ARTIFACTS / "05-document.png"), full_page=True)
    # A fact listed beside the text leads to its words there, outlined.
    page.click(".document-facts a.fact-link >> text=360 triệu đồng")
    reached = page.locator("article.document-text mark:target")
    assert reached.inner_text() == "360 triệu đồng"
    assert reached.evaluate("m => getComputedStyle(m).outlineStyle") == "solid"
    page.screenshot(path=str(ARTIFACTS / "05-document-fact.png"))


def test_interface_switches_to_english(
    page: Any, live_server: Any, units: Units, make_user: Callable[..., User]
) -> None:
    base = live_server.url
    _login(page, base, make_user("viewer", units.ha_noi, username="xem.trinhduyet"))
    page.click("button[value=en]")
    page.wait_for_selector("nav.mainnav")
    assert "Document library" in page.inner_text("nav.mainnav")
    page.screenshot(path=str(ARTIFACTS / "06-english.png"))
