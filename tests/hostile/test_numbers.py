"""Numbers and dates out of range: refused with a message naming the place, nothing written."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from doingoai.accounts.scope import SYSTEM
from doingoai.aid import services
from doingoai.aid.errors import AidError, AidImportError
from doingoai.aid.iati_io import aid_iati_import
from doingoai.aid.models import Project, Transaction
from doingoai.aid.spreadsheets import spreadsheet_import
from tests.hostile.corpus import csv_file, iati_document, xlsx_book

IATI_HUGE_VALUES = ["9223372036854775807", "1234567890123456789012345", "1000000000000000.01"]
HUGE_VALUES = [*IATI_HUGE_VALUES, "1e400", "NaN", "-5"]
BAD_DATES = ["-2013-11-27", "12013-11-27", "1899-12-31", "2101-01-01"]


@pytest.mark.parametrize("value", IATI_HUGE_VALUES)
def test_iati_amount_above_the_range_is_refused_naming_the_value(
    units: Any, partners: Any, rates: None, value: str
) -> None:
    with pytest.raises(AidImportError) as caught:
        aid_iati_import(
            actor=SYSTEM,
            data=iati_document(value=value).encode(),
            source_name="lon.xml",
            owner_unit=units.vufo,
        )
    text = "\n".join(caught.value.problems)
    assert "giao dịch thứ 1, value" in text and "10^15" in text
    assert not Project.objects.exists() and not Transaction.objects.exists()


@pytest.mark.parametrize("value", HUGE_VALUES)
@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_spreadsheet_amount_above_the_range_is_refused_naming_the_cell(
    units: Any, partners: Any, rates: None, value: str, kind: str
) -> None:
    Project.objects.all().delete()
    services.project_upsert(
        actor=SYSTEM,
        data=services.ProjectData(iati_identifier="XX-H-1", title="Bếp", status="2", owner_unit=units.vufo),
    )
    row = ["XX-H-1", "11", "15/03/2025", value, "USD", "XX-T-SAK", ""]
    data = xlsx_book([row], projects=[]) if kind == "xlsx" else csv_file([row])
    with pytest.raises(AidImportError) as caught:
        spreadsheet_import(actor=SYSTEM, name=f"lon.{kind}", data=data)
    text = "\n".join(caught.value.problems)
    assert "dòng 2, cột D (Số tiền)" in text
    assert not Transaction.objects.exists()


def test_amount_exact_to_the_cent_reads_back_unchanged(project_factory: Any) -> None:
    project = project_factory("XX-H-9", value="123456789012345.67", currency="USD")
    row = Transaction.objects.get(project=project)
    assert row.value == Decimal("123456789012345.67")
    assert row.value_usd == Decimal("123456789012345.67")
    assert row.value_vnd == Decimal("3086419725308641750")  # 25,000 VND per USD, to the đồng


def test_largest_amount_is_accepted_and_one_cent_more_is_refused(project_factory: Any, partners: Any) -> None:
    project = project_factory("XX-H-8", value="1000000000000000", currency="EUR")
    assert Transaction.objects.get(project=project).value == Decimal("1000000000000000.00")
    with pytest.raises(AidError, match="10\\^15"):
        services.transaction_upsert(
            actor=SYSTEM,
            project=project,
            transaction_type="3",
            date=dt.date(2025, 3, 2),
            provider=partners["jp"],
            value=Decimal("1000000000000000.01"),
            currency="EUR",
        )


@pytest.mark.parametrize("day", BAD_DATES)
def test_iati_date_outside_1900_2100_is_refused_with_its_line(
    units: Any, partners: Any, rates: None, day: str
) -> None:
    with pytest.raises(AidImportError) as caught:
        aid_iati_import(
            actor=SYSTEM, data=iati_document(day=day).encode(), source_name="ngay.xml", owner_unit=units.vufo
        )
    text = "\n".join(caught.value.problems)
    assert "tệp ngay.xml, dòng" in text and "1900–2100" in text and day in text
    assert not Project.objects.exists()


@pytest.mark.parametrize("day", ["31/12/1899", "01/01/2101", "27/11/0001", "27/11/12013", "-27/11/2013"])
def test_spreadsheet_date_outside_1900_2100_is_refused_naming_the_cell(
    units: Any, partners: Any, rates: None, day: str
) -> None:
    row = ["XX-H-1", "11", day, "1000", "USD", "XX-T-SAK", ""]
    with pytest.raises(AidImportError) as caught:
        spreadsheet_import(actor=SYSTEM, name="ngay.csv", data=csv_file([row]))
    assert "dòng 2, cột C (Ngày" in "\n".join(caught.value.problems)
    assert not Transaction.objects.exists()


def test_command_line_import_refuses_a_huge_value_cleanly(
    units: Any, partners: Any, rates: None, tmp_path: Path
) -> None:
    path = tmp_path / "lon.xml"
    path.write_text(iati_document(value="9223372036854775807"))
    with pytest.raises(CommandError, match="10\\^15"):
        call_command("aid_import_iati", str(path), "--unit", "VUFO")
    with pytest.raises(CommandError, match="99999999999999999999"):
        call_command("aid_import_iati", str(path), "--unit", "99999999999999999999")
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    "content", [iati_document(value="9223372036854775807"), iati_document(day="-2013-11-27")]
)
def test_upload_form_answers_400_with_the_message_and_pages_still_work(
    units: Any, partners: Any, rates: None, make_user: Any, client_for: Any, content: str
) -> None:
    client = client_for(make_user("coordinator", None))
    upload = io.BytesIO(content.encode())
    upload.name = "lon.xml"
    response = client.post("/vien-tro/nhap/", {"file": upload})
    assert response.status_code == 400
    assert "lon.xml" in response.content.decode()
    for page in (
        "/vien-tro/",
        "/vien-tro/giao-dich/",
        "/vien-tro/giao-dich/?format=xlsx",
        "/vien-tro/iati.xml",
    ):
        assert client.get(page).status_code in (200, 302), page


def test_amount_stays_exact_in_the_pages_and_every_export(
    project_factory: Any, make_user: Any, client_for: Any
) -> None:
    project_factory("XX-H-7", value="123456789012345.67", currency="USD")
    client = client_for(make_user("coordinator", None))
    assert "123.456.789.012.345,67" in client.get("/vien-tro/giao-dich/").content.decode()
    assert b">123456789012345.67</value>" in client.get("/vien-tro/iati.xml").content
    sheet = load_workbook(io.BytesIO(client.get("/vien-tro/giao-dich/?format=xlsx").content)).active
    assert sheet["F2"].value == "123456789012345.67"  # more digits than an Excel number keeps
    assert sheet["J2"].value == "3086419725308641750"
