"""Reports in and out of Excel: one sheet per report, one row per field.

A sheet starts with its form (code, version), unit (id, name) and period, and the version of the
report it was written from (row 4, when the report existed); then a header row and one row per
field: code, label, value, kind, help. The same reader serves a unit's own file and a
coordinator's workbook of many units: every sheet is checked, and nothing is loaded unless every
sheet passes (`doingoai.reporting.imports`).

Text written out that a spreadsheet would read as a formula (starting with = + - @, a tab or a
carriage return) is stored as text, never as a formula.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from doingoai.reporting.errors import ReportImportError
from doingoai.reporting.formspec import MONEY, Field, FormSpec, value_display
from doingoai.spreadsheet_cells import FORMAT_WHOLE, money_format, number_format_with, text_is_formula_like
from doingoai.spreadsheet_files import XLSX_MAGIC, SpreadsheetFileError, xlsx_parts_check

MAX_BYTES = 10 * 2**20
HEADER_ROW = 5
VALUE_COLUMN = 3
# The rows of fields a sheet may have below its header: a form has a few dozen fields. A sheet
# with a cell in row 1,048,576 was read row by row to there, a million cells made for nothing.
FIELD_ROWS_MAX = 1000


def cell_put(sheet: Worksheet, row: int, column: int, value: Any) -> None:
    """Write a value; text that could be read as a formula is kept as plain text."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if text_is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True


def rows_sheet(
    book: Workbook,
    title: str,
    headers: list[str],
    rows: list[list[Any]],
    formats: dict[int, str] | None = None,
) -> Worksheet:
    """Add a sheet of a bold header row and `rows`, with safe text cells.

    `formats`: Excel's number format of some columns (numbered from 0), for their values that are
    not text: dates stay dates a spreadsheet sorts, shares show as percentages.
    """
    formats = formats or {}
    sheet = book.create_sheet(title=title[:31])
    for column, header in enumerate(headers, start=1):
        cell_put(sheet, 1, column, header)
        sheet.cell(row=1, column=column).font = Font(bold=True)
    for row_index, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell_put(sheet, row_index, column, value)
            if column - 1 in formats and value is not None and not isinstance(value, str):
                sheet.cell(row=row_index, column=column).number_format = formats[column - 1]
    sheet.freeze_panes = "A2"
    return sheet


def _kind_label(spec: FormSpec, key: str) -> str:
    f = spec.by_key[key]
    labels = {
        "integer": _("số nguyên"),
        "decimal": _("số"),
        "money": _("tiền (%(c)s)") % {"c": f.currency},
        "text": _("văn bản"),
        "boolean": _("có/không"),
        "choice": _("chọn: %(o)s") % {"o": "; ".join(c.label for c in f.choices)},
    }
    return labels[f.kind] + (" — " + _("bắt buộc") if f.required else "")


def report_sheet(
    book: Workbook,
    *,
    spec: FormSpec,
    unit_id: int,
    unit_name: str,
    period: str,
    values: dict[str, str],
    report_version: int | None = None,
) -> None:
    """Add one report's sheet (empty values for a blank form).

    `report_version`: the version of the stored report the sheet was written from (None when the
    report did not exist yet). The upload refuses the sheet if the report was changed since.
    """
    sheet = book.create_sheet(title=f"{unit_id}-{period}"[:31])
    head: list[tuple[Any, ...]] = [
        (_("Biểu mẫu"), spec.code, _("Phiên bản"), spec.version),
        (_("Mã đơn vị"), unit_id, _("Đơn vị"), unit_name),
        (_("Kỳ báo cáo"), period, _("Tên biểu mẫu"), spec.name),
    ]
    if report_version is not None:
        head.append(
            (
                _("Phiên bản báo cáo"),
                report_version,
                _("Không sửa ô này: dùng để biết báo cáo có bị người khác sửa sau khi tải tệp hay không."),
            )
        )
    for row, line in enumerate(head, start=1):
        for column, value in enumerate(line, start=1):
            cell_put(sheet, row, column, value)
    headers = (_("Mã chỉ tiêu"), _("Chỉ tiêu"), _("Giá trị"), _("Loại"), _("Hướng dẫn"))
    for column, header in enumerate(headers, start=1):
        cell_put(sheet, HEADER_ROW, column, header)
        sheet.cell(row=HEADER_ROW, column=column).font = Font(bold=True)
    for row, f in enumerate(spec.fields(), start=HEADER_ROW + 1):
        cell_put(sheet, row, 1, f.key)
        cell_put(sheet, row, 2, f.label)
        value = _cell_value(f, values.get(f.key, ""))
        cell_put(sheet, row, VALUE_COLUMN, value)
        if isinstance(value, int | Decimal):
            # Grouped as the aid exports are (15.000.000 in a Vietnamese Excel); the value is unchanged.
            sheet.cell(row=row, column=VALUE_COLUMN).number_format = _number_format(f, value)
        cell_put(sheet, row, 4, _kind_label(spec, f.key))
        cell_put(sheet, row, 5, f.help)
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 30
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"


