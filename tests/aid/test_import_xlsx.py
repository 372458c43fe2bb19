from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from doingoai.accounts.scope import SYSTEM
from doingoai.aid.errors import AidImportError
from doingoai.aid.forms import VietnameseDecimalField
from doingoai.aid.models import (
    ParticipatingOrganization,
    Project,
    ProjectLocation,
    ProjectSector,
    Transaction,
)
from doingoai.aid.spreadsheets import (
    PROJECT_COLUMNS,
    PROJECT_SHEET,
    TRANSACTION_COLUMNS,
    TRANSACTION_SHEET,
    spreadsheet_import,
    template_workbook,
)
from doingoai.audit.models import AuditEntry

GOOD_PROJECTS = [
    [
        "XX-T-100",
        "Trường bán trú xã biên giới",
        "2",
        "",
        "VUFO",
        "có",
        "11220:60; 11120:40",
        "xã Hướng Phùng, Quảng Trị; Quảng Bình",
        "XX-T-SAK",
        "",
        "",
        "Liên hiệp các tổ chức hữu nghị Việt Nam",
        "",
    ],
    [
        "XX-T-101",
        "Nhà an toàn",
        "1",
        "",
        "VUFO",
        "không",
        "16040",
        "xã Tân Thanh, Lạng Sơn",
        "Brunnen Hilfe",
        "",
        "",
        "",
        "",
    ],
]
GOOD_TRANSACTIONS = [
    ["XX-T-100", "11", "15/03/2025", 1500000, "USD", "XX-T-SAK", ""],
    ["XX-T-100", "3", "02/08/2025", "250.000,50", "USD", "Sakura Aid", "đợt 1"],
    ["XX-T-101", "11", "01/07/2025", "3.000.000.000", "VND", "XX-T-BRU", ""],
]


def _xlsx(projects: list[list[Any]], transactions: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = PROJECT_SHEET
    sheet.append([title for _key, title in PROJECT_COLUMNS])
    for row in projects:
        sheet.append(row)
    other = book.create_sheet(TRANSACTION_SHEET)
    other.append([title for _key, title in TRANSACTION_COLUMNS])
    for row in transactions:
        other.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (Project, Transaction, ProjectSector, ProjectLocation, ParticipatingOrganization, AuditEntry)
    )


def test_template_has_headers_in_vietnamese_and_an_instructions_sheet() -> None:
    book = load_workbook(io.BytesIO(template_workbook()), read_only=True)
    assert book.sheetnames == ["Dự án", "Giao dịch", "Hướng dẫn"]
    header = next(book["Giao dịch"].iter_rows(values_only=True))
    assert header[:4] == ("Mã IATI của dự án", "Loại giao dịch (mã IATI)", "Ngày (ngày/tháng/năm)", "Số tiền")


def test_valid_file_is_imported_with_sectors_locations_and_conversions(partners: Any, rates: None) -> None:
    result = spreadsheet_import(actor=SYSTEM, name="du-an.xlsx", data=_xlsx(GOOD_PROJECTS, GOOD_TRANSACTIONS))
    assert (result.projects_created, result.transactions_created) == (2, 3)
    project = Project.objects.get(iati_identifier="XX-T-100")
    assert project.is_published and project.owner_unit.abbreviation == "VUFO"
    assert sorted(project.sectors.values_list("code", "percentage")) == [("11120", 40), ("11220", 60)]
    former = project.locations.get(original="Quảng Bình")
    assert former.province_code == "44"
    merged = ProjectLocation.objects.get(project__iati_identifier="XX-T-101")
    assert merged.original == "xã Tân Thanh, Lạng Sơn" and merged.commune_code
    disbursement = Transaction.objects.get(project=project, transaction_type="3")
    assert (
        str(disbursement.value) == "250000.50" and disbursement.value_vnd == 6500013000
    )  # at 26 000 VND/USD


def test_reimporting_the_same_file_duplicates_nothing(partners: Any, rates: None) -> None:
    data = _xlsx(GOOD_PROJECTS, GOOD_TRANSACTIONS)
    spreadsheet_import(actor=SYSTEM, name="du-an.xlsx", data=data)
    counts = _counts()
    result = spreadsheet_import(actor=SYSTEM, name="du-an.xlsx", data=data)
    assert (result.projects_created, result.transactions_created) == (0, 0)
    assert _counts() == counts  # not even an audit entry: nothing changed


