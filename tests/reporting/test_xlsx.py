from __future__ import annotations

import datetime as dt
import html
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from doingoai.accounts.scope import SYSTEM
from doingoai.reporting import services
from doingoai.reporting.errors import ReportImportError
from doingoai.reporting.imports import reports_import
from doingoai.reporting.models import Report, ReportState
from doingoai.reporting.xlsx_io import workbook_read
from tests.hostile.corpus import dimension_claimed
from tests.reporting.conftest import ANNUAL_VALUES, Cycle, at


def _fill(data: bytes, values: dict[str, Any], sheet_index: int | None = None) -> bytes:
    book = load_workbook(io.BytesIO(data))
    sheets = book.worksheets if sheet_index is None else [book.worksheets[sheet_index]]
    for sheet in sheets:
        for row in range(6, sheet.max_row + 1):
            key = sheet.cell(row, 1).value
            if key in values:
                sheet.cell(row, 3).value = values[key]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(client: Any, data: bytes, name: str = "bao-cao.xlsx") -> Any:
    return client.post("/bao-cao/tai-len/", {"file": SimpleUploadedFile(name, data)}, follow=True)


def test_blank_form_filled_offline_and_uploaded_counts_as_a_submission(cycle: Cycle, client_for) -> None:
    client = client_for(cycle.qt_editor)
    blank = client.get(f"/bao-cao/bieu-mau/DNND-NAM/mau.xlsx?period=2025&unit={cycle.units.quang_tri.pk}")
    assert blank.status_code == 200
    numbers = {k: int(v) if v.isdigit() else v for k, v in ANNUAL_VALUES.items()}
    numbers["co_ke_hoach"] = "có"
    numbers["muc_do"] = "Hoàn thành kế hoạch"
    response = _upload(client, _fill(blank.content, numbers))
    assert "Đã nộp 1 báo cáo" in response.content.decode()
    report = Report.objects.get(unit=cycle.units.quang_tri, period="2025")
    assert report.state == ReportState.SUBMITTED and report.first_submitted_at is not None
    assert report.values["doan_vao"] == "6" and report.values["muc_do"] == "dat"
    assert report.submissions.get().via == "xlsx"


def test_upload_names_sheet_row_and_column_and_loads_nothing_on_any_fault(cycle: Cycle, client_for) -> None:
    coordinator = client_for(cycle.coordinator)
    blank = coordinator.get("/bao-cao/bieu-mau/DNND-NAM/mau.xlsx?period=2025").content
    book = load_workbook(io.BytesIO(blank))
    assert len(book.worksheets) == 5  # every assigned unit, for a coordinator's bulk load
    filled = _fill(blank, ANNUAL_VALUES)
    book = load_workbook(io.BytesIO(filled))
    bad_sheet = book.worksheets[1]
    bad_row = next(r for r in range(6, bad_sheet.max_row + 1) if bad_sheet.cell(r, 1).value == "doan_ra")
    bad_sheet.cell(bad_row, 3).value = "nhiều"
    buffer = io.BytesIO()
    book.save(buffer)
    page = _upload(coordinator, buffer.getvalue()).content.decode()
    assert f"Trang “{bad_sheet.title}”, dòng {bad_row}, cột C (Giá trị)" in page
    assert "phải là một số" in page
    assert Report.objects.count() == 0

    accepted = _upload(coordinator, filled).content.decode()
    assert "Đã nộp 5 báo cáo" in accepted
    assert Report.objects.filter(state=ReportState.SUBMITTED).count() == 5


def test_upload_for_another_unit_is_refused(cycle: Cycle, client_for) -> None:
    blank = (
        client_for(cycle.coordinator)
        .get(f"/bao-cao/bieu-mau/DNND-NAM/mau.xlsx?period=2025&unit={cycle.units.ha_noi.pk}")
        .content
    )
    page = _upload(client_for(cycle.qt_editor), _fill(blank, ANNUAL_VALUES)).content.decode()
    assert "ô B2 (Mã đơn vị)" in page
    assert not Report.objects.exists()


