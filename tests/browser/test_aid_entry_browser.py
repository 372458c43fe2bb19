"""The aid registry in a real browser: a province editor adds a project and a EUR commitment.

Screenshots go to test-artifacts/ (ignored by git).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.aid import services
from doingoai.aid.models import Project
from doingoai.directory.services import partner_create
from tests.browser.test_library_browser import ARTIFACTS, _login, page
from tests.django_fixtures import Units

__all__ = ["page"]


def test_province_editor_adds_a_project_and_a_commitment_on_screen(
    page: Any, live_server: Any, units: Units, make_user: Callable[..., User]
) -> None:
    base = live_server.url
    for currency, rate in (("USD", "25500"), ("EUR", "29000")):
        services.exchange_rate_set(
            actor=SYSTEM, date=dt.date(2026, 10, 1), currency=currency, rate=Decimal(rate)
        )
    partner = partner_create(
        actor=SYSTEM,
        owner_unit=units.vufo,
        name="Brückenbau Asien e.V.",
        kind="ngo",
        country="DE",
        is_published=True,
    )
    editor = make_user("editor", units.quang_tri, username="bientap.vientro.trinhduyet")
    _login(page, base, editor)

    page.goto(f"{base}/vien-tro/du-an/")
    page.click("text=Thêm dự án")
    page.fill("#id_iati_identifier", "VN-QT-2026-CAU")
    page.fill("#id_title", "Cầu dân sinh vùng lũ")
    page.select_option("#id_owner_unit", str(units.quang_tri_union.pk))
    page.fill("#id_sectors-0-code", "21020")
    page.fill("#id_sectors-0-percentage", "70")
    page.click("text=Thêm dòng lĩnh vực")
    page.fill("#id_sectors-1-code", "74020")
    page.fill("#id_sectors-1-percentage", "20")
    page.select_option("#id_locations-0-province", "44")
    commune = page.locator("#id_locations-0-commune option").nth(1)
    commune.wait_for(state="attached")
    commune_name = commune.inner_text()
    page.select_option("#id_locations-0-commune", commune.get_attribute("value"))
    page.select_option("#id_participants-0-role", "1")
    page.select_option("#id_participants-0-partner", str(partner.pk))
    page.select_option("#id_participants-0-org_type", "21")
    page.click("text=Thêm tổ chức tham gia")
    page.select_option("#id_participants-1-role", "4")
    page.fill("#id_participants-1-name", "Hội Chữ thập đỏ xã Hướng Phùng")
    page.fill("#id_budgets-0-period_start", "2026-01-01")
    page.fill("#id_budgets-0-period_end", "2027-03-31")
    page.fill("#id_budgets-0-value", "1.200.000")
    page.fill("#id_budgets-0-currency", "EUR")
    page.click("button[name=save]")
    errors = page.locator("#budget-rows").inner_text()
    assert "Ngân sách đến ngày: Kỳ ngân sách từ 01/01/2026 đến 31/03/2027 dài hơn một năm" in errors
    assert page.input_value("#id_participants-1-name") == "Hội Chữ thập đỏ xã Hướng Phùng"
    page.fill("#id_budgets-0-period_end", "2026-12-31")
    page.click("button[name=save]")
    # Said twice: above the form that it was not saved, and at the sectors what to mend.
    assert "Dự án chưa được lưu" in page.locator(".errors").first.inner_text()
    errors = page.locator(".errors", has_text="Tỷ lệ").inner_text()
    assert "Tỷ lệ (%)" in errors and "90%" in errors
    assert page.input_value("#id_title") == "Cầu dân sinh vùng lũ"
    page.fill("#id_sectors-1-percentage", "30")
    page.screenshot(path=str(ARTIFACTS / "aid-01-project-form.png"), full_page=True)
    page.press("#id_sectors-1-percentage", "Enter")  # Enter saves; it does not add a sector row
    page.wait_for_url(f"{base}/vien-tro/du-an/*/")
    assert "Cầu dân sinh vùng lũ" in page.locator("h1").inner_text()
    assert commune_name in page.locator("dl.facts").first.inner_text()

    page.click("text=Thêm giao dịch")
    page.select_option("#id_transaction_type", "2")
    page.fill("#id_date", "2026-11-20")
    page.select_option("#id_provider", str(partner.pk))
    page.fill("#id_value", "1.200.000")
    page.fill("#id_currency", "EUR")
    page.click("button[name=preview]")
    conversion = page.locator("#conversion")
    assert "34.800.000.000 VND" in conversion.inner_text()
    assert "01/10/2026" in conversion.inner_text()
    assert conversion.locator("[data-conversion=stale]").count() == 1  # 50 days after the rate
    page.screenshot(path=str(ARTIFACTS / "aid-02-transaction-preview.png"), full_page=True)
    page.click("button[name=save]")
    page.wait_for_url(f"{base}/vien-tro/du-an/*/")
    assert "1.200.000,00 EUR" in page.locator("#project-transactions").inner_text()
    assert "31/12/2026" in page.locator("#project-budgets").inner_text()

    project = Project.objects.get(iati_identifier="VN-QT-2026-CAU")
    assert sorted(project.sectors.values_list("code", flat=True)) == ["21020", "74020"]
    assert sorted(project.participants.values_list("role", "name", "org_type")) == [
        ("1", "Brückenbau Asien e.V.", "21"),
        ("4", "Hội Chữ thập đỏ xã Hướng Phùng", ""),
    ]
    budget = project.budgets.get()
    assert (budget.period_end, budget.value, budget.currency) == (
        dt.date(2026, 12, 31),
        Decimal(1200000),
        "EUR",
    )
    page.goto(f"{base}/vien-tro/?year=2026")
    assert "34.800.000.000" in page.locator("section.headline").inner_text()
    assert page.locator("#rates-stale").count() == 1
    page.goto(f"{base}/vien-tro/doi-tac/{partner.pk}/")
    assert "Cầu dân sinh vùng lũ" in page.locator("#partner-projects").inner_text()
    assert "34.800.000.000" in page.locator("#partner-years").inner_text()
    page.screenshot(path=str(ARTIFACTS / "aid-03-partner.png"), full_page=True)

    # On a 390 px phone the charts are drawn at about their own size: their text stays readable.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/vien-tro/?year=2026")
    for name in ("trend-year", "trend-quarter", "province"):
        chart = page.locator(f'svg[data-chart="{name}"]')
        label = chart.locator("g.row text").first.bounding_box()
        assert label is not None and label["height"] >= 12, (name, label)
        assert chart.bounding_box()["width"] <= 390  # type: ignore[index]
    page.screenshot(path=str(ARTIFACTS / "aid-04-dashboard-390.png"), full_page=True)