def test_reimport_with_a_changed_amount_updates_the_transaction(partners: Any, rates: None) -> None:
    spreadsheet_import(actor=SYSTEM, name="a.xlsx", data=_xlsx(GOOD_PROJECTS, GOOD_TRANSACTIONS))
    changed = [[*GOOD_TRANSACTIONS[0][:3], 2000000, *GOOD_TRANSACTIONS[0][4:]]]
    spreadsheet_import(actor=SYSTEM, name="a.xlsx", data=_xlsx([], changed))
    assert Transaction.objects.count() == 3
    assert (
        Transaction.objects.get(transaction_type="11", project__iati_identifier="XX-T-100").value == 2000000
    )


def test_malformed_file_changes_nothing_and_lists_every_bad_row(partners: Any, rates: None) -> None:
    spreadsheet_import(actor=SYSTEM, name="a.xlsx", data=_xlsx(GOOD_PROJECTS[:1], GOOD_TRANSACTIONS[:1]))
    before = _counts()
    projects = [
        GOOD_PROJECTS[1],  # valid: must not be written either
        ["XX-T-102", "", "9", "", "", "có", "16040:60; 11220:30", "", "", "", "", "", ""],
        [
            "XX-T-103",
            "Địa bàn sai",
            "2",
            "",
            "",
            "có",
            "",
            "xã Không Có, Quảng Trị",
            "Không Ai",
            "",
            "",
            "",
            "",
        ],
    ]
    transactions = [
        ["XX-T-100", "3", "31/02/2025", "12", "USD", "XX-T-SAK", ""],
        ["XX-T-999", "3", "01/03/2025", "-5", "JPY", "XX-T-SAK", ""],
        ["XX-T-100", "11", "01/03/2024", "10", "USD", "XX-T-SAK", ""],
    ]
    with pytest.raises(AidImportError) as caught:
        spreadsheet_import(actor=SYSTEM, name="loi.xlsx", data=_xlsx(projects, transactions))
    problems = caught.value.problems
    text = "\n".join(problems)
    assert problems[0] == "Tệp “loi.xlsx”:"
    assert "trang “Dự án”, dòng 3, cột B (Tên dự án): ô này không được để trống." in text
    assert "dòng 3, cột C (Trạng thái (mã IATI 1–6)): “9” không phải mã trạng thái" in text
    assert "dòng 3, cột G" in text and "90" in text  # sectors add up to 90%
    assert "dòng 4, cột H" in text and "Không Có" in text
    # A funder missing from the directory is kept by its name, as the project form keeps it.
    assert "dòng 4, cột I" not in text and "Không Ai" not in text
    # The day February lacks, said as the transaction form says it (it was "not a date").
    assert (
        "trang “Giao dịch”, dòng 2, cột C (Ngày (ngày/tháng/năm)): Ngày 31/02/2025 không có:"
        " tháng 2 năm 2025 chỉ có 28 ngày." in text
    )
    assert "trang “Giao dịch”, dòng 3, cột A" in text and "XX-T-999" in text
    assert "dòng 3, cột D" in text and "dòng 3, cột E" in text  # negative amount, no JPY rate
    assert "dòng 4, cột E" in text and "01/03/2024" in text  # no USD rate that early
    assert _counts() == before
    assert not Project.objects.filter(iati_identifier="XX-T-101").exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("du-an.pdf", b"%PDF-1.4", "chỉ nhận tệp Excel .xlsx, .csv hoặc tệp IATI .xml"),
        ("du-an.xlsx", b"not a zip file", "không phải tệp Excel .xlsx"),
        ("du-an.csv", b"PK\x03\x04zip", "không phải tệp CSV"),
        ("du-an.csv", b"\xff\xfe\x00b\x00a\x00d", "không phải tệp CSV"),
        ("du-an.xlsx", b"PK\x03\x04" + b"0" * (5 * 1024 * 1024), "quá lớn"),
    ],
)
def test_unsupported_or_disguised_or_oversize_uploads_are_refused(
    name: str, data: bytes, message: str, db: None
) -> None:
    with pytest.raises(AidImportError) as caught:
        spreadsheet_import(actor=SYSTEM, name=name, data=data)
    assert message in caught.value.problems[0]


def test_csv_of_transactions_is_imported(partners: Any, rates: None) -> None:
    spreadsheet_import(actor=SYSTEM, name="a.xlsx", data=_xlsx(GOOD_PROJECTS[:1], []))
    header = ",".join(title for _key, title in TRANSACTION_COLUMNS)
    csv = f'{header}\nXX-T-100,11,2025-03-15,"1.500.000",USD,XX-T-SAK,\n'.encode()
    result = spreadsheet_import(actor=SYSTEM, name="giao-dich.csv", data=csv)
    assert result.transactions_created == 1
    assert Transaction.objects.get().value == 1500000