def test_not_an_excel_file_gets_a_message(cycle: Cycle, client_for) -> None:
    page = _upload(client_for(cycle.qt_editor), b"doan_ra,3\n", name="bao-cao.csv").content.decode()
    assert "không phải tệp Excel .xlsx" in page


def test_filled_download_round_trips_and_keeps_formula_like_text_as_text(cycle: Cycle, client_for) -> None:
    report = cycle.open(cycle.units.quang_tri)
    values = {**ANNUAL_VALUES, "ket_qua": "=1+1 là kết quả", "kien_nghi": "-Tăng kinh phí"}
    services.report_save(actor=cycle.qt_editor, report=report, values=values, now=at(2026, 1, 3))
    client = client_for(cycle.qt_editor)
    data = client.get(f"/bao-cao/{report.pk}/bao-cao.xlsx").content
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    cells = {sheet.cell(r, 1).value: sheet.cell(r, 3) for r in range(6, sheet.max_row + 1)}
    assert cells["ket_qua"].value == "=1+1 là kết quả" and cells["ket_qua"].data_type == "s"
    assert cells["kien_nghi"].data_type == "s"
    assert "Đã nộp 1 báo cáo" in _upload(client, data).content.decode()
    report.refresh_from_db()
    assert report.values["ket_qua"] == "=1+1 là kết quả" and report.state == ReportState.SUBMITTED


def test_a_formula_in_an_upload_is_refused(cycle: Cycle, client_for) -> None:
    client = client_for(cycle.qt_editor)
    blank = client.get(
        f"/bao-cao/bieu-mau/DNND-NAM/mau.xlsx?period=2025&unit={cycle.units.quang_tri.pk}"
    ).content
    filled = _fill(blank, {**ANNUAL_VALUES, "doan_ra": "=2+2"})
    page = _upload(client, filled).content.decode()
    assert "ô chứa công thức" in page
    assert not Report.objects.exists()


def test_a_downloaded_report_uploaded_again_keeps_its_figures_with_decimals(cycle: Cycle, client_for) -> None:
    client = client_for(cycle.qt_editor)
    report = cycle.open(cycle.units.quang_tri)
    values = {**ANNUAL_VALUES, "vien_tro.y_te.usd": "12,345", "vien_tro.giao_duc.usd": "1.250,5"}
    services.report_save(actor=cycle.qt_editor, report=report, values=values, now=at(2026, 1, 5))
    downloaded = client.get(f"/bao-cao/{report.pk}/bao-cao.xlsx").content
    sheet = load_workbook(io.BytesIO(downloaded)).worksheets[0]
    cells = {sheet.cell(r, 1).value: sheet.cell(r, 3) for r in range(6, sheet.max_row + 1)}
    # A number is written as a number, never as text a Vietnamese reader takes for thousands.
    assert cells["vien_tro.y_te.usd"].data_type == "n" and cells["vien_tro.giao_duc.usd"].data_type == "n"
    response = _upload(client, downloaded)
    assert "Đã nộp 1 báo cáo" in response.content.decode()
    report.refresh_from_db()
    assert report.values["vien_tro.y_te.usd"] == "12.345"
    assert report.values["vien_tro.giao_duc.usd"] == "1250.5"


