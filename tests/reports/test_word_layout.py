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

from doingoai.reports.content import SOURCES_APPENDIX, AppendixRef, Figure, Source
from doingoai.reports.content import Paragraph as ContentParagraph
from doingoai.reports.content import Table as ContentTable
from doingoai.reports.numbers import roman_numeral
from doingoai.reports.word import WIDER, Letterhead, Notes, appendix_names, document_fill
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
            key=f"bang-{table}",
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
    # Each appendix's head (its name, its title, the line naming the report) stays with its table.
    paragraphs = document.paragraphs
    heads = [i for i, p in enumerate(paragraphs) if re.fullmatch(r"Phụ lục [IVX]+", p.text)]
    assert len(heads) == 4
    for i in heads:
        assert all(p.paragraph_format.keep_with_next for p in paragraphs[i : i + 3])


@pytest.mark.skipif(OFFICE is None, reason=NO_OFFICE)
def test_no_page_of_the_pdf_ends_with_a_tables_title(tmp_path: Path) -> None:
    """Seen in the 2025 demo report: an appendix's title at the foot of page 8, its table on page 9."""
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
        if lines and re.match(r"Phụ lục [IVX]+$|BẢNG THỨ|NGUỒN SỐ LIỆU|\(Kèm theo|Mỗi số liệu", lines[-1]):
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


