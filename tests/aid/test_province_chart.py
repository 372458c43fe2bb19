from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from doingoai.accounts.scope import SYSTEM
from doingoai.aid.charts import _amount_short
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
    for group in re.findall(r'<g class="row" data-row="([^"]+)"[^>]*>(.*?)</g>', chart, re.S):
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


def test_province_filtered_chart_draws_only_that_province_and_says_so(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    from doingoai.aid import services
    from doingoai.aid.locations import location_parse

    project = project_factory("XX-T-TWO", value="1000000")
    services.project_upsert(
        actor=SYSTEM,
        data=services.ProjectData(
            iati_identifier="XX-T-TWO",
            title=project.title,
            status="2",
            owner_unit=project.owner_unit,
            is_published=True,
            sectors=[("16040", Decimal(100))],
            locations=[location_parse("Quảng Trị"), location_parse("Huế")],
        ),
    )
    client = client_for(make_user("coordinator", None))
    everywhere = _bars(_chart(client.get("/vien-tro/?year=2025").content.decode()))
    assert {p for p, _m in everywhere} == {"Tỉnh Quảng Trị", "Thành phố Huế"}
    page = client.get("/vien-tro/?year=2025&province=44").content.decode()
    assert {p for p, _m in _bars(_chart(page))} == {"Tỉnh Quảng Trị"}
    assert "Biểu đồ chỉ có tỉnh, thành phố đang lọc" in page


def _trend(page: str, name: str) -> str:
    return re.search(rf'<svg[^>]*data-chart="{name}".*?</svg>', page, re.S).group(0)  # type: ignore[union-attr]


def test_trend_charts_draw_commitments_disbursements_and_rate_beside_their_tables(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    project_factory("XX-T-Y1", value="1000000", day=dt.date(2025, 5, 1))
    project_factory("XX-T-Y2", value="2000000", day=dt.date(2026, 3, 1))
    project_factory("XX-T-Y3", value="500000", kind="3", day=dt.date(2026, 8, 1))
    page = client_for(make_user("coordinator", None)).get("/vien-tro/?year=2026").content.decode()
    years = _trend(page, "trend-year")
    assert 'role="img"' in years and "<title" in years and "<desc" in years
    rows = re.findall(r'<g class="row" data-row="([^"]+)"[^>]*>(.*?)</g>\s*</g>', years, re.S)
    assert [label for label, _body in rows] == ["2025", "2026"]  # oldest first, as a trend reads
    bars = dict(rows)
    found = re.search(r'data-measure="commitment" data-vnd="([^"]+)"', bars["2026"])
    assert found and Decimal(found.group(1)) == Decimal(2000000 * 26000)
    assert 'data-rate="25%"' in bars["2026"] and "2026 · 25%" in bars["2026"]
    quarters = _trend(page, "trend-quarter")
    assert "tỷ lệ giải ngân lũy kế" in quarters
    assert 'data-table="trend-year"' in page and 'data-table="trend-quarter"' in page
    assert 'font-size="13"' in years and 'viewBox="0 0 360 ' in years


@pytest.mark.parametrize(
    ("vnd", "shown"),
    [
        (Decimal("463351000000"), "463,4 tỷ VND"),
        (Decimal("32500000000"), "32,5 tỷ VND"),
        (Decimal("1003000000000"), "1 nghìn tỷ VND"),
        (Decimal("1250000"), "1,3 triệu VND"),
        (Decimal("999.6"), "1.000 VND"),
    ],
)
def test_bar_labels_keep_one_decimal_at_most(vnd: Decimal, shown: str) -> None:
    with translation.override("vi"):
        assert _amount_short(vnd) == shown