def test_figures_are_written_with_grouped_thousands_and_their_decimals_and_read_back_unchanged(
    cycle: Cycle, client_for
) -> None:
    client = client_for(cycle.qt_editor)
    report = cycle.open(cycle.units.quang_tri)
    values = {
        **ANNUAL_VALUES,
        "doan_ra": "15000",
        "vien_tro.y_te.vnd": "15000000",
        "vien_tro.y_te.usd": "600",
        "vien_tro.giao_duc.usd": "1250,5",
        "vien_tro.xa_hoi.usd": "12,345",
    }
    services.report_save(actor=cycle.qt_editor, report=report, values=values, now=at(2026, 1, 5))
    downloaded = client.get(f"/bao-cao/{report.pk}/bao-cao.xlsx").content
    sheet = load_workbook(io.BytesIO(downloaded)).worksheets[0]
    cells = {sheet.cell(r, 1).value: sheet.cell(r, 3) for r in range(6, sheet.max_row + 1)}
    formats = {key: cells[key].number_format for key in cells}
    assert formats["doan_ra"] == "#,##0" and cells["doan_ra"].value == 15000
    assert formats["vien_tro.y_te.vnd"] == "#,##0" and cells["vien_tro.y_te.vnd"].value == 15000000
    # Dollars show their cents, as the aid exports do; a figure with more decimals shows them all.
    assert formats["vien_tro.y_te.usd"] == "#,##0.00"
    assert formats["vien_tro.giao_duc.usd"] == "#,##0.00"
    assert formats["vien_tro.xa_hoi.usd"] == "#,##0.000"
    assert formats["ket_qua"] == "General" and formats["muc_do"] == "General"  # text stays as it is
    assert sheet["B2"].number_format == "General"  # the unit's number is an id, never 1.234
    assert "Đã nộp 1 báo cáo" in _upload(client, downloaded).content.decode()
    report.refresh_from_db()
    assert {key: report.values[key] for key in values if key.startswith(("doan_ra", "vien_tro"))} == {
        "doan_ra": "15000",
        "vien_tro.y_te.vnd": "15000000",
        "vien_tro.y_te.usd": "600",
        "vien_tro.giao_duc.usd": "1250.5",
        "vien_tro.xa_hoi.usd": "12.345",
    }


def test_a_period_not_yet_begun_is_refused_naming_the_cell(cycle: Cycle, client_for) -> None:
    """A year typed wrong ("2031" for "2025") was accepted, due in 2032, and counted on time."""
    client = client_for(cycle.qt_editor)
    blank = client.get(f"/bao-cao/bieu-mau/DNND-NAM/mau.xlsx?period=2025&unit={cycle.units.quang_tri.pk}")
    book = load_workbook(io.BytesIO(_fill(blank.content, ANNUAL_VALUES)))
    book.worksheets[0]["B3"] = "2031"
    buffer = io.BytesIO()
    book.save(buffer)
    page = _upload(client, buffer.getvalue()).content.decode()
    assert "ô B3 (Kỳ báo cáo): kỳ năm 2031 chưa bắt đầu (từ 01/01/2031)." in page
    assert not Report.objects.exists()


def test_an_upload_refuses_a_number_beyond_any_sane_figure(cycle: Cycle, client_for) -> None:
    """10^25 donors and 1,5 × 10^21 đ went in through Excel and were shown on the report's page."""
    client = client_for(cycle.qt_editor)
    blank = client.get(f"/bao-cao/bieu-mau/DNND-NAM/mau.xlsx?period=2025&unit={cycle.units.quang_tri.pk}")
    page = _upload(client, _fill(blank.content, {**ANNUAL_VALUES, "su_kien": 1e25, "kinh_phi": 1.5e21}))
    text = page.content.decode()
    assert "quá lớn: phải nhỏ hơn 1.000.000.000 (phần nguyên tối đa 9 chữ số)" in text
    assert "quá lớn: phải nhỏ hơn 1.000.000.000.000.000 (phần nguyên tối đa 15 chữ số)" in text
    assert not Report.objects.exists()


def test_one_upload_names_every_fault_formulas_and_bad_values_together(cycle: Cycle, client_for) -> None:
    """A formula hid the bad values: they showed only after the formula was fixed and uploaded again."""
    client = client_for(cycle.qt_editor)
    blank = client.get(f"/bao-cao/bieu-mau/DNND-NAM/mau.xlsx?period=2025&unit={cycle.units.quang_tri.pk}")
    bad = {
        "doan_ra": "=2+2",
        "su_kien": "mười lăm",
        "hoi_huu_nghi": "abc",
        "kinh_phi": "1,2",
        "doan_vao": 1e25,
        "thoa_thuan": 2.5,
    }
    book = load_workbook(io.BytesIO(_fill(blank.content, {**ANNUAL_VALUES, **bad})))
    sheet = book.worksheets[0]
    rows = {sheet.cell(r, 1).value: r for r in range(6, sheet.max_row + 1)}
    labels = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(6, sheet.max_row + 1)}
    page = _upload(client, _fill(blank.content, {**ANNUAL_VALUES, **bad})).content.decode()
    where = f"Trang “{sheet.title}”"
    expected = {
        "doan_ra": "ô chứa công thức",
        "su_kien": "phải là một số",
        "hoi_huu_nghi": "phải là một số",
        "kinh_phi": "phải là số nguyên",
        "doan_vao": "quá lớn",
        "thoa_thuan": "phải là số nguyên.",
    }
    for key, message in expected.items():
        line = f"{where}, dòng {rows[key]}, cột C (Giá trị): {labels[key]}: {message}"
        assert line in page, line
    # The formula's row is named once, as a formula, not also as a required value left out.
    assert page.count(f"dòng {rows['doan_ra']},") == 1
    # 2.5 was a number in the cell, not text with a dot: no word about thousands separators.
    assert "dấu chấm chỉ ngăn cách hàng nghìn" not in page
    assert not Report.objects.exists()


