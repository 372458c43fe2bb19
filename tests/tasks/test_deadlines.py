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
