from __future__ import annotations

import datetime as dt

import pytest

from doingoai.reporting.errors import ReportingError
from doingoai.reporting.periods import period_of_kind, period_parse


@pytest.mark.parametrize(
    ("code", "start", "end", "kind"),
    [
        ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31), "year"),
        ("2025-Q1", dt.date(2025, 1, 1), dt.date(2025, 3, 31), "quarter"),
        ("2025-Q4", dt.date(2025, 10, 1), dt.date(2025, 12, 31), "quarter"),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "month"),
        ("2025-12", dt.date(2025, 12, 1), dt.date(2025, 12, 31), "month"),
    ],
)
def test_period_codes_give_their_first_and_last_day(
    code: str, start: dt.date, end: dt.date, kind: str
) -> None:
    period = period_parse(code)
    assert (period.start, period.end, period.kind, period.code) == (start, end, kind, code)


@pytest.mark.parametrize(
    "code", ["", "25", "2025-Q5", "2025-13", "2025-3", "2025Q1", "quý 5/2025", "tháng 13/2025", "năm 25"]
)
def test_bad_period_codes_are_refused_with_the_accepted_forms(code: str) -> None:
    with pytest.raises(ReportingError) as caught:
        period_parse(code)
    assert "2025-Q1" in caught.value.messages[0]


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("năm 2025", "2025"),
        ("Năm 2025", "2025"),
        ("quý 2/2026", "2026-Q2"),
        ("Quý II/2026", "2026-Q2"),
        ("quý 4 / 2025", "2025-Q4"),
        ("tháng 3/2026", "2026-03"),
        ("tháng 03/2026", "2026-03"),
        ("Tháng 12/2025", "2025-12"),
        ("quy 2/2026", "2026-Q2"),
        # the English page's labels
        ("year 2025", "2025"),
        ("Q2 2026", "2026-Q2"),
        ("3/2026", "2026-03"),
    ],
)
def test_a_period_written_as_the_site_writes_it_is_read(label: str, code: str) -> None:
    """The upload page's period box refused "quý 2/2026", the way every page writes the period."""
    period = period_parse(label)
    assert period.code == code
    assert period_parse(period.label()).code == code


def test_a_quarter_is_refused_for_an_annual_form() -> None:
    with pytest.raises(ReportingError):
        period_of_kind("year", "2025-Q1")


def test_same_period_last_year() -> None:
    assert period_parse("2025-Q2").same_period_last_year().code == "2024-Q2"
    assert period_parse("2025").same_period_last_year().code == "2024"