def test_the_blank_form_is_downloaded_for_a_period_written_as_the_site_writes_it(
    cycle: Cycle, client_for
) -> None:
    services.assignment_create(
        actor=SYSTEM, form_code="VTPCP-QUY", unit=cycle.units.quang_tri, start_date=dt.date(2025, 1, 1)
    )
    client = client_for(cycle.qt_editor)
    response = client.get("/bao-cao/bieu-mau/VTPCP-QUY/mau.xlsx", {"period": "quý 2/2026"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert 'filename="mau-VTPCP-QUY-2026-Q2.xlsx"' in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content)).worksheets[0]["B3"].value == "2026-Q2"
    annual = client.get("/bao-cao/bieu-mau/DNND-NAM/mau.xlsx", {"period": "năm 2025"})
    assert annual.status_code == 200 and 'filename="mau-DNND-NAM-2025.xlsx"' in annual["Content-Disposition"]


def test_a_sheet_with_a_cell_in_the_last_row_is_refused_naming_it_and_read_no_further(
    cycle: Cycle, client_for
) -> None:
    """A sheet reaching row 1,048,576 was read a row at a time to there: seconds and a million
    cells per sheet, for a file of a few kilobytes."""
    client = client_for(cycle.qt_editor)
    blank = client.get(f"/bao-cao/bieu-mau/DNND-NAM/mau.xlsx?period=2025&unit={cycle.units.quang_tri.pk}")
    numbers = {k: int(v) if v.isdigit() else v for k, v in ANNUAL_VALUES.items()}
    data = dimension_claimed(
        _fill(blank.content, {**numbers, "co_ke_hoach": "có", "muc_do": "Hoàn thành kế hoạch"})
    )
    sheet = workbook_read("bao-cao.xlsx", data)[0]
    assert sheet.problems == [
        f"Trang “{sheet.title}” có nội dung đến dòng 1.048.576; biểu mẫu hết ở dòng 1005: hãy xóa dòng thừa."
    ]
    assert sheet.values["doan_vao"] == 6  # the form's own rows are read as they are
    page = _upload(client, data).content.decode()
    assert "có nội dung đến dòng 1.048.576" in page
    assert not Report.objects.exists()


def _with_cell(data: bytes, cell: str, value: Any) -> bytes:
    book = load_workbook(io.BytesIO(data))
    book.worksheets[0][cell] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


REFUSED_UPLOADS = [
    # (what the user sends, a message the page must show)
    ("no file", "Hãy chọn một tệp Excel .xlsx."),
    ("not an Excel file", "không phải tệp Excel .xlsx"),
    ("a formula", "ô chứa công thức"),
    ("a period not yet begun", "ô B3 (Kỳ báo cáo): kỳ năm 2031 chưa bắt đầu (từ 01/01/2031)."),
    ("beyond the site limit", "Tệp “lon.xlsx” quá lớn (tối đa 0 MB): tệp không được nhận."),
]


