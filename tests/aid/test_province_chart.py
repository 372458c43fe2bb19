from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from doingoai.accounts.scope import SYSTEM
from doingoai.aid.selectors import dashboard_build


def _world(project_factory: Any, units: Any) -> None:
    project_factory("XX-T-1", value="1000000", currency="USD")
    project_factory(
        "XX-T-2", value="500000", currency="EUR", partner="de", province="Hà Nội", day=dt.date(2025, 8, 1)
    )
    project_factory("XX-T-3", value="2000000000", currency="VND", kind="3", province="Cao Bằng")
    project_factory(
        "XX-T-5", owner=units.ha_noi_union, published=False, province="Hà Nội", value="700000", currency="USD"
    )


def _chart(page: str) -> str:
    return re.search(r'<svg[^>]*data-chart="province".*?</svg>', page, re.S).group(0)  # type: ignore[union-attr]


def _bars(chart: str) -> dict[tuple[str, str], tuple[Decimal, str]]:
    bars = {}
    for group in re.findall(r'<g class="province" data-province="([^"]+)">(.*?)</g>', chart, re.S):
        province, body = group
        for measure, vnd, href in re.findall(r'data-measure="(\w+)" data-vnd="([^"]+)" href="([^"]+)"', body):
            bars[(province, measure)] = (Decimal(vnd), href.replace("&amp;", "&"))
    return bars


def _total_at(client: Any, href: str) -> Decimal:
    page = client.get(href).content.decode()
    return Decimal(re.search(r'data-total-vnd="([^"]+)"', page).group(1))  # type: ignore[union-attr]


def test_chart_has_two_bars_per_province_with_the_province_table_figures(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    _world(project_factory, units)
    client = client_for(make_user("coordinator", None))
    chart = _chart(client.get("/vien-tro/?year=2025").content.decode())
    assert 'role="img"' in chart and "<title>" in chart and 'aria-label="' in chart
    table = {c.label: c for c in dashboard_build(user=SYSTEM, year=2025).by_province}
    bars = _bars(chart)
    assert {p for p, _m in bars} == set(table) == {"Tỉnh Quảng Trị", "Thành phố Hà Nội", "Tỉnh Cao Bằng"}
    for (province, measure), (vnd, _href) in bars.items():
        assert vnd == getattr(table[province], measure).vnd
    assert bars[("Thành phố Hà Nội", "commitment")][0] == Decimal(500000 * 30000 + 700000 * 25000)
    # The value is written as text, Vietnamese-style, and in full in the bar's label.
    assert "32,5 tỷ VND" in chart
    assert "Thành phố Hà Nội, cam kết 2025: 32.500.000.000 VND" in chart


def test_each_bar_leads_to_transactions_adding_up_to_it(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    _world(project_factory, units)
    client = client_for(make_user("coordinator", None))
    bars = _bars(_chart(client.get("/vien-tro/?year=2025").content.decode()))
    assert len(bars) == 6
    for key, (vnd, href) in bars.items():
        assert _total_at(client, href) == vnd, key


def test_province_editor_chart_leaves_out_other_province_unpublished_project(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    _world(project_factory, units)
    client = client_for(make_user("editor", units.quang_tri))
    bars = _bars(_chart(client.get("/vien-tro/?year=2025&province=all").content.decode()))
    assert bars[("Thành phố Hà Nội", "commitment")][0] == Decimal(500000 * 30000)
    assert "32.500.000.000" not in client.get("/vien-tro/?year=2025&province=all").content.decode()
