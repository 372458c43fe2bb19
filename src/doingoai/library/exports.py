"""Exports of the document list: the same selector as the page, so the same scope and filters."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from doingoai.library.selectors import DocumentFilters, documents_find
from doingoai.spreadsheet_cells import csv_cell

EXPORT_MAX_ROWS = 10_000
COLUMNS = ("id", "title", "source", "published", "owner_unit", "is_published", "file_name")


def documents_rows(*, user: Any, filters: DocumentFilters) -> list[dict[str, Any]]:
    """Return the documents the user may read that match the filters, as plain rows (at most 10,000)."""
    documents = documents_find(user=user, filters=filters).defer("text")[:EXPORT_MAX_ROWS]
    return [
        {
            "id": d.pk,
            "title": d.title,
            "source": d.source,
            "published": d.published.isoformat() if d.published else None,
            "owner_unit": d.owner_unit.name if d.owner_unit else None,
            "is_published": d.is_published,
            "file_name": d.file_name,
        }
        for d in documents
    ]


def _column_labels() -> dict[str, str]:
    """Return the CSV's column titles, as the list's page names them (the JSON keeps the keys)."""
    return {
        "id": _("Mã"),
        "title": _("Tiêu đề"),
        "source": _("Cơ quan báo chí"),
        "published": _("Ngày đăng"),
        "owner_unit": _("Đơn vị sở hữu"),
        "is_published": _("Đã công bố"),
        "file_name": _("Tên tệp"),
    }


def _cell(key: str, value: Any) -> Any:
    """Return a value as a spreadsheet user reads it: a day as dd/mm/yyyy, yes or no in words."""
    if value is None:
        return ""
    if key == "published":
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return _("có") if value else _("không")
    return csv_cell(value)


def csv_lines(rows: list[dict[str, Any]]) -> Iterator[str]:
    """Yield the rows as CSV lines, with a header; a BOM first so spreadsheet programs read UTF-8.

    The header and the values read as on the page (Vietnamese titles, dd/mm/yyyy, có/không).
    Text that a spreadsheet program would take for a formula is written as text (`csv_cell`).
    """
    labels = _column_labels()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([labels[key] for key in COLUMNS])
    for row in rows:
        writer.writerow([_cell(key, row[key]) for key in COLUMNS])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
