"""A small year of data for the report tests: aid projects of three units, and articles of two."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.library_fixtures import FESTIVAL_LOCAL, FESTIVAL_TTXVN, HANOI_REPORT

TODAY = dt.date(2026, 1, 5)


def _in_2025(text: str) -> str:
    return text.replace("date 2026-", "date 2025-", 1)


def world_build(project_factory: Any, units: Any, ingest: Any) -> None:
    """Record 2025 aid of VUFO and the two provinces' unions, and articles of Quảng Trị and Hà Nội."""
    project_factory("XX-T-1", value="1000000", currency="USD", sectors=(("16040", 70), ("11220", 30)))
    project_factory(
        "XX-T-2", value="500000", currency="EUR", partner="de", province="Hà Nội", day=dt.date(2025, 8, 1)
    )
    project_factory("XX-T-3", value="2000000000", currency="VND", kind="3", owner=units.quang_tri_union)
    project_factory("XX-T-4", value="300000", currency="USD", owner=units.quang_tri_union)
    project_factory(
        "XX-T-5", owner=units.ha_noi_union, published=False, province="Hà Nội", value="700000", currency="USD"
    )
    ingest(
        {
            "festival-ttxvn.txt": _in_2025(FESTIVAL_TTXVN),
            "festival-bao-quang-tri.txt": _in_2025(FESTIVAL_LOCAL),
        },
        owner=units.quang_tri,
        published=True,
    )
    ingest({"hanoi.txt": _in_2025(HANOI_REPORT)}, owner=units.ha_noi)
