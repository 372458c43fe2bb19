"""The administrative format of Nghị định 30/2020/NĐ-CP, as python-docx settings: the one place of its rules.

Every rule cites Appendix I of the decree ("Phụ lục I – Thể thức, kỹ thuật trình bày văn bản hành
chính và bản sao văn bản"), Phần I ("Thể thức và kỹ thuật trình bày văn bản hành chính"):
Mục I ("Quy định chung"), Mục II ("Các thành phần thể thức chính"), Mục IV (the layout of the
first page). Where the decree gives a range we take a value inside it and say which.

The page and style rules are applied once by `document_page` and `document_styles`: to the
report's template (`doingoai.reports.template_build`), so a unit that edits the template in Word
keeps them, and to the Word files made without it (the briefs, a conference's list of tasks). The
filler (`doingoai.reports.word`) and those files use the helpers below for what they add. The
module sits below the apps, as `doingoai.spreadsheet_cells` does, so that each app's Word file
follows the same rules.
"""

from __future__ import annotations

from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt, RGBColor, Twips

# Mục I, khoản 1: khổ giấy A4 (210 mm x 297 mm); khoản 2: trình bày theo chiều dài của khổ A4.
PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
# Mục I, khoản 3: cách mép trên và mép dưới 20–25 mm, mép trái 30–35 mm, mép phải 15–20 mm.
# Word stores margins in twentieths of a point: 20, 30 and 15 mm are rounded up to whole twips
# (1134, 1701, 851), so the stored values stay inside the decree's ranges.
MARGIN_TOP = Twips(1134)
MARGIN_BOTTOM = Twips(1134)
MARGIN_LEFT = Twips(1701)
MARGIN_RIGHT = Twips(851)
# The page number sits in the top margin (Mục I, khoản 7), so the header is drawn inside it.
HEADER_DISTANCE = Mm(10)
TEXT_WIDTH = Emu(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)
LANDSCAPE_TEXT_WIDTH = Emu(PAGE_HEIGHT - MARGIN_LEFT - MARGIN_RIGHT)
# Mục I, khoản 4: phông chữ tiếng Việt Times New Roman, bộ mã Unicode (TCVN 6909:2001), màu đen.
FONT = "Times New Roman"
BLACK = RGBColor(0, 0, 0)
# A link is drawn as Word draws one (its "Hyperlink" style: this blue, underlined), in the decree's
# font; its address is the visible text, so a printed copy still gives it.
LINK_BLUE = "0563C1"
# Mục I, khoản 7: số trang từ 1, chữ số Ả Rập, cỡ 13–14, đứng, canh giữa trong lề trên,
# không hiển thị ở trang thứ nhất.
PAGE_NUMBER_SIZE = Pt(14)
# Mục III: số trang của phụ lục được đánh riêng theo từng phụ lục - each appendix is a section of
# its own whose pages are numbered from 1 again (`page_numbers_restart`).
# Mục II, khoản 1a: Quốc hiệu in hoa, cỡ 12–13, đứng, đậm, trên cùng bên phải trang đầu.
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_NAME_SIZE = Pt(12)
# Mục II, khoản 1b: Tiêu ngữ in thường, cỡ 13–14, đứng, đậm, canh giữa dưới Quốc hiệu, gạch
# nối có cách chữ; phía dưới một đường kẻ ngang nét liền dài bằng dòng chữ.
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MOTTO_SIZE = Pt(13)
MOTTO_RULE = Cm(5.6)  # the width of the motto's line at 13 pt bold
# Mục II, khoản 2: tên cơ quan chủ quản in hoa, cỡ 12–13, đứng; tên cơ quan ban hành in hoa,
# cỡ 12–13, đứng, đậm, canh giữa; dưới có đường kẻ nét liền dài 1/3–1/2 dòng chữ, cân đối.
ISSUER_SIZE = Pt(13)
ISSUER_RULE = Cm(2.2)
# Mục II, khoản 3: "Số" in thường, ký hiệu in hoa, cỡ 13, đứng, canh giữa dưới tên cơ quan;
# số nhỏ hơn 10 ghi thêm số 0 (the number itself is given when the report is registered).
NUMBER_SIZE = Pt(13)
# Mục II, khoản 4: địa danh và thời gian in thường, cỡ 13–14, nghiêng, canh giữa dưới Tiêu ngữ;
# ngày nhỏ hơn 10 và tháng 1, 2 ghi thêm số 0 (see `doingoai.reports.numbers.date_line`).
DATE_SIZE = Pt(14)
# Mục II, khoản 5: tên loại văn bản in hoa, cỡ 13–14, đứng, đậm, canh giữa; trích yếu in
# thường, cỡ 13–14, đứng, đậm, ngay dưới; dưới trích yếu đường kẻ 1/3–1/2 dòng chữ.
TITLE_SIZE = Pt(14)
SUMMARY_RULE = Cm(4.0)
# Mục II, khoản 6: nội dung in thường, canh đều hai lề, đứng, cỡ 13–14; đầu dòng lùi vào
# 1 cm–1,27 cm; giữa các đoạn tối thiểu 6 pt; giữa các dòng từ dòng đơn đến 1,5 dòng.
BODY_SIZE = Pt(14)
FIRST_LINE_INDENT = Cm(1.0)
PARAGRAPH_SPACING = Pt(6)
LINE_SPACING = 1.15
# Mục II, khoản 7: quyền hạn, chức vụ người ký in hoa, cỡ 13–14, đứng, đậm; họ tên in thường,
# cỡ 13–14, đứng, đậm.
SIGNER_SIZE = Pt(14)
# Mục II, khoản 9: "Nơi nhận" in thường, cỡ 12, nghiêng, đậm, sau có dấu hai chấm; danh sách
# in thường, cỡ 11, đứng, mỗi nơi một dòng, đầu dòng gạch ngang, cuối dòng chấm phẩy, dòng
# cuối "Lưu: VT, ..." kết thúc bằng dấu chấm.
RECIPIENTS_TITLE = "Nơi nhận:"
RECIPIENTS_TITLE_SIZE = Pt(12)
RECIPIENTS_SIZE = Pt(11)
# Appendix I sets no size for tables; ours use 12 pt so that five columns of figures fit A4.
TABLE_SIZE = Pt(12)
# Mục IV (sơ đồ bố trí): tên cơ quan and số, ký hiệu on the left (ô 2, 3); Quốc hiệu, Tiêu ngữ
# and địa danh, thời gian on the right (ô 1, 4). Our split of the 165 mm line: 7 cm | 9.5 cm.
HEADER_LEFT = Cm(7.0)
HEADER_RIGHT = Emu(TEXT_WIDTH - HEADER_LEFT)
# The gap between a line of the header block and the rule under it (Appendix I draws the rules
# under the text without a measure; 6 pt keeps them off Vietnamese marks below the letters).
RULE_GAP = Pt(6)


