from __future__ import annotations

import datetime as dt

import pytest

from doingoai.accounts.scope import SYSTEM
from doingoai.tasks import services
from doingoai.tasks.models import Task
from doingoai.tasks.status import (
    Band,
    Status,
    band_filter,
    due_soon_filter,
    lateness_expression,
    status_expression,
    task_status,
)
from tests.django_fixtures import Units

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


@pytest.mark.django_db
def test_database_expressions_agree_with_task_status_day_for_day(units: Units) -> None:
    completions = [None, dt.date(2026, 6, 1), DEADLINE, dt.date(2026, 7, 1), dt.date(2026, 9, 15)]
    for n, completed_on in enumerate(completions):
        task = services.task_create(actor=SYSTEM, text=f"Việc {n}", lead_unit=units.ha_noi, deadline=DEADLINE)
        if completed_on is not None:
            Task.objects.filter(pk=task.pk).update(completed_on=completed_on, closed_confirmed=True)
    for today in (DEADLINE + dt.timedelta(days=d) for d in (-5, 0, 1, 30, 31, 90, 91, 120, 121, 400)):
        rows = Task.objects.annotate(
            status_class=status_expression(today), lateness=lateness_expression(today)
        ).values_list("pk", "deadline", "completed_on", "status_class", "lateness")
        for pk, deadline, completed_on, status_class, lateness in rows:
            expected = task_status(deadline=deadline, completed_on=completed_on, today=today)
            found = (status_class, lateness.days)
            assert found == (expected.status.value, expected.overdue_days), (today, pk)
        for band in Band:
            in_band = set(Task.objects.filter(band_filter(band, today)).values_list("pk", flat=True))
            expected_band = {
                pk
                for pk, deadline, completed_on, *_rest in rows
                if task_status(deadline=deadline, completed_on=completed_on, today=today).band == band
            }
            assert in_band == expected_band, (today, band)


@pytest.mark.parametrize(
    ("completed_on", "today", "days_left"),
    [
        (None, DEADLINE - dt.timedelta(days=15), None),
        (None, DEADLINE - dt.timedelta(days=14), 14),
        (None, DEADLINE - dt.timedelta(days=3), 3),
        (None, DEADLINE, 0),
        (None, DEADLINE + dt.timedelta(days=1), None),  # overdue, not due soon
        (dt.date(2026, 6, 25), DEADLINE - dt.timedelta(days=3), None),  # done
    ],
)
def test_an_open_task_due_within_fourteen_days_counts_its_days_left(
    completed_on: dt.date | None, today: dt.date, days_left: int | None
) -> None:
    found = task_status(deadline=DEADLINE, completed_on=completed_on, today=today)
    assert found.days_left == days_left


@pytest.mark.django_db
def test_the_due_soon_filter_agrees_with_days_left(units: Units) -> None:
    for n, days in enumerate((-3, 0, 1, 14, 15, 40)):
        task = services.task_create(
            actor=SYSTEM,
            text=f"Việc {n}",
            lead_unit=units.ha_noi,
            deadline=DEADLINE + dt.timedelta(days=days),
        )
        if n == 2:
            Task.objects.filter(pk=task.pk).update(completed_on=DEADLINE, closed_confirmed=True)
    found = set(Task.objects.filter(due_soon_filter(DEADLINE)).values_list("pk", flat=True))
    expected = {
        t.pk
        for t in Task.objects.all()
        if task_status(deadline=t.deadline, completed_on=t.completed_on, today=DEADLINE).days_left is not None
    }
    assert found == expected and len(found) == 2
