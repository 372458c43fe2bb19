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

Range. An amount is positive and at most `AMOUNT_MAX` (10^15) in its currency, kept to the cent;
its VND and USD values must fit their columns (`VND_MAX`, `USD_MAX`). A currency must be an ISO
4217 code (Babel's list): an unknown code is refused as unknown, not as a missing rate.

Age. A rate older than `AID_RATE_MAX_AGE_DAYS` (setting, default 31) on the transaction's date
makes the conversion stale: it is still recorded, and the pages flag it (`conversion_is_stale`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import cache
from typing import Any

from babel.numbers import list_currencies
from django.conf import settings
from django.db.models import F, Func, IntegerField, Q
from django.utils import formats
from django.utils.translation import gettext as _

from doingoai.aid.errors import AidError, RateMissingError
from doingoai.aid.models import ExchangeRate
from doingoai.spreadsheet_cells import WHOLE_CURRENCIES

VND = "VND"
USD = "USD"
_ONE = Decimal(1)
_CENT = Decimal("0.01")
AMOUNT_MAX = Decimal(10) ** 15
VND_MAX = Decimal(10) ** 22 - 1
USD_MAX = Decimal(10) ** 18 - _CENT
RATE_MAX_AGE_DAYS = 31


@cache
def _iso_currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def currency_check(currency: str) -> str:
    """Return the ISO 4217 code `currency` in capitals; raise AidError naming it when it is not one."""
    code = currency.strip().upper()
    if code not in _iso_currencies():
        raise AidError(
            _("“%(currency)s” không phải mã tiền tệ ISO 4217 (ví dụ VND, USD, EUR, JPY): hãy sửa mã tiền tệ.")
            % {"currency": currency}
        )
    return code


def _amount_shown(value: Decimal) -> str:
    """Return `value` with every digit, grouped as the pages write it: -750.000.000, 1,234."""
    if not value.is_finite():
        return str(value)
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def amount_check(value: Decimal, currency: str = "") -> None:
    """Raise AidError unless `value` is positive, at most AMOUNT_MAX and has no more than 2 decimals.

    In a currency without minor units (VND, JPY…) it has none: "1,2" VND is a slip, not 1,2 đồng.
    The message writes the amount in the user's format: a spreadsheet's number cell -750000000 is
    "-750.000.000", and 1.234 (one point two three four) is "1,234", not a Vietnamese thousand.
    """
    shown = _amount_shown(value)
    if not value.is_finite() or value <= 0:
        raise AidError(_("“%(value)s” không phải số tiền dương.") % {"value": shown})
    if value > AMOUNT_MAX:
        raise AidError(
            _("số tiền %(value)s vượt giới hạn 10^15 (một triệu tỷ) của một giao dịch: hãy kiểm tra lại số.")
            % {"value": shown}
        )
    if value != value.quantize(_CENT, rounding=ROUND_HALF_UP):
        raise AidError(
            _("số tiền %(value)s có quá hai chữ số thập phân: hãy làm tròn đến phần trăm.") % {"value": shown}
        )
    if currency.upper() in WHOLE_CURRENCIES and value != value.to_integral_value():
        raise AidError(
            _("%(currency)s không có phần lẻ: hãy nhập số nguyên, ví dụ 1.200.000, hoặc ghi “1,2 triệu”.")
            % {"currency": currency.upper()}
        )


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
    currency = currency_check(currency)
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
    """Convert `value` in `currency` on date `on` to VND (whole đồng) and USD (cents).

    Raise AidError when the amount is out of range or its VND or USD value would not fit.
    """
    amount_check(value, currency)
    rate, rate_date = rate_find(currency=currency, on=on)
    usd_rate, usd_rate_date = rate_find(currency=USD, on=on)
    # Enough digits for AMOUNT_MAX times any stored rate: the default 28 would round or fail.
    with localcontext() as context:
        context.prec = 60
        value_vnd = (value * rate).quantize(_ONE, rounding=ROUND_HALF_UP)
        if currency.upper() == USD:
            value_usd = value.quantize(_CENT, rounding=ROUND_HALF_UP)
        else:
            value_usd = (value_vnd / usd_rate).quantize(_CENT, rounding=ROUND_HALF_UP)
    if value_vnd > VND_MAX or value_usd > USD_MAX:
        raise AidError(
            _(
                "số tiền %(value)s %(currency)s quy đổi ra VND hoặc USD vượt giới hạn lưu trữ: "
                "hãy kiểm tra lại số."
            )
            % {"value": value, "currency": currency.upper()}
        )
    return Conversion(rate, rate_date, value_vnd, usd_rate, usd_rate_date, value_usd)


def rate_max_age() -> int:
    """Return how many days old a rate may be before its conversion is flagged (setting, default 31)."""
    return int(getattr(settings, "AID_RATE_MAX_AGE_DAYS", RATE_MAX_AGE_DAYS))


def conversion_stale_rates(transaction: Any) -> list[tuple[str, dt.date]]:
    """Return the (currency, rate date) pairs of a recorded conversion whose rate is older than allowed.

    The VND rate of the transaction's currency and the USD rate are both checked; a USD amount
    uses one rate for both, so it is named once.
    """
    limit = dt.timedelta(days=rate_max_age())
    currency = str(transaction.currency).upper()
    used = [(currency, transaction.rate_date)]
    if currency != USD:
        used.append((USD, transaction.usd_rate_date))
    return [(code, day) for code, day in used if transaction.date - day > limit]


def conversion_is_stale(transaction: Any) -> bool:
    """Return whether a recorded transaction was converted with a VND or USD rate older than allowed."""
    return bool(conversion_stale_rates(transaction))


class DaysBetween(Func):
    """The whole days from the second date to the first, computed natively by the database.

    (Django's date arithmetic on SQLite calls Python once per row, too slow to count a registry.)
    """

    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        """julianday() of an ISO date is a whole number of days plus one half, the same for both."""
        template = "CAST(julianday(%(expressions)s) AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, arg_joiner=") - julianday(", **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        """A date minus a date is an integer of days."""
        return self.as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra)


def conversions_stale_condition() -> tuple[dict[str, Any], Q]:
    """Return the annotations and the condition that select stale conversions in the database.

    The rule of `conversion_stale_rates`, for counting many transactions without reading them:
    the rate of the currency, or (for another currency than USD) the USD rate, is older than
    allowed on the transaction's date.
    """
    limit = rate_max_age()
    ages = {
        "vnd_rate_age": DaysBetween(F("date"), F("rate_date")),
        "usd_rate_age": DaysBetween(F("date"), F("usd_rate_date")),
    }
    return ages, Q(vnd_rate_age__gt=limit) | (~Q(currency__iexact=USD) & Q(usd_rate_age__gt=limit))
