"""An official's page in a real browser: a title ended from a page shown before is refused in words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.directory import services
from doingoai.directory.models import Position
from tests.browser.test_library_browser import ARTIFACTS, _login, chromium_page
from tests.django_fixtures import Units


def test_thoi_giu_from_a_page_shown_before_another_end_date_is_refused_and_the_page_says_what_changed(
    live_server: Any, units: Units, make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    from playwright.sync_api import expect

    # Bình's save is made from the test while Playwright's loop runs in this thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    person = services.person_create(actor=SYSTEM, owner_unit=units.ha_noi, full_name="Phan Thị Thu")
    position = services.position_add(
        actor=SYSTEM, person=person, title="Chủ tịch", organization=units.ha_noi_union
    )
    binh = make_user("editor", units.ha_noi, username="binh")
    base = live_server.url
    with chromium_page() as page:
        _login(page, base, make_user("editor", units.ha_noi, username="an"))
        page.goto(f"{base}/danh-ba/can-bo/{person.pk}/")
        row = page.locator(f'tr[data-position="{position.pk}"]')
        # While An's page is open, Bình ends the same title.
        services.position_end(actor=binh, position=position, end_date=dt.date(2026, 6, 30))
        row.get_by_label("Ngày thôi giữ Chủ tịch").fill("31/12/2026")
        row.get_by_role("button", name="Thôi giữ").click()

        messages = page.locator(".messages")
        expect(messages).to_contain_text("Người khác đã sửa bản ghi này")
        expect(messages).to_contain_text("(trống) → 30/06/2026")
        expect(page.locator(f'tr[data-position="{position.pk}"]')).to_contain_text("30/06/2026")
        page.screenshot(path=str(ARTIFACTS / "directory-title-end-refused.png"), full_page=True)
    assert Position.objects.get(pk=position.pk).end_date == dt.date(2026, 6, 30)
