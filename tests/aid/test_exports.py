from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from doingoai.aid.sectors import sector_label
from doingoai.spreadsheet_cells import money_format


def _world(project_factory: Any) -> None:
    project_factory("XX-T-1", value="1000000.5", currency="USD", sectors=(("16040", 80), ("74020", 20)))
    project_factory("XX-T-2", value="2000000000", currency="VND", kind="3", sectors=(("11220", 100),))


def _book(client: Any, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


@pytest.mark.parametrize(
    ("currency", "expected"), [("VND", "#,##0"), ("JPY", "#,##0"), ("USD", "#,##0.00"), ("EUR", "#,##0.00")]
)
def test_amounts_are_shown_with_the_decimals_their_currency_has(currency: str, expected: str) -> None:
    assert money_format(currency) == expected


def test_transaction_export_is_formatted_for_people(
    project_factory: Any, make_user: Any, client_for: Any
) -> None:
    _world(project_factory)
    client = client_for(make_user("coordinator", None))
    sheet = _book(client, "/vien-tro/giao-dich/?year=2025&format=xlsx").active
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["Mã IATI dự án", "Tên dự án", "Loại giao dịch", "Ngày"]
    assert sheet.freeze_panes == "A2"
    assert all(c.font.bold for c in sheet[1])
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    usd, vnd = rows["XX-T-1"], rows["XX-T-2"]
    # Dates are real dates shown day/month/year; amounts are numbers with their currency's format.
    assert usd[3].value == dt.datetime(2025, 3, 1) and usd[3].number_format == "dd/mm/yyyy"
    assert usd[5].number_format == "#,##0.00" and Decimal(str(usd[5].value)) == Decimal("1000000.5")
    assert vnd[5].number_format == "#,##0" and vnd[9].number_format == "#,##0"
    assert usd[11].number_format == "#,##0.00"
    assert sheet.column_dimensions["B"].width >= len("Tên dự án")


def test_project_export_names_each_sector_on_its_own_row(
    project_factory: Any, make_user: Any, client_for: Any
) -> None:
    _world(project_factory)
    client = client_for(make_user("coordinator", None))
    book = _book(client, "/vien-tro/du-an/?format=xlsx")
    projects, sectors = book["Dự án"], book["Lĩnh vực"]
    first = next(r for r in projects.iter_rows(min_row=2, values_only=True) if r[0] == "XX-T-1")
    assert first[6].splitlines() == [f"{sector_label('16040')} (80%)", f"{sector_label('74020')} (20%)"]
    assert "E+" not in first[6]
    rows = [r for r in sectors.iter_rows(min_row=2, values_only=True) if r[0] == "XX-T-1"]
    assert [(r[2], r[3]) for r in rows] == [
        ("16040 – Nhà ở chi phí thấp", 80),
        ("74020 – Chuẩn bị ứng phó đa thiên tai", 20),
    ]
    assert sectors.freeze_panes == "A2"


def test_project_export_carries_funders_dates_and_totals_as_the_dashboard_counts_them(
    project_factory: Any, partners: Any, make_user: Any, client_for: Any
) -> None:
    from doingoai.accounts.scope import SYSTEM
    from doingoai.aid import services
    from doingoai.aid.models import Project

    project = project_factory("XX-T-1", value="1000000.5", currency="USD")  # an incoming commitment
    services.transaction_upsert(
        actor=SYSTEM,
        project=project,
        transaction_type="3",  # a disbursement
        date=dt.date(2025, 6, 1),
        provider=partners["de"],
        value=Decimal("250000.25"),
        currency="USD",
    )
    Project.objects.filter(pk=project.pk).update(planned_start=dt.date(2025, 1, 15), actual_start=None)
    project_factory("XX-T-2", value="2000000000", currency="VND", kind="4")  # an expenditure: neither measure
    client = client_for(make_user("coordinator", None))
    sheet = _book(client, "/vien-tro/du-an/?format=xlsx")["Dự án"]
    headers = [c.value for c in sheet[1]]
    rows = {r[0].value: dict(zip(headers, r, strict=True)) for r in sheet.iter_rows(min_row=2)}
    first, second = rows["XX-T-1"], rows["XX-T-2"]
    # Funders named by the transactions' providers when no organization has the funding role.
    assert first["Nhà tài trợ"].value == "Brunnen Hilfe; Sakura Aid"
    assert first["Ngày bắt đầu"].value == dt.datetime(2025, 1, 15)
    assert first["Ngày bắt đầu"].number_format == "dd/mm/yyyy" and first["Ngày kết thúc"].value is None
    assert Decimal(str(first["Cam kết (USD)"].value)) == Decimal("1000000.5")
    assert Decimal(str(first["Giải ngân (USD)"].value)) == Decimal("250000.25")
    assert first["Giải ngân (USD)"].number_format == "#,##0.00"
    assert first["Cam kết (VND)"].number_format == "#,##0" and first["Cam kết (VND)"].value > 0
    assert second["Cam kết (VND)"].value == 0 and second["Giải ngân (VND)"].value == 0
