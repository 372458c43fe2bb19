from __future__ import annotations

import datetime as dt

import pytest

from doingoai.tasks.deadlines import deadline_resolve


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-31", dt.date(2026, 3, 31)),
        ("2026-02", dt.date(2026, 2, 28)),
        ("2028-02", dt.date(2028, 2, 29)),
        ("2026-Q2", dt.date(2026, 6, 30)),
        ("2026-Q4", dt.date(2026, 12, 31)),
        ("2026", dt.date(2026, 12, 31)),
        ("2026/2028", dt.date(2028, 12, 31)),
        ("../2045", dt.date(2045, 12, 31)),
        ("2025-07-01/..", None),
        ("--12-30", None),
        ("2026-02-30", None),
        (None, None),
        ("", None),
    ],
)
def test_directive_deadline_resolves_to_the_last_day_of_its_period(
    value: str | None, expected: dt.date | None
) -> None:
    assert deadline_resolve(value) == expected


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2027-03-31", "31/03/2027"),
        ("2027-02", "tháng 2/2027"),
        ("2027-Q2", "quý 2/2027"),
        ("2027", "năm 2027"),
        ("2026/2028", "từ năm 2026 đến năm 2028"),
        ("../2045", "đến năm 2045"),
        ("2025-07-01/..", "từ 01/07/2025"),
        ("--12-30", "30/12"),
        ("cuối năm", "cuối năm"),
        (None, ""),
    ],
)
def test_a_deadline_read_from_a_directive_is_shown_as_people_write_it(value: str | None, words: str) -> None:
    """The proposals page showed "Thời hạn: 2027-Q2" and "Thời hạn: 2027-03-31"."""
    from django.utils import translation

    from doingoai.tasks.deadlines import deadline_words

    with translation.override("vi"):
        assert deadline_words(value) == words
