"""Render a document's text with each extracted fact marked at its span.

Facts overlap (a person inside a quote, a place inside an organization's name), so the text is
cut at every span boundary and each piece is wrapped in one `<mark>` listing the kinds of every
fact that covers it. The HTML is built from escaped pieces here; templates never receive
unescaped user text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from doingoai.analysis.document import Document as Analysed
from doingoai.analysis.metadata import metadata_tag_spans
from doingoai.events.compare import diff_parts

FACT_KINDS: dict[str, object] = {
    "person": _("Nhân vật"),
    "organization": _("Cơ quan, tổ chức"),
    "place": _("Địa điểm"),
    "amount": _("Số tiền"),
    "quantity": _("Số liệu"),
    "date": _("Ngày tháng"),
    "reference": _("Văn bản được nhắc đến"),
    "directive": _("Nhiệm vụ được giao"),
    "quote": _("Trích dẫn"),
}


@dataclass(frozen=True)
class Marked:
    """One fact to mark: its kind, its span, and the label shown on hover."""

    kind: str
    start: int
    end: int
    label: str


def facts_marked(doc: Analysed) -> Iterator[Marked]:
    """Yield every fact of an analysed document with its span(s)."""
    for kind, layer in (("person", doc.people), ("organization", doc.organizations), ("place", doc.places)):
        for fact in layer:
            for start, end in fact.spans:
                yield Marked(kind, start, end, fact.name)
    for amount in doc.amounts:
        yield Marked("amount", *amount.span, amount.text)
    for quantity in doc.quantities:
        yield Marked("quantity", *quantity.span, quantity.text)
    for date in doc.dates:
        yield Marked("date", *date.span, date.date)
    for reference in doc.references:
        yield Marked("reference", *reference.span, reference.text)
    for directive in doc.directives:
        yield Marked("directive", *directive.span, directive.task)
    for quote in doc.quotes:
        yield Marked("quote", *quote.span, quote.speaker or "")


def text_highlighted(doc: Analysed) -> SafeString:
    """Return the document's text as HTML, each fact in a `<mark>` with its kinds as classes.

    The leading tag lines ("date 2026-11-25") are left out: the page shows the date they give.
    """
    text = doc.text
    marks = [m for m in facts_marked(doc) if 0 <= m.start < m.end <= len(text)]
    tags = metadata_tag_spans(text)
    bounds = sorted(
        {0, len(text), *(m.start for m in marks), *(m.end for m in marks), *itertools.chain(*tags)}
    )
    parts: list[str] = []
    for start, end in itertools.pairwise(bounds):
        if any(tag_start <= start and end <= tag_end for tag_start, tag_end in tags):
            continue
        piece = escape(text[start:end])
        covering = [m for m in marks if m.start <= start and end <= m.end]
        if not covering:
            parts.append(piece)
            continue
        kinds = sorted({m.kind for m in covering}, key=list(FACT_KINDS).index)
        classes = " ".join(f"fact-{k}" for k in kinds)
        title = "; ".join(
            f"{FACT_KINDS[m.kind]}: {m.label}" if m.label else str(FACT_KINDS[m.kind]) for m in covering
        )
        names = " ".join(kinds)
        # The fact lists beside the text, a task made from a directive and an event's comparison
        # link to a fact's words: the piece where they start carries the span as an anchor (the
        # directive's on the mark itself, others that start here on empty elements before it).
        starting = sorted((m for m in covering if m.start == start), key=lambda m: m.kind != "directive")
        anchors = list(dict.fromkeys(span_anchor((m.start, m.end)) for m in starting))
        parts += [f'<span id="{a}" class="fact-anchor"></span>' for a in anchors[1:]]
        anchor = f' id="{anchors[0]}"' if anchors else ""
        parts.append(
            f'<mark{anchor} class="fact {classes}" data-kinds="{names}" '
            f'title="{escape(title)}">{piece}</mark>'
        )
    return mark_safe("".join(parts))


def span_anchor(span: tuple[int, int]) -> str:
    """Return the id of the place in a document's page where the words at `span` start."""
    return f"span-{span[0]}-{span[1]}"


def diff_html(diff: str) -> SafeString:
    """Return a word diff (`[-removed-]`, `{+added+}`) as HTML with `<del>` and `<ins>`, escaped."""
    tags = {"removed": "del", "added": "ins"}
    return mark_safe(
        "".join(
            f"<{tags[kind]}>{escape(text)}</{tags[kind]}>" if kind in tags else escape(text)
            for kind, text in diff_parts(diff)
        )
    )


@dataclass(frozen=True)
class DirectiveShown:
    """A task the analysis found, as the document page lists it."""

    task: str
    lead: str
    coordinating: list[str]
    deadline: str
    anchor: str


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ISO_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def deadline_shown(value: str) -> str:
    """Return a normalized deadline ("2026-03-31", "2026-Q1", "2026-06", "a/b") as people write it."""
    if "/" in value and not value.count("/") > 1:
        low, high = value.split("/")
        return " – ".join(deadline_shown(part) if part != ".." else "…" for part in (low, high))
    if m := _ISO_DAY.match(value):
        return f"{m[3]}/{m[2]}/{m[1]}"
    if m := _ISO_MONTH.match(value):
        return str(_("tháng %(month)d/%(year)s") % {"month": int(m[2]), "year": m[1]})
    if m := _ISO_QUARTER.match(value):
        return str(_("quý %(q)s/%(year)s") % {"q": m[2], "year": m[1]})
    if re.fullmatch(r"\d{4}", value):
        return str(_("năm %(year)s") % {"year": value})
    return value


def directives_listed(doc: Analysed) -> list[DirectiveShown]:
    """Return the tasks assigned in the document, in text order, each with a link to its sentence.

    The deadline is shown in the article's own words (the date mention it was read from), not as
    the normalized value ("2026-Q2").
    """
    shown = []
    for directive in sorted(doc.directives, key=lambda d: d.span[0]):
        start, end = directive.span
        words = next(
            (
                d.text
                for d in doc.dates
                if d.date == directive.deadline and start <= d.span[0] and d.span[1] <= end + 40
            ),
            deadline_shown(directive.deadline or ""),
        )
        shown.append(
            DirectiveShown(
                task=directive.task,
                lead=directive.lead or "",
                coordinating=list(directive.coordinating),
                deadline=words,
                anchor=span_anchor(directive.span),
            )
        )
    return shown
