"""Compute a task's status class and overdue band from its dates: the one place this rule lives.

The four classes follow the government's follow-up reports: done on time, done late, in progress
within the deadline, overdue. A task counts as done only once the issuer's side has confirmed
its completion (`completed_on` is set then). `today` is always passed in.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from django.db.models import Case, CharField, DateField, DurationField, F, IntegerField, Q, Value, When
from django.db.models.expressions import CombinedExpression
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


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


# An open task whose deadline is at most this many days ahead is "due soon" (sắp đến hạn): still in
# progress, shown with the days left and filtered apart. Not a fifth status class: the four classes
# of the follow-up reports are unchanged.
DUE_SOON_DAYS = 14
# The value of the "due soon" choice of the status filters, beside the four classes.
DUE_SOON = "due_soon"


def due_soon_label() -> str:
    """Return the name of the "due soon" filter in the language of the page."""
    return ngettext(
        "Sắp đến hạn (trong %(days)d ngày)", "Sắp đến hạn (trong %(days)d ngày)", DUE_SOON_DAYS
    ) % {"days": DUE_SOON_DAYS}


@dataclass(frozen=True)
class TaskStatus:
    """A task's status class, with the days past the deadline (0 when not late) and the overdue band.

    `days_left` is set only for an open task due within `DUE_SOON_DAYS` days (0: due today).
    """

    status: Status
    overdue_days: int
    band: Band | None
    days_left: int | None = None

    @property
    def is_open(self) -> bool:
        """Return whether the task still waits for completion."""
        return self.status in (Status.IN_PROGRESS, Status.OVERDUE)


# Each band with the days late it covers, first to last (None: no upper end).
_BAND_DAYS: tuple[tuple[Band, int, int | None], ...] = (
    (Band.UP_TO_30, 1, 30),
    (Band.UP_TO_90, 31, 90),
    (Band.UP_TO_120, 91, 120),
    (Band.OVER_120, 121, None),
)


def overdue_band(days: int) -> Band | None:
    """Return the band of an open task `days` past its deadline (None when it is not overdue)."""
    for band, low, high in _BAND_DAYS:
        if days >= low and (high is None or days <= high):
            return band
    return None


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
    return TaskStatus(Status.IN_PROGRESS, 0, None, -late if -late <= DUE_SOON_DAYS else None)


# The same rule as `task_status`, as database expressions over a Task's `deadline` and
# `completed_on`, so that lists filter, order and page in the database. tests/tasks/test_status.py
# checks, over a grid of dates, that these agree with `task_status` day for day.

_DONE_LATE = Q(completed_on__isnull=False, completed_on__gt=F("deadline"))


def _overdue(today: dt.date) -> Q:
    return Q(completed_on__isnull=True, deadline__lt=today)


def status_expression(today: dt.date) -> Case:
    """Return the status class value of each task on `today`, as a database expression."""
    return Case(
        When(_DONE_LATE, then=Value(Status.DONE_LATE.value)),
        When(completed_on__isnull=False, then=Value(Status.DONE_ON_TIME.value)),
        When(_overdue(today), then=Value(Status.OVERDUE.value)),
        default=Value(Status.IN_PROGRESS.value),
        output_field=CharField(),
    )


def status_rank_expression(today: dt.date) -> Case:
    """Return the follow-up order of the status classes: overdue, in progress, done late, done on time."""
    return Case(
        When(_DONE_LATE, then=Value(2)),
        When(completed_on__isnull=False, then=Value(3)),
        When(_overdue(today), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


def lateness_expression(today: dt.date) -> Case:
    """Return how late each task is (open and overdue: until `today`; done late: when done) as a duration."""
    zero = Value(dt.timedelta(0), output_field=DurationField())
    return Case(
        When(
            _DONE_LATE,
            then=CombinedExpression(F("completed_on"), "-", F("deadline"), output_field=DurationField()),
        ),
        When(
            _overdue(today),
            then=CombinedExpression(
                Value(today, output_field=DateField()), "-", F("deadline"), output_field=DurationField()
            ),
        ),
        default=zero,
        output_field=DurationField(),
    )


def band_filter(band: Band, today: dt.date) -> Q:
    """Return the condition "open and overdue by a number of days within `band`" on `today`."""
    for candidate, low, high in _BAND_DAYS:
        if candidate == band:
            condition = _overdue(today) & Q(deadline__lte=today - dt.timedelta(days=low))
            if high is not None:
                condition &= Q(deadline__gte=today - dt.timedelta(days=high))
            return condition
    raise ValueError(band)


def due_soon_filter(today: dt.date) -> Q:
    """Return the condition "open and due within `DUE_SOON_DAYS` days from `today`" (today included)."""
    return Q(
        completed_on__isnull=True, deadline__gte=today, deadline__lte=today + dt.timedelta(days=DUE_SOON_DAYS)
    )
