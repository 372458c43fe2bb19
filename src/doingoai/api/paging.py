"""Bounds of the API's lists: a documented maximum page size and offset, shared by every router.

It lives apart from `doingoai.api.api` so that the routers that site API mounts (tasks,
reporting) page with the same bounds without importing the module that imports them.
"""

# No `from __future__ import annotations`: django-ninja reads the Input schema's annotations.

import datetime as dt
import re
from typing import Annotated, Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from doingoai.date_fields import YEAR_MAX, YEAR_MIN

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 100
MAX_OFFSET = 1_000_000
# Ids that fit a 64-bit column; text parameters may hold anything but NUL, which PostgreSQL
# cannot store or compare.
MAX_ID = 2**63 - 1
NO_NUL = r"^[^\x00]*$"


class BoundedPagination(LimitOffsetPagination):
    """Limit and offset pagination with a documented maximum page size (MAX_PAGE_SIZE)."""

    class Input(Schema):
        limit: int = Field(
            DEFAULT_PAGE_SIZE,
            ge=1,
            le=MAX_PAGE_SIZE,
            description=f"Số mục mỗi trang, từ 1 đến {MAX_PAGE_SIZE} (mặc định {DEFAULT_PAGE_SIZE}).",
        )
        offset: int = Field(
            0, ge=0, le=MAX_OFFSET, description=f"Bỏ qua bao nhiêu mục, từ 0 đến {MAX_OFFSET}."
        )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_PAGE_SIZE, **kwargs)


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_day(value: Any) -> Any:
    """Read a day written YYYY-MM-DD, and only that: not "0" (a timestamp to pydantic), not 31/02."""
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not _ISO_DAY.match(text):
        raise PydanticCustomError("date_parsing", "a day written YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise PydanticCustomError("date_not_a_day", "no such day") from None
    if not YEAR_MIN <= day.year <= YEAR_MAX:
        raise PydanticCustomError("date_year_range", "a year out of range")
    return day


# A day in a query or a body, as the API documents it (YYYY-MM-DD, years YEAR_MIN–YEAR_MAX).
IsoDate = Annotated[dt.date, BeforeValidator(_iso_day)]
