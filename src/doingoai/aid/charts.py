"""Lay out the dashboard's bar charts: inline SVG drawn on the server, no script.

Two charts share one layout: the per-province chart and the trends by year and by quarter
(commitments against disbursements, with the disbursement rate). Their bars are the dashboard's own
cells (`selectors.dashboard_build`), so every bar is the figure of the table beside it and links to
the same transaction list.

The layout is narrow (360 units wide, each row's label above its bars, text of 13 units), so that
on a 390 px phone the drawing is shown at about its own size and its text stays readable.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doingoai.aid.selectors import HUNDRED, ZERO, Cell

WIDTH = 360
BAR_AREA = 200
BAR_HEIGHT = 16
BAR_GAP = 3
LABEL_HEIGHT = 18
RATE_HEIGHT = 8
ROW_GAP = 14
TOP = 30


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
class RateMark:
    """A row's disbursement rate drawn as a filled share of a 0–100% track (full past 100%)."""

    y: int
    width: int
    text: str


@dataclass(frozen=True)
class ChartRow:
    """A row's label (a province, a year, a quarter), its two bars and, in trends, its rate."""

    key: str
    label: str
    label_y: int
    bars: tuple[Bar, Bar]
    rate: RateMark | None = None


@dataclass(frozen=True)
class BarChart:
    """Everything the template needs to draw a chart."""

    name: str
    rows: list[ChartRow]
    width: int
    height: int
    summary: str
    bar_area: int = BAR_AREA


def _bar_width(value: Decimal, largest: Decimal) -> int:
    if largest <= ZERO or value <= ZERO:
        return 0
    # A non-zero figure stays visible however small it is next to the largest.
    return max(1, int(value * BAR_AREA / largest))


def _number(value: Decimal, step: str = "0.001") -> str:
    """Return a number in the reader's language: 1.234,5 in Vietnamese, 1,234.5 in English.

    Rounded (half up) to `step`, a thousandth by default, with no trailing zeros.
    """
    rounded = value.quantize(Decimal(step), rounding=ROUND_HALF_UP).normalize()
    places = max(0, -rounded.as_tuple().exponent)  # type: ignore[operator]
    return formats.number_format(rounded, decimal_pos=places, use_l10n=True, force_grouping=True)


def _scales() -> tuple[tuple[Decimal, str], ...]:
    """Return the scale words of large amounts, largest first, in the reader's language."""
    return ((Decimal(10) ** 12, _("nghìn tỷ")), (Decimal(10) ** 9, _("tỷ")), (Decimal(10) ** 6, _("triệu")))


def amount_in_words(value: Decimal, currency: str) -> str:
    """Return an amount in the reader's language, its scale in words: 12 tỷ VND / 12 billion VND.

    Up to three decimals of the scale ("1,437 tỷ" / "1.437 billion"), so a figure keeps what an
    article or a record says of it; a page in English no longer reads "1,437 tỷ" as a thousand.
    """
    for size, word in _scales():
        if abs(value) >= size:
            return f"{_number(value / size)} {word} {currency}"
    return f"{_number(value)} {currency}"


def _amount_short(value: Decimal) -> str:
    """Return an amount in VND the short way, in the reader's language: 32,5 tỷ VND / 32.5 billion VND.

    One decimal at most, the same on every bar ("463,4 tỷ", not "463,351 tỷ" beside "32,5 tỷ"); the
    exact amount is in the bar's description and in the table under the chart.
    """
    for size, word in _scales():
        if abs(value) >= size:
            return f"{_number(value / size, '0.1')} {word} VND"
    return f"{_number(value, '1')} VND"


def _rows(cells: list[Cell], *, period: str, with_rate: bool) -> tuple[list[ChartRow], int]:
    """Lay out one row per cell, in the given order; return the rows and the drawing's height."""
    largest = max((max(c.commitment.vnd, c.disbursement.vnd) for c in cells), default=ZERO)
    names = {"commitment": _("Cam kết"), "disbursement": _("Giải ngân")}
    rows: list[ChartRow] = []
    y = TOP
    for cell in cells:
        label_y = y + LABEL_HEIGHT - 5
        y += LABEL_HEIGHT
        bars = []
        for offset, measure in enumerate(("commitment", "disbursement")):
            vnd = getattr(cell, measure).vnd
            when = f" {period}" if period else ""
            bars.append(
                Bar(
                    measure=measure,
                    label=names[measure],
                    vnd=vnd,
                    query=f"{cell.query}&measure={measure}",
                    y=y + offset * (BAR_HEIGHT + BAR_GAP),
                    width=_bar_width(vnd, largest),
                    text=_amount_short(vnd),
                    description=f"{cell.label}, {names[measure].lower()}{when}: {_number(vnd)} VND",
                )
            )
        y += 2 * BAR_HEIGHT + BAR_GAP
        rate = None
        if with_rate:
            shown = cell.disbursement_rate
            filled = 0 if shown is None else int(min(shown, HUNDRED) * BAR_AREA / HUNDRED)
            rate = RateMark(y=y + BAR_GAP, width=filled, text=cell.disbursement_rate_shown)
            y += BAR_GAP + RATE_HEIGHT
        rows.append(ChartRow(cell.key, cell.label, label_y, (bars[0], bars[1]), rate))
        y += ROW_GAP
    return rows, y


def province_chart(cells: list[Cell], *, year: int, province: str = "") -> BarChart:
    """Return the bars of the province cells of a dashboard, two per province, in their order.

    With a province filter (`province`, its code), only that province is drawn: the cells also
    hold the other provinces of its projects, which the filter did not ask for.
    """
    if province:
        cells = [c for c in cells if c.key == province]
    rows, height = _rows(cells, period=str(year), with_rate=False)
    summary = ngettext(
        "Biểu đồ cam kết và giải ngân theo tỉnh, thành phố năm %(year)s (VND), %(count)d tỉnh.",
        "Biểu đồ cam kết và giải ngân theo tỉnh, thành phố năm %(year)s (VND), %(count)d tỉnh.",
        len(cells),
    ) % {
        "year": year,
        "count": len(cells),
    }
    return BarChart(name="province", rows=rows, width=WIDTH, height=height, summary=summary)


def trend_chart(cells: list[Cell], *, name: str, summary: str, cumulative: bool = False) -> BarChart:
    """Return the trend of commitments, disbursements and the disbursement rate, oldest period first.

    `cumulative` says the rate is disbursed-to-date over committed-to-date (the quarters').
    """
    ordered = sorted(cells, key=lambda c: c.key)
    rows, height = _rows(ordered, period="", with_rate=True)
    rate_name = _("tỷ lệ giải ngân lũy kế") if cumulative else _("tỷ lệ giải ngân")
    rates = "; ".join(f"{r.label}: {rate_name} {r.rate.text}" for r in rows if r.rate is not None)
    return BarChart(name=name, rows=rows, width=WIDTH, height=height, summary=f"{summary} {rates}".strip())