def _cell_value(f: Field, value: str) -> Any:
    """Return a stored value as its cell holds it: a number as a number, anything else as shown.

    A decimal written as text ("12.345", twelve and a bit) would come back read the Vietnamese
    way, as twelve thousand.
    """
    if f.is_numeric and value != "":
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        return int(number) if number == number.to_integral_value() else number
    return value_display(f, value)


def _number_format(f: Field, value: int | Decimal) -> str:
    """Return the Excel format of a figure: #,##0, its currency's decimals, and any decimal it has."""
    base = money_format(f.currency) if f.kind == MONEY else FORMAT_WHOLE
    return number_format_with(base, value)


@dataclass
class SheetData:
    """What one uploaded sheet says: form, unit, period, values by field key, and rows by key.

    `formulas` holds the rows whose value is a formula (by field key), and `problems` what the
    reader already found wrong: they are reported with every other fault of the upload.
    """

    title: str
    form_code: str
    version: Any
    unit_id: Any
    period: str
    # The version of the report the sheet was written from (cell B4); None in a template made before
    # it was written, or for a report that did not exist yet: such a sheet is not checked for it.
    report_version: int | None = None
    values: dict[str, Any] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    formulas: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _report_version_read(where: str, value: Any, problems: list[str]) -> int | None:
    """Return the report version in cell B4 (None when empty); name the cell when it holds no version."""
    if value is None or _text(value) == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and value == int(value) and value >= 1:
        return int(value)
    if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) < 10:
        return int(value.strip())
    problems.append(
        _("%(where)s, ô B4 (Phiên bản báo cáo): “%(value)s” không phải một phiên bản; hãy tải lại tệp.")
        % {"where": where, "value": _text(value)[:30]}
    )
    return None


def workbook_read(name: str, data: bytes) -> list[SheetData]:
    """Read every sheet of an uploaded workbook; raise ReportImportError for a file that is none.

    Faults of single cells (a formula, a code given twice) are kept on each sheet, so that the
    upload names them together with the faults of the values (`doingoai.reporting.imports`).
    """
    if len(data) > MAX_BYTES:
        raise ReportImportError([_("Tệp “%(name)s” quá lớn (tối đa 10 MB).") % {"name": name}])
    if not name.lower().endswith(".xlsx") or not data.startswith(XLSX_MAGIC):
        raise ReportImportError([_("Tệp “%(name)s” không phải tệp Excel .xlsx.") % {"name": name}])
    try:
        xlsx_parts_check(name, data)
    except SpreadsheetFileError as exc:
        raise ReportImportError(exc.problems) from exc
    try:
        book = load_workbook(io.BytesIO(data), data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ReportImportError(
            [_("Không đọc được tệp Excel “%(name)s”: tệp bị hỏng.") % {"name": name}]
        ) from exc
    sheets: list[SheetData] = []
    for sheet in book.worksheets:
        where = _("Trang “%(sheet)s”") % {"sheet": sheet.title}
        if _text(sheet.cell(1, 2).value) == "" and sheet.max_row <= 1:
            continue
        found = SheetData(
            title=sheet.title,
            form_code=_text(sheet.cell(1, 2).value),
            version=sheet.cell(1, 4).value,
            unit_id=sheet.cell(2, 2).value,
            period=_text(sheet.cell(3, 2).value),
        )
        found.report_version = _report_version_read(where, sheet.cell(4, 2).value, found.problems)
        last = min(sheet.max_row, HEADER_ROW + FIELD_ROWS_MAX)
        if sheet.max_row > last:
            found.problems.append(
                _("%(where)s có nội dung đến dòng %(row)s; biểu mẫu hết ở dòng %(last)d: hãy xóa dòng thừa.")
                % {"where": where, "row": f"{sheet.max_row:,}".replace(",", "."), "last": last}
            )
        for row in range(HEADER_ROW + 1, last + 1):
            key = _text(sheet.cell(row, 1).value)
            if not key:
                continue
            cell = sheet.cell(row, VALUE_COLUMN)
            if key in found.rows or key in found.formulas:
                first = found.rows.get(key) or found.formulas[key]
                found.problems.append(
                    _("%(where)s, dòng %(row)d, cột A (Mã chỉ tiêu): mã “%(key)s” đã có ở dòng %(first)d.")
                    % {"where": where, "row": row, "key": key, "first": first}
                )
                continue
            if cell.data_type == "f":
                found.formulas[key] = row
                continue
            found.values[key] = cell.value
            found.rows[key] = row
        sheets.append(found)
    if not sheets:
        raise ReportImportError([_("Tệp “%(name)s” không có trang báo cáo nào.") % {"name": name}])
    return sheets
