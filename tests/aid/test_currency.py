from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from doingoai.accounts.scope import SYSTEM
from doingoai.aid import services
from doingoai.aid.currency import amount_convert, rate_find
from doingoai.aid.errors import RateMissingError
from doingoai.aid.models import Transaction


def test_rate_of_the_transaction_day_is_used(rates: None) -> None:
    assert rate_find(currency="USD", on=dt.date(2025, 7, 1)) == (Decimal(26000), dt.date(2025, 7, 1))


def test_nearest_earlier_rate_is_used_when_the_day_has_none(rates: None) -> None:
    assert rate_find(currency="eur", on=dt.date(2025, 6, 30)) == (Decimal(27000), dt.date(2025, 1, 1))


def test_missing_earlier_rate_names_the_currency_and_the_date(rates: None) -> None:
    with pytest.raises(RateMissingError) as caught:
        rate_find(currency="JPY", on=dt.date(2025, 3, 5))
    assert "JPY" in caught.value.messages[0] and "05/03/2025" in caught.value.messages[0]
    with pytest.raises(RateMissingError):
        rate_find(currency="USD", on=dt.date(2024, 12, 31))


def test_vnd_converts_at_one_and_usd_goes_through_vnd(rates: None) -> None:
    vnd = amount_convert(value=Decimal("52000000"), currency="VND", on=dt.date(2025, 8, 1))
    assert (vnd.rate, vnd.value_vnd, vnd.usd_rate, vnd.value_usd) == (1, 52000000, 26000, Decimal("2000.00"))
    eur = amount_convert(value=Decimal("100.50"), currency="EUR", on=dt.date(2025, 2, 1))
    assert eur.value_vnd == Decimal("2713500") and eur.value_usd == Decimal("108.54")
    usd = amount_convert(value=Decimal("1234.56"), currency="USD", on=dt.date(2025, 2, 1))
    assert usd.value_usd == Decimal("1234.56") and usd.value_vnd == Decimal("30864000")


def test_stored_conversion_does_not_change_when_a_rate_is_added_later(project_factory: object) -> None:
    project = project_factory("XX-T-1", value="1000", currency="EUR", day=dt.date(2025, 3, 10))  # type: ignore[operator]
    before = Transaction.objects.get(project=project)
    assert (before.rate, before.rate_date, before.value_vnd) == (27000, dt.date(2025, 1, 1), 27000000)
    services.exchange_rate_set(actor=SYSTEM, date=dt.date(2025, 3, 1), currency="EUR", rate=Decimal(28000))
    after = Transaction.objects.get(project=project)
    assert (after.rate, after.rate_date, after.value_vnd) == (27000, dt.date(2025, 1, 1), 27000000)
