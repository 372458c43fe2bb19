"""Convert amounts to VND and USD: the one place where the conversion rule lives.

The rule. An amount in a foreign currency is converted with the rate of the transaction's date
for that currency; without a rate on that day, with the nearest earlier one. With no earlier rate
at all, conversion fails with a message naming the currency and the date, so that someone enters
the rate instead of the figure being guessed. VND converts at 1.

USD. USD figures are computed from the VND value and the USD rate found by the same rule on the
same date (value in USD = value in VND / USD rate). Going through VND gives one path for every
currency, and a USD amount keeps its own value exactly (its VND rate and USD rate are the same).

Both conversions are done when a transaction is recorded, and the rates and their dates are
stored on the transaction: totals can be reproduced, and adding a rate later never changes a
figure already recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from doingoai.aid.errors import RateMissingError
from doingoai.aid.models import ExchangeRate

VND = "VND"
USD = "USD"
_ONE = Decimal(1)


@dataclass(frozen=True)
class Conversion:
    """An amount converted to VND and USD, with the rates used and their dates."""

    rate: Decimal
    rate_date: dt.date
    value_vnd: Decimal
    usd_rate: Decimal
    usd_rate_date: dt.date
    value_usd: Decimal


def rate_find(*, currency: str, on: dt.date) -> tuple[Decimal, dt.date]:
    """Return the rate to VND of `currency` on `on`, or the nearest earlier one, with its date.

    Raise RateMissingError, naming the currency and the date, when there is none.
    """
    currency = currency.upper()
    if currency == VND:
        return _ONE, on
    found = (
        ExchangeRate.objects.filter(currency=currency, date__lte=on)
        .order_by("-date")
        .values_list("rate", "date")
        .first()
    )
    if found is None:
        raise RateMissingError(
            _("Chưa có tỷ giá %(currency)s vào hoặc trước ngày %(date)s: hãy nhập tỷ giá này trước.")
            % {"currency": currency, "date": on.strftime("%d/%m/%Y")}
        )
    return found[0], found[1]


def amount_convert(*, value: Decimal, currency: str, on: dt.date) -> Conversion:
    """Convert `value` in `currency` on date `on` to VND (whole đồng) and USD (cents)."""
    rate, rate_date = rate_find(currency=currency, on=on)
    usd_rate, usd_rate_date = rate_find(currency=USD, on=on)
    value_vnd = (value * rate).quantize(_ONE, rounding=ROUND_HALF_UP)
    if currency.upper() == USD:
        value_usd = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    else:
        value_usd = (value_vnd / usd_rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Conversion(rate, rate_date, value_vnd, usd_rate, usd_rate_date, value_usd)
