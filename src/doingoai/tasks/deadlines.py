"""Turn the deadline the analysis read from a directive into the date a task is due."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


def deadline_resolve(value: str | None) -> dt.date | None:
    """Return the last day of the period a directive's deadline names, or None when it names no day.

    "2026-03-31" is that day; "2026-03" the end of March; "2026-Q2" 30 June; "2026" 31 December;
    an interval ("2026/2028", "../2045") its end. A deadline without a year ("--12-30") or an
    open end ("2025-07-01/..") gives None: a person must choose the date.
    """
    if not value:
        return None
    if "/" in value:
        value = value.rsplit("/", 1)[1]
        if value == "..":
            return None
    try:
        if match := _DAY.match(value):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _MONTH.match(value):
            year, month = int(match[1]), int(match[2])
            return dt.date(year, month, calendar.monthrange(year, month)[1])
        if match := _QUARTER.match(value):
            year, month = int(match[1]), int(match[2]) * 3
            return dt.date(year, month, calendar.monthrange(year, month)[1])
        if match := _YEAR.match(value):
            return dt.date(int(match[1]), 12, 31)
    except ValueError:
        return None
    return None
