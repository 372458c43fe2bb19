"""Build the shipped province boundaries (`aid/data/provinces_2025.json`) from a downloaded GeoJSON.

Run by hand when the boundaries change, not at runtime:

    python -m doingoai.aid.province_map_build SOURCE.geojson src/doingoai/aid/data/provinces_2025.json

Each feature's `ten_tinh` is read into the province in force (`admin_units.province_name_find`), its
rings simplified (Douglas-Peucker, tolerance in degrees), islets below a minimum extent dropped
except offshore archipelagos (east of 111°E: Hoàng Sa, Trường Sa), and coordinates rounded to
3 decimals (about 100 m), which is plenty for a map a few hundred pixels wide.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from doingoai.analysis.admin_units import province_name_find

TOLERANCE = 0.012
MIN_EXTENT = 0.05
OFFSHORE_EAST_OF = 111.0
Point = tuple[float, float]


def _distance(p: Point, a: Point, b: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return float(((x - x1) ** 2 + (y - y1) ** 2) ** 0.5)
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return float(((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5)


def ring_simplify(ring: list[Point], tolerance: float) -> list[Point]:
    """Return the ring with the points that stray less than `tolerance` from its outline removed."""
    if len(ring) < 4:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    # A closed ring's first and last points coincide: split it at its farthest point first.
    far = max(range(len(ring)), key=lambda i: (ring[i][0] - ring[0][0]) ** 2 + (ring[i][1] - ring[0][1]) ** 2)
    keep[far] = True
    stack = [(0, far), (far, len(ring) - 1)]
    while stack:
        start, end = stack.pop()
        best, index = 0.0, -1
        for i in range(start + 1, end):
            d = _distance(ring[i], ring[start], ring[end])
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack += [(start, index), (index, end)]
    return [p for p, k in zip(ring, keep, strict=True) if k]


def _extent(ring: list[Point]) -> float:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return max(max(xs) - min(xs), max(ys) - min(ys))


def feature_simplify(geometry: dict[str, Any]) -> list[list[list[Point]]]:
    """Return a (Multi)Polygon's polygons, simplified, as lists of rings of rounded points."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    kept = []
    for polygon in polygons:
        outer = [(float(x), float(y)) for x, y, *_z in polygon[0]]
        offshore = min(p[0] for p in outer) > OFFSHORE_EAST_OF
        if _extent(outer) < MIN_EXTENT and not offshore:
            continue
        rings = []
        for ring in polygon:
            points = [(float(x), float(y)) for x, y, *_z in ring]
            if ring is not polygon[0] and _extent(points) < MIN_EXTENT:
                continue
            simple = ring_simplify(points, TOLERANCE if not offshore else TOLERANCE / 4)
            rounded = [(round(x, 3), round(y, 3)) for x, y in simple]
            if len(rounded) >= 4:
                rings.append(rounded)
        if rings:
            kept.append(rings)
    return kept


def main(source: str, target: str) -> None:
    """Write the simplified provinces of `source` to `target`."""
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    provinces: list[dict[str, Any]] = []
    for feature in data["features"]:
        name = feature["properties"]["ten_tinh"]
        found = province_name_find({"TP HCM": "Hồ Chí Minh"}.get(name, name).removeprefix("TP "))
        if found is None or found.former:
            raise SystemExit(f"{name}: not a province in force")
        provinces.append({"code": found.province.code, "polygons": feature_simplify(feature["geometry"])})
    provinces.sort(key=lambda p: str(p["code"]))
    Path(target).write_text(json.dumps({"provinces": provinces}, separators=(",", ":")), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
