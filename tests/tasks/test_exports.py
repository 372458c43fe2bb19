from __future__ import annotations

import datetime as dt
import io

from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm
from openpyxl import load_workbook

from doingoai.accounts.scope import SYSTEM
from doingoai.tasks import exports, selectors, services
from doingoai.tasks.models import Task
from tests.tasks.conftest import Tree

TODAY = dt.date(2026, 9, 1)


def test_follow_up_workbook_lists_tasks_and_unit_counts(tree: Tree) -> None:
    conference = services.conference_create(
        actor=SYSTEM, title="Hội nghị tổng kết", date=dt.date(2025, 12, 30), organizer=tree.ministry
    )
    services.task_create(
        actor=SYSTEM,
        text="=1+1 không được chạy",
        lead_unit=tree.ministry,
        deadline=dt.date(2026, 7, 1),
        conference=conference,
        coordinating_units=[tree.front],
        coordinating_note="các địa phương",
    )
    rows = selectors.task_rows(user=SYSTEM, today=TODAY)
    summary = selectors.tasks_summary(user=SYSTEM, today=TODAY, rows=rows)
    book = load_workbook(io.BytesIO(exports.tasks_xlsx(rows, summary.by_unit)))
    tasks_sheet, units_sheet = book.worksheets
    header, row = list(tasks_sheet.values)
    assert header[1] == "Nội dung nhiệm vụ"
    # A formula-like task is text shown as typed (no apostrophe), never run; days are dates.
    assert row[1] == "=1+1 không được chạy"
    assert tasks_sheet["B2"].data_type == "s" and tasks_sheet["B2"].quotePrefix
    assert row[5] == "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam; các địa phương"
    assert row[7:11] == (dt.datetime(2026, 7, 1), dt.datetime(2026, 7, 1), "Quá hạn", 62)
    assert tasks_sheet["H2"].number_format == tasks_sheet["I2"].number_format == "DD/MM/YYYY"
    assert list(units_sheet.values)[1] == ("Bộ Ngoại giao", 0, 0, 0, 1, 1)


def test_conference_appendix_lists_its_tasks_with_the_original_deadline(tree: Tree) -> None:
    conference = services.conference_create(
        actor=SYSTEM, title="Hội nghị tổng kết", date=dt.date(2025, 12, 30), organizer=tree.ministry
    )
    task = services.task_create(
        actor=SYSTEM,
        text="Sơ kết chỉ thị",
        lead_unit=tree.ministry,
        deadline=dt.date(2026, 12, 31),
        conference=conference,
    )
    change = services.deadline_change_request(
        actor=SYSTEM,
        task=task,
        new_deadline=dt.date(2027, 3, 31),
        reason="Chờ số liệu",
        decision_reference="Công văn 1",
        now=dt.datetime(2026, 8, 1, tzinfo=dt.UTC),
    )
    services.deadline_change_decide(
        actor=SYSTEM, change=change, approve=True, now=dt.datetime(2026, 8, 2, tzinfo=dt.UTC)
    )
    rows = selectors.task_rows(user=SYSTEM, today=TODAY, filters=selectors.TaskFilters(conference=conference))
    word = WordDocument(io.BytesIO(exports.conference_docx(conference, rows, today=TODAY)))
    [table] = word.tables
    cells = [c.text for c in table.rows[1].cells]
    assert cells[:3] == ["1", "Sơ kết chỉ thị", "Bộ Ngoại giao"]
    assert cells[4] == "31/03/2027 (ban đầu: 31/12/2026)"
    assert cells[5] == "Đang thực hiện, trong hạn"
    assert "(Hội nghị tổng kết, ngày 30/12/2025, do Bộ Ngoại giao tổ chức)" in [
        p.text for p in word.paragraphs
    ]


