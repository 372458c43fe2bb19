"""Export the follow-up table (XLSX) and a conference's tasks (a Word appendix for the annual report)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from docx import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Emu
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from doingoai import docx_format as f
from doingoai.analysis.output import number_vi
from doingoai.spreadsheet_cells import FORMAT_DAY, FORMAT_WHOLE, xlsx_cell
from doingoai.tasks.models import Conference
from doingoai.tasks.selectors import StatusCounts, TaskRow
from doingoai.tasks.status import Status

# The columns of the follow-up sheet that hold days, and the one of days late (numbered from 1).
_DAY_COLUMNS = (8, 9, 14)
_DAYS_LATE_COLUMN = 11


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
        pgettext("một hội nghị", "Hội nghị"),
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
        # Grouped as the other exports' counts are (1.339 in a Vietnamese Excel, not 1339).
        sheet.cell(row=sheet.max_row, column=_DAYS_LATE_COLUMN).number_format = FORMAT_WHOLE
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
        for cell in counts[counts.max_row][1:]:
            cell.number_format = FORMAT_WHOLE
    for index in range(1, len(Status) + 3):
        counts.cell(row=1, column=index).font = Font(bold=True)
    counts.column_dimensions["A"].width = 50
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# The columns of the conference's list: their widths in cm on the 16.5 cm line (the number and a
# date at 12 pt on one line: narrower, "STT" and "20/07/2026" broke in two), and those centred (the
# number, the deadline); the others start at the left.
_LIST_WIDTHS = (1.3, 4.5, 2.8, 2.8, 2.5, 2.6)
_LIST_CENTRED = (0, 4)


def _list_line(document: Any, text: str, *, bold: bool = False, italic: bool = False) -> None:
    """Write a centred title line of the appendix, kept on the page of what follows."""
    paragraph = document.add_paragraph()
    f.paragraph_plain(paragraph)
    paragraph.paragraph_format.keep_with_next = True
    f.run_format(paragraph.add_run(text), size=f.TITLE_SIZE, bold=bold, italic=italic)


def conference_docx(conference: Conference, rows: Iterable[TaskRow], *, today: dt.date) -> bytes:
    """Return a Word appendix listing the tasks a conference assigned, with their status on `today`.

    It goes with the annual report, so it is laid out as the report is (Nghị định 30/2020/NĐ-CP:
    A4, its margins, Times New Roman, page numbers from page 2; `doingoai.docx_format`): the
    appendix's heading ("Phụ lục", then its name in capitals) centred in bold, the conference it
    comes from in italics under it, then the table, whose heading row repeats on every page.
    """
    document = WordDocument()
    f.document_styles(document)
    f.document_page(document)
    # Phụ lục I, Phần I, Mục III: "Phụ lục" in ordinary letters on its own line, the name in capitals.
    # The list is one appendix on its own, so it has no number (only two or more are numbered I, II).
    _list_line(document, _("Phụ lục"), bold=True)
    _list_line(document, _("DANH MỤC NHIỆM VỤ"), bold=True)
    _list_line(
        document,
        _("(%(title)s, ngày %(date)s, do %(organizer)s tổ chức)")
        % {"title": conference.title, "date": _date(conference.date), "organizer": conference.organizer.name},
        italic=True,
    )
    when = document.add_paragraph()
    f.paragraph_plain(when)
    when.paragraph_format.space_before = f.PARAGRAPH_SPACING
    when.paragraph_format.space_after = f.PARAGRAPH_SPACING
    when.paragraph_format.keep_with_next = True
    f.run_format(when.add_run(_("Tình trạng tính đến ngày %(date)s.") % {"date": _date(today)}), italic=True)
    headers = [
        _("STT"),
        _("Nội dung nhiệm vụ"),
        _("Đơn vị chủ trì"),
        _("Đơn vị phối hợp"),
        _("Thời hạn"),
        _("Tình trạng"),
    ]
    listed = list(rows)
    table = document.add_table(rows=1 + len(listed), cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, title in zip(table.rows[0].cells, headers, strict=True):
        f.paragraph_plain(cell.paragraphs[0])
        f.run_format(cell.paragraphs[0].add_run(title), size=f.TABLE_SIZE, bold=True)
    for number, (line, row) in enumerate(zip(table.rows[1:], listed, strict=True), start=1):
        task = row.task
        deadline = _date(task.deadline)
        if task.deadline_changed:
            deadline += " " + _("(ban đầu: %(date)s)") % {"date": _date(task.original_deadline)}
        status = str(row.status.status.label)
        if row.status.overdue_days:
            days = number_vi(Decimal(row.status.overdue_days))
            status += " " + ngettext("(%(days)s ngày)", "(%(days)s ngày)", row.status.overdue_days) % {
                "days": days
            }
        values = [
            str(number),
            task.text,
            task.lead_unit.name if task.lead_unit else "",
            _units(row),
            deadline,
            status,
        ]
        for column, (cell, value) in enumerate(zip(line.cells, values, strict=True)):
            paragraph = cell.paragraphs[0]
            align = WD_ALIGN_PARAGRAPH.CENTER if column in _LIST_CENTRED else WD_ALIGN_PARAGRAPH.LEFT
            f.paragraph_plain(paragraph, align=align)
            f.run_format(paragraph.add_run(value), size=f.TABLE_SIZE)
    f.table_rows_keep(table)
    total = sum(_LIST_WIDTHS)
    f.table_widths(table, [Emu(int(f.TEXT_WIDTH * w / total)) for w in _LIST_WIDTHS])
    if not listed:
        empty = document.add_paragraph()
        f.run_format(empty.add_run(_("Hội nghị chưa có nhiệm vụ nào được xác nhận.")))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
