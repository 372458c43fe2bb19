"""Draw the choropleth map of the 34 provinces as inline SVG on the server: no tiles, no script.

The boundaries are package data (`data/provinces_2025.json`, source and licence beside it). Each
province is a link to the dashboard filtered on it, with a tooltip (`<title>`) giving its figures;
its shade is the class of its commitments among the provinces' (five classes of equal, round width
up to the largest, and a grey for none). The figures are the dashboard's own province cells.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from functools import cache
from importlib import resources
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doingoai.aid.charts import amount_in_words
from doingoai.aid.selectors import ZERO, Cell
from doingoai.analysis.admin_units import province_by_code

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


@dataclass(frozen=True)
class _Projection:
    """Where a longitude and latitude fall on the map (one projection for outlines and points)."""

    squeeze: float
    left: float
    top: float
    scale: float
    height: int

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        """Return the map coordinates of a place."""
        return (lon * self.squeeze - self.left) * self.scale + 5, (self.top - lat) * self.scale + 5


def _boundaries() -> list[dict[str, Any]]:
    data = json.loads(
        resources.files("doingoai.aid").joinpath("data/provinces_2025.json").read_text(encoding="utf-8")
    )
    provinces: list[dict[str, Any]] = data["provinces"]
    return provinces


@cache
def _outlines() -> tuple[dict[str, str], _Projection]:
    """Return each province's SVG path (projected once per process) and the projection used."""
    provinces = _boundaries()
    squeeze = math.cos(math.radians(MIDDLE_LATITUDE))
    points = [
        (lon * squeeze, lat)
        for province in provinces
        for polygon in province["polygons"]
        for ring in polygon
        for lon, lat in ring
    ]
    left, right = min(p[0] for p in points), max(p[0] for p in points)
    bottom, top = min(p[1] for p in points), max(p[1] for p in points)
    scale = (WIDTH - 10) / (right - left)
    projection = _Projection(squeeze, left, top, scale, math.ceil((top - bottom) * scale + 10))
    paths: dict[str, str] = {}
    for province in provinces:
        parts = []
        for polygon in province["polygons"]:
            for ring in polygon:
                coords = " ".join("{:.1f},{:.1f}".format(*projection.point(lon, lat)) for lon, lat in ring)
                parts.append(f"M{coords}Z")
        paths[province["code"]] = "".join(parts)
    return paths, projection


def _class_width(largest: Decimal) -> Decimal:
    """Return the width of each of the five classes: a fifth of `largest`, rounded up to two figures.

    The legend then reads 0 – 390 tỷ, 390 – 780 tỷ… (not 388,228 tỷ), and the top class still
    holds the largest value.
    """
    fifth = largest / len(COLOURS)
    unit = Decimal(1).scaleb(fifth.adjusted() - 1)  # the second figure's place value
    return (fifth / unit).to_integral_value(rounding=ROUND_CEILING) * unit


def _class_of(value: Decimal, width: Decimal) -> int:
    """Return the class (0–4) of a positive value among five classes of `width`."""
    return min(len(COLOURS) - 1, int(value / width)) if width > ZERO else 0


def province_map(cells: list[Cell], *, dashboard_query: str, period: str) -> ProvinceMap:
    """Return the map of the 34 provinces shaded by the commitments of the dashboard's province cells.

    `dashboard_query` is the dashboard's query without a province: each province links to it with
    its own province added.
    """
    paths, projection = _outlines()
    height = projection.height
    figures = {c.key: c for c in cells}
    largest = max((c.commitment.vnd for c in cells), default=ZERO)
    width = _class_width(largest) if largest > ZERO else ZERO
    shapes = []
    for code, path in paths.items():
        province = province_by_code(code)
        name = province.full_name if province else code
        found = figures.get(code)
        commitment = found.commitment.vnd if found else ZERO
        disbursement = found.disbursement.vnd if found else ZERO
        fill = COLOURS[_class_of(commitment, width)] if commitment > ZERO else EMPTY
        title = _("%(name)s, %(period)s: cam kết %(commitment)s, giải ngân %(disbursement)s") % {
            "name": name,
            "period": period,
            "commitment": amount_in_words(commitment, "VND"),
            "disbursement": amount_in_words(disbursement, "VND"),
        }
        query = f"{dashboard_query}&province={code}" if dashboard_query else f"province={code}"
        shapes.append(ProvinceShape(code, name, path, fill, commitment, disbursement, query, title))
    legend = [LegendClass(EMPTY, _("Không có cam kết"))]
    if largest > ZERO:
        for index, colour in enumerate(COLOURS):
            low, high = width * index, width * (index + 1)
            legend.append(
                LegendClass(colour, f"{amount_in_words(low, 'VND')} – {amount_in_words(high, 'VND')}")
            )
    shaded = sum(1 for s in shapes if s.commitment > ZERO)
    summary = ngettext(
        "Bản đồ cam kết theo 34 tỉnh, thành phố, %(period)s: %(count)d tỉnh có cam kết.",
        "Bản đồ cam kết theo 34 tỉnh, thành phố, %(period)s: %(count)d tỉnh có cam kết.",
        shaded,
    ) % {
        "period": period,
        "count": shaded,
    }
    return ProvinceMap(shapes=shapes, legend=legend, width=WIDTH, height=height, summary=summary)


PROJECT_FILL = "#0d519c"


@dataclass(frozen=True)
class ProjectPlace:
    """A province on a project's map: marked when the project works there."""

    code: str
    name: str
    path: str
    fill: str
    marked: bool


@dataclass(frozen=True)
class ProjectPoint:
    """A location of the project given with coordinates (an IATI file's point)."""

    x: float
    y: float
    title: str


@dataclass(frozen=True)
class ProjectMap:
    """Where a project works: its provinces shaded, its located points drawn."""

    places: list[ProjectPlace]
    points: list[ProjectPoint]
    width: int
    height: int
    summary: str


def project_map(locations: Iterable[Any]) -> ProjectMap:
    """Return the map of the 34 provinces with a project's provinces (`ProjectLocation`s) marked."""
    paths, projection = _outlines()
    rows = list(locations)
    codes = {row.province_code for row in rows}
    places = []
    for code, path in paths.items():
        province = province_by_code(code)
        marked = code in codes
        places.append(
            ProjectPlace(
                code,
                province.full_name if province else code,
                path,
                PROJECT_FILL if marked else EMPTY,
                marked,
            )
        )
    points = []
    for row in rows:
        if row.latitude is None or row.longitude is None:
            continue
        x, y = projection.point(float(row.longitude), float(row.latitude))
        points.append(ProjectPoint(round(x, 1), round(y, 1), row.name))
    names = [p.name for p in places if p.marked]
    summary = _("Bản đồ địa bàn dự án: %(names)s.") % {"names": "; ".join(names) or "—"}
    return ProjectMap(places, points, WIDTH, projection.height, summary)
