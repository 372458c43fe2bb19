"""The Word report as the coordinating office reads it: titles kept with their tables, notes read right."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm

from doingoai.reports.content import Figure, Source
from doingoai.reports.content import Paragraph as ContentParagraph
from doingoai.reports.content import Table as ContentTable
from doingoai.reports.word import WIDER, Letterhead, Notes, document_fill
from tests.reports.pdf import NO_OFFICE, OFFICE, pdf_pages

LETTERHEAD = Letterhead(
    issuer="Liên hiệp các tổ chức hữu nghị Việt Nam",
    number="      /BC-VUFO",
    place_date="Hà Nội, ngày 07 tháng 12 năm 2026",
    kind="Báo cáo",
    summary="Tổng kết công tác đối ngoại nhân dân năm 2025",
    recipients=["- Các cơ quan, đơn vị trong hệ thống (để biết);", "- Lưu: VT."],
    position="[Chức vụ của người ký]",
    signer="[Họ và tên người ký]",
)


def _figure(key: str, value: int) -> Figure:
    text = f"{value:,}".replace(",", ".")
    return Figure(key, value, "báo cáo", text, (Source("report", (value,), f"Báo cáo {key}"),))


def _appendix(rows: int) -> list[ContentTable]:
    """Three tables of `rows` rows each, every cell a figure with its note."""
    return [
        ContentTable(
            f"Bảng thứ {table} của phụ lục",
            ["Nhóm", "Số báo cáo"],
            [[f"Dòng {row}", _figure(f"t{table}r{row}", 1000 * table + row)] for row in range(rows)],
        )
        for table in range(1, 4)
    ]


def _body_tables(document: Any) -> list[Any]:
    return [t for t in document.tables if t.style is not None and t.style.name == "Table Grid"]


def test_each_appendix_title_keeps_with_the_table_under_it() -> None:
    data, _notes = document_fill(
        letterhead=LETTERHEAD, body=[ContentParagraph(["Nội dung."])], appendix=_appendix(3)
    )
    document = Document(io.BytesIO(data))
    tables = _body_tables(document)
    assert len(tables) == 4  # three appendix tables and the notes
    for table in tables:
        # The lines above a table (its title; the notes' explanation) stay on the page of its first row.
        above = table._tbl.getprevious()
        assert above.tag == qn("w:p")
        assert above.find(qn("w:pPr") + "/" + qn("w:keepNext")) is not None, "".join(above.itertext())
    texts = [p for p in document.paragraphs if p.text in ("PHỤ LỤC", "NGUỒN SỐ LIỆU")]
    assert len(texts) == 2 and all(p.paragraph_format.keep_with_next for p in texts)


@pytest.mark.skipif(OFFICE is None, reason=NO_OFFICE)
def test_no_page_of_the_pdf_ends_with_a_tables_title(tmp_path: Path) -> None:
    """Seen in the 2025 demo report: "Phụ lục 4. …" at the foot of page 8, its table on page 9."""
    # Tables of more and more rows: a title falls at every height of the landscape page.
    files = {
        f"r{rows}": document_fill(
            letterhead=LETTERHEAD, body=[ContentParagraph(["Nội dung."])], appendix=_appendix(rows)
        )[0]
        for rows in range(4, 16)
    }
    stranded = []
    for name, number, text in pdf_pages(tmp_path, files):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if lines and re.match(r"Phụ lục \d+\. |NGUỒN SỐ LIỆU|Mỗi số liệu", lines[-1]):
            stranded.append((name, number, lines[-1]))
    assert stranded == []


def test_a_note_of_a_figure_resting_on_no_record_lists_no_codes() -> None:
    """The 2026 demo report's note [5] read "0 nhiệm vụ (mã )."."""
    notes = Notes()
    empty = (Source("task", (), "Các nhiệm vụ đang thực hiện, trong hạn", "/nhiem-vu/?status=in_progress"),)
    records, link = notes.text(empty)
    assert records == "Các nhiệm vụ đang thực hiện, trong hạn: 0 nhiệm vụ."
    assert link == "/nhiem-vu/?status=in_progress"
    some = (Source("task", (3, 5), "Các nhiệm vụ quá hạn"),)
    assert notes.text(some)[0] == "Các nhiệm vụ quá hạn: 2 nhiệm vụ (mã 3, 5)."


