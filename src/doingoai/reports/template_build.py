"""Build the Word template shipped in the package: `python -m doingoai.reports.template_build`.

The template holds the page, the styles and the first page's layout of Nghị định 30/2020/NĐ-CP
(see `doingoai.docx_format` for each rule and where it comes from), with placeholders
that `doingoai.reports.word` fills:

    {{CO_QUAN_CHU_QUAN}} {{CO_QUAN}} {{SO_KY_HIEU}} {{DIA_DANH_NGAY}} {{LOAI_VAN_BAN}}
    {{TRICH_YEU}} {{NOI_DUNG}} {{NOI_NHAN}} {{QUYEN_HAN_KY}} {{CHUC_VU}} {{NGUOI_KY}} {{PHU_LUC}}

A unit may open the template in Word and change fonts, spacing or the layout: the filler keeps
the formatting of each placeholder's paragraph and the styles "Normal", "Heading 1",
"Heading 2" and "Table Grid". The file is built once and committed; run this again after
changing the rules.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Emu, Pt

from doingoai import docx_format as f

TEMPLATE = Path(__file__).resolve().parent / "templates" / "reports" / "van-ban-hanh-chinh.docx"


def _line(cell: object, text: str, *, size: object, bold: bool = False, italic: bool = False) -> None:
    paragraphs = cell.paragraphs  # type: ignore[attr-defined]
    paragraph = paragraphs[0] if len(paragraphs) == 1 and not paragraphs[0].text else cell.add_paragraph()  # type: ignore[attr-defined]
    f.paragraph_plain(paragraph)
    f.run_format(paragraph.add_run(text), size=size, bold=bold, italic=italic)


def _header_block(document: object) -> None:
    table = document.add_table(rows=2, cols=2)  # type: ignore[attr-defined]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    f.table_borders_none(table)
    left, right = table.rows[0].cells
    _line(left, "{{CO_QUAN_CHU_QUAN}}", size=f.ISSUER_SIZE)
    _line(left, "{{CO_QUAN}}", size=f.ISSUER_SIZE, bold=True)
    f.rule_add(left, f.ISSUER_RULE, f.HEADER_LEFT)
    _line(right, f.NATIONAL_NAME, size=f.NATIONAL_NAME_SIZE, bold=True)
    _line(right, f.MOTTO, size=f.MOTTO_SIZE, bold=True)
    f.rule_add(right, f.MOTTO_RULE, f.HEADER_RIGHT)
    number, date = table.rows[1].cells
    _line(number, "Số: {{SO_KY_HIEU}}", size=f.NUMBER_SIZE)
    _line(date, "{{DIA_DANH_NGAY}}", size=f.DATE_SIZE, italic=True)
    f.table_widths(table, [f.HEADER_LEFT, f.HEADER_RIGHT])
    spacer = document.add_paragraph()  # type: ignore[attr-defined]
    f.paragraph_plain(spacer)
    title = document.add_paragraph()  # type: ignore[attr-defined]
    f.paragraph_plain(title)
    title.paragraph_format.space_before = Pt(12)
    f.run_format(title.add_run("{{LOAI_VAN_BAN}}"), size=f.TITLE_SIZE, bold=True)
    summary = document.add_paragraph()  # type: ignore[attr-defined]
    f.paragraph_plain(summary)
    f.run_format(summary.add_run("{{TRICH_YEU}}"), size=f.TITLE_SIZE, bold=True)
    rule = document.add_table(rows=1, cols=1)  # type: ignore[attr-defined]
    rule.alignment = WD_TABLE_ALIGNMENT.CENTER
    f.table_borders_none(rule)
    cell = rule.rows[0].cells[0]
    cell._tc.remove(cell.paragraphs[0]._p)
    f.rule_add(cell, f.SUMMARY_RULE, f.TEXT_WIDTH)
    f.table_widths(rule, [f.TEXT_WIDTH])
    gap = document.add_paragraph()  # type: ignore[attr-defined]
    f.paragraph_plain(gap)


def _signature_block(document: object) -> None:
    table = document.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    f.table_borders_none(table)
    left, right = table.rows[0].cells
    title = left.paragraphs[0]
    f.paragraph_plain(title, align=WD_ALIGN_PARAGRAPH.LEFT)
    f.run_format(title.add_run(f.RECIPIENTS_TITLE), size=f.RECIPIENTS_TITLE_SIZE, bold=True, italic=True)
    items = left.add_paragraph()
    f.paragraph_plain(items, align=WD_ALIGN_PARAGRAPH.LEFT)
    f.run_format(items.add_run("{{NOI_NHAN}}"), size=f.RECIPIENTS_SIZE)
    _line(right, "{{QUYEN_HAN_KY}}", size=f.SIGNER_SIZE, bold=True)
    _line(right, "{{CHUC_VU}}", size=f.SIGNER_SIZE, bold=True)
    for _ in range(4):
        _line(right, "", size=f.SIGNER_SIZE)
    _line(right, "{{NGUOI_KY}}", size=f.SIGNER_SIZE, bold=True)
    f.table_widths(table, [Emu(f.TEXT_WIDTH * 2 // 5), Emu(f.TEXT_WIDTH * 3 // 5)])


def template_document() -> object:
    """Return the template as a python-docx Document."""
    document = Document()
    f.document_styles(document)
    f.document_page(document)
    _header_block(document)
    document.add_paragraph("{{NOI_DUNG}}")
    _signature_block(document)
    document.add_paragraph("{{PHU_LUC}}")
    return document


def main(argv: list[str] | None = None) -> int:
    """Write the template (to the package's path, or to the path given)."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else TEMPLATE
    target.parent.mkdir(parents=True, exist_ok=True)
    template_document().save(str(target))  # type: ignore[attr-defined]
    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
