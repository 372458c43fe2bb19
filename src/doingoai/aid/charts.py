"""Lay out the dashboard's per-province bar chart: inline SVG drawn on the server, no script.

The bars are the dashboard's own province cells (`selectors.dashboard_build`), so every bar is
the figure of the province table beside it and links to the same transaction list.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from doingoai.aid.selectors import ZERO, Cell
from doingoai.analysis.output import amount_words, number_vi

LABEL_WIDTH = 190
BAR_AREA = 330
VALUE_WIDTH = 170
BAR_HEIGHT = 14
BAR_GAP = 3
ROW_GAP = 12
TOP = 28


@dataclass(frozen=True)
class Bar:
    """One bar: a province's commitments or disbursements, with where it is drawn."""

    measure: str
    label: str
    vnd: Decimal
    query: str
    y: int
    width: int
    text: str
    description: str


@dataclass(frozen=True)
class ProvinceRow:
    """A province's label and its two bars."""

    label: str
    label_y: int
    bars: tuple[Bar, Bar]


@dataclass(frozen=True)
class BarChart:
    """Everything the template needs to draw the chart."""

    rows: list[ProvinceRow]
    width: int
    height: int
    bar_x: int
    summary: str


def _bar_width(value: Decimal, largest: Decimal) -> int:
    if largest <= ZERO or value <= ZERO:
        return 0
    # A non-zero figure stays visible however small it is next to the largest.
    return max(1, int(value * BAR_AREA / largest))


def province_chart(cells: list[Cell], *, year: int) -> BarChart:
    """Return the bars of the province cells of a dashboard, two per province, in their order."""
    largest = max((max(c.commitment.vnd, c.disbursement.vnd) for c in cells), default=ZERO)
    names = {"commitment": _("Cam kết"), "disbursement": _("Giải ngân")}
    rows: list[ProvinceRow] = []
    y = TOP
    for cell in cells:
        bars = []
        for offset, measure in enumerate(("commitment", "disbursement")):
            vnd = getattr(cell, measure).vnd
            bars.append(
                Bar(
                    measure=measure,
                    label=names[measure],
                    vnd=vnd,
                    query=f"{cell.query}&measure={measure}",
                    y=y + offset * (BAR_HEIGHT + BAR_GAP),
                    width=_bar_width(vnd, largest),
                    text=amount_words(vnd, "VND"),
                    description=f"{cell.label}, {names[measure].lower()} {year}: {number_vi(vnd)} VND",
                )
            )
        rows.append(ProvinceRow(label=cell.label, label_y=y + BAR_HEIGHT + 1, bars=(bars[0], bars[1])))
        y += 2 * BAR_HEIGHT + BAR_GAP + ROW_GAP
    summary = _("Biểu đồ cam kết và giải ngân theo tỉnh, thành phố năm %(year)s (VND), %(count)d tỉnh.") % {
        "year": year,
        "count": len(cells),
    }
    return BarChart(
        rows=rows,
        width=LABEL_WIDTH + BAR_AREA + VALUE_WIDTH,
        height=y,
        bar_x=LABEL_WIDTH,
        summary=summary,
    )
