"""Read the administrative header of a Vietnamese official document (Nghị định 30/2020/NĐ-CP).

An official letter, report or plan opens with two columns: on the left the superior body and the
issuing body in capitals, then "Số: 12/BC-LHH" (and, for a letter, "V/v ..." giving its subject);
on the right the national name and motto, then the place and date ("Hà Nội, ngày 05 tháng 01 năm
2026"). Below them come the type of document in capitals ("BÁO CÁO") and its title. Extracted
from Word or PDF, the columns arrive as lines in either order; this parser looks for each part by
its own pattern in the first lines, so the order does not matter.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from doingoai.analysis.text import fold_key

# Only the head of a document is read: the header never runs longer than this.
_HEAD_LINES = 30

_NUMBER = re.compile(r"^\s*Số\s*(?:[:.]\s*|\s)(?P<number>[0-9A-Za-zĐđ][\w.\-]*(?:/[\w.\-]+)+)", re.IGNORECASE)
_PLACE_DATE = re.compile(
    r"^\s*(?P<place>[^\d,;:\n]{2,60}?)\s*,\s*ngày\s+(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2})"
    r"\s+năm\s+(?P<year>\d{4})",
    re.IGNORECASE,
)
_SUBJECT = re.compile(r"^\s*(?:V/v|Về việc)\s*[:.]?\s*(?P<subject>\S.*)$", re.IGNORECASE)
_RULE = re.compile(r"^[\s\-_–—=.*~]+$")
_MOTTO_START = re.compile(r"\bcong hoa xa hoi chu nghia\b|\bdoc lap\s*[-–—]\s*tu do\b")
_MOTTO_KEYS = ("cong hoa xa hoi chu nghia viet nam", "doc lap tu do hanh phuc")

# The kinds of administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục III) by their
# abbreviation in the symbol, and their names as the type line writes them.
DOCUMENT_TYPES = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "PC": "Phiếu chuyển",
    "PG": "Phiếu gửi",
    "PB": "Phiếu báo",
}
_TYPE_BY_KEY = {fold_key(name): name for name in DOCUMENT_TYPES.values()}
# The folded names of the kinds of document ("bao cao"), which a type line writes in capitals.
DOCUMENT_TYPE_KEYS = frozenset(_TYPE_BY_KEY)


@dataclass(frozen=True)
class AdminHeader:
    """What the header of an official document says; a part it does not say is empty (or None)."""

    issuer: str = ""
    superior: str = ""
    number: str = ""
    place: str = ""
    date: dt.date | None = None
    doc_type: str = ""
    title: str = ""

    def is_empty(self) -> bool:
        """Return whether the text had no part of an administrative header at all."""
        return not (self.issuer or self.number or self.place or self.date or self.doc_type or self.title)

    def display_title(self) -> str:
        """Return the document's title as a list shows it: "Báo cáo kết quả ...", or the subject."""
        if self.doc_type and self.title:
            return f"{self.doc_type} {self.title[:1].lower()}{self.title[1:]}"
        return self.title or self.doc_type


def _is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


# Words found in the national name and motto and in no body's name.
_MOTTO_WORDS = re.compile(r"\b(?:cong hoa|xa hoi|chu nghia|doc lap|tu do|hanh phuc)\b")


def _is_motto(line: str, *, after_motto: bool = False) -> bool:
    """Tell whether `line` is the national name or motto, or a piece of one wrapped by a PDF.

    A narrow column may give "CỘNG HÒA XÃ" / "HỘI CHỦ NGHĨA VIỆT NAM": each piece is part of the
    motto when it is a run of its words holding one of the words no body's name has, or when it
    follows such a piece ("VIỆT NAM" after "CỘNG HÒA XÃ HỘI CHỦ NGHĨA").
    """
    key = " ".join(fold_key(line).replace("-", " ").split())
    if any(key.startswith(m) for m in _MOTTO_KEYS):
        return True
    if not key or not any(f" {key} " in f" {m} " for m in _MOTTO_KEYS):
        return False
    return after_motto or (len(key.split()) >= 2 and bool(_MOTTO_WORDS.search(key)))


def _type_from_number(number: str) -> str:
    """Return the kind of document its symbol names ("12/BC-LHH" -> "Báo cáo"), or ""."""
    for part in number.split("/")[1:]:
        found = DOCUMENT_TYPES.get(part.split("-")[0])
        if found:
            return found
    return ""


def _sentence_case(line: str) -> str:
    """Return a title typed in capitals as a sentence ("KẾT QUẢ CÔNG TÁC" -> "Kết quả công tác")."""
    if not _is_upper(line):
        return line
    lowered = line.lower()
    return lowered[:1].upper() + lowered[1:]


