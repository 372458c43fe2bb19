"""Draw the choropleth map of the 34 provinces as inline SVG on the server: no tiles, no script.

The boundaries are package data (`data/provinces_2025.json`, source and licence beside it). Each
province is a link to the dashboard filtered on it, with a tooltip (`<title>`) giving its figures;
its shade is the class of its commitments among the provinces' (five classes of equal width up to
the largest, and a grey for none). The figures are the dashboard's own province cells.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

from django.utils.translation import gettext as _

from doingoai.aid.selectors import ZERO, Cell
from doingoai.analysis.admin_units import province_by_code
from doingoai.analysis.output import amount_words

WIDTH = 420
# Equirectangular projection around Vietnam's middle latitude: shapes look right at this scale.
MIDDLE_LATITUDE = 16.0
COLOURS = ("#dbe9f6", "#a9cce6", "#6aaed6", "#3282bd", "#0d519c")
EMPTY = "#eeeeee"


@dataclass(frozen=True)
class ProvinceShape:
    """One province on the map: its outline, shade, figures and link."""

    code: str
    name: str
    path: str
    fill: str
    commitment: Decimal
    disbursement: Decimal
    query: str
    title: str


@dataclass(frozen=True)
class LegendClass:
    """One shade of the legend and the range of commitments it stands for."""

    fill: str
    text: str


@dataclass(frozen=True)
class ProvinceMap:
    """Everything the template needs to draw the map."""

    shapes: list[ProvinceShape]
    legend: list[LegendClass]
    width: int
    height: int
    summary: str


@cache
def _outlines() -> tuple[dict[str, str], int]:
    """Return each province's SVG path (projected once per process) and the map's height."""
    data = json.loads(
        resources.files("doingoai.aid").joinpath("data/provinces_2025.json").read_text(encoding="utf-8")
    )
    squeeze = math.cos(math.radians(MIDDLE_LATITUDE))
    points = [
        (lon * squeeze, lat)
        for province in data["provinces"]
        for polygon in province["polygons"]
        for ring in polygon
        for lon, lat in ring
    ]
    left, right = min(p[0] for p in points), max(p[0] for p in points)
    bottom, top = min(p[1] for p in points), max(p[1] for p in points)
    scale = (WIDTH - 10) / (right - left)
    paths: dict[str, str] = {}
    for province in data["provinces"]:
        parts = []
        for polygon in province["polygons"]:
            for ring in polygon:
                coords = " ".join(
                    f"{(lon * squeeze - left) * scale + 5:.1f},{(top - lat) * scale + 5:.1f}"
                    for lon, lat in ring
                )
                parts.append(f"M{coords}Z")
        paths[province["code"]] = "".join(parts)
    return paths, math.ceil((top - bottom) * scale + 10)


def _class_of(value: Decimal, largest: Decimal) -> int:
    """Return the class (0–4) of a positive value among five equal classes up to `largest`."""
    return min(len(COLOURS) - 1, int(value * len(COLOURS) / largest)) if largest > ZERO else 0


def province_map(cells: list[Cell], *, dashboard_query: str, period: str) -> ProvinceMap:
    """Return the map of the 34 provinces shaded by the commitments of the dashboard's province cells.

    `dashboard_query` is the dashboard's query without a province: each province links to it with
    its own province added.
    """
    paths, height = _outlines()
    figures = {c.key: c for c in cells}
    largest = max((c.commitment.vnd for c in cells), default=ZERO)
    shapes = []
    for code, path in paths.items():
        province = province_by_code(code)
        name = province.full_name if province else code
        found = figures.get(code)
        commitment = found.commitment.vnd if found else ZERO
        disbursement = found.disbursement.vnd if found else ZERO
        fill = COLOURS[_class_of(commitment, largest)] if commitment > ZERO else EMPTY
        title = _("%(name)s, %(period)s: cam kết %(commitment)s, giải ngân %(disbursement)s") % {
            "name": name,
            "period": period,
            "commitment": amount_words(commitment, "VND"),
            "disbursement": amount_words(disbursement, "VND"),
        }
        query = f"{dashboard_query}&province={code}" if dashboard_query else f"province={code}"
        shapes.append(ProvinceShape(code, name, path, fill, commitment, disbursement, query, title))
    legend = [LegendClass(EMPTY, _("Không có cam kết"))]
    if largest > ZERO:
        step = largest / len(COLOURS)
        for index, colour in enumerate(COLOURS):
            low, high = step * index, step * (index + 1)
            legend.append(LegendClass(colour, f"{amount_words(low, 'VND')} – {amount_words(high, 'VND')}"))
    shaded = sum(1 for s in shapes if s.commitment > ZERO)
    summary = _("Bản đồ cam kết theo 34 tỉnh, thành phố, %(period)s: %(count)d tỉnh có cam kết.") % {
        "period": period,
        "count": shaded,
    }
    return ProvinceMap(shapes=shapes, legend=legend, width=WIDTH, height=height, summary=summary)
