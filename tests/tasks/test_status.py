from __future__ import annotations

import datetime as dt

import pytest

from doingoai.tasks.status import Band, Status, task_status

DEADLINE = dt.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("completed_on", "today", "status", "days", "band"),
    [
        (dt.date(2026, 6, 1), dt.date(2026, 9, 1), Status.DONE_ON_TIME, 0, None),
        (dt.date(2026, 6, 30), dt.date(2026, 7, 1), Status.DONE_ON_TIME, 0, None),
        (dt.date(2026, 7, 1), dt.date(2026, 7, 2), Status.DONE_LATE, 1, None),
        (dt.date(2026, 8, 29), dt.date(2026, 12, 1), Status.DONE_LATE, 60, None),
        (None, dt.date(2026, 1, 5), Status.IN_PROGRESS, 0, None),
        (None, dt.date(2026, 6, 30), Status.IN_PROGRESS, 0, None),
        (None, dt.date(2026, 7, 1), Status.OVERDUE, 1, Band.UP_TO_30),
        (None, dt.date(2026, 7, 30), Status.OVERDUE, 30, Band.UP_TO_30),
        (None, dt.date(2026, 7, 31), Status.OVERDUE, 31, Band.UP_TO_90),
        (None, dt.date(2026, 9, 28), Status.OVERDUE, 90, Band.UP_TO_90),
        (None, dt.date(2026, 9, 29), Status.OVERDUE, 91, Band.UP_TO_120),
        (None, dt.date(2026, 10, 28), Status.OVERDUE, 120, Band.UP_TO_120),
        (None, dt.date(2026, 10, 29), Status.OVERDUE, 121, Band.OVER_120),
        (None, dt.date(2027, 6, 30), Status.OVERDUE, 365, Band.OVER_120),
    ],
)
def test_status_class_and_overdue_band_follow_the_dates(
    completed_on: dt.date | None, today: dt.date, status: Status, days: int, band: Band | None
) -> None:
    found = task_status(deadline=DEADLINE, completed_on=completed_on, today=today)
    assert (found.status, found.overdue_days, found.band) == (status, days, band)


def test_a_task_done_late_stays_done_late_whatever_the_day() -> None:
    early = task_status(deadline=DEADLINE, completed_on=dt.date(2026, 7, 10), today=dt.date(2026, 7, 10))
    later = task_status(deadline=DEADLINE, completed_on=dt.date(2026, 7, 10), today=dt.date(2030, 1, 1))
    assert early == later
    assert early.status == Status.DONE_LATE and not early.is_open
