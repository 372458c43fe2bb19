"""The tasks' lines of the daily digest: deadlines coming up and passed (see doingoai.notifications.digest).

Who is reminded: the editors of the units a task names (lead or coordinating), who must act on
it, and the coordinators, who follow every task up. Viewers are not: they act on nothing. The
days are those of `task_reminders` (7 and 1 before the deadline, 1, 15 and 30 after).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from doingoai.accounts import scope
from doingoai.accounts.models import Role
from doingoai.notifications.digest import DigestItem
from doingoai.tasks.selectors import task_reminders


def tasks_digest_items(user: Any, today: dt.date) -> list[DigestItem]:
    """Return the task reminders for `user` on `today`, each keyed so the bell shows it once."""
    if not user.is_active:
        return []
    coordinator = scope.user_is_coordinator(user)
    if not coordinator and not (user.role == Role.EDITOR and user.unit_id):
        return []
    items = []
    for reminder in task_reminders(user=user, today=today):
        task = reminder.task
        if not coordinator:
            units = {task.lead_unit_id, *(u.pk for u in task.coordinating_units.all())}
            if user.unit_id not in units:
                continue
        items.append(
            DigestItem(
                kind="task_overdue" if reminder.days > 0 else "task_due",
                text=reminder.message,
                url=reverse("tasks:task_detail", args=[task.pk]),
                key=f"task-reminder:{task.pk}:{task.deadline}:{reminder.days}",
            )
        )
    return items
