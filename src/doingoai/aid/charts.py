"""Lay out the dashboard's per-province bar chart: inline SVG drawn on the server, no script.

The bars are the dashboard's own province cells (`selectors.dashboard_build`), so every bar is
the figure of the province table beside it and links to the same transaction list.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doingoai.aid.selectors import ZERO, Cell

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


def _number(value: Decimal) -> str:
    """Return a number in the reader's language: 1.234,5 in Vietnamese, 1,234.5 in English."""
    rounded = value.quantize(Decimal("0.001")).normalize()
    places = max(0, -rounded.as_tuple().exponent)  # type: ignore[operator]
    return formats.number_format(rounded, decimal_pos=places, use_l10n=True, force_grouping=True)


def _amount_short(value: Decimal) -> str:
    """Return an amount in VND the short way, in the reader's language: 32,5 tỷ VND / 32.5 billion VND."""
    scales = ((Decimal(10) ** 12, _("nghìn tỷ")), (Decimal(10) ** 9, _("tỷ")), (Decimal(10) ** 6, _("triệu")))
    for size, word in scales:
        if abs(value) >= size:
            return f"{_number(value / size)} {word} VND"
    return f"{_number(value)} VND"


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
                    text=_amount_short(vnd),
                    description=f"{cell.label}, {names[measure].lower()} {year}: {_number(vnd)} VND",
                )
            )
        rows.append(ProvinceRow(label=cell.label, label_y=y + BAR_HEIGHT + 1, bars=(bars[0], bars[1])))
        y += 2 * BAR_HEIGHT + BAR_GAP + ROW_GAP
    summary = ngettext(
        "Biểu đồ cam kết và giải ngân theo tỉnh, thành phố năm %(year)s (VND), %(count)d tỉnh.",
        "Biểu đồ cam kết và giải ngân theo tỉnh, thành phố năm %(year)s (VND), %(count)d tỉnh.",
        len(cells),
    ) % {
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
