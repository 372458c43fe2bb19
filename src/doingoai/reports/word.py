"""Fill the shipped Word template with a report: the header block, the body, the appendices and the notes.

Figures are printed with a superscript reference to a numbered note ("[3]"); the notes are the
last appendix, "Nguồn số liệu", each naming the records behind the figure and the page that
lists them. (python-docx has no footnote API; numbered notes in an appendix table keep every
figure traceable in any word processor.) Figures with the same sources share one note.

Appendices are numbered in Roman numerals, "Phụ lục I", "Phụ lục II" (Nghị định 30/2020/NĐ-CP,
Phụ lục I, Phần I, Mục III), by `appendix_names`; the text names them through `AppendixRef`, so a
mention and the heading it points to cannot disagree. Each appendix is a section of its own whose
pages are numbered from 1 (`docx_format.page_numbers_restart`); the body keeps its numbering.
"""

from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from doingoai import docx_format as f
from doingoai.reports.content import SOURCES_APPENDIX, AppendixRef, Figure, Paragraph, Run, Source, Table
from doingoai.reports.numbers import roman_numeral
from doingoai.reports.template_build import TEMPLATE

PLACEHOLDER = re.compile(r"\{\{\s*([A-Z_]+)\s*\}\}")
IDS_SHOWN = 30
# Said after a link whose page lists the note's records among others.
WIDER = "(trang này có thể liệt kê cả các bản ghi khác; các bản ghi được tính là các mã nêu ở cột bên)"


@dataclass
class Heading:
    """A heading of the body: level 1 ("I. TÌNH HÌNH CHUNG") or 2 ("1. Công tác ...")."""

    text: str
    level: int = 1


@dataclass
class Letterhead:
    """The parts of the first page and of the signature block (Nghị định 30/2020, Phụ lục I, Mục II)."""

    issuer: str
    number: str
    place_date: str
    kind: str
    summary: str
    recipients: list[str]
    parent: str = ""
    authority: str = ""
    position: str = ""
    signer: str = ""


@dataclass
class Notes:
    """The numbered notes: one per distinct set of sources, numbered in order of first use."""

    numbers: dict[tuple[Source, ...], int] = field(default_factory=dict)
    figures: dict[str, tuple[Figure, int]] = field(default_factory=dict)

    def number(self, figure: Figure) -> int:
        """Return the note number of a figure, giving its sources a new one the first time."""
        note = self.numbers.setdefault(figure.sources, len(self.numbers) + 1)
        self.figures.setdefault(figure.id, (figure, note))
        return note

    def text(self, sources: tuple[Source, ...]) -> tuple[str, str]:
        """Return what a note says: the records, and the links of the pages listing them."""
        kinds = {"transaction": "giao dịch", "document": "văn bản", "report": "báo cáo", "task": "nhiệm vụ"}
        parts = []
        for source in sources:
            ids = ", ".join(str(i) for i in source.ids[:IDS_SHOWN])
            more = f" và {len(source.ids) - IDS_SHOWN} mã khác" if len(source.ids) > IDS_SHOWN else ""
            # A figure of zero rests on no record: there is no code to list ("(mã )" read as a slip).
            listed = f" (mã {ids}{more})" if source.ids else ""
            parts.append(f"{source.label}: {len(source.ids)} {kinds[source.kind]}{listed}")
        links = "\n".join(f"{url} {caveat}" if caveat else url for url, caveat in self.links(sources))
        return "; ".join(parts) + ".", links

    def links(self, sources: tuple[Source, ...]) -> list[tuple[str, str]]:
        """Return the pages listing a note's records: each address, and what to say after it ("" or WIDER)."""
        return [(s.url, "" if s.url_exact else WIDER) for s in sources if s.url]


