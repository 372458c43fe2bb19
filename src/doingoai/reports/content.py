"""What a report is made of, before it becomes Word: sections of paragraphs and tables, with figures.

A `Figure` is a number stated in the report together with the records it was computed from
(`Source`) and how (`basis`), so that a reader, and a test, can recompute it. Paragraphs and
table cells hold figures as objects, never as pre-formatted strings: the Word writer prints each
with a reference to its numbered note ("[3]") and the sources file lists it.

`basis` says how the value follows from the sources:

- ``{"op": "sum", "field": "value_vnd" | "value_usd", "sector": ""}``: the sum of that field of
  the transactions (times each transaction's share in `sector` when one is named);
- ``{"op": "projects"}``: the number of distinct projects of the transactions;
- ``{"op": "count"}``: the number of ids (documents, reports, tasks, transactions);
- ``{"op": "events"}`` / ``{"op": "outlets"}``: the number of distinct events / outlets of the
  documents (a document whose outlet is unknown names none);
- ``{"op": "percent", "field": ...}``: the sum over the second source as a percentage of the sum
  over the first, to one decimal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

SourceKind = Literal["transaction", "report", "task", "document"]


@dataclass(frozen=True)
class Source:
    """Records a figure was computed from: their kind and ids, and where a person can list them.

    `url_exact` says whether the page at `url` lists exactly these records; False for a page
    that lists them among others (no filter of the page picks them alone), which the note says.
    """

    kind: SourceKind
    ids: tuple[int, ...]
    label: str
    url: str = ""
    url_exact: bool = True

    def as_json(self) -> dict[str, Any]:
        """Return the source as written in the sources file."""
        data: dict[str, Any] = {"kind": self.kind, "ids": list(self.ids), "label": self.label}
        if self.url:
            data["url"] = self.url
            if not self.url_exact:
                data["url_exact"] = False
        return data


@dataclass(frozen=True)
class Figure:
    """A number stated in the report, as printed, with its unit, sources and how it follows from them."""

    id: str
    value: Decimal | int
    unit: str  # "VND", "USD", "%", or what is counted ("dự án", "bài viết", ...)
    text: str
    sources: tuple[Source, ...]
    basis: dict[str, Any] = field(default_factory=dict)

    def as_json(self, note: int) -> dict[str, Any]:
        """Return the figure as written in the sources file, with its note number."""
        value: Any = self.value
        if isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else float(value)
        return {
            "id": self.id,
            "text": self.text,
            "value": value,
            "unit": self.unit,
            "note": note,
            "basis": self.basis,
            "sources": [s.as_json() for s in self.sources],
        }


# The key of the last appendix, the numbered notes ("Nguồn số liệu"), for an `AppendixRef`.
SOURCES_APPENDIX = "sources"


@dataclass(frozen=True)
class AppendixRef:
    """A mention of an appendix in the text, printed as its heading is: "Phụ lục II".

    Appendices are numbered in Roman numerals in the order they are attached (Nghị định
    30/2020/NĐ-CP, Phụ lục I, Phần I, Mục III), which a section cannot know: it names the table by
    its `Table.key` (or `SOURCES_APPENDIX`), and the writer prints the appendix's name.
    """

    key: str


# A run of a paragraph: plain text, a figure (printed with its note reference), or an appendix's name.
Run = str | Figure | AppendixRef


@dataclass
class Paragraph:
    """A body paragraph (justified, first-line indent) made of text and figures."""

    runs: list[Run]
    style: str = "body"  # "body", or "item" for a paragraph opening with a dash


@dataclass
class Table:
    """A table of the appendices: a title, its column headers, and rows of text or figures.

    `key` names it for the text's `AppendixRef`; `note` is a sentence printed between the
    appendix's name and the table (how to read it), in ordinary letters where the name is in capitals.
    """

    title: str
    headers: list[str]
    rows: list[list[Run]]
    # Relative column widths; the first column (the label) is usually the widest.
    widths: list[float] = field(default_factory=list)
    key: str = ""
    note: str = ""


Block = Paragraph | Table


@dataclass
class Contribution:
    """What one provider adds to one slot of the report: an optional heading and blocks."""

    slot: str
    heading: str
    blocks: list[Block]
    order: int = 0


@dataclass(frozen=True)
class ReportContext:
    """What a report is about: the year, the unit (None: national), who asks, and the date it is made.

    `site_url` prefixes the drill-down links ("" leaves them as paths of the site).
    """

    user: Any
    year: int
    unit: Any | None
    today: dt.date
    site_url: str = ""

    @property
    def subject(self) -> str:
        """Return who the narrative speaks of: the unit's name, or the whole system."""
        return self.unit.name if self.unit is not None else "các cơ quan, đơn vị trong cả nước"

    def link(self, path: str) -> str:
        """Return an absolute link to a page of the site when the site's address is known."""
        return f"{self.site_url.rstrip('/')}{path}" if self.site_url else path
