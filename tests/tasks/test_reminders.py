from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import translation

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.tasks import selectors, services
from tests.tasks.conftest import Tree

TODAY = dt.date(2026, 5, 15)


@pytest.mark.parametrize(
    ("deadline", "days"),
    [
        (TODAY + dt.timedelta(days=7), -7),
        (TODAY + dt.timedelta(days=1), -1),
        (TODAY - dt.timedelta(days=1), 1),
        (TODAY - dt.timedelta(days=15), 15),
        (TODAY - dt.timedelta(days=30), 30),
        (TODAY + dt.timedelta(days=6), None),
        (TODAY, None),
        (TODAY - dt.timedelta(days=2), None),
        (TODAY - dt.timedelta(days=31), None),
    ],
)
def test_reminders_fall_7_and_1_days_before_and_1_15_30_days_after(
    tree: Tree, make_user: Callable[..., User], deadline: dt.date, days: int | None
) -> None:
    services.task_create(actor=SYSTEM, text="Việc cần nhắc", lead_unit=tree.ministry, deadline=deadline)
    reminders = selectors.task_reminders(user=make_user("editor", tree.ministry), today=TODAY)
    assert [r.days for r in reminders] == ([] if days is None else [days])


def test_reminders_follow_scope_and_stop_once_the_task_is_closed(
    tree: Tree, make_user: Callable[..., User]
) -> None:
    task = services.task_create(
        actor=SYSTEM, text="Việc sắp đến hạn", lead_unit=tree.ministry, deadline=TODAY + dt.timedelta(days=1)
    )
    lead = make_user("editor", tree.ministry)
    [reminder] = selectors.task_reminders(user=lead, today=TODAY)
    assert reminder.message == "Còn 1 ngày đến hạn: Việc sắp đến hạn"
    assert selectors.task_reminders(user=make_user("editor", tree.units.ha_noi), today=TODAY) == []
    services.progress_report_submit(
        actor=lead,
        task=task,
        unit=tree.ministry,
        text="Xong",
        percent=100,
        is_completion=True,
        today=TODAY,
        now=dt.datetime(2026, 5, 15, 8, tzinfo=dt.UTC),
    )
    services.task_completion_confirm(actor=SYSTEM, task=task, now=dt.datetime(2026, 5, 15, 9, tzinfo=dt.UTC))
    assert selectors.task_reminders(user=lead, today=TODAY) == []


def test_an_overdue_reminder_says_how_late(tree: Tree) -> None:
    services.task_create(
        actor=SYSTEM, text="Việc đã trễ", lead_unit=tree.ministry, deadline=TODAY - dt.timedelta(days=15)
    )
    [reminder] = selectors.task_reminders(user=SYSTEM, today=TODAY)
    assert reminder.message == "Đã quá hạn 15 ngày: Việc đã trễ"
    assert reminder.status.band is not None and reminder.status.band.value == "1-30"


@pytest.mark.parametrize(
    ("days", "english", "vietnamese"),
    [
        (-1, "Due in 1 day: Hội nghị", "Còn 1 ngày đến hạn: Hội nghị"),
        (-7, "Due in 7 days: Hội nghị", "Còn 7 ngày đến hạn: Hội nghị"),
        (1, "Overdue by 1 day: Hội nghị", "Đã quá hạn 1 ngày: Hội nghị"),
        (15, "Overdue by 15 days: Hội nghị", "Đã quá hạn 15 ngày: Hội nghị"),
    ],
)
def test_a_reminder_counts_its_days_in_the_readers_language(
    tree: Tree, days: int, english: str, vietnamese: str
) -> None:
    task = services.task_create(
        actor=SYSTEM, text="Hội nghị", lead_unit=tree.ministry, deadline=TODAY - dt.timedelta(days=days)
    )
    [reminder] = selectors.task_reminders(user=SYSTEM, today=TODAY)
    assert reminder.task == task
    with translation.override("en"):
        assert reminder.message == english
    with translation.override("vi"):
        assert reminder.message == vietnamese