def run_format(run: Any, *, size: Any = None, bold: bool | None = None, italic: bool | None = None) -> None:
    """Give a run the decree's font (Times New Roman, black, every script) and the size and weight given."""
    run.font.name = FONT
    run.font.color.rgb = BLACK
    fonts_set(run._element.get_or_add_rPr())
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.font.bold = bold
    if italic is not None:
        run.font.italic = italic


def fonts_set(rpr: Any) -> None:
    """Set Times New Roman for every script of a run or style, dropping theme fonts that would win."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def hyperlink_add(paragraph: Any, url: str, *, size: Any = None) -> Any:
    """Add to a paragraph a link to `url` that shows its address: blue, underlined, in the decree's font."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    fonts_set(rpr)
    color = OxmlElement("w:color")
    color.set(qn("w:val"), LINK_BLUE)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    rpr.append(color)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            element = OxmlElement(tag)
            element.set(qn("w:val"), str(int(size.pt * 2)))
            rpr.append(element)
    rpr.append(underline)  # after the size: the schema's order of a run's properties
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = url
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    return link


def paragraph_plain(paragraph: Any, *, align: Any = WD_ALIGN_PARAGRAPH.CENTER) -> None:
    """Make a paragraph of the header block: no indent, no spacing, single lines, aligned as given."""
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Cm(0)
    fmt.left_indent = Cm(0)
    fmt.right_indent = Cm(0)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0


