from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from doingoai.accounts.scope import SYSTEM
from doingoai.aid.provincemap import COLOURS, EMPTY, province_map
from doingoai.aid.selectors import TransactionFilters, dashboard_build
from doingoai.analysis.admin_units import provinces_all


def test_map_has_the_34_provinces_in_force_each_once() -> None:
    drawn = province_map([], dashboard_query="year=2025", period="2025")
    assert sorted(s.code for s in drawn.shapes) == sorted(p.code for p in provinces_all())
    assert len(drawn.shapes) == 34
    assert all(s.path.startswith("M") and s.fill == EMPTY for s in drawn.shapes)
    assert [c.fill for c in drawn.legend] == [EMPTY]


def test_map_shades_and_links_each_province_with_the_filtered_figures(
    project_factory: Any, make_user: Any, client_for: Any
) -> None:
    project_factory("XX-T-1", value="1000000")
    project_factory("XX-T-2", value="100000", province="Hà Nội", partner="de")
    board = dashboard_build(user=SYSTEM, filters=TransactionFilters(year=2025))
    drawn = province_map(board.by_province, dashboard_query="year=2025", period="2025")
    shapes = {s.code: s for s in drawn.shapes}
    assert shapes["44"].commitment == Decimal(1000000 * 25000) and shapes["44"].fill == COLOURS[-1]
    assert shapes["01"].fill == COLOURS[0] and shapes["04"].fill == EMPTY
    assert shapes["44"].query == "year=2025&province=44"
    assert "Tỉnh Quảng Trị, 2025: cam kết 25 tỷ VND" in shapes["44"].title
    assert len(drawn.legend) == 1 + len(COLOURS)

    page = client_for(make_user("coordinator", None)).get("/vien-tro/?year=2025&country=DE").content.decode()
    svg = re.search(r'<svg [^>]*data-provinces="34".*?</svg>', page, re.S)
    assert svg
    links = re.findall(r'<a href="([^"]+)" data-province="(\d\d)" data-commitment="([^"]+)"', svg.group(0))
    assert len(links) == 34 and len({code for _h, code, _v in links}) == 34
    values = {code: (href, value) for href, code, value in links}
    # Filtered on Germany: only the Hà Nội project counts, and the link keeps the filter.
    assert values["01"] == ("/vien-tro/?year=2025&amp;country=DE&amp;province=01", str(100000 * 25000))
    assert values["44"][1] == "0"
    assert svg.group(0).count("<title>") == 35


def test_map_caption_credits_the_boundary_data_and_its_licence_shipped_beside_it(
    project_factory: Any, make_user: Any, client_for: Any
) -> None:
    from doingoai.aid import provincemap

    project_factory("XX-T-1")
    page = client_for(make_user("coordinator", None)).get("/vien-tro/?year=2025").content.decode()
    assert "https://data.vietnam.opendevelopmentmekong.net/vi/dataset/a-phn-tnh" in page
    assert "https://github.com/TaliaCao/Vietnam-Shape-Map" in page and "giấy phép MIT" in page
    notice = (Path(provincemap.__file__).parent / "data" / "NOTICE.md").read_text(encoding="utf-8")
    assert "Copyright (c) 2025 Talia Cao" in notice and "could **not** be confirmed" in notice


def test_project_page_maps_its_provinces_and_located_points(
    project_factory: Any, make_user: Any, client_for: Any
) -> None:
    project = project_factory("XX-T-MAP")
    location = project.locations.get()
    location.latitude, location.longitude = Decimal("16.75"), Decimal("107.19")
    location.save()
    page = client_for(make_user("coordinator", None)).get(f"/vien-tro/du-an/{project.pk}/").content.decode()
    svg = re.search(r'<svg [^>]*data-chart="project-map".*?</svg>', page, re.S)
    assert svg
    assert re.findall(r'data-province="(\d\d)"', svg.group(0)) == ["44"]
    assert svg.group(0).count("<path ") == 34 and svg.group(0).count("data-point") == 1
    assert "Bản đồ địa bàn dự án: Tỉnh Quảng Trị." in svg.group(0)


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("vi", "1437500000", "1,438 tỷ VND"),
        ("en", "1437500000", "1.438 billion VND"),
        ("vi", "287500000", "287,5 triệu VND"),
        ("en", "287500000", "287.5 million VND"),
        ("en", "250000", "250,000 EUR"),
    ],
)
def test_amounts_in_words_read_in_the_language_of_the_page(language: str, value: str, expected: str) -> None:
    from decimal import Decimal

    from django.utils import translation

    from doingoai.aid.charts import amount_in_words

    with translation.override(language):
        currency = "EUR" if expected.endswith("EUR") else "VND"
        assert amount_in_words(Decimal(value), currency) == expected


def test_map_legend_breaks_are_round_figures_that_still_cover_the_largest(project_factory: Any) -> None:
    """Fifths of the largest read “776,28 tỷ VND – 1,164 nghìn tỷ VND”: no one reads a map by those."""
    project_factory("XX-T-1", value="77645600")  # 1.941,14 tỷ VND in Quảng Trị
    project_factory("XX-T-2", value="15520000", province="Hà Nội")  # 388 tỷ VND
    board = dashboard_build(user=SYSTEM, filters=TransactionFilters(year=2025))
    drawn = province_map(board.by_province, dashboard_query="year=2025", period="2025")
    assert [c.text for c in drawn.legend] == [
        "Không có cam kết",
        "0 VND – 390 tỷ VND",
        "390 tỷ VND – 780 tỷ VND",
        "780 tỷ VND – 1,17 nghìn tỷ VND",
        "1,17 nghìn tỷ VND – 1,56 nghìn tỷ VND",
        "1,56 nghìn tỷ VND – 1,95 nghìn tỷ VND",
    ]
    shapes = {s.code: s for s in drawn.shapes}
    assert shapes["44"].fill == COLOURS[-1] and shapes["01"].fill == COLOURS[0]
