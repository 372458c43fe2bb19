from __future__ import annotations

from decimal import Decimal
from typing import Any

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


@pytest.mark.parametrize(
    "address",
    [
        "/thu-vien/",
        "/tim-kiem/",
        "/nhat-ky/",
        "/vien-tro/du-an/them/",
        "/vien-tro/ty-gia/",
    ],
)
def test_date_fields_are_typed_day_first_not_in_the_browsers_own_picker(
    address: str, make_user: Any, client_for: Any
) -> None:
    # An English browser's picker shows mm/dd/yyyy: every date is a dd/mm/yyyy text box instead.
    page = client_for(make_user("coordinator", None)).get(address).content.decode()
    assert 'type="date"' not in page
    assert 'placeholder="dd/mm/yyyy"' in page


def test_a_search_dated_day_first_keeps_its_dates_as_typed(make_user: Any, client_for: Any) -> None:
    client = client_for(make_user("coordinator", None))
    page = client.get("/tim-kiem/", {"q": "hữu nghị", "date_from": "20/03/2026"}).content.decode()
    assert 'name="date_from" value="20/03/2026"' in page
    assert "không hợp lệ" not in page
    wrong = client.get("/tim-kiem/", {"q": "hữu nghị", "date_from": "31/02/2026"}).content.decode()
    assert "Ngày không hợp lệ" in wrong
