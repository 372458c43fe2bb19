"""The "events" part of the analysis output: JSON for programs, a Markdown comparison for people."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from doingoai.analysis.document import Document
from doingoai.events.compare import Difference, Fact, mention_quoted
from doingoai.events.grouping import DEFAULT_CONFIG, GroupingConfig
from doingoai.events.record import EventRecord, events_records

FACT_KIND_LABELS = {
    "person": "Nhân vật",
    "organization": "Cơ quan, tổ chức",
    "place": "Địa điểm",
    "amount": "Số tiền",
    "quantity": "Số liệu",
    "directive": "Nhiệm vụ được giao",
    "quote": "Trích dẫn",
}
DIFFERENCE_KIND_LABELS = {"figure": "Số liệu", "quote": "Lời phát biểu"}
_CELL_ITEMS_MAX = 8


def fact_json(fact: Fact, record: EventRecord) -> dict[str, Any]:
    """Return one merged fact: what it is, which documents report it, and their own words."""
    return {
        "kind": fact.kind,
        "text": fact.label,
        **fact.detail,
        "documents": fact.documents,
        "independent_sources": record.independent_sources(fact.documents),
        "mentions": [m.json() for m in fact.mentions],
    }


def difference_json(difference: Difference) -> dict[str, Any]:
    """Return one disagreement: each outlet's own words with their span, and the diff."""
    return {
        "kind": difference.kind,
        "subject": difference.subject,
        "items": [m.json() for m in difference.items],
        "diff": difference.diff,
    }


def event_json(record: EventRecord) -> dict[str, Any]:
    """Return the JSON object of one event (the contract of `doingoai analyze`)."""
    return {
        "id": record.id,
        "title": record.title,
        "date": record.date.isoformat() if record.date else None,
        "place": record.place,
        "organizer": record.organizer,
        "participants": [
            {"name": p.label, "titles": p.detail.get("titles", []), "documents": p.documents}
            for p in record.participants
        ],
        "documents": record.documents,
        "sources": record.sources,
        "copies": [list(pair) for pair in record.copies],
        "facts": [fact_json(f, record) for f in record.facts],
        "differences": [difference_json(d) for d in record.differences],
        "links": [
            {"documents": list(link.documents), "score": link.score, "signals": link.signals()}
            for link in record.links
        ],
    }


def events_json(docs: Sequence[Document], config: GroupingConfig = DEFAULT_CONFIG) -> list[dict[str, Any]]:
    """Group analysed documents into events and return the "events" list of the JSON output."""
    return [event_json(r) for r in events_records(docs, config)]


# ---------------------------------------------------------------- Markdown


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _short(text: str, words: int = 14) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _date_vi(record: EventRecord) -> str:
    return record.date.strftime("%d/%m/%Y") if record.date else "không rõ"


def _published_vi(doc: Document) -> str:
    return doc.published.strftime("%d/%m/%Y") if doc.published else "—"


def _outlet(record: EventRecord, doc: str) -> str:
    return f"{record.sources.get(doc) or 'không rõ nguồn'} (`{doc}`)"


def _facts_cell(record: EventRecord, doc: str, kinds: tuple[str, ...]) -> str:
    labels = [_short(f.label) for f in record.facts if f.kind in kinds and doc in f.documents]
    if not labels:
        return "—"
    more = f"; … (+{len(labels) - _CELL_ITEMS_MAX})" if len(labels) > _CELL_ITEMS_MAX else ""
    return _cell("; ".join(labels[:_CELL_ITEMS_MAX]) + more)


