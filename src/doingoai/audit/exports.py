"""The audit log as XLSX: the page's entries, filters and scope, shown as on the page."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from doingoai.audit.display import EntryShown
from doingoai.spreadsheet_cells import xlsx_cell

EXPORT_MAX_ROWS = 10_000
# Excel codes, as the other exports write dates (Excel shows them in the reader's locale order).
FORMAT_DATETIME = "dd/mm/yyyy hh:mm:ss"
MAX_WIDTH = 60


def audit_xlsx(shown: Iterable[EntryShown]) -> bytes:
    """Return one sheet with a row per entry: when (Asia/Ho_Chi_Minh), who, action, record, changes."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Nhật ký thay đổi")[:31]
    titles = [
        _("Thời điểm"),
        _("Người thực hiện"),
        _("Thao tác"),
        _("Loại dữ liệu"),
        _("Đối tượng"),
        _("Thay đổi"),
    ]
    sheet.append(titles)
    widths = [len(t) for t in titles]
    for index in range(1, len(titles) + 1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
    for number, item in enumerate(shown, start=2):
        entry = item.entry
        # openpyxl writes naive datetimes: the local time the page shows.
        moment = timezone.localtime(entry.created_at).replace(tzinfo=None)
        changes = "\n".join(_change_line(c.label, c.before, c.after) for c in item.changes)
        row = [
            moment,
            entry.actor_username or _("hệ thống"),
            entry.get_action_display(),
            item.kind,
            item.name,
            changes,
        ]
        sheet.append([xlsx_cell(sheet, value) for value in row])
        sheet.cell(row=number, column=1).number_format = FORMAT_DATETIME
        sheet.cell(row=number, column=6).alignment = Alignment(wrap_text=True, vertical="top")
        for index, value in enumerate(row[1:], start=1):
            longest = max((len(line) for line in str(value).splitlines()), default=0)
            widths[index] = max(widths[index], longest)
    widths[0] = max(widths[0], 19)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, max(10, width + 2))
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _change_line(label: str, before: str, after: str) -> str:
    if before and after:
        return f"{label}: {before} → {after}"
    return f"{label}: {after or before}"
