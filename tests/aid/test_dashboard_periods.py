"""The registry's periods and stale conversions are worked out by the database, as the rules in Python say."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings

from doingoai.aid import records, selectors
from doingoai.aid.currency import conversion_is_stale
from doingoai.aid.models import Transaction

# (currency, transaction day, days before it of the VND rate, of the USD rate)
STALE_CASES = [
    ("USD", dt.date(2025, 3, 1), 31, 31),  # exactly the allowed age: fresh
    ("USD", dt.date(2025, 3, 1), 32, 32),  # a day older: stale
    ("EUR", dt.date(2025, 3, 1), 5, 40),  # its own rate fresh, the USD rate stale
    ("EUR", dt.date(2025, 3, 1), 40, 5),
    ("EUR", dt.date(2024, 3, 1), 0, 0),  # across a leap day
    ("usd", dt.date(2025, 1, 31), 2, 400),  # a USD amount has one rate: the USD one is not checked again
]


@pytest.mark.parametrize(("currency", "day", "vnd_age", "usd_age"), STALE_CASES)
@override_settings(AID_RATE_MAX_AGE_DAYS=31)
def test_stale_conversions_are_counted_by_the_database_as_the_rule_says(
    project_factory: Any, make_user: Any, currency: str, day: dt.date, vnd_age: int, usd_age: int
) -> None:
    project_factory("XX-S-1")
    Transaction.objects.update(
        date=day,
        currency=currency,
        rate_date=day - dt.timedelta(days=vnd_age),
        usd_rate_date=day - dt.timedelta(days=usd_age),
    )
    expected = sum(conversion_is_stale(t) for t in Transaction.objects.all())
    assert records.conversions_stale_count(user=make_user("coordinator", None)) == expected


def test_dashboard_puts_each_transaction_in_its_year_and_quarter(
    project_factory: Any, make_user: Any
) -> None:
    for n, day in enumerate(
        [dt.date(2024, 12, 31), dt.date(2025, 3, 31), dt.date(2025, 4, 1), dt.date(2025, 10, 1)]
    ):
        project = project_factory(f"XX-Q-{n}", value=str(1000 * (n + 1)))
        Transaction.objects.filter(project=project).update(date=day)  # the rates of the fixture start in 2025
    board = selectors.dashboard_build(user=make_user("coordinator", None), year=2025)
    assert board.years == [2025, 2024]
    assert [(c.key, c.commitment.count) for c in board.by_year] == [("2025", 3), ("2024", 1)]
    assert [(c.key, c.commitment.count) for c in board.by_quarter] == [
        ("2025-Q1", 1),
        ("2025-Q2", 1),
        ("2025-Q4", 1),
    ]
