"""Dates typed and shown as dd/mm/yyyy, whatever language the reader's browser is set to.

A browser's own date picker (`<input type="date">`) shows month-first dates in an English
browser; the administrative format is day/month/year, so every form takes dates as text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Typed as dd/mm/yyyy; ISO (yyyy-mm-dd) accepted too, as links and older bookmarks carry it; and
# dd.mm.yyyy or dd-mm-yyyy, as many write it and as a phone's keyboard may offer no slash.
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"]
# The years a date of the system's records may fall in; the day after 31/12/9999 does not exist,
# and a filter "up to that day" would fail on it.
YEAR_MIN, YEAR_MAX = 1900, 2100


class VietnameseDateField(forms.DateField):
    """A date typed as dd/mm/yyyy (ISO accepted too), shown as dd/mm/yyyy."""

    # No `inputmode="numeric"`: a phone's digits-only keypad has no "/" to type the date with.
    widget = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})
    default_error_messages = {  # noqa: RUF012 (Django merges these along the class hierarchy)
        "year_range": _("Ngày %(value)s: năm phải từ %(low)d đến %(high)d."),
        "no_such_month": _("Ngày %(value)s không có: tháng phải từ 1 đến 12."),
        "no_such_day": _("Ngày %(value)s không có: tháng %(month)d năm %(year)d chỉ có %(days)d ngày."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault(
            "error_messages",
            {"invalid": _("Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 31/12/2026.")},
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        """Return the date typed, refusing a year outside YEAR_MIN–YEAR_MAX.

        A date of the right shape that the calendar does not have (31/02/2026, 12/13/2026) is
        named as such, not as a wrong format.
        """
        try:
            day = super().to_python(value)
        except ValidationError:
            self._no_such_day(value)
            raise
        if day is not None and not YEAR_MIN <= day.year <= YEAR_MAX:
            raise ValidationError(
                self.error_messages["year_range"],
                code="year_range",
                params={"value": f"{day:%d/%m/}{day.year:04d}", "low": YEAR_MIN, "high": YEAR_MAX},
            )
        return day

    def _no_such_day(self, value: Any) -> None:
        """Raise the message of a dd/mm/yyyy date the calendar lacks; return if `value` is not one."""
        found = _calendar_lacks(value)
        if found is not None:
            code, params = found
            raise ValidationError(self.error_messages[code], code=code, params=params)


def _calendar_lacks(value: Any) -> tuple[str, dict[str, Any]] | None:
    """Return the error code and its parameters of a dd/mm/yyyy date the calendar lacks, else None."""
    shape = _TYPED.fullmatch(str(value or "").strip())
    if shape is None:
        return None
    day, month, year = (int(part) for part in shape.group(1, 3, 4))
    typed = shape.group(0)
    if not 1 <= month <= 12:
        return "no_such_month", {"value": typed}
    if year >= 1 and day > (days := calendar.monthrange(year, month)[1]):
        return "no_such_day", {"value": typed, "month": month, "year": year, "days": days}
    return None


def date_missing_problem(value: Any) -> str:
    """Return why a date written dd/mm/yyyy is not in the calendar, as a form says it, or "".

    "31/02/2025" gives "Ngày 31/02/2025 không có: tháng 2 năm 2025 chỉ có 28 ngày."; a cell of an
    import file is told the same as a form's field.
    """
    found = _calendar_lacks(value)
    if found is None:
        return ""
    code, params = found
    return str(VietnameseDateField.default_error_messages[code]) % params


_TYPED = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")


class YearOutOfRange(ValueError):
    """A year parameter outside YEAR_MIN–YEAR_MAX; its message names the parameter and the range."""


def query_year(query: Any, name: str = "year") -> int | None:
    """Return the year in query parameter `name`, None when absent or not a number.

    Raise YearOutOfRange, naming the parameter, for a year outside YEAR_MIN–YEAR_MAX (9999 would
    have no next day to end a period on). Each page answers it in its own way (a 400 naming it).
    """
    value = str(query.get(name, "")).strip()
    if not value.isdecimal():
        return None
    if len(value) > 4 or not YEAR_MIN <= int(value) <= YEAR_MAX:
        raise YearOutOfRange(
            _("Tham số “%(name)s” = %(value)s: năm phải từ %(low)d đến %(high)d.")
            % {"name": name, "value": value[:30], "low": YEAR_MIN, "high": YEAR_MAX}
        )
    return int(value)