def test_province_editor_cannot_import_into_another_province(
    units: Any, make_user: Any, partners: Any, rates: None
) -> None:
    editor = make_user("editor", units.quang_tri)
    rows = [
        [
            "XX-T-200",
            "Dự án",
            "2",
            "",
            "Ủy ban nhân dân thành phố Hà Nội",
            "có",
            "",
            "Hà Nội",
            "",
            "",
            "",
            "",
            "",
        ]
    ]
    with pytest.raises(AidImportError) as caught:
        spreadsheet_import(actor=editor, name="a.xlsx", data=_xlsx(rows, []))
    assert "không có quyền" in caught.value.problems[1]
    assert not Project.objects.exists()


def test_import_page_lists_the_problems_and_offers_the_template(
    units: Any, make_user: Any, client_for: Any, partners: Any, rates: None
) -> None:
    client = client_for(make_user("coordinator", None))
    template = client.get("/vien-tro/nhap/mau-nhap.xlsx")
    assert template.status_code == 200 and template.content.startswith(b"PK\x03\x04")
    bad = io.BytesIO(_xlsx([["XX-T-300", "", "2", "", "VUFO", "có", "", "", "", "", "", "", ""]], []))
    bad.name = "loi.xlsx"
    response = client.post("/vien-tro/nhap/", {"file": bad})
    assert response.status_code == 400
    assert "dòng 2, cột B (Tên dự án)" in response.content.decode()
    good = io.BytesIO(_xlsx(GOOD_PROJECTS, GOOD_TRANSACTIONS))
    good.name = "tot.xlsx"
    assert client.post("/vien-tro/nhap/", {"file": good}).status_code == 302
    assert Project.objects.count() == 2


def test_a_formula_cell_is_refused_by_name_not_read_as_empty_or_dropped(partners: Any, rates: None) -> None:
    """openpyxl read a formula as its last result or nothing: "=TODAY()" was empty, "=1+2" lost."""
    project = [*GOOD_PROJECTS[0]]
    project[1] = '=HYPERLINK("http://evil.example/","Bấm vào đây")'
    transaction = [*GOOD_TRANSACTIONS[0]]
    transaction[2], transaction[6] = "=TODAY()", "=1+2"
    before = _counts()
    with pytest.raises(AidImportError) as caught:
        spreadsheet_import(actor=SYSTEM, name="cong-thuc.xlsx", data=_xlsx([project], [transaction]))
    text = "\n".join(caught.value.problems)
    assert "trang “Dự án”, dòng 2, cột B (Tên dự án): ô chứa công thức; hãy nhập giá trị." in text
    assert "trang “Giao dịch”, dòng 2, cột C" in text and "trang “Giao dịch”, dòng 2, cột G" in text
    assert "không được để trống" not in text
    assert _counts() == before


def test_a_sector_code_missing_from_the_dac_list_is_refused(partners: Any, rates: None) -> None:
    project = [*GOOD_PROJECTS[0]]
    project[6] = "99999:100"
    with pytest.raises(AidImportError) as caught:
        spreadsheet_import(actor=SYSTEM, name="linh-vuc.xlsx", data=_xlsx([project], []))
    assert "Mã lĩnh vực “99999” không có trong danh mục DAC của IATI." in "\n".join(caught.value.problems)
    project[6] = "15110:100"  # named only in IATI's list (in English): accepted
    spreadsheet_import(actor=SYSTEM, name="linh-vuc.xlsx", data=_xlsx([project], []))
    assert Project.objects.get(iati_identifier=project[0]).sectors.get().code == "15110"