def _replace(paragraph: Any, values: dict[str, str]) -> None:
    """Replace the placeholders of a paragraph, keeping its first run's format; a line per value line."""
    text = paragraph.text
    if "{{" not in text:
        return
    new = PLACEHOLDER.sub(lambda m: values.get(m.group(1), ""), text)
    lines = new.split("\n")
    runs = paragraph.runs
    for run in runs[1:]:
        run._r.getparent().remove(run._r)
    if runs:
        runs[0].text = lines[0]
    else:
        paragraph.add_run(lines[0])
    anchor = paragraph._p
    for line in lines[1:]:
        clone = copy.deepcopy(paragraph._p)
        for t in clone.iter(qn("w:t")):
            t.text = ""
        clone.findall(qn("w:r"))[0].find(qn("w:t")).text = line
        anchor.addnext(clone)
        anchor = clone
    if not new.strip():
        parent = paragraph._p.getparent()
        # A table cell keeps at least one paragraph.
        if parent.tag != qn("w:tc") or len(parent.findall(qn("w:p"))) > 1:
            parent.remove(paragraph._p)


def _paragraphs(document: Any) -> list[Any]:
    found = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found += cell.paragraphs
    return found


def appendix_names(count: int) -> list[str]:
    """Return the names of `count` appendices in order: "Phụ lục I", "Phụ lục II"...; one alone is "Phụ lục".

    Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần I, Mục III: a document with two appendices or more
    numbers them in Roman numerals.
    """
    if count == 1:
        return ["Phụ lục"]
    return [f"Phụ lục {roman_numeral(number)}" for number in range(1, count + 1)]


def _figures_in(blocks: list[Any]) -> bool:
    """Return whether any paragraph or table of `blocks` states a figure (then the notes are written)."""
    for block in blocks:
        if isinstance(block, Paragraph) and any(isinstance(run, Figure) for run in block.runs):
            return True
        if isinstance(block, Table) and any(isinstance(v, Figure) for row in block.rows for v in row):
            return True
    return False