def test_a_refused_workbook_is_answered_400_with_the_upload_page_and_its_reasons(
    cycle: Cycle, client_for, settings: Any
) -> None:
    """The upload answered 200 when it refused a file, where every other import answers 400."""
    client = client_for(cycle.qt_editor)
    blank = client.get(f"/bao-cao/bieu-mau/DNND-NAM/mau.xlsx?period=2025&unit={cycle.units.quang_tri.pk}")
    filled = _fill(blank.content, ANNUAL_VALUES)
    sent = {
        "no file": {},
        "not an Excel file": {"file": SimpleUploadedFile("bao-cao.csv", b"doan_ra,3\n")},
        "a formula": {
            "file": SimpleUploadedFile("a.xlsx", _fill(blank.content, {**ANNUAL_VALUES, "doan_ra": "=2"}))
        },
        "a period not yet begun": {"file": SimpleUploadedFile("b.xlsx", _with_cell(filled, "B3", "2031"))},
        "beyond the site limit": {"file": SimpleUploadedFile("lon.xlsx", b"PK\x03\x04" + b"x" * 4096)},
    }
    for case, expected in REFUSED_UPLOADS:
        settings.UPLOAD_MAX_BYTES = 1024 if case == "beyond the site limit" else 5 * 2**20
        response = client.post("/bao-cao/tai-len/", sent[case])
        page = response.content.decode()
        assert response.status_code == 400, case
        assert 'id="upload-problems"' in page and expected in page, case
        assert '<input type="file" name="file"' in page, case  # the same page, to choose another file
    assert not Report.objects.exists()
    settings.UPLOAD_MAX_BYTES = 5 * 2**20
    accepted = client.post("/bao-cao/tai-len/", {"file": SimpleUploadedFile("c.xlsx", filled)})
    assert accepted.status_code == 302 and Report.objects.count() == 1


def test_an_upload_before_the_periods_last_month_is_refused_naming_the_cell(cycle: Cycle, client_for) -> None:
    """An Excel upload submits: in June a year's report is refused at its period's cell, nothing stored."""
    client = client_for(cycle.qt_editor)
    blank = client.get(f"/bao-cao/bieu-mau/DNND-NAM/mau.xlsx?period=2025&unit={cycle.units.quang_tri.pk}")
    book = load_workbook(io.BytesIO(_fill(blank.content, ANNUAL_VALUES)))
    book.worksheets[0]["B3"] = "2026"
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    with pytest.raises(ReportImportError) as refused:
        reports_import(actor=cycle.qt_editor, name="bao-cao.xlsx", data=data, now=at(2026, 6, 10))
    assert any(
        "ô B3 (Kỳ báo cáo): báo cáo năm 2026 nộp được từ ngày 01/12/2026 (tháng cuối của kỳ)." in problem
        for problem in refused.value.problems
    )
    assert not Report.objects.exists()
    reports_import(actor=cycle.qt_editor, name="bao-cao.xlsx", data=data, now=at(2026, 12, 1))
    assert Report.objects.get(period="2026").state == ReportState.SUBMITTED


def _colleague(cycle: Cycle, make_user: Any) -> Any:
    other = make_user("editor", cycle.units.quang_tri, username="bientap2.quangtri")
    other.first_name, other.last_name = "Trần Thị", "Mai"
    other.save(update_fields=["first_name", "last_name"])
    return other


def test_a_file_downloaded_before_a_colleague_saved_is_refused_naming_them(
    cycle: Cycle, client_for, make_user
) -> None:
    report = cycle.open(cycle.units.quang_tri)
    services.report_save(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 3))
    client = client_for(cycle.qt_editor)
    downloaded = client.get(f"/bao-cao/{report.pk}/bao-cao.xlsx").content
    sheet = load_workbook(io.BytesIO(downloaded)).worksheets[0]
    assert sheet["A4"].value == "Phiên bản báo cáo" and str(sheet["B4"].value) == str(report.version)
    services.report_save(
        actor=_colleague(cycle, make_user),
        report=report,
        values={**ANNUAL_VALUES, "doan_ra": "11"},
        now=at(2026, 1, 4),
    )
    response = _upload(client, _fill(downloaded, {"doan_ra": 22}), name="quang-tri-2025.xlsx")
    page = html.unescape(response.content.decode())
    assert response.status_code == 400 and "Đã nộp" not in page
    line = next(p for p in page.split("<li>") if "quang-tri-2025.xlsx" in p)
    assert cycle.units.quang_tri.name in line and "đã được sửa sau khi tệp được tải về" in line
    assert "Trần Thị Mai" in line and "4 → 11" in line
    report.refresh_from_db()
    assert report.values["doan_ra"] == "11" and report.state == ReportState.DRAFT
    # The file downloaded again carries the newer version and goes in.
    again = client.get(f"/bao-cao/{report.pk}/bao-cao.xlsx").content
    assert "Đã nộp 1 báo cáo" in _upload(client, _fill(again, {"doan_ra": 22})).content.decode()