def test_a_file_of_many_faults_lists_the_first_ones_and_counts_the_rest(
    units: Any, make_user: Any, client_for: Any, partners: Any, rates: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("doingoai.aid.views.PROBLEMS_SHOWN", 3)
    client = client_for(make_user("coordinator", None))
    rows = [[f"XX-T-{n}", "", "2", "", "VUFO", "có", "", "", "", "", "", "", ""] for n in range(300, 306)]
    bad = io.BytesIO(_xlsx(rows, []))
    bad.name = "nhieu-loi.xlsx"
    page = client.post("/vien-tro/nhap/", {"file": bad}).content.decode()
    listed = page.split('<div class="errors"')[1].split("</div>")[0]
    assert listed.count("<li>") == 3 and 'id="problems-more"' in listed
    assert "lỗi nữa" in listed


def test_an_import_that_changes_only_projects_says_so_without_an_empty_list(
    units: Any, make_user: Any, client_for: Any, partners: Any, rates: None
) -> None:
    client = client_for(make_user("coordinator", None))
    good = io.BytesIO(_xlsx(GOOD_PROJECTS, GOOD_TRANSACTIONS))
    good.name = "tot.xlsx"
    client.post("/vien-tro/nhap/", {"file": good})
    renamed = [[*GOOD_PROJECTS[0][:1], "Tên mới của dự án", *GOOD_PROJECTS[0][2:]]]
    again = io.BytesIO(_xlsx(renamed, []))
    again.name = "doi-ten.xlsx"
    page = client.post("/vien-tro/nhap/", {"file": again}, follow=True).content.decode()
    assert "Tệp này đã thay đổi dữ liệu có sẵn: dự án XX-T-100." in page and "giao dịch —" not in page


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1,2", Decimal("1.2")),
        ("1,500", Decimal("1.5")),  # a comma is the decimal mark, as in the entry form
        ("15.000", Decimal(15000)),
        ("2.000,5", Decimal("2000.5")),
        ("50 tỷ", Decimal(50 * 10**9)),
        ("1,2 triệu", Decimal(1200000)),
        ("123456789012345.67", Decimal("123456789012345.67")),  # a long amount the export writes as text
    ],
)
def test_a_typed_amount_is_read_as_the_entry_form_reads_it(
    partners: Any, rates: None, typed: str, value: Decimal
) -> None:
    # The import had its own reader: "1,500" became 1500 (the form reads 1,5) and "50 tỷ" was refused.
    transaction = [*GOOD_TRANSACTIONS[0][:3], typed, *GOOD_TRANSACTIONS[0][4:]]
    spreadsheet_import(actor=SYSTEM, name="a.xlsx", data=_xlsx(GOOD_PROJECTS[:1], [transaction]))
    assert Transaction.objects.get().value == value
    assert VietnameseDecimalField(max_digits=17, decimal_places=2).clean(typed) == value


@pytest.mark.parametrize("typed", ["1.5.2", "1,2,3", "12.34.567", "1.2,3.4"])
def test_separators_that_form_no_number_are_refused_not_read_as_digits(
    partners: Any, rates: None, typed: str
) -> None:
    # "1.5.2" was imported as 152 USD.
    transaction = [*GOOD_TRANSACTIONS[0][:3], typed, *GOOD_TRANSACTIONS[0][4:]]
    with pytest.raises(AidImportError) as caught:
        spreadsheet_import(actor=SYSTEM, name="a.xlsx", data=_xlsx(GOOD_PROJECTS[:1], [transaction]))
    assert f"trang “Giao dịch”, dòng 2, cột D (Số tiền): “{typed}” không phải số tiền dương." in (
        caught.value.problems
    )
    assert not Transaction.objects.exists()


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (-750000000, "“-750.000.000” không phải số tiền dương."),
        (Decimal("1.234"), "số tiền 1,234 có quá hai chữ số thập phân: hãy làm tròn đến phần trăm."),
    ],
)
def test_an_amount_refused_is_written_as_the_user_writes_numbers(
    partners: Any, rates: None, cell: Any, message: str
) -> None:
    # A number cell came back as "-750000000", and 1.234 USD as "1.234", a thousand to a Vietnamese reader.
    transaction = [*GOOD_TRANSACTIONS[0][:3], cell, *GOOD_TRANSACTIONS[0][4:]]
    with pytest.raises(AidImportError) as caught:
        spreadsheet_import(actor=SYSTEM, name="a.xlsx", data=_xlsx(GOOD_PROJECTS[:1], [transaction]))
    assert f"trang “Giao dịch”, dòng 2, cột D (Số tiền): {message}" in caught.value.problems


@pytest.mark.parametrize("name", ["mau-nhap.xlsx", "giao-dich.csv"])
def test_a_file_with_headers_and_no_rows_is_refused_not_reported_as_imported(db: None, name: str) -> None:
    # The blank template came back "Đã nhập: 0 dự án mới, 0 đã có…", a success for the wrong file.
    if name.endswith(".csv"):
        data = (",".join(title for _key, title in TRANSACTION_COLUMNS) + "\n,,,\n").encode()
    else:
        data = _xlsx([], [["", "", "", None]])
    counts = _counts()
    with pytest.raises(AidImportError) as caught:
        spreadsheet_import(actor=SYSTEM, name=name, data=data)
    assert caught.value.problems == [
        f"Tệp “{name}” không có dòng dữ liệu nào dưới dòng tiêu đề của trang “Dự án” hay “Giao dịch”: "
        "hãy điền mỗi dự án, mỗi giao dịch một dòng rồi tải lên lại."
    ]
    assert _counts() == counts
