"""Exports of the document list: the same selector as the page, so the same scope and filters."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

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


def csv_lines(rows: list[dict[str, Any]]) -> Iterator[str]:
    """Yield the rows as CSV lines, with a header; a BOM first so spreadsheet programs read UTF-8.

    Text that a spreadsheet program would take for a formula is written as text (`csv_cell`).
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    buffer.write("\ufeff")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else csv_cell(v) for k, v in row.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