def test_recipients_and_motto_are_written_as_the_decree_draws_them() -> None:
    """Nơi nhận: a bold italic 12 pt heading, a recipient a line at 11 pt; the motto's rule as long as it."""
    data, _notes = document_fill(letterhead=LETTERHEAD, body=[ContentParagraph(["Nội dung."])], appendix=[])
    document = Document(io.BytesIO(data))
    signature = next(t for t in document.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:"))
    heading, *recipients = signature.rows[0].cells[0].paragraphs
    (run,) = heading.runs
    assert (run.text, run.bold, run.italic, run.font.size.pt) == ("Nơi nhận:", True, True, 12)
    assert [p.text for p in recipients] == LETTERHEAD.recipients
    assert all(r.font.size.pt == 11 and not r.bold for p in recipients for r in p.runs)
    # The motto's rule: a paragraph border under it, indented so that it is as long as the motto.
    right = document.tables[0].rows[0].cells[1]
    motto, rule = right.paragraphs[1], right.paragraphs[2]
    assert motto.text == "Độc lập - Tự do - Hạnh phúc" and motto.runs[0].bold
    border = rule._p.find(qn("w:pPr") + "/" + qn("w:pBdr") + "/" + qn("w:top"))
    assert border is not None and border.get(qn("w:val")) == "single"
    drawn = right.width - Cm(0.38) - 2 * rule.paragraph_format.left_indent
    assert Cm(5.3) <= drawn <= Cm(5.9)  # "Độc lập - Tự do - Hạnh phúc" at 13 pt bold: about 5.6 cm


def _linked_figure(key: str, value: int, url: str, *, exact: bool = True) -> Figure:
    return Figure(
        key, value, "báo cáo", str(value), (Source("report", (value,), f"Báo cáo {key}", url, exact),)
    )


def test_each_notes_address_is_a_link_word_opens_and_stays_written_out() -> None:
    """The notes' addresses were plain text: a reader of the .docx had to copy them into a browser."""
    site = "https://doingoai.example/bao-cao/"
    body = [
        ContentParagraph(
            [
                "Số báo cáo: ",
                _linked_figure("a", 3, f"{site}?year=2025&status=accepted"),
                ", trong đó ",
                _linked_figure("b", 2, f"{site}?year=2025", exact=False),
                " và ",
                _linked_figure("c", 1, "/bao-cao/?year=2025&unit=7"),
                ".",
            ]
        )
    ]
    data, _notes = document_fill(letterhead=LETTERHEAD, body=body, appendix=[])
    document = Document(io.BytesIO(data))
    notes = document.tables[-1]
    cells = [row.cells[2] for row in notes.rows[1:]]
    links = [cell._tc.xpath(".//w:hyperlink") for cell in cells]
    # Each address of the site is one link whose target is the address the reader sees.
    rels = document.part.rels
    for cell, found, url in zip(
        cells[:2], links[:2], (f"{site}?year=2025&status=accepted", f"{site}?year=2025"), strict=True
    ):
        (link,) = found
        rel = rels[link.get(qn("r:id"))]
        assert rel.is_external and rel.target_ref == url
        assert "".join(t.text for t in link.iter(qn("w:t"))) == url
        rpr = link.find(qn("w:r") + "/" + qn("w:rPr"))
        assert rpr.find(qn("w:color")).get(qn("w:val")) == "0563C1"
        assert rpr.find(qn("w:u")).get(qn("w:val")) == "single"
        assert rpr.find(qn("w:rFonts")).get(qn("w:ascii")) == "Times New Roman"
        assert cell.text.startswith(url)
    # A page that lists more than the note's records says so after its link, outside it.
    assert cells[1].text == f"{site}?year=2025 {WIDER}"
    # A path of the site (a report made without the site's address) stays text: Word would open
    # it as a file beside the .docx.
    assert links[2] == [] and cells[2].text == "/bao-cao/?year=2025&unit=7"


def test_a_tables_note_numbers_stand_before_its_amounts_so_the_digits_line_up() -> None:
    """Superscripts after right-aligned amounts ("[6]" above "[16]") pushed the digits out of line."""
    rows = [["Tỉnh Quảng Trị", _figure("x", 32500)], ["Thành phố Hà Nội", _figure("y", 7500)]]
    rows += [[f"Đơn vị {n}", _figure(f"z{n}", 100 + n)] for n in range(12)]  # notes of two digits
    table = ContentTable("Bảng", ["Nhóm", "Số báo cáo"], rows)
    data, notes = document_fill(
        letterhead=LETTERHEAD, body=[ContentParagraph(["Nội dung."])], appendix=[table]
    )
    document = Document(io.BytesIO(data))
    written = _body_tables(document)[0]
    numbers = {f"[{number}]": sources for sources, number in notes.numbers.items()}
    for (_label, figure), row in zip(rows, written.rows[1:], strict=True):
        (paragraph,) = row.cells[1].paragraphs
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.RIGHT
        reference, amount = paragraph.runs
        # Every cell ends with its amount, whatever its note's width: the right edges line up.
        assert amount.text.strip() == figure.text and paragraph.text.endswith(figure.text)
        assert reference.font.superscript and not amount.font.superscript
        # The figure is still traceable: its reference is the note naming its records.
        assert numbers[reference.text] == figure.sources
    assert {len(r) for r in numbers} == {3, 4}
