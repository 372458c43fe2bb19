"""Word briefs of one event (the outlets side by side, and where they differ) and of one document's facts.

They are read through the library's selectors with the requesting user, so a brief shows exactly
what the event's or the document's page shows. The page and fonts follow the template's rules
(`doingoai.docx_format`); a brief is a working note, so it has no header block.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Emu

from doingoai import docx_format as f
from doingoai.events.compare import diff_parts, mention_quoted
from doingoai.library import selectors

FACT_ROWS = (
    ("Nhân vật", ("person",)),
    ("Cơ quan, tổ chức", ("organization",)),
    ("Địa điểm", ("place",)),
    ("Số liệu", ("amount", "quantity")),
    ("Nhiệm vụ được giao", ("directive",)),
    ("Trích dẫn", ("quote",)),
)
OUTLETS_PER_TABLE = 3
DIFFERENCE_KINDS = {"figure": "Số liệu khác nhau", "quote": "Trích dẫn khác nhau"}


def _document() -> Any:
    document = Document()
    f.document_styles(document)
    f.document_page(document)
    return document


def _title(document: Any, text: str, *, size: Any = f.TITLE_SIZE) -> None:
    paragraph = document.add_paragraph()
    f.paragraph_plain(paragraph)
    paragraph.paragraph_format.space_after = f.PARAGRAPH_SPACING
    f.run_format(paragraph.add_run(text), size=size, bold=True)


def _subtitle(document: Any, text: str) -> None:
    """Write a bold line that heads what follows, and stays on its page."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    f.run_format(paragraph.add_run(text), bold=True)


def _line(document: Any, label: str, value: str) -> None:
    paragraph = document.add_paragraph()
    f.run_format(paragraph.add_run(f"{label}: "), bold=True)
    f.run_format(paragraph.add_run(value or "—"))


def _cell(cell: Any, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    f.paragraph_plain(paragraph, align=WD_ALIGN_PARAGRAPH.LEFT)
    f.run_format(paragraph.add_run(text), size=f.TABLE_SIZE, bold=bold)


def _diff_cell(cell: Any, diff: str) -> None:
    """Write a word diff in a cell: removed words struck through, added words underlined."""
    paragraph = cell.paragraphs[0]
    for run in list(paragraph.runs):
        run._element.getparent().remove(run._element)
    for kind, text in diff_parts(diff):
        run = paragraph.add_run(text)
        f.run_format(run, size=f.TABLE_SIZE, bold=kind == "added")
        run.font.strike = kind == "removed"
        run.font.underline = kind == "added"


def _grid(document: Any, rows: list[list[str]], widths: list[float]) -> Any:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, (row, values) in enumerate(zip(table.rows, rows, strict=True)):
        for c, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            _cell(cell, value, bold=r == 0 or c == 0)
    total = sum(widths)
    f.table_widths(table, [Emu(int(f.TEXT_WIDTH * w / total)) for w in widths])
    document.add_paragraph()
    return table


def _save(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def event_brief_docx(*, user: Any, pk: int) -> bytes:
    """Return the Word brief of an event the user may read: outlets side by side, shared facts, gaps."""
    view = selectors.event_view(user=user, pk=pk)
    document = _document()
    _title(document, "TÓM TẮT SỰ KIỆN")
    _title(document, view.title)
    _line(document, "Ngày diễn ra", f"{view.event.date:%d/%m/%Y}" if view.event.date else "")
    _line(document, "Địa điểm", view.place or "")
    _line(document, "Đơn vị tổ chức", view.organizer or "")
    _line(document, "Số bài", str(len(view.documents)))
    for start in range(0, len(view.documents), OUTLETS_PER_TABLE):
        shown = view.documents[start : start + OUTLETS_PER_TABLE]
        rows = [["", *[d.outlet_label for d in shown]]]
        rows.append(["Ngày đăng", *[f"{d.published:%d/%m/%Y}" if d.published else "" for d in shown]])
        rows.append(["Tiêu đề", *[d.title for d in shown]])
        for label, kinds in FACT_ROWS:
            rows.append([label, *["\n".join(x.label for x in view.facts_of(d, kinds)) for d in shown]])
        _grid(document, rows, [2.0] + [4.0] * len(shown))
    shared = [fact for fact in view.facts if len(fact.documents) > 1]
    if shared:
        _title(document, "Các nguồn cùng đưa tin", size=f.BODY_SIZE)
        for fact in shared:
            _line(document, fact.label, f"{len(fact.documents)} nguồn")
    if view.differences:
        _title(document, "Chỗ các nguồn đưa tin khác nhau", size=f.BODY_SIZE)
        by_id = {str(d.pk): d.outlet_label for d in view.documents}
        for difference in view.differences:
            kind = DIFFERENCE_KINDS.get(difference.kind, difference.kind)
            heading = f"{kind}: {difference.subject}" if difference.subject else kind
            rows = [["Nguồn", "Nguyên văn"]]
            rows += [
                [by_id.get(m.document, m.document), mention_quoted(view.analysed[m.document], m)]
                for m in difference.items
            ]
            # A quote's words compared; figures stand side by side above (a word diff of "5 triệu"
            # against "250 triệu" read as one value run into the other).
            compared = difference.kind == "quote" and bool(difference.diff)
            if compared:
                rows.append(["So sánh", ""])
            _subtitle(document, heading)
            table = _grid(document, rows, [2.0, 8.0])
            if compared:
                _diff_cell(table.rows[-1].cells[1], difference.diff)
    return _save(document)


def document_brief_docx(*, user: Any, pk: int) -> bytes:
    """Return the Word brief of a document the user may read: its metadata and facts, by kind."""
    record = selectors.document_get(user=user, pk=pk)
    analysed = selectors.document_analysis(record)
    document = _document()
    _title(document, "TÓM TẮT VĂN BẢN")
    _title(document, str(record))
    _line(document, "Nguồn tin", record.source)
    _line(document, "Ngày đăng", f"{record.published:%d/%m/%Y}" if record.published else "")
    _line(document, "Đơn vị sở hữu", record.owner_unit.name if record.owner_unit else "Thư viện chung")
    rows = [["Loại", "Dữ kiện"]]
    facts = (
        ("Nhân vật", [p.name + (f" ({', '.join(p.titles)})" if p.titles else "") for p in analysed.people]),
        ("Cơ quan, tổ chức", [o.name for o in analysed.organizations]),
        ("Địa điểm", [p.name for p in analysed.places]),
        ("Số tiền", [a.text for a in analysed.amounts]),
        ("Số liệu", [q.text for q in analysed.quantities]),
        ("Thời gian", [d.text for d in analysed.dates]),
        ("Văn bản được dẫn", [r.text for r in analysed.references]),
        ("Nhiệm vụ được giao", [d.task for d in analysed.directives]),
        ("Trích dẫn", [(f"{q.speaker}: " if q.speaker else "") + f"“{q.text}”" for q in analysed.quotes]),
    )
    rows += [[label, "\n".join(dict.fromkeys(values))] for label, values in facts if values]
    _grid(document, rows, [2.5, 7.5])
    return _save(document)