def _comparison_table(record: EventRecord, docs: dict[str, Document]) -> list[str]:
    columns = record.documents
    lines = [
        "| | " + " | ".join(_cell(_outlet(record, d)) for d in columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    rows: list[tuple[str, list[str]]] = [
        ("Ngày đăng", [_published_vi(docs[d]) for d in columns]),
        ("Tiêu đề", [_cell(docs[d].title or "—") for d in columns]),
        ("Nhân vật", [_facts_cell(record, d, ("person",)) for d in columns]),
        ("Cơ quan, tổ chức", [_facts_cell(record, d, ("organization",)) for d in columns]),
        ("Địa điểm", [_facts_cell(record, d, ("place",)) for d in columns]),
        ("Số liệu", [_facts_cell(record, d, ("amount", "quantity")) for d in columns]),
        ("Nhiệm vụ, trích dẫn", [_facts_cell(record, d, ("directive", "quote")) for d in columns]),
    ]
    copies = {copy: source for source, copy in record.copies}
    if copies:
        rows.append(("Bản sao của", [f"`{copies[d]}`" if d in copies else "—" for d in columns]))
    lines += [f"| {label} | " + " | ".join(cells) + " |" for label, cells in rows]
    return lines


def _fact_line(fact: Fact, record: EventRecord) -> str:
    kind = FACT_KIND_LABELS.get(fact.kind, fact.kind)
    docs = ", ".join(f"`{d}`" for d in fact.documents)
    independent = record.independent_sources(fact.documents)
    copies = f", {independent} nguồn độc lập" if independent < len(fact.documents) else ""
    return f"- {kind}: **{_cell(fact.label)}** — {docs}{copies}"


def _difference_lines(difference: Difference, docs: dict[str, Document]) -> list[str]:
    kind = DIFFERENCE_KIND_LABELS.get(difference.kind, difference.kind)
    subject = f" ({difference.subject})" if difference.subject else ""
    lines = [f"- **{kind}**{subject}: `{difference.diff}`"]
    lines += [
        f"  - `{item.document}`: “{_cell(mention_quoted(docs[item.document], item))}”"
        for item in difference.items
    ]
    return lines


def _link_line(record: EventRecord, index: int) -> str:
    link = record.links[index]
    reasons = [f"từ vựng {link.lexical:.2f}".replace(".", ",")]
    if link.date_gap_days is not None:
        reasons.append("cùng ngày" if link.date_gap_days == 0 else f"cách {link.date_gap_days} ngày")
    for label, names in (
        ("chung nhân vật", link.people),
        ("chung tổ chức", link.organizations),
        ("chung địa điểm", link.places),
        ("chung số liệu", link.figures),
    ):
        if names:
            reasons.append(f"{label}: {', '.join(names)}")
    if link.copy:
        reasons.append("bản sao gần nguyên văn")
    score = f"{link.score:.2f}".replace(".", ",")
    return f"- `{link.documents[0]}` ↔ `{link.documents[1]}`: điểm {score} — {'; '.join(reasons)}"


def event_markdown(record: EventRecord, docs: dict[str, Document], number: int) -> str:
    """Return one event: header, outlets side by side, shared and single-source facts, differences."""
    independent = record.independent_sources(record.documents)
    meta = [
        f"**Ngày:** {_date_vi(record)}",
        f"**Địa điểm:** {record.place or 'không rõ'}",
        f"**Đơn vị tổ chức:** {record.organizer or 'không rõ'}",
        f"**Số bài:** {len(record.documents)} ({independent} nguồn độc lập)",
    ]
    lines = [f"## {number}. {record.title or record.id}", "", " · ".join(meta), ""]
    if len(record.documents) == 1:
        lines += [f"Chỉ một bài: {_outlet(record, record.documents[0])}.", ""]
        return "\n".join(lines)
    lines += ["### So sánh các nguồn", "", *_comparison_table(record, docs), ""]
    shared = [f for f in record.facts if record.independent_sources(f.documents) >= 2]
    single = [f for f in record.facts if record.independent_sources(f.documents) < 2]
    if shared:
        lines += ["### Các nguồn cùng đưa", "", *(_fact_line(f, record) for f in shared), ""]
    if single:
        lines += ["### Chỉ một nguồn đưa", "", *(_fact_line(f, record) for f in single), ""]
    lines += ["### Khác biệt giữa các nguồn", ""]
    if record.differences:
        for difference in record.differences:
            lines += _difference_lines(difference, docs)
    else:
        lines.append("Không thấy số liệu hay lời phát biểu nào được đưa khác nhau.")
    lines.append("")
    if record.links:
        lines += [
            "### Vì sao các bài được gộp",
            "",
            *(_link_line(record, i) for i in range(len(record.links))),
            "",
        ]
    return "\n".join(lines)


def events_markdown(docs: Sequence[Document], config: GroupingConfig = DEFAULT_CONFIG) -> str:
    """Return the events section of the brief: each event with its outlets compared side by side."""
    records = events_records(docs, config)
    by_id = {doc.id: doc for doc in docs}
    multi = sum(1 for r in records if len(r.documents) > 1)
    head = [f"# Sự kiện: {len(records)} sự kiện từ {len(docs)} văn bản ({multi} sự kiện có nhiều bài)", ""]
    # Events reported by several outlets come first: they are where comparison has something to say.
    ordered = sorted(records, key=lambda r: len(r.documents) == 1)
    body = [event_markdown(r, by_id, n) for n, r in enumerate(ordered, 1)]
    return "\n".join(head) + "\n" + "\n".join(body).rstrip() + "\n"
