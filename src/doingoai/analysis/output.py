"""The output contract of `doingoai analyze`: JSON for programs, a Markdown brief for people."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from doingoai.analysis.document import Document, Span

QUALIFIER_LABELS = {
    "over": "hơn",
    "about": "khoảng",
    "nearly": "gần",
    "expected": "dự kiến",
    "under": "dưới",
    "at_least": "ít nhất",
    "up_to": "tối đa",
}


def _qualifiers_label(qualifiers: list[str]) -> str:
    return " ".join(QUALIFIER_LABELS.get(q, q) for q in qualifiers)


def number_json(value: Decimal | None) -> int | float | None:
    """Return a Decimal as a JSON number: an int when it is whole."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _spans(spans: Sequence[Span]) -> list[list[int]]:
    return [[s, e] for s, e in spans]


def document_json(doc: Document) -> dict[str, Any]:
    """Return the JSON object of one analysed document (the contract in the README)."""
    return {
        "id": doc.id,
        "path": doc.path,
        "source": doc.source,
        "published": doc.published.isoformat() if doc.published else None,
        "title": doc.title,
        "people": [{"name": p.name, "titles": p.titles, "spans": _spans(p.spans)} for p in doc.people],
        "organizations": [
            {"name": o.name, "kind": o.kind, "country": o.country, "spans": _spans(o.spans)}
            for o in doc.organizations
        ],
        "places": [
            {
                "name": p.name,
                "kind": p.kind,
                "province_code": p.province_code,
                "code": p.code,
                "original": p.original,
                "spans": _spans(p.spans),
            }
            for p in doc.places
        ],
        "amounts": [
            {
                "text": a.text,
                "value": number_json(a.value),
                "value_max": number_json(a.value_max),
                "currency": a.currency,
                "qualifier": a.qualifier,
                "qualifiers": a.qualifiers,
                "per_unit": a.per_unit,
                "span": list(a.span),
            }
            for a in doc.amounts
        ],
        "quantities": [
            {
                "text": q.text,
                "value": number_json(q.value),
                "value_max": number_json(q.value_max),
                "unit": q.unit,
                "qualifier": q.qualifier,
                "qualifiers": q.qualifiers,
                "span": list(q.span),
            }
            for q in doc.quantities
        ],
        "dates": [{"text": d.text, "date": d.date, "span": list(d.span)} for d in doc.dates],
        "references": [
            {"text": r.text, "kind": r.kind, "number": r.number, "issuer": r.issuer, "span": list(r.span)}
            for r in doc.references
        ],
        "directives": [
            {
                "issuer": d.issuer,
                "lead": d.lead,
                "coordinating": d.coordinating,
                "task": d.task,
                "deadline": d.deadline,
                "verb": d.verb,
                "references": d.references,
                "span": list(d.span),
            }
            for d in doc.directives
        ],
        "quotes": [{"speaker": q.speaker, "text": q.text, "span": list(q.span)} for q in doc.quotes],
    }


def analysis_json(docs: Sequence[Document]) -> dict[str, Any]:
    """Return the top-level JSON object for a run over several documents."""
    return {"documents": [document_json(d) for d in docs]}


def amount_words(value: Decimal, currency: str) -> str:
    """Return an amount the way a Vietnamese reader writes it: 50.000.000.000 VND, 1,2 triệu USD."""
    scales = ((Decimal(10) ** 12, "nghìn tỷ"), (Decimal(10) ** 9, "tỷ"), (Decimal(10) ** 6, "triệu"))
    for size, word in scales:
        if abs(value) >= size:
            return f"{number_vi(value / size)} {word} {currency}"
    return f"{number_vi(value)} {currency}"


def number_vi(value: Decimal) -> str:
    """Return a number written Vietnamese-style: 15.000 for fifteen thousand, 1,2 for 1.2."""
    quantized = value.normalize()
    sign = "-" if quantized < 0 else ""
    whole, _, frac = f"{abs(quantized):f}".partition(".")
    groups = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{groups},{frac[:3].rstrip('0')}" if frac.strip("0") else f"{sign}{groups}"


def _md_cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def document_markdown(doc: Document) -> str:
    """Return the brief of one document: who, what, when, where, figures, tasks and quotes."""
    lines = [f"## {doc.title or doc.id}", ""]
    meta = [
        f"**Nguồn:** {doc.source or 'không rõ'}",
        f"**Ngày đăng:** {doc.published.strftime('%d/%m/%Y') if doc.published else 'không rõ'}",
        f"**Tệp:** `{doc.path or doc.id}`",
    ]
    lines += [" · ".join(meta), ""]
    if doc.people:
        lines += ["### Ai", ""]
        for p in doc.people:
            titles = f", {'; '.join(p.titles)}" if p.titles else ""
            lines.append(f"- **{p.name}**{titles} ({len(p.spans)} lần nhắc)")
        lines.append("")
    if doc.organizations:
        lines += ["### Cơ quan, tổ chức", ""]
        lines += [f"- {o.name}" + (f" ({o.country})" if o.country else "") for o in doc.organizations]
        lines.append("")
    if doc.dates:
        lines += ["### Khi nào", ""]
        seen: set[str] = set()
        for when in doc.dates:
            if when.date not in seen:
                seen.add(when.date)
                lines.append(f"- {when.text} → `{when.date}`")
        lines.append("")
    if doc.places:
        lines += ["### Ở đâu", ""]
        for pl in doc.places:
            # As the article names it: a former province, or a district or commune of before 1/7/2025
            # within today's unit ("Nghệ An (bài ghi: Yên Thành)", not a former name of Nghệ An).
            former = f" (bài ghi: {pl.original})" if pl.original and pl.original != pl.name else ""
            lines.append(f"- {pl.name} — {pl.kind}{former}")
        lines.append("")
    if doc.amounts or doc.quantities:
        lines += ["### Số liệu", "", "| Trong bài | Giá trị | Ghi chú |", "|---|---|---|"]
        for a in doc.amounts:
            note = _qualifiers_label(a.qualifiers)
            if a.per_unit:
                note = f"{note} /{a.per_unit}".strip()
            value = amount_words(a.value, a.currency)
            if a.value_max is not None:
                value += f" – {amount_words(a.value_max, a.currency)}"
            lines.append(f"| {_md_cell(a.text)} | {value} | {note} |")
        for qty in doc.quantities:
            note = _qualifiers_label(qty.qualifiers)
            gap = "" if qty.unit == "%" else " "
            lines.append(f"| {_md_cell(qty.text)} | {number_vi(qty.value)}{gap}{qty.unit} | {note} |")
        lines.append("")
    if doc.directives:
        lines += ["### Nhiệm vụ được giao", ""]
        for d in doc.directives:
            parts = [f"**{d.issuer or 'Không rõ'}** {d.verb}"]
            if d.lead:
                parts.append(f"chủ trì: **{d.lead}**")
            if d.coordinating:
                parts.append(f"phối hợp: {', '.join(d.coordinating)}")
            if d.deadline:
                parts.append(f"thời hạn: {d.deadline}")
            lines.append(f"- {' · '.join(parts)}: {d.task}")
        lines.append("")
    if doc.quotes:
        lines += ["### Trích dẫn", ""]
        for q in doc.quotes:
            who = f" — {q.speaker}" if q.speaker else ""
            lines.append(f"> “{q.text}”{who}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def analysis_markdown(docs: Sequence[Document]) -> str:
    """Return the brief of a run: one section per document."""
    head = [f"# Bản tin phân tích: {len(docs)} văn bản", ""]
    return "\n".join(head) + "\n".join(document_markdown(d) for d in docs)