def rule_add(cell: Any, width: Any, cell_width: Any) -> Any:
    """Add under the last line of `cell` a centred solid rule `width` long (a bordered empty paragraph)."""
    paragraph = cell.add_paragraph()
    paragraph_plain(paragraph)
    # A cell's text area is its width less Word's default cell margins (0.19 cm a side).
    side = Emu(max(int(cell_width - Cm(0.38) - width) // 2, 0))
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)
    # 6 pt clear of the line above: with less, LibreOffice draws the rule through the dots below
    # the letters (ạ, ụ, ộ) of the line above (seen in the PDF of the 2025 report).
    paragraph.paragraph_format.space_before = RULE_GAP
    run = paragraph.add_run("")
    run_format(run, size=Pt(4))
    return paragraph


def page_number_field(paragraph: Any) -> None:
    """Add a Word PAGE field to the paragraph (the page's number, computed by Word when it lays out)."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    fonts_set(rpr)
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(int(PAGE_NUMBER_SIZE.pt * 2)))
    rpr.append(size)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def table_borders_none(table: Any) -> None:
    """Remove every border of a layout table (the header block, the signature block)."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def table_widths(table: Any, widths: list[Any]) -> None:
    """Fix the widths of a table's columns (Word and LibreOffice read the cells' widths)."""
    table.autofit = False
    # LibreOffice lays a table out from its grid, Word from the cells: set both.
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=False):
        column.set(qn("w:w"), str(int(width / 635)))  # EMU to twips
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


def table_rows_keep(table: Any) -> None:
    """Repeat a table's first row at the top of each page and keep each row on one page.

    A row split over two pages, or a continued table with no header, is hard to read on paper
    (seen in the PDF of the 2025 report's notes).
    """
    for index, row in enumerate(table.rows):
        trpr = row._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))
        if index == 0:
            trpr.append(OxmlElement("w:tblHeader"))


def document_styles(document: object) -> None:
    """Set the body, heading and table styles of the decree on a python-docx Document."""
    styles = document.styles  # type: ignore[attr-defined]
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    normal.font.color.rgb = BLACK
    fonts_set(normal.element.get_or_add_rPr())
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = FIRST_LINE_INDENT
    fmt.space_before = Pt(0)
    fmt.space_after = PARAGRAPH_SPACING
    fmt.line_spacing = LINE_SPACING
    # The document defaults too, so text outside a style (fields, table cells) stays in the font.
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            fonts_set(rpr)
    for name in ("Heading 1", "Heading 2"):
        heading = styles[name]
        heading.font.name = FONT
        heading.font.size = BODY_SIZE
        heading.font.bold = True
        heading.font.italic = False
        heading.font.color.rgb = BLACK
        rpr = heading.element.get_or_add_rPr()
        fonts_set(rpr)
        color = rpr.find(qn("w:color"))
        if color is not None:
            for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
                color.attrib.pop(qn(attribute), None)
        hfmt = heading.paragraph_format
        hfmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        hfmt.first_line_indent = FIRST_LINE_INDENT
        hfmt.space_before = PARAGRAPH_SPACING
        hfmt.space_after = PARAGRAPH_SPACING
        hfmt.line_spacing = LINE_SPACING
        hfmt.keep_with_next = True
    grid = styles["Table Grid"]
    grid.font.name = FONT
    grid.font.size = TABLE_SIZE
    fonts_set(grid.element.get_or_add_rPr())


def document_page(document: object) -> None:
    """Set the page of the decree (A4, margins, page number from page 2) on a python-docx Document."""
    section = document.sections[0]  # type: ignore[attr-defined]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = PAGE_WIDTH
    section.page_height = PAGE_HEIGHT
    section.top_margin = MARGIN_TOP
    section.bottom_margin = MARGIN_BOTTOM
    section.left_margin = MARGIN_LEFT
    section.right_margin = MARGIN_RIGHT
    section.header_distance = HEADER_DISTANCE
    # Mục I, khoản 7: no number on the first page, so the first page has its own (empty) header.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    first = section.first_page_header.paragraphs[0]
    paragraph_plain(first)
    header = section.header.paragraphs[0]
    paragraph_plain(header)
    page_number_field(header)


def page_numbers_restart(section: Any) -> None:
    """Number a section's pages from 1 again (an appendix is paged on its own, Mục III)."""
    sect_pr = section._sectPr
    numbering = sect_pr.find(qn("w:pgNumType"))
    if numbering is None:
        numbering = OxmlElement("w:pgNumType")
        # In the schema's order of a section's properties: after the margins, before the columns.
        sect_pr.insert_element_before(
            numbering,
            *(
                f"w:{tag}"
                for tag in (
                    "cols",
                    "formProt",
                    "vAlign",
                    "noEndnote",
                    "titlePg",
                    "textDirection",
                    "bidi",
                    "rtlGutter",
                    "docGrid",
                    "printerSettings",
                    "sectPrChange",
                )
            ),
        )
    numbering.set(qn("w:start"), "1")
