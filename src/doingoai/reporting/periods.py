"""Reporting periods: a year ("2025"), a quarter ("2025-Q1") or a month ("2025-03").

One parser for every door (pages, API, XLSX, commands), so a period always means the same dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from doingoai.analysis.text import fold_key, text_normalize
from doingoai.date_fields import YEAR_MAX, YEAR_MIN
from doingoai.reporting.errors import ReportingError

YEAR = "year"
QUARTER = "quarter"
MONTH = "month"
PERIOD_TYPES = (YEAR, QUARTER, MONTH)

_PATTERN = re.compile(r"^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$")
# The periods as the site writes them (`Period.label`), in Vietnamese and in English, read after
# folding (no marks, lower case): "năm 2025", "quý 2/2026" or "quý II/2026", "tháng 3/2026";
# "year 2025", "Q2 2026", "3/2026".
_LABELS = (
    (re.compile(r"^(?:nam|year)\s*(\d{4})$"), "{0}"),
    (re.compile(r"^(?:quy\s*|q)([1-4]|iv|i{1,3})\s*[/\s]\s*(\d{4})$"), "{1}-Q{0}"),
    (re.compile(r"^(?:thang\s*)?(0?[1-9]|1[0-2])\s*/\s*(\d{4})$"), "{1}-{0:0>2}"),
)
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period with its first and last day."""

    start: dt.date
    end: dt.date
    kind: str
    code: str

    def __str__(self) -> str:
        return self.code

    @property
    def year(self) -> int:
        """Return the calendar year the period lies in."""
        return self.start.year

    def label(self) -> str:
        """Return the period as people write it: "năm 2025", "quý 1/2025", "tháng 3/2025"."""
        if self.kind == YEAR:
            return _("năm %(year)d") % {"year": self.year}
        if self.kind == QUARTER:
            return _("quý %(q)d/%(year)d") % {"q": (self.start.month - 1) // 3 + 1, "year": self.year}
        return _("tháng %(m)d/%(year)d") % {"m": self.start.month, "year": self.year}

    def same_period_last_year(self) -> Period:
        """Return the period of the same kind one year earlier (for the review's comparison)."""
        return period_parse(str(self.year - 1) + self.code[4:])


def _label_code(text: str) -> str:
    """Return the code of a period written as the site writes it ("quý 2/2026" is "2026-Q2"), or ""."""
    folded = " ".join(fold_key(text_normalize(text)).split())
    for pattern, code in _LABELS:
        match = pattern.match(folded)
        if match is not None:
            return code.format(*(_ROMAN.get(part, part) for part in match.groups()))
    return ""


def period_parse(code: str) -> Period:
    """Return the period written as "2025", "2025-Q1" or "2025-03", or as the site writes it.

    "năm 2025", "quý 2/2026" (or "quý II/2026") and "tháng 3/2026" are read too, as are the
    English labels; anything else raises ReportingError.
    """
    text = str(code).strip()
    match = _PATTERN.match(text) or _PATTERN.match(_label_code(text))
    if match is None:
        raise ReportingError(
            _("Kỳ báo cáo “%(code)s” không hợp lệ.") % {"code": code}
            + " "
            + _("Hãy viết 2025 hoặc năm 2025; 2025-Q1 hoặc quý 1/2025; 2025-03 hoặc tháng 3/2025.")
        )
    year = int(match.group(1))
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ReportingError(
            _("Kỳ báo cáo “%(code)s” không hợp lệ: năm phải từ %(low)d đến %(high)d.")
            % {"code": code, "low": YEAR_MIN, "high": YEAR_MAX}
        )
    if match.group(2):
        quarter = int(match.group(2))
        first = 3 * (quarter - 1) + 1
        last = first + 2
        return Period(
            dt.date(year, first, 1),
            dt.date(year, last, calendar.monthrange(year, last)[1]),
            QUARTER,
            f"{year}-Q{quarter}",
        )
    if match.group(3):
        month = int(match.group(3))
        return Period(
            dt.date(year, month, 1),
            dt.date(year, month, calendar.monthrange(year, month)[1]),
            MONTH,
            f"{year}-{month:02d}",
        )
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), YEAR, str(year))


def periods_of_year(kind: str, year: int) -> list[Period]:
    """Return the periods of `kind` in `year`, in order."""
    if kind == YEAR:
        return [period_parse(str(year))]
    if kind == QUARTER:
        return [period_parse(f"{year}-Q{q}") for q in range(1, 5)]
    return [period_parse(f"{year}-{m:02d}") for m in range(1, 13)]


def period_of_kind(kind: str, code: str) -> Period:
    """Parse `code` and check it is a period of `kind` (an annual form takes "2025", not "2025-Q1")."""
    period = period_parse(code)
    if period.kind != kind:
        raise ReportingError(
            _("Biểu mẫu này báo cáo theo %(kind)s; kỳ “%(code)s” không phù hợp.")
            % {"kind": period_kind_label(kind), "code": code}
        )
    return period


def period_kind_label(kind: str) -> str:
    """Return "năm", "quý" or "tháng"."""
    return {YEAR: _("năm"), QUARTER: _("quý"), MONTH: _("tháng")}[kind]
