"""The metadata step: the outlet, the published date and the title of a document."""

from __future__ import annotations

import datetime as dt
import re

from doingoai.analysis.admin_header import admin_header_parse
from doingoai.analysis.document import Document

# "(TBTCO) - ..." at the start of the lead; the tag is an outlet's short name.
_SOURCE_TAG = re.compile(r"^[ \t]*\(([A-ZĐ][\w.&+ -]{0,28}[\w.])\)[ \t]*[-–—]", re.MULTILINE)
# "date 2025-12-30" as a tag at the start of a line.
_DATE_TAG = re.compile(r"^[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})\b", re.MULTILINE | re.IGNORECASE)
# "Nguồn: Báo Quốc tế", "(Theo TTXVN)": a short line naming the outlet, at the end of an article.
_SOURCE_LINE = re.compile(
    r"^[ \t]*\(?(?:Nguồn|Theo)[ \t]*:?[ \t]+([^\n()]{2,60}?)[ \t]*\)?[ \t.]*$", re.MULTILINE | re.IGNORECASE
)
_SOURCE_LINE_MAX_WORDS = 8
# A web address in the text: the outlet's domain, unless it is part of an e-mail address.
_DOMAIN = re.compile(
    r"(?<![@\w.-])(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+(?:vn|com|net|org|info))\b", re.IGNORECASE
)
# Well-known outlets by domain and by name (folded to lower case), for sources named in the text.
_OUTLETS = {
    "vietnamplus.vn": "TTXVN",
    "baotintuc.vn": "Báo Tin tức",
    "nhandan.vn": "Nhân Dân",
    "vov.vn": "VOV",
    "vtv.vn": "VTV",
    "baoquocte.vn": "Báo Quốc tế",
    "tuoitre.vn": "Tuổi Trẻ",
    "thanhnien.vn": "Thanh Niên",
    "qdnd.vn": "Quân đội nhân dân",
    "sggp.org.vn": "Sài Gòn Giải Phóng",
    "baochinhphu.vn": "Báo Điện tử Chính phủ",
    "chinhphu.vn": "Chinhphu.vn",
    "phunuvietnam.vn": "Phụ nữ Việt Nam",
    "vnexpress.net": "VnExpress",
    "dantri.com.vn": "Dân trí",
    "vietnamnet.vn": "VietNamNet",
    "laodong.vn": "Lao Động",
    "tienphong.vn": "Tiền Phong",
}
_OUTLET_NAMES = {
    name.lower(): name
    for name in (
        *_OUTLETS.values(),
        "Thông tấn xã Việt Nam",
        "Báo Nhân Dân",
        "Đài Tiếng nói Việt Nam",
        "Vietnam+",
        "Báo Thế giới và Việt Nam",
        "Báo Quân đội nhân dân",
    )
}
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


def _source_line(text: str) -> str | None:
    lines = [ln for ln in text.split("\n") if ln.strip()][-3:]
    for line in reversed(lines):
        found = _SOURCE_LINE.match(line)
        if found and len(found.group(1).split()) <= _SOURCE_LINE_MAX_WORDS:
            name = found.group(1).strip()
            return _OUTLET_NAMES.get(name.lower(), name)
    return None


def _source_domain(text: str) -> str | None:
    for found in _DOMAIN.finditer(text):
        domain = found.group(1).lower()
        for known, name in _OUTLETS.items():
            if domain == known or domain.endswith("." + known):
                return name
        return domain
    return None


def _source_named(text: str) -> str | None:
    lines = [ln.strip(" \t-–—()") for ln in text.split("\n") if ln.strip()]
    for line in lines[:2] + lines[-2:]:
        if line.lower() in _OUTLET_NAMES:
            return _OUTLET_NAMES[line.lower()]
    return None


def source_in_text(text: str) -> str | None:
    """Return the outlet a text names for itself: a closing source line, a web address, a byline.

    Used when the lead carries no outlet tag: a file name is not an outlet, so without any of
    these the source stays unknown.
    """
    return _source_line(text) or _source_domain(text) or _source_named(text)


def metadata_tag_spans(text: str) -> list[tuple[int, int]]:
    """Return the spans of the leading tag lines ("date 2026-11-25"), with their line breaks.

    They are data for the metadata, not words of the article: a page shows the date they give,
    not the tag.
    """
    head = _head(text)
    spans = []
    for tag in _DATE_TAG.finditer(head):
        end = text.find("\n", tag.end())
        line_end = text.find("\n", tag.start())
        if text[tag.end() : line_end if line_end != -1 else len(text)].strip():
            # The tag shares its line with words of the article: only the tag itself goes.
            spans.append((tag.start(), tag.end()))
        else:
            spans.append((tag.start(), len(text) if end == -1 else end + 1))
    return spans


def metadata_step(doc: Document) -> Document:
    """Set the document's source, published date and title from its leading tags and lines.

    An official document (a notice, a report, a conclusion) opens with its issuer's name, the
    national motto, its number and date: its title is the kind and summary under them ("Thông
    báo kết luận của ..."), its source the issuer, its date the one it bears; never the letterhead.
    """
    hints = doc.hints
    if not hints.get("title"):
        header = admin_header_parse(doc.text)
        if header.is_official():
            hints = {**header.hints(), **hints}
    head = _head(doc.text)
    source = _SOURCE_TAG.search(head)
    if doc.source is None:
        doc.source = source.group(1) if source else hints.get("source") or source_in_text(doc.text)
    if doc.published is None:
        tag = _DATE_TAG.search(head)
        found = tag.group(1) if tag else hints.get("published", "")
        doc.published = _iso_date(found[:10]) if found else None
    if doc.title is None:
        doc.title = hints.get("title") or _title(doc.text)
    return doc
