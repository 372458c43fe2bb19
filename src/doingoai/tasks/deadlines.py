"""Turn the deadline the analysis read from a directive into the date a task is due."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django.utils.translation import gettext as _

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_DAY_NO_YEAR = re.compile(r"^--(\d{2})-(\d{2})$")


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


def deadline_words(value: str | None) -> str:
    """Return a directive's deadline as a person writes it: "31/03/2027", "quý 2/2027", "năm 2027".

    The analysis writes it as ISO 8601 ("2027-03-31", "2027-Q2", "2026/2028", "../2045", "--12-30"),
    which the proposals page showed as such. A value of no known form is returned unchanged.
    """
    if not value:
        return ""
    if "/" in value:
        start, end = value.split("/", 1)
        if start == "..":
            return _("đến %(end)s") % {"end": deadline_words(end)}
        if end == "..":
            return _("từ %(start)s") % {"start": deadline_words(start)}
        return _("từ %(start)s đến %(end)s") % {"start": deadline_words(start), "end": deadline_words(end)}
    if match := _DAY.match(value):
        return f"{match[3]}/{match[2]}/{match[1]}"
    if match := _MONTH.match(value):
        return _("tháng %(m)d/%(year)d") % {"m": int(match[2]), "year": int(match[1])}
    if match := _QUARTER.match(value):
        return _("quý %(q)d/%(year)d") % {"q": int(match[2]), "year": int(match[1])}
    if match := _YEAR.match(value):
        return _("năm %(year)d") % {"year": int(match[1])}
    if match := _DAY_NO_YEAR.match(value):
        return f"{match[2]}/{match[1]}"
    return value
