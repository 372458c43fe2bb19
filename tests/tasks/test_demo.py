from __future__ import annotations

import datetime as dt

import pytest

from doingoai.accounts.scope import SYSTEM
from doingoai.directory.demo import directory_demo_load
from doingoai.tasks import selectors
from doingoai.tasks.demo import tasks_demo_load
from doingoai.tasks.models import Conference, Task
from doingoai.tasks.status import Status

TODAY = dt.date(2026, 4, 1)


@pytest.mark.django_db
def test_demo_conference_has_100_connection_points_and_tasks_in_every_status_class() -> None:
    units = directory_demo_load(actor=SYSTEM)
    conference = tasks_demo_load(actor=SYSTEM, units=units, today=TODAY)
    assert conference.date == dt.date(2025, 12, 30) and conference.organizer == units["BNG"]
    assert conference.points.count() >= 100
    assert conference.points.filter(unit__kind="province").count() == 34
    rows = selectors.task_rows(user=SYSTEM, today=TODAY)
    assert {r.status.status for r in rows} == set(Status)
    assert {r.status.band.value for r in rows if r.status.band} == {"1-30", "31-90", "120+"}
    assert any(r.task.deadline_changed for r in rows)
    tasks_demo_load(actor=SYSTEM, units=units, today=TODAY)
    assert (Conference.objects.count(), Task.objects.count()) == (1, len(rows))


@pytest.mark.django_db
def test_a_report_made_on_the_day_the_demo_is_loaded_is_the_latest() -> None:
    """The sample reports lie in the past: the first thing a user reports that morning counts."""
    from doingoai.tasks import services

    units = directory_demo_load(actor=SYSTEM)
    today = dt.date.today()
    tasks_demo_load(actor=SYSTEM, units=units, today=today)
    task = next(r.task for r in selectors.task_rows(user=SYSTEM, today=today) if r.percent not in (None, 100))
    early = dt.datetime.combine(today, dt.time(0, 1), tzinfo=dt.UTC)
    services.progress_report_submit(
        actor=SYSTEM,
        task=task,
        unit=task.lead_unit,
        text="Đã xong thêm một phần.",
        percent=99,
        today=today,
        now=early,
    )
    assert selectors.task_percent(task) == 99