class _Writer:
    """Write blocks before a marker paragraph of the template.

    `appendices` maps the key of each appendix (`Table.key`, `SOURCES_APPENDIX`) to its name,
    printed wherever the text refers to it.
    """

    def __init__(
        self,
        document: Any,
        marker: Any,
        notes: Notes,
        width: int = f.TEXT_WIDTH,
        appendices: dict[str, str] | None = None,
    ) -> None:
        self.document = document
        self.marker = marker
        self.notes = notes
        self.width = width
        self.appendices = appendices or {}

    def runs(self, paragraph: Any, runs: list[Run], *, size: Any = None, note_first: bool = False) -> None:
        """Write text and figures, each figure with its note's superscript reference after it.

        `note_first` puts the reference before the figure: in a right-aligned table cell a reference
        after the amount ("[6]" here, "[16]" below) pushed its digits left, so the units, thousands
        and decimals of a column no longer stood one under the other.
        """
        for run in runs:
            if isinstance(run, AppendixRef):
                if run.key not in self.appendices:
                    raise ValueError(f"the text refers to an appendix the report has not: {run.key!r}")
                f.run_format(paragraph.add_run(self.appendices[run.key]), size=size)
            elif isinstance(run, Figure):
                ref = f"[{self.notes.number(run)}]"
                if note_first:
                    self.note_ref(paragraph, ref, size=size)
                    f.run_format(paragraph.add_run(f"\u00a0{run.text}"), size=size)
                else:
                    f.run_format(paragraph.add_run(run.text), size=size)
                    self.note_ref(paragraph, ref, size=size)
            else:
                f.run_format(paragraph.add_run(run), size=size)

    def note_ref(self, paragraph: Any, ref: str, *, size: Any = None) -> None:
        run = paragraph.add_run(ref)
        f.run_format(run, size=size)
        run.font.superscript = True

    def heading(self, heading: Heading) -> None:
        paragraph = self.marker.insert_paragraph_before(style=f"Heading {heading.level}")
        f.run_format(paragraph.add_run(heading.text), bold=True)

    def paragraph(self, block: Paragraph) -> None:
        paragraph = self.marker.insert_paragraph_before()
        lead: list[Run] = [] if block.style == "body" else ["- "]
        self.runs(paragraph, lead + block.runs)

    def centered(self, text: str, *, bold: bool = True, italic: bool = False) -> None:
        """Write a title line (of the appendix, of a table); it stays on the page of what follows it."""
        paragraph = self.marker.insert_paragraph_before()
        f.paragraph_plain(paragraph)
        paragraph.paragraph_format.space_before = f.PARAGRAPH_SPACING
        paragraph.paragraph_format.space_after = f.PARAGRAPH_SPACING
        # A table's title was left alone at the foot of a page, its table on the next (the fourth appendix
        # of the 2025 demo report, in LibreOffice's PDF): a title keeps with the next line.
        paragraph.paragraph_format.keep_with_next = True
        f.run_format(paragraph.add_run(text), bold=bold, italic=italic)

    def appendix_head(self, name: str, title: str, annex: str, note: str = "") -> None:
        """Write the head of one appendix, each line centred and kept with the next.

        Nghị định 30/2020, Phụ lục I, Phần I, Mục III: "Phụ lục" and its number on a line of their
        own, in ordinary letters, 14 pt, bold; the appendix's name under it in capitals, bold; then,
        in italics, the document it goes with. A note on reading the table follows in plain letters.
        """
        paragraph = self.marker.insert_paragraph_before()
        f.paragraph_plain(paragraph)
        paragraph.paragraph_format.space_before = f.PARAGRAPH_SPACING
        paragraph.paragraph_format.keep_with_next = True
        f.run_format(paragraph.add_run(name), size=f.TITLE_SIZE, bold=True)
        self.centered(title.upper())
        self.centered(annex, bold=False, italic=True)
        if note:
            self.centered(note, bold=False)

    def table(self, block: Table, *, titled: bool = True) -> None:
        if titled:
            self.centered(block.title)
        table = self.document.add_table(rows=1 + len(block.rows), cols=len(block.headers))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        header = table.rows[0]
        f.table_rows_keep(table)
        for cell, title in zip(header.cells, block.headers, strict=True):
            paragraph = cell.paragraphs[0]
            f.paragraph_plain(paragraph)
            f.run_format(paragraph.add_run(title), size=f.TABLE_SIZE, bold=True)
        for row, values in zip(table.rows[1:], block.rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                paragraph = cell.paragraphs[0]
                is_figure = isinstance(value, Figure)
                f.paragraph_plain(
                    paragraph, align=WD_ALIGN_PARAGRAPH.RIGHT if is_figure else WD_ALIGN_PARAGRAPH.LEFT
                )
                self.runs(paragraph, [value], size=f.TABLE_SIZE, note_first=is_figure)
        weights = block.widths or [1.0] * len(block.headers)
        total = sum(weights)
        f.table_widths(table, [Emu(int(self.width * w / total)) for w in weights])
        self.marker._p.addprevious(table._tbl)
        spacer = self.marker.insert_paragraph_before()
        f.paragraph_plain(spacer)

    def notes_table(self) -> None:
        explain = self.marker.insert_paragraph_before()
        self.runs(
            explain,
            [
                "Mỗi số liệu trong báo cáo mang một chú thích [n]; chú thích nêu các bản ghi đã được "
                "cộng lại và, nếu có, trang tra cứu liệt kê đúng các bản ghi đó, trừ trang có ghi chú là "
                "có thể liệt kê cả các bản ghi khác. Tệp .sources.json kèm theo ghi đầy đủ mã của từng "
                "bản ghi."
            ],
        )
        explain.paragraph_format.keep_with_next = True
        rows = sorted(self.notes.numbers.items(), key=lambda item: item[1])
        table = self.document.add_table(rows=1 + len(rows), cols=3)
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, title in zip(table.rows[0].cells, ("Chú thích", "Bản ghi", "Trang tra cứu"), strict=True):
            paragraph = cell.paragraphs[0]
            f.paragraph_plain(paragraph)
            f.run_format(paragraph.add_run(title), size=f.RECIPIENTS_SIZE, bold=True)
        for row, (sources, number) in zip(table.rows[1:], rows, strict=True):
            records, _links = self.notes.text(sources)
            for cell, text in zip(row.cells[:2], (f"[{number}]", records), strict=True):
                paragraph = cell.paragraphs[0]
                f.paragraph_plain(paragraph, align=WD_ALIGN_PARAGRAPH.LEFT)
                f.run_format(paragraph.add_run(text), size=f.RECIPIENTS_SIZE)
            self.links_cell(row.cells[2], self.notes.links(sources))
        f.table_rows_keep(table)
        rest = int(self.width - Cm(2.4))
        f.table_widths(table, [Cm(2.4), Emu(rest * 3 // 5), Emu(rest * 2 // 5)])
        self.marker._p.addprevious(table._tbl)

    def links_cell(self, cell: Any, links: list[tuple[str, str]]) -> None:
        """Write a note's pages a paragraph each: the address a link a click opens in Word, then any caveat.

        A report made without the site's address (the command without --site-url) has paths of the
        site: those stay plain text, since Word would open a path beside the .docx file.
        """
        paragraph = cell.paragraphs[0]
        for index, (url, caveat) in enumerate(links):
            if index:
                paragraph = cell.add_paragraph()
            f.paragraph_plain(paragraph, align=WD_ALIGN_PARAGRAPH.LEFT)
            if url.startswith(("http://", "https://")):
                f.hyperlink_add(paragraph, url, size=f.RECIPIENTS_SIZE)
            else:
                f.run_format(paragraph.add_run(url), size=f.RECIPIENTS_SIZE)
            if caveat:
                f.run_format(paragraph.add_run(f" {caveat}"), size=f.RECIPIENTS_SIZE)
        if not links:
            f.paragraph_plain(paragraph, align=WD_ALIGN_PARAGRAPH.LEFT)


def _section_end_before(document: Any, marker: Any) -> None:
    """End the section that runs at `marker` just before it, keeping that section's page settings.

    A paragraph's section properties end a section there; the last section's are the body's own.
    The break copies the body's, so the section ended keeps what it had and the next one starts
    with the same settings until changed.
    """
    ending = copy.deepcopy(document.element.body.find(qn("w:sectPr")))
    paragraph = marker.insert_paragraph_before()
    # The paragraph that ends a section follows its last lines (the signature block, an appendix's
    # table). At full size (a 14 pt line and its spacing) it went onto a page of its own when those
    # ended near the bottom, and the next section began one page later: an empty page before the
    # appendices. One point high, it has no line to push onto another page.
    f.paragraph_plain(paragraph, align=WD_ALIGN_PARAGRAPH.LEFT)
    paragraph.paragraph_format.line_spacing = Pt(1)
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    mark.append(size)
    paragraph._p.get_or_add_pPr().append(mark)
    paragraph._p.get_or_add_pPr().append(ending)


def _landscape_from(document: Any, marker: Any) -> None:
    """Start a new section at `marker`, on A4 turned sideways, for the appendices' wide tables.

    Nghị định 30/2020, Phụ lục I, Phần I, Mục I, khoản 2 lays documents out along the A4's length
    and lets tables be laid out along its width; the margins stay those of khoản 3, counted from
    the same edges. The body keeps its numbering; the appendix is paged from 1 (Mục III), with a
    number on its first page too (the first-page exception is the document's, not an appendix's).
    """
    _section_end_before(document, marker)
    section = document.sections[-1]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = f.PAGE_HEIGHT, f.PAGE_WIDTH
    section.different_first_page_header_footer = False
    section.start_type = WD_SECTION.NEW_PAGE
    f.page_numbers_restart(section)


def _marker(document: Any, name: str) -> Any:
    for paragraph in document.paragraphs:
        if paragraph.text.strip() == "{{" + name + "}}":
            return paragraph
    raise ValueError(f"the template has no paragraph {{{{{name}}}}}")


def annex_line(letterhead: Letterhead) -> str:
    """Return the line under an appendix's title naming its report: "(Kèm theo Báo cáo số ... của ...)"."""
    _place, _comma, date = letterhead.place_date.partition(", ")
    # The number's blank is kept, to be written in when the report is registered.
    return f"(Kèm theo {letterhead.kind} số {letterhead.number} {date} của {letterhead.issuer})"


def document_fill(
    *,
    letterhead: Letterhead,
    body: list[Heading | Paragraph | Table],
    appendix: list[Table],
    template: Path = TEMPLATE,
) -> tuple[bytes, Notes]:
    """Return the filled document's bytes and its notes (every figure written, with its note number).

    The appendices are `appendix`'s tables in order, then the notes when any figure is stated;
    each is named by `appendix_names`, and the text's `AppendixRef` print those names.
    """
    document = Document(str(template))
    notes = Notes()
    keys = [table.key for table in appendix]
    if _figures_in(body) or _figures_in(appendix):
        keys.append(SOURCES_APPENDIX)
    names = appendix_names(len(keys))
    named = {key: name for key, name in zip(keys, names, strict=True) if key}
    content = _Writer(document, _marker(document, "NOI_DUNG"), notes, appendices=named)
    for block in body:
        if isinstance(block, Heading):
            content.heading(block)
        elif isinstance(block, Table):
            content.table(block)
        else:
            content.paragraph(block)
    # The body's last paragraph goes to the next page with the signature block rather than leave
    # "Nơi nhận" and the signer alone on a page (Word and LibreOffice keep it with the table after).
    last = content.marker._p.getprevious()
    if last is not None and last.tag == qn("w:p"):
        DocxParagraph(last, content.marker._parent).paragraph_format.keep_with_next = True
    annex = _Writer(document, _marker(document, "PHU_LUC"), notes, appendices=named)
    if appendix or notes.numbers:
        _landscape_from(document, annex.marker)
        annex.width = f.LANDSCAPE_TEXT_WIDTH
    # Phụ lục I, Phần I, Mục III: under each appendix's name, in italics, the document it goes
    # with (kind, number and symbol, date, issuer).
    line = annex_line(letterhead)
    for number, (name, table) in enumerate(zip(names, appendix, strict=False)):
        if number:
            # Each appendix is a section of its own, on a new page, paged from 1 (Mục III).
            _section_end_before(document, annex.marker)
        annex.appendix_head(name, table.title, line, table.note)
        annex.table(table, titled=False)
    if notes.numbers:
        if SOURCES_APPENDIX not in keys:
            raise ValueError("a figure was written that no paragraph or table of the report holds")
        if appendix:
            _section_end_before(document, annex.marker)
        annex.appendix_head(names[-1], "Nguồn số liệu", line)
        annex.notes_table()
    for marker in (content.marker, annex.marker):
        marker._p.getparent().remove(marker._p)
    # The signer's title, the space for the signature and the name stay on one page.
    for layout in document.tables:
        if "{{NGUOI_KY}}" in "".join(c.text for c in layout.rows[0].cells):
            layout.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    values = {
        "CO_QUAN_CHU_QUAN": letterhead.parent.upper(),
        "CO_QUAN": letterhead.issuer.upper(),
        "SO_KY_HIEU": letterhead.number,
        "DIA_DANH_NGAY": letterhead.place_date,
        "LOAI_VAN_BAN": letterhead.kind.upper(),
        "TRICH_YEU": letterhead.summary,
        "NOI_NHAN": "\n".join(letterhead.recipients),
        "QUYEN_HAN_KY": letterhead.authority.upper(),
        "CHUC_VU": letterhead.position.upper(),
        "NGUOI_KY": letterhead.signer,
    }
    for paragraph in _paragraphs(document):
        _replace(paragraph, values)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), notes
