"""Timeliness: the one rule for "on time", used by reports, the completeness page and the API."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings


def local_date(moment: dt.datetime) -> dt.date:
    """Return the calendar day of `moment` in Vietnam (deadlines are days in Vietnam)."""
    return moment.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).date()


def submitted_on_time(first_submitted_at: dt.datetime | None, due_date: dt.date) -> bool | None:
    """Return whether the first submission fell on or before the due date; None when never submitted."""
    if first_submitted_at is None:
        return None
    return local_date(first_submitted_at) <= due_date
