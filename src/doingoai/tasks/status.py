"""Compute a task's status class and overdue band from its dates: the one place this rule lives.

The four classes follow the government's follow-up reports: done on time, done late, in progress
within the deadline, overdue. A task counts as done only once the issuer's side has confirmed
its completion (`completed_on` is set then). `today` is always passed in.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


class Status(enum.StrEnum):
    """The four status classes of an assigned task."""

    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    IN_PROGRESS = "in_progress"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        """Return the class's name in the language of the page."""
        return str(_STATUS_LABELS[self])


class Band(enum.StrEnum):
    """How long an open task is overdue."""

    UP_TO_30 = "1-30"
    UP_TO_90 = "31-90"
    UP_TO_120 = "91-120"
    OVER_120 = "120+"

    @property
    def label(self) -> str:
        """Return the band's name in the language of the page."""
        return str(_BAND_LABELS[self])


_STATUS_LABELS = {
    Status.DONE_ON_TIME: _("Hoàn thành đúng hạn"),
    Status.DONE_LATE: _("Hoàn thành quá hạn"),
    Status.IN_PROGRESS: _("Đang thực hiện, trong hạn"),
    Status.OVERDUE: _("Quá hạn"),
}
_BAND_LABELS = {
    Band.UP_TO_30: _("Quá hạn 1–30 ngày"),
    Band.UP_TO_90: _("Quá hạn 31–90 ngày"),
    Band.UP_TO_120: _("Quá hạn 91–120 ngày"),
    Band.OVER_120: _("Quá hạn trên 120 ngày"),
}


def choices(kind: type[Status] | type[Band]) -> list[tuple[str, str]]:
    """Return the (value, label) pairs of an enumeration, for forms."""
    return [(member.value, member.label) for member in kind]


@dataclass(frozen=True)
class TaskStatus:
    """A task's status class, with the days past the deadline (0 when not late) and the overdue band."""

    status: Status
    overdue_days: int
    band: Band | None

    @property
    def is_open(self) -> bool:
        """Return whether the task still waits for completion."""
        return self.status in (Status.IN_PROGRESS, Status.OVERDUE)


def overdue_band(days: int) -> Band | None:
    """Return the band of an open task `days` past its deadline (None when it is not overdue)."""
    if days <= 0:
        return None
    if days <= 30:
        return Band.UP_TO_30
    if days <= 90:
        return Band.UP_TO_90
    if days <= 120:
        return Band.UP_TO_120
    return Band.OVER_120


def task_status(*, deadline: dt.date, completed_on: dt.date | None, today: dt.date) -> TaskStatus:
    """Return the status class of a task with this deadline and confirmed completion date, on `today`.

    A task due today is still in progress; it is overdue from the next day. For a task done
    late, `overdue_days` is how late it was done.
    """
    if completed_on is not None:
        late = (completed_on - deadline).days
        if late > 0:
            return TaskStatus(Status.DONE_LATE, late, None)
        return TaskStatus(Status.DONE_ON_TIME, 0, None)
    late = (today - deadline).days
    if late > 0:
        return TaskStatus(Status.OVERDUE, late, overdue_band(late))
    return TaskStatus(Status.IN_PROGRESS, 0, None)
