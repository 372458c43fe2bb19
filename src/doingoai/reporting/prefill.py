"""Prefill a report's aid figures from the aid registry, with a link to the transactions behind them.

The registry is read as the user reads it (`doingoai.aid.selectors.transactions_list`), so a unit
never prefills figures it could not open. A province's people's committee reports the aid to
projects working in its province; any other unit reports the projects it manages
(`doingoai.aid.selectors.unit_aid_province`, the rule the annual report follows too). Each table
row takes the share of every transaction that its sectors (DAC code prefixes) hold in the
project; the row without prefixes takes what no other row takes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.urls import reverse

from doingoai.aid import selectors as aid_selectors
from doingoai.directory.models import Organization
from doingoai.reporting.formspec import FormSpec, Indicator
from doingoai.reporting.periods import Period

ZERO = Decimal(0)


@dataclass(frozen=True)
class Prefill:
    """The registry's figures for one table indicator: values by field key, and the link behind them."""

    indicator: str
    values: dict[str, str]
    url: str
    count: int


def _shares(sectors: list[Any], indicator: Indicator) -> dict[str, Decimal]:
    shares: dict[str, Decimal] = defaultdict(lambda: ZERO)
    taken = ZERO
    rest = ""
    prefixes = {
        row: next(f.sectors for f in indicator.fields if f.row == row) for row, _label in indicator.rows
    }
    for row, row_prefixes in prefixes.items():
        if not row_prefixes:
            rest = rest or row
            continue
        for sector in sectors:
            if str(sector.code).startswith(tuple(row_prefixes)):
                shares[row] += sector.percentage / 100
                taken += sector.percentage / 100
    if rest:
        shares[rest] += max(Decimal(1) - taken, ZERO) if sectors else Decimal(1)
    return shares


def aid_prefill(*, user: Any, unit: Organization, period: Period, spec: FormSpec) -> list[Prefill]:
    """Return the registry's figures for every table of `spec` that asks for them."""
    result: list[Prefill] = []
    for section in spec.sections:
        for indicator in section.indicators:
            if not indicator.prefill:
                continue
            province = aid_selectors.unit_aid_province(unit)
            filters = aid_selectors.TransactionFilters(
                year=period.year, measure=indicator.prefill, province=province
            )
            rows = aid_selectors.transactions_list(user=user, filters=filters).filter(
                date__gte=period.start, date__lte=period.end
            )
            if not province:
                rows = rows.filter(project__owner_unit=unit)
            totals: dict[str, dict[str, Decimal]] = defaultdict(lambda: {"vnd": ZERO, "usd": ZERO})
            count = 0
            for row in rows:
                count += 1
                for row_code, share in _shares(list(row.project.sectors.all()), indicator).items():
                    totals[row_code]["vnd"] += row.value_vnd * share
                    totals[row_code]["usd"] += row.value_usd * share
            values: dict[str, str] = {}
            for row_code, _label in indicator.rows:
                for column, places in (("vnd", Decimal(1)), ("usd", Decimal("0.01"))):
                    key = f"{indicator.code}.{row_code}.{column}"
                    if key in spec.by_key:
                        amount = totals[row_code][column].quantize(places, rounding=ROUND_HALF_UP)
                        values[key] = format(amount.normalize() if amount else ZERO, "f")
            url = f"{reverse('aid:transaction_list')}?{filters.as_query()}"
            result.append(Prefill(indicator.code, values, url, count))
    return result
