"""Export the follow-up table (XLSX) and a conference's tasks (a Word appendix for the annual report)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from docx import Document as WordDocument
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from doingoai.spreadsheet_cells import FORMAT_DAY, xlsx_cell
from doingoai.tasks.models import Conference
from doingoai.tasks.selectors import StatusCounts, TaskRow
from doingoai.tasks.status import Status

# The columns of the follow-up sheet that hold days (numbered from 1).
_DAY_COLUMNS = (8, 9, 14)


def _date(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _units(row: TaskRow) -> str:
    names = [u.name for u in row.task.coordinating_units.all()]
    if row.task.coordinating_note:
        names.append(row.task.coordinating_note)
    return "; ".join(names)


def _row_cells(number: int, row: TaskRow) -> list[Any]:
    task = row.task
    return [
        number,
        task.text,
        task.issuer,
        task.issuer_unit.name if task.issuer_unit else "",
        task.lead_unit.name if task.lead_unit else "",
        _units(row),
        task.conference.title if task.conference else "",
        task.original_deadline,
        task.deadline,
        str(row.status.status.label),
        row.status.overdue_days or "",
        str(row.status.band.label) if row.status.band else "",
        row.percent if row.percent is not None else "",
        task.completed_on,
        task.get_priority_display(),
        task.source_quote,
    ]


def _headers() -> list[str]:
    return [
        _("STT"),
        _("Nội dung nhiệm vụ"),
        _("Người, cơ quan giao"),
        _("Đơn vị giao nhiệm vụ"),
        _("Đơn vị chủ trì"),
        _("Đơn vị phối hợp"),
        _("Hội nghị"),
        _("Thời hạn ban đầu"),
        _("Thời hạn hiện hành"),
        _("Tình trạng"),
        _("Số ngày quá hạn"),
        _("Mức quá hạn"),
        _("Tiến độ (%)"),
        _("Ngày hoàn thành"),
        _("Mức độ ưu tiên"),
        _("Câu nguồn"),
    ]


# The columns of long text (numbered from 1): the task, and the sentence it was read from.
_WIDE_COLUMNS = (2, 16)


def tasks_xlsx(rows: Iterable[TaskRow], units: Iterable[StatusCounts]) -> bytes:
    """Return the follow-up table: one sheet of tasks, one of the four-class counts per lead unit."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Theo dõi nhiệm vụ")[:31]
    headers = _headers()
    sheet.append(headers)
    for number, row in enumerate(rows, start=1):
        # Text stays text (a formula-like task is not run); days are dates, shown dd/mm/yyyy.
        sheet.append([xlsx_cell(sheet, value) for value in _row_cells(number, row)])
        for column in _DAY_COLUMNS:
            sheet.cell(row=sheet.max_row, column=column).number_format = FORMAT_DAY
    for index in range(1, len(headers) + 1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = 60 if index in _WIDE_COLUMNS else 18
    sheet.freeze_panes = "A2"
    # Filter buttons on every heading: the sheet is sorted and narrowed in the spreadsheet itself.
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{sheet.max_row}"
    counts = book.create_sheet(_("Theo đơn vị")[:31])
    counts.append([_("Đơn vị chủ trì"), *(str(s.label) for s in Status), _("Tổng")])
    for group in units:
        counts.append([xlsx_cell(counts, group.label), *group.cells(), group.total])
    for index in range(1, len(Status) + 3):
        counts.cell(row=1, column=index).font = Font(bold=True)
    counts.column_dimensions["A"].width = 50
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def conference_docx(conference: Conference, rows: Iterable[TaskRow]) -> bytes:
    """Return a Word appendix listing the tasks a conference assigned, with their status."""
    document = WordDocument()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    document.add_heading(_("Phụ lục: Danh mục nhiệm vụ"), level=1)
    document.add_paragraph(
        _("%(title)s, ngày %(date)s, do %(organizer)s tổ chức.")
        % {"title": conference.title, "date": _date(conference.date), "organizer": conference.organizer.name}
    )
    headers = [
        _("STT"),
        _("Nội dung nhiệm vụ"),
        _("Đơn vị chủ trì"),
        _("Đơn vị phối hợp"),
        _("Thời hạn"),
        _("Tình trạng"),
    ]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, headers, strict=True):
        cell.text = title
        for run in cell.paragraphs[0].runs:
            run.bold = True
    listed = list(rows)
    for number, row in enumerate(listed, start=1):
        task = row.task
        deadline = _date(task.deadline)
        if task.deadline_changed:
            deadline += " " + _("(ban đầu: %(date)s)") % {"date": _date(task.original_deadline)}
        status = row.status.status.label
        if row.status.overdue_days:
            status += " " + _("(%(days)d ngày)") % {"days": row.status.overdue_days}
        values = [
            str(number),
            task.text,
            task.lead_unit.name if task.lead_unit else "",
            _units(row),
            deadline,
            status,
        ]
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    if not listed:
        document.add_paragraph(_("Hội nghị chưa có nhiệm vụ nào được xác nhận."))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
