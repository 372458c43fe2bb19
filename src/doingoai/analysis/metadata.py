"""The metadata step: the outlet, the published date and the title of a document."""

from __future__ import annotations

import datetime as dt
import re

from doingoai.analysis.document import Document

# "(TBTCO) - ..." at the start of the lead; the tag is an outlet's short name.
_SOURCE_TAG = re.compile(r"^[ \t]*\(([A-ZĐ][\w.&+ -]{0,28}[\w.])\)[ \t]*[-–—]", re.MULTILINE)
# "date 2025-12-30" as a tag at the start of a line.
_DATE_TAG = re.compile(r"^[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})\b", re.MULTILINE | re.IGNORECASE)
_MD_HEADING = re.compile(r"^[ \t]*#{1,2}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_HEAD_LINES = 4  # tags are looked for in the first few non-empty lines only
_TITLE_MAX_WORDS = 30


def _head(text: str) -> str:
    """Return the text up to the end of its first few non-empty lines."""
    count, pos = 0, 0
    for m in re.finditer(r"[^\n]*\S[^\n]*", text):
        count += 1
        pos = m.end()
        if count >= _HEAD_LINES:
            break
    return text[:pos]


def _iso_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _heading_like(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= _TITLE_MAX_WORDS and line.rstrip()[-1] not in ".!?:;…,"


def _title(text: str) -> str | None:
    heading = _MD_HEADING.search(text)
    if heading:
        return heading.group(1).strip()
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    for line in lines[:6]:
        cleaned = _DATE_TAG.sub("", line).strip()
        if _SOURCE_TAG.match(cleaned) or not cleaned:
            continue
        if _heading_like(cleaned):
            return cleaned
    return None


def metadata_step(doc: Document) -> Document:
    """Set the document's source, published date and title from its leading tags and lines."""
    head = _head(doc.text)
    source = _SOURCE_TAG.search(head)
    if doc.source is None:
        doc.source = source.group(1) if source else doc.hints.get("source") or None
    if doc.published is None:
        tag = _DATE_TAG.search(head)
        found = tag.group(1) if tag else doc.hints.get("published", "")
        doc.published = _iso_date(found[:10]) if found else None
    if doc.title is None:
        doc.title = doc.hints.get("title") or _title(doc.text)
    return doc