def test_a_blank_form_for_a_begun_report_carries_its_version_and_is_checked(
    cycle: Cycle, client_for, make_user
) -> None:
    report = cycle.open(cycle.units.quang_tri)
    client = client_for(cycle.qt_editor)
    blank = client.get(f"/bao-cao/bieu-mau/DNND-NAM/mau.xlsx?period=2025&unit={cycle.units.quang_tri.pk}")
    assert str(load_workbook(io.BytesIO(blank.content)).worksheets[0]["B4"].value) == str(report.version)
    services.report_save(
        actor=_colleague(cycle, make_user), report=report, values=ANNUAL_VALUES, now=at(2026, 1, 4)
    )
    page = html.unescape(_upload(client, _fill(blank.content, ANNUAL_VALUES)).content.decode())
    assert "đã được sửa sau khi tệp được tải về" in page and "Trần Thị Mai" in page


def test_a_workbook_without_the_report_version_is_accepted_as_before(
    cycle: Cycle, client_for, make_user
) -> None:
    report = cycle.open(cycle.units.quang_tri)
    client = client_for(cycle.qt_editor)
    downloaded = client.get(f"/bao-cao/{report.pk}/bao-cao.xlsx").content
    book = load_workbook(io.BytesIO(downloaded))
    for cell in ("A4", "B4", "C4"):
        book.worksheets[0][cell] = None  # a template made before the version was written
    buffer = io.BytesIO()
    book.save(buffer)
    services.report_save(
        actor=_colleague(cycle, make_user), report=report, values=ANNUAL_VALUES, now=at(2026, 1, 4)
    )
    filled = _fill(buffer.getvalue(), {**ANNUAL_VALUES, "doan_ra": 22})
    assert "Đã nộp 1 báo cáo" in _upload(client, filled).content.decode()
    report.refresh_from_db()
    assert report.values["doan_ra"] == "22"


def test_a_report_version_that_is_no_number_is_named_by_its_cell(cycle: Cycle, client_for) -> None:
    report = cycle.open(cycle.units.quang_tri)
    client = client_for(cycle.qt_editor)
    book = load_workbook(io.BytesIO(client.get(f"/bao-cao/{report.pk}/bao-cao.xlsx").content))
    book.worksheets[0]["B4"] = "mới nhất"
    buffer = io.BytesIO()
    book.save(buffer)
    page = html.unescape(_upload(client, _fill(buffer.getvalue(), ANNUAL_VALUES)).content.decode())
    assert "ô B4 (Phiên bản báo cáo): “mới nhất” không phải một phiên bản" in page


def test_a_save_made_while_the_file_is_checked_is_not_overwritten(
    cycle: Cycle, client_for, make_user, monkeypatch
) -> None:
    report = cycle.open(cycle.units.quang_tri)
    downloaded = client_for(cycle.qt_editor).get(f"/bao-cao/{report.pk}/bao-cao.xlsx").content
    colleague = _colleague(cycle, make_user)
    report_open = services.report_open

    def opened_after_a_save(**kwargs: Any) -> Report:
        found = report_open(**kwargs)
        services.report_save(actor=colleague, report=found, values=ANNUAL_VALUES, now=at(2026, 1, 4))
        return found

    monkeypatch.setattr(services, "report_open", opened_after_a_save)
    with pytest.raises(ReportImportError) as refused:
        reports_import(
            actor=cycle.qt_editor,
            name="quang-tri.xlsx",
            data=_fill(downloaded, {**ANNUAL_VALUES, "doan_ra": 22}),
            now=at(2026, 1, 5),
        )
    assert "quang-tri.xlsx" in refused.value.problems[0] and "Trần Thị Mai" in refused.value.problems[0]
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and not report.submissions.exists()
