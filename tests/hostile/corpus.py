"""Builders of hostile files: IATI documents, spreadsheets and zip parts, made in memory at test time."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import Any

from openpyxl import Workbook

from doingoai.aid.spreadsheets import PROJECT_COLUMNS, PROJECT_SHEET, TRANSACTION_COLUMNS, TRANSACTION_SHEET

PROJECT_ROW = [
    "XX-H-1",
    "Bếp ăn bán trú",
    "2",
    "",
    "VUFO",
    "có",
    "16040",
    "Quảng Trị",
    "XX-T-SAK",
    "",
    "",
    "",
    "",
]


def iati_document(
    *, value: str = "50000", day: str = "2025-03-10", currency: str = "USD", title: str = "Bếp ăn bán trú"
) -> str:
    """Return an IATI 2.03 file of one activity and one transaction, as text (encode it as you like)."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" generated-datetime="2025-06-01T08:00:00+07:00">
  <iati-activity>
    <iati-identifier>XX-H-1</iati-identifier>
    <reporting-org ref="XX-T-SAK" type="21"><narrative>Sakura Aid</narrative></reporting-org>
    <title><narrative>{title}</narrative></title>
    <description type="1"><narrative>Nấu bữa trưa cho học sinh.</narrative></description>
    <participating-org ref="XX-T-SAK" role="1"><narrative>Sakura Aid</narrative></participating-org>
    <activity-status code="2"/>
    <activity-date type="1" iso-date="2025-01-15"/>
    <recipient-country code="VN"/>
    <sector vocabulary="1" code="14030" percentage="100"/>
    <transaction>
      <transaction-type code="2"/>
      <transaction-date iso-date="{day}"/>
      <value currency="{currency}" value-date="{day}">{value}</value>
      <provider-org ref="XX-T-SAK"><narrative>Sakura Aid</narrative></provider-org>
    </transaction>
  </iati-activity>
</iati-activities>
"""


def _append_text(sheet: Any, row: list[Any]) -> None:
    """Append a row; text starting with "=" stays a text cell, as a user typing '= into Excel gets."""
    sheet.append(row)
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


def xlsx_book(transactions: list[list[Any]], projects: list[list[Any]] | None = None) -> bytes:
    """Return an import workbook with the given project and transaction rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = PROJECT_SHEET
    sheet.append([title for _key, title in PROJECT_COLUMNS])
    for row in projects if projects is not None else [PROJECT_ROW]:
        _append_text(sheet, row)
    other = book.create_sheet(TRANSACTION_SHEET)
    other.append([title for _key, title in TRANSACTION_COLUMNS])
    for row in transactions:
        _append_text(other, row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_file(rows: list[list[Any]], columns: tuple[tuple[str, str], ...] = TRANSACTION_COLUMNS) -> bytes:
    """Return a CSV import file of `rows` under the columns' titles."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([title for _key, title in columns])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def zip_replace(data: bytes, replacements: dict[str, bytes]) -> bytes:
    """Return the zip `data` with some members' contents replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in replacements:
                target.writestr(info, source.read(info))
        for name, content in replacements.items():
            target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def dimension_claimed(data: bytes) -> bytes:
    """Return the workbook with every sheet claiming all of Excel's grid (A1:XFD1048576), as a
    hostile or broken writer may, and a last cell in row 1,048,576."""
    source = zipfile.ZipFile(io.BytesIO(data))
    replacements = {}
    for name in source.namelist():
        if name.startswith("xl/worksheets/sheet"):
            part = re.sub(
                rb"<dimension ref=\"[^\"]*\"/>", b'<dimension ref="A1:XFD1048576"/>', source.read(name)
            )
            last = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>cuoi</t></is></c></row>'
            replacements[name] = part.replace(b"</sheetData>", last + b"</sheetData>")
    return zip_replace(data, replacements)
