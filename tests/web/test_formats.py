from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        ("vi", Decimal("5217910000000"), "5.217.910.000.000"),
        ("vi", Decimal("15000"), "15.000"),
        ("vi", Decimal("1.2"), "1,2"),
        ("en", Decimal("15000"), "15,000"),
    ],
)
def test_numbers_on_pages_are_grouped_the_way_the_language_writes_them(
    language: str, value: Decimal, shown: str
) -> None:
    template = Template('{{ value|floatformat:"-1g" }}')
    with translation.override(language):
        assert template.render(Context({"value": value})) == shown


def test_short_dates_are_day_month_year_with_slashes_in_vietnamese() -> None:
    import datetime as dt

    with translation.override("vi"):
        assert Template('{{ day|date:"SHORT_DATE_FORMAT" }}').render(
            Context({"day": dt.date(2025, 12, 30)})
        ) == ("30/12/2025")