@pytest.mark.parametrize(
    ("number", "numeral"),
    [(1, "I"), (2, "II"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL"), (1999, "MCMXCIX")],
)
def test_roman_numerals(number: int, numeral: str) -> None:
    assert roman_numeral(number) == numeral


def test_two_appendices_or_more_are_numbered_in_roman_numerals_one_alone_is_not() -> None:
    assert appendix_names(1) == ["Phụ lục"]
    assert appendix_names(3) == ["Phụ lục I", "Phụ lục II", "Phụ lục III"]


def test_appendices_are_headed_phu_luc_i_ii_and_the_text_names_them_the_same_way() -> None:
    """The annual report titled its tables "Phụ lục 1. …" and its text said "tại phần Phụ lục"."""
    body = [
        ContentParagraph(
            [
                "Số liệu theo nhóm (xem ",
                AppendixRef("bang-2"),
                "); nguồn tại ",
                AppendixRef(SOURCES_APPENDIX),
                ".",
            ]
        )
    ]
    data, _notes = document_fill(letterhead=LETTERHEAD, body=body, appendix=_appendix(2))
    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert "Số liệu theo nhóm (xem Phụ lục II); nguồn tại Phụ lục IV." in texts
    annex = (
        "(Kèm theo Báo cáo số       /BC-VUFO ngày 07 tháng 12 năm 2026 "
        "của Liên hiệp các tổ chức hữu nghị Việt Nam)"
    )
    for name, title in (
        ("Phụ lục I", "BẢNG THỨ 1 CỦA PHỤ LỤC"),
        ("Phụ lục II", "BẢNG THỨ 2 CỦA PHỤ LỤC"),
        ("Phụ lục III", "BẢNG THỨ 3 CỦA PHỤ LỤC"),
        ("Phụ lục IV", "NGUỒN SỐ LIỆU"),
    ):
        at = texts.index(name)
        assert texts[at + 1 : at + 3] == [title, annex]
        head, titled, line = document.paragraphs[at : at + 3]
        # "Phụ lục" and its number in ordinary letters, 14 pt, bold, centred; the name in capitals, bold.
        assert head.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(r.bold and r.font.size.pt == 14 and not r.font.all_caps for r in head.runs)
        assert all(r.bold for r in titled.runs) and all(r.italic for r in line.runs)
    # No appendix is numbered the old way, nor named vaguely.
    assert not any(re.search(r"Phụ lục \d|phần Phụ lục", t) for t in texts) and "PHỤ LỤC" not in texts
    # The table of each appendix follows its head (after the notes' explanation for the last).
    tables = _body_tables(document)
    assert tables[1].rows[1].cells[0].text == "Dòng 0" and "[" in tables[1].rows[1].cells[1].text


def test_a_report_with_only_its_notes_has_one_appendix_not_numbered() -> None:
    body = [
        ContentParagraph(
            ["Có ", _figure("x", 12), " báo cáo (nguồn tại ", AppendixRef(SOURCES_APPENDIX), ")."]
        )
    ]
    data, _notes = document_fill(letterhead=LETTERHEAD, body=body, appendix=[])
    texts = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert "Phụ lục" in texts and texts[texts.index("Phụ lục") + 1] == "NGUỒN SỐ LIỆU"
    assert any(t.endswith("báo cáo (nguồn tại Phụ lục).") for t in texts)
    assert not any(re.fullmatch(r"Phụ lục [IVX]+", t) for t in texts)


def test_a_reference_to_an_appendix_the_report_has_not_is_an_error() -> None:
    body = [ContentParagraph(["Xem ", AppendixRef("khong-co"), "."])]
    with pytest.raises(ValueError, match="khong-co"):
        document_fill(letterhead=LETTERHEAD, body=body, appendix=_appendix(2))


def _sections(document: Any) -> list[tuple[Any, list[str]]]:
    """Return each section of the document in order: its properties and the text of its paragraphs."""
    found: list[tuple[Any, list[str]]] = []
    texts: list[str] = []
    for child in document.element.body:
        if child.tag == qn("w:sectPr"):
            found.append((child, texts))
        elif child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t"))).strip()
            if text:
                texts.append(text)
            ending = child.find(qn("w:pPr") + "/" + qn("w:sectPr"))
            if ending is not None:
                found.append((ending, texts))
                texts = []
    return found


def test_each_appendix_is_a_section_paged_from_one_and_the_body_keeps_its_numbering() -> None:
    """Nghị định 30/2020, Mục III: the pages of an appendix are numbered on their own, per appendix."""
    body = [ContentParagraph(["Tổng số ", _figure("tong", 12), " báo cáo."])]
    data, _notes = document_fill(letterhead=LETTERHEAD, body=body, appendix=_appendix(2))
    sections = _sections(Document(io.BytesIO(data)))
    assert len(sections) == 5  # the body, then Phụ lục I, II, III and IV (the notes)
    (body_props, body_texts), *appendices = sections
    # The body: numbered on from 1 as before, no number on its first page.
    assert body_props.find(qn("w:pgNumType")) is None
    assert body_props.find(qn("w:titlePg")) is not None
    assert "Tổng số 12[1] báo cáo." in body_texts and not any(t.startswith("Phụ lục") for t in body_texts)
    for (props, texts), name in zip(
        appendices, ("Phụ lục I", "Phụ lục II", "Phụ lục III", "Phụ lục IV"), strict=True
    ):
        assert texts[0] == name
        assert [t for t in texts if t.startswith("Phụ lục ")] == [name]
        numbering = props.find(qn("w:pgNumType"))
        assert numbering is not None and numbering.get(qn("w:start")) == "1"
        start = props.find(qn("w:type"))  # absent: a new page, Word's default
        assert start is None or start.get(qn("w:val")) == "nextPage"
        size = props.find(qn("w:pgSz"))
        assert size.get(qn("w:orient")) == "landscape"
        # The page number is in each appendix's header (the default one: no first-page exception).
        assert props.find(qn("w:titlePg")) is None
        assert props.find(qn("w:headerReference")) is not None


@pytest.mark.skipif(OFFICE is None, reason=NO_OFFICE)
def test_in_the_pdf_each_appendix_counts_its_pages_from_one(tmp_path: Path) -> None:
    """The body reads 2, 3... from its second page; Phụ lục I reads 1, 2; Phụ lục II starts at 1 again."""
    long_text = "Nội dung công tác đối ngoại nhân dân trong năm được tổng hợp theo từng lĩnh vực. " * 12
    body = [ContentParagraph([long_text]) for _ in range(8)]
    long_table = ContentTable(
        "Bảng dài",
        ["Nhóm", "Ghi chú"],
        [[f"Dòng {row}", "Không có số liệu."] for row in range(40)],
        key="dai",
    )
    short_table = ContentTable("Bảng ngắn", ["Nhóm", "Ghi chú"], [["Dòng 0", "Một dòng."]], key="ngan")
    data, _notes = document_fill(letterhead=LETTERHEAD, body=body, appendix=[long_table, short_table])
    pages = [
        [line.strip() for line in text.splitlines() if line.strip()]
        for _name, _number, text in pdf_pages(tmp_path, {"bao-cao": data})
    ]
    first_appendix = next(i for i, lines in enumerate(pages) if "Phụ lục I" in lines)
    second_appendix = next(i for i, lines in enumerate(pages) if "Phụ lục II" in lines)
    assert first_appendix >= 2 and second_appendix >= first_appendix + 2
    assert pages[0][0] != "1"  # the first page shows no number
    assert [lines[0] for lines in pages[1:first_appendix]] == [str(n) for n in range(2, first_appendix + 1)]
    assert [lines[0] for lines in pages[first_appendix:second_appendix]] == [
        str(n) for n in range(1, second_appendix - first_appendix + 1)
    ]
    assert pages[second_appendix][:2] == ["1", "Phụ lục II"]