def _fragments(line: str) -> list[str]:
    """Split a line where two columns of the header were run together by the extraction.

    A PDF's text layer may give "LIÊN HIỆP ... CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" or
    "Số: 12/BC-LHH Hà Nội, ngày 05 tháng 01 năm 2026" as one line.
    """
    motto = _MOTTO_START.search(fold_key(line))
    if motto and motto.start() > 0:
        return [*_fragments(line[: motto.start()].strip()), line[motto.start() :]]
    found = _NUMBER.match(line)
    if found and line[found.end() :].strip():
        return [line[: found.end()], *_fragments(line[found.end() :].strip())]
    return [line] if line else []


# A line that is only a place ("TỈNH QUẢNG TRỊ", "THÀNH PHỐ HÀ NỘI") is not a body of its own: the
# header wrapped the body's name ("ỦY BAN NHÂN DÂN" / "TỈNH QUẢNG TRỊ" is the provincial people's
# committee, not a committee above a province). A party committee ("TỈNH ỦY …") is a body.
_PLACE_LINE = re.compile(r"^(?:tinh|thanh pho|xa|phuong|dac khu|huyen|quan|thi xa) (?!uy\b)")


def _bodies_joined(bodies: list[str]) -> list[str]:
    """Return the header's bodies with a name split over two lines put back together."""
    joined: list[str] = []
    for body in bodies:
        if joined and _PLACE_LINE.match(fold_key(body).lower()):
            joined[-1] = f"{joined[-1]} {body}"
        else:
            joined.append(body)
    return joined


def _dates_joined(lines: list[str]) -> list[str]:
    """Return the lines with a place and date wrapped over two lines put back on one.

    A narrow right column may end a line after "tháng 01" and put "năm 2026" on the next.
    """
    joined: list[str] = []
    for line in lines:
        if joined and "ngày" in joined[-1].lower() and not _PLACE_DATE.match(joined[-1]):
            together = f"{joined[-1]} {line}"
            if _PLACE_DATE.match(together):
                joined[-1] = together
                continue
        joined.append(line)
    return joined


def admin_header_parse(text: str) -> AdminHeader:
    """Return the administrative header at the start of `text`; parts not found are left empty."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line and not _RULE.match(line)][:_HEAD_LINES]
    lines = _dates_joined([part for line in lines for part in _fragments(line)])
    number = place = subject = doc_type = title = ""
    date: dt.date | None = None
    bodies: list[str] = []
    type_at = -1
    after_motto = False
    for index, line in enumerate(lines):
        was_motto, after_motto = after_motto, False
        if not number and (found := _NUMBER.match(line)):
            number = found.group("number").rstrip(".-")
            continue
        if date is None and (found := _PLACE_DATE.match(line)):
            try:
                date = dt.date(int(found.group("year")), int(found.group("month")), int(found.group("day")))
            except ValueError:
                date = None
            else:
                place = found.group("place").strip()
            continue
        if not subject and (found := _SUBJECT.match(line)):
            subject = found.group("subject").strip()
            continue
        if _is_motto(line, after_motto=was_motto):
            after_motto = True
            continue
        if not doc_type and _is_upper(line) and fold_key(line) in _TYPE_BY_KEY:
            doc_type, type_at = _TYPE_BY_KEY[fold_key(line)], index
            continue
        if not number and not doc_type and _is_upper(line) and len(line) <= 120:
            bodies.append(line)
    if type_at >= 0 and type_at + 1 < len(lines):
        # The title is the line after the type line; a PDF may wrap it, and its next line then
        # starts in lower case ("Kết quả công tác đối ngoại" / "nhân dân năm 2025").
        first = lines[type_at + 1]
        if not (_NUMBER.match(first) or _PLACE_DATE.match(first) or first.endswith((".", ":", ";"))):
            parts = [first]
            following = lines[type_at + 2] if type_at + 2 < len(lines) else ""
            if following[:1].islower() and not _is_upper(first):
                parts.append(following)
            title = _sentence_case(" ".join(parts))
    if not title and subject:
        title = subject if doc_type else f"V/v {subject}"
    if not doc_type and number:
        doc_type = _type_from_number(number)
    bodies = _bodies_joined(bodies)
    issuer = bodies[-1] if bodies else ""
    superior = bodies[-2] if len(bodies) > 1 else ""
    return AdminHeader(
        issuer=issuer,
        superior=superior,
        number=number,
        place=place,
        date=date,
        doc_type=doc_type,
        title=title,
    )
