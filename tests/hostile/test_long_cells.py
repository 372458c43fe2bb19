"""Text longer than the field it is stored in, typed into an import template: named, nothing stored."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from doingoai.accounts.scope import SYSTEM
from doingoai.aid.errors import AidImportError
from doingoai.aid.models import Project, Transaction
from doingoai.aid.spreadsheets import spreadsheet_import
from doingoai.directory.errors import DirectoryImportError
from doingoai.directory.models import PartnerOrganization, Person
from doingoai.directory.spreadsheets import (
    PARTNER_COLUMNS,
    PARTNER_SHEET,
    PEOPLE_SHEET,
    PERSON_COLUMNS,
    directory_import,
)
from tests.hostile.corpus import PROJECT_ROW, xlsx_book

LONG = ("Báo cáo công tác đối ngoại nhân dân " * 100)[:3000]
GOOD_TRANSACTION = ["XX-H-1", "11", "15/03/2025", "1000", "USD", "XX-T-SAK", ""]


def test_aid_cells_longer_than_their_fields_are_named_and_nothing_is_stored(
    units: Any, partners: Any, rates: None
) -> None:
    """On PostgreSQL a 3,000-character title was a server error; SQLite stored it past its 500."""
    project = list(PROJECT_ROW)
    project[1] = LONG  # Tên dự án: 500
    other = ["XX-H-2", *PROJECT_ROW[1:]]
    other[11] = "Tổ chức " + "rất " * 80 + "lớn"  # Tổ chức thực hiện: a name of 255 at most
    transaction = [*GOOD_TRANSACTION[:6], LONG[:501]]  # Mô tả: 500
    with pytest.raises(AidImportError) as caught:
        spreadsheet_import(
            actor=SYSTEM, name="dai.xlsx", data=xlsx_book([transaction], projects=[project, other])
        )
    problems = "\n".join(caught.value.problems)
    assert "trang “Dự án”, dòng 2, cột B (Tên dự án): dài 3000 ký tự, quá 500 ký tự ô này nhận" in problems
    assert "dòng 3, cột L (Tổ chức thực hiện (vai trò 4)): tên hoặc mã tổ chức “Tổ chức rất" in problems
    assert "quá 255 ký tự" in problems
    assert "trang “Giao dịch”, dòng 2, cột G (Mô tả): dài 501 ký tự, quá 500 ký tự ô này nhận" in problems
    assert not Project.objects.exists() and not Transaction.objects.exists()


def _directory_book(person: list[Any], partner: list[Any]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, columns, row in (
        (PEOPLE_SHEET, PERSON_COLUMNS, person),
        (PARTNER_SHEET, PARTNER_COLUMNS, partner),
    ):
        sheet = book.create_sheet(title)
        sheet.append([header for _key, header in columns])
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_directory_cells_longer_than_their_fields_are_named_and_nothing_is_stored(units: Any) -> None:
    unit = units.quang_tri.name
    person = ["Nguyễn Văn " + "A" * 245, unit, "", "Chuyên viên " * 30, unit]
    partner = [LONG[:300], "", "VIẾT TẮT " * 10, "Khác", "Nhật Bản", "", "https://example.org/" + "a" * 200]
    with pytest.raises(DirectoryImportError) as caught:
        directory_import(actor=SYSTEM, name="dai.xlsx", data=_directory_book(person, partner))
    problems = "\n".join(caught.value.problems)
    assert "trang “Cán bộ”, dòng 2, cột A (Họ và tên): dài 256 ký tự, quá 255 ký tự ô này nhận" in problems
    assert "trang “Cán bộ”, dòng 2, cột D (Chức danh): dài 359 ký tự, quá 255 ký tự ô này nhận" in problems
    assert "trang “Đối tác”, dòng 2, cột A (Tên đối tác): dài 300 ký tự, quá 255 ký tự ô này nhận" in problems
    assert "cột C (Tên viết tắt): dài 89 ký tự, quá 50 ký tự ô này nhận" in problems
    assert "cột G (Trang web): dài 220 ký tự, quá 200 ký tự ô này nhận" in problems
    assert not Person.objects.exists() and not PartnerOrganization.objects.exists()