def test_conference_appendix_is_laid_out_as_the_annual_report_it_goes_with(tree: Tree) -> None:
    """It came on US Letter with 1-inch margins, a blue heading, no page numbers, equal columns."""
    conference = services.conference_create(
        actor=SYSTEM, title="Hội nghị tổng kết", date=dt.date(2022, 12, 30), organizer=tree.ministry
    )
    for number in range(30):
        services.task_create(
            actor=SYSTEM,
            text=f"Nhiệm vụ thứ {number} của hội nghị, giao từ lâu",
            lead_unit=tree.ministry,
            deadline=dt.date(2023, 1, 1),
            conference=conference,
        )
    rows = selectors.task_rows(user=SYSTEM, today=TODAY, filters=selectors.TaskFilters(conference=conference))
    word = WordDocument(io.BytesIO(exports.conference_docx(conference, rows, today=TODAY)))
    section = word.sections[0]
    # Nghị định 30/2020, Phụ lục I: A4; top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    assert Mm(20) <= section.top_margin <= Mm(25) and Mm(20) <= section.bottom_margin <= Mm(25)
    assert Mm(30) <= section.left_margin <= Mm(35) and Mm(15) <= section.right_margin <= Mm(20)
    # Page numbers centred at the top, from page 2.
    assert section.different_first_page_header_footer
    assert 'w:instr="PAGE"' in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    # Times New Roman everywhere, black, no theme font; the title in bold capitals, centred.
    styles = word.styles
    assert styles["Normal"].font.name == "Times New Roman" and 13 <= styles["Normal"].font.size.pt <= 14
    title, name, source, when = word.paragraphs[:4]
    # "Phụ lục" in ordinary letters, 14 pt (Nghị định 30/2020, Phụ lục I, Phần I, Mục III); alone, unnumbered.
    assert (title.text, name.text) == ("Phụ lục", "DANH MỤC NHIỆM VỤ")
    assert title.runs[0].font.size.pt == 14
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in (title, name, source))
    assert title.runs[0].bold and name.runs[0].bold and source.runs[0].italic
    assert when.text == "Tình trạng tính đến ngày 01/09/2026."
    for paragraph in [*word.paragraphs, *(c.paragraphs[0] for r in word.tables[0].rows for c in r.cells)]:
        for run in paragraph.runs:
            fonts = run._element.rPr.find(qn("w:rFonts"))
            assert run.font.name == "Times New Roman" and fonts.get(qn("w:asciiTheme")) is None, run.text
    # The table: its heading row on every page, no row split, the number column narrow.
    [table] = word.tables
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    widths = [cell.width for cell in table.rows[0].cells]
    assert widths[0] < Cm(2) and widths[1] == max(widths)
    assert sum(widths) <= Mm(210 - 30 - 15)
    # "STT" and a date at 12 pt stay on one line (less the cell's margins, 0.19 cm a side).
    assert widths[0] >= Cm(1.2) and widths[4] >= Cm(2.4)
    # 1.339 days late: the thousands are grouped the Vietnamese way.
    first = [c.text for c in table.rows[1].cells]
    assert first[0] == "1" and first[4] == "01/01/2023" and first[5] == "Quá hạn (1.339 ngày)"
    assert table.rows[1].cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_follow_up_workbook_gives_priority_and_source_sentence_with_filters_on_the_headings(
    tree: Tree,
) -> None:
    task = services.task_create(
        actor=SYSTEM,
        text="Sơ kết chỉ thị",
        lead_unit=tree.ministry,
        deadline=dt.date(2026, 12, 31),
        priority="urgent",
    )
    Task.objects.filter(pk=task.pk).update(source_quote="=Giao Bộ Ngoại giao chủ trì sơ kết chỉ thị.")
    rows = selectors.task_rows(user=SYSTEM, today=TODAY)
    sheet = load_workbook(io.BytesIO(exports.tasks_xlsx(rows, []))).worksheets[0]
    header, row = list(sheet.values)
    assert header[-2:] == ("Mức độ ưu tiên", "Câu nguồn")
    assert row[-2:] == ("Khẩn", "=Giao Bộ Ngoại giao chủ trì sơ kết chỉ thị.")
    assert sheet["P2"].data_type == "s"  # a sentence that looks like a formula stays text
    assert sheet.auto_filter.ref == "A1:P2"


def test_follow_up_workbook_gives_the_issuing_unit_beside_the_issuer_as_the_task_page_does(
    tree: Tree,
) -> None:
    services.task_create(
        actor=SYSTEM,
        text="Tổng kết công tác đối ngoại nhân dân",
        lead_unit=tree.ministry,
        deadline=dt.date(2026, 12, 31),
        issuer="Thủ tướng Chính phủ",
        issuer_unit=tree.units.vufo,
    )
    services.task_create(
        actor=SYSTEM,
        text="Việc không ghi đơn vị giao",
        lead_unit=tree.ministry,
        deadline=dt.date(2026, 12, 31),
    )
    rows = selectors.task_rows(user=SYSTEM, today=TODAY)
    sheet = load_workbook(io.BytesIO(exports.tasks_xlsx(rows, []))).worksheets[0]
    header, *body = list(sheet.values)
    assert header[2:5] == ("Người, cơ quan giao", "Đơn vị giao nhiệm vụ", "Đơn vị chủ trì")
    by_task = {row[1]: row[2:5] for row in body}
    assert by_task["Tổng kết công tác đối ngoại nhân dân"] == (
        "Thủ tướng Chính phủ",
        tree.units.vufo.name,
        "Bộ Ngoại giao",
    )
    assert by_task["Việc không ghi đơn vị giao"] == (None, None, "Bộ Ngoại giao")


def test_follow_up_workbook_groups_the_days_late_and_the_counts_by_thousands(tree: Tree) -> None:
    """1339 days late read '1339' in a Vietnamese Excel, where the other exports read '1.339'."""
    services.task_create(
        actor=SYSTEM, text="Việc giao từ lâu", lead_unit=tree.ministry, deadline=dt.date(2023, 1, 1)
    )
    rows = selectors.task_rows(user=SYSTEM, today=TODAY)
    summary = selectors.tasks_summary(user=SYSTEM, today=TODAY, rows=rows)
    tasks_sheet, units_sheet = load_workbook(io.BytesIO(exports.tasks_xlsx(rows, summary.by_unit))).worksheets
    assert tasks_sheet["K1"].value == "Số ngày quá hạn"
    assert tasks_sheet["K2"].value == 1339 and tasks_sheet["K2"].number_format == "#,##0"
    [counts] = units_sheet.iter_rows(min_row=2)
    assert counts[0].value == "Bộ Ngoại giao" and [c.value for c in counts[1:]] == [0, 0, 0, 1, 1]
    assert all(c.number_format == "#,##0" for c in counts[1:])
