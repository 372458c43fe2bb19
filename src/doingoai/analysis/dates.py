"""The dates step: date expressions in Vietnamese text, as ISO 8601 / EDTF strings.

`DateMention.date` is written at the precision the text gives:

- `2025-12-30` a day, `2025-12` a month, `2026` a year, `2026-Q1` a quarter (readable rather
  than EDTF's `2026-33`);
- `--12-30` and `--12` (ISO 8601) a day or month whose year is unknown, `--Q4` likewise a quarter;
- `2026/2028` a period (ISO 8601 interval), at the precision of each end: `2025-07-01/2025-12-31`;
- `../2045` "until 2045" and `2025-07-01/..` "from 1 July 2025" (EDTF open intervals). "trước
  ngày X" (before X) is read as a deadline, `../X`, like "đến" and "chậm nhất".

A day or month written without a year ("Ngày 30/12", "tháng 12", "quý I") takes the year that
puts it nearest the document's published date, so within about six months of it: "30/12" is
2025-12-30 in an article of 2 January 2026, and "5/1" is 2026-01-05 in one of 30 December 2025.
A tie goes to the earlier year, since news reports the past more often than the future. A
period borrows a missing year from its other end ("từ ngày 1/7 đến ngày 31/12/2025").
"năm nay", "năm ngoái", "hôm nay" and "hôm qua" are dated only when the published date is known.

The mention's text is the date words: "Ngày 30/12", "năm 2026", "giai đoạn 2026-2028",
"đến năm 2045". A weekday or part of the day before a bare "30/12" ("Sáng 30/12", "Thứ Hai
(5/1)") is what makes it a date rather than a fraction, but it is not part of the mention.

Numbers inside a document symbol ("12/2025/NĐ-CP") are never dates: the references step owns them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from doingoai.analysis.document import DateMention, Document
from doingoai.analysis.quotes import quote_spans

_FLAGS = re.IGNORECASE

_DAY = r"[0-9]{1,2}(?![0-9])"
_MONTH = r"[0-9]{1,2}(?![0-9])"
_YEAR = r"[12][0-9]{3}(?![0-9])"
# After the last number of a date: not more digits, nor the rest of a document symbol
# ("12/2025/NĐ-CP", "2021-2025/KH"), nor a decimal or thousands part.
_END = r"(?![/.-]?[0-9]|[/-][^\W\d_])"
# A bare number must not continue a word, a symbol or a decimal number.
_BARE = r"(?<![\w/.,-])"
_DASH = r"[-–—]"
_NGAY = r"ngày\s+"
_THANG = r"tháng\s+"
_NAM = r"năm\s+"

# Words that make a bare "30/12" a date: a part of the day, a weekday, an occasion or a deadline.
_TRIGGER = (
    r"(?:(?:rạng\s+)?(?:sáng|trưa|chiều|tối|đêm|khuya|hôm)(?:\s+(?:nay|qua|mai))?"
    r"|thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật|dịp|vào|trước|lễ|quốc\s+khánh)"
)
_ROMAN_QUARTER = r"(?:iv|i{1,3}|[1-4])(?![\w])"
_PERIOD_LEAD = r"(?:giai\s+đoạn|nhiệm\s+k[ỳì]|thời\s+k[ỳì]|năm\s+học|niên\s+kh(?:óa|oá)|năm)"

# Alternatives are tried in this order at each position, so longer forms come first.
_ATOM = re.compile(
    r"(?<!\w)(?:"
    rf"(?P<dmyw>(?:{_NGAY})?(?P<dmyw_d>{_DAY})\s+{_THANG}(?P<dmyw_m>{_MONTH})\s*,?\s*{_NAM}(?P<dmyw_y>{_YEAR}))"
    rf"|(?P<dmw>{_NGAY}(?P<dmw_d>{_DAY})\s+{_THANG}(?P<dmw_m>{_MONTH})(?!\s*[/.-]?\s*[0-9]))"
    rf"|(?P<dmyn>(?:{_NGAY}|{_BARE})(?P<dmyn_d>{_DAY})(?P<dmyn_s>[/.-])(?P<dmyn_m>{_MONTH})"
    rf"(?P=dmyn_s)(?P<dmyn_y>{_YEAR}){_END})"
    rf"|(?P<dr>(?:{_NGAY}|từ\s+(?:{_NGAY})?)(?P<dr_a>{_DAY})\s*(?:{_DASH}|\s(?:đến|tới)\s+(?:{_NGAY})?)\s*"
    rf"(?P<dr_b>{_DAY})(?P<dr_s>[/-])(?P<dr_m>{_MONTH})"
    rf"(?:(?P=dr_s)(?P<dr_y>{_YEAR}))?{_END})"
    rf"|(?P<dmn>{_NGAY}(?P<dmn_d>{_DAY})[/.-](?P<dmn_m>{_MONTH})(?:\s+{_NAM}(?P<dmn_y>{_YEAR}))?{_END})"
    rf"|(?:{_TRIGGER}(?:\s*,\s*|\s+)\(?\s*(?P<tdm>(?P<tdm_d>{_DAY})[/.-](?P<tdm_m>{_MONTH}){_END}))"
    # "từ 30/12 đến ngày 2/1", "từ 24-7 đến 31-7", "từ 31.5 – 5.6", "từ 6/7 đến nay": the date (or
    # "nay") at the end makes the bare start a date too.
    rf"|(?:từ\s+(?P<fdm>(?P<fdm_d>{_DAY})(?P<fdm_s>[/.-])(?P<fdm_m>{_MONTH}){_END})"
    rf"(?=\s*(?:(?:đến|tới)\s+(?:hết\s+)?(?:{_NGAY}[0-9]|[0-9]{{1,2}}(?P=fdm_s)[0-9]|(?:hôm\s+)?nay(?!\w))"
    rf"|{_DASH}\s*[0-9]{{1,2}}(?P=fdm_s)[0-9])))"
    rf"|(?P<hy>(?:(?P<hy_n>{_BARE}[0-9]{{1,2}})\s+tháng|nửa)\s+(?P<hy_pos>đầu|cuối)\s+năm"
    rf"(?:\s+(?P<hy_y>{_YEAR}){_END}|\s+(?P<hy_rel>nay|ngoái)(?!\w))?(?!\s+(?:sau|tới|trước|học)(?!\w)))"
    rf"|(?P<my>{_THANG}(?P<my_m>{_MONTH})\s*(?:[/.-]|,?\s*năm)\s*(?P<my_y>{_YEAR}){_END})"
    rf"|(?P<q>qu[ýí]\s+(?P<q_q>{_ROMAN_QUARTER})(?:\s*(?:[/-]|,?\s*năm)\s*(?P<q_y>{_YEAR}){_END})?)"
    rf"|(?P<yl>{_PERIOD_LEAD}\s+(?:từ\s+)?(?:{_NAM})?(?P<yl_a>{_YEAR})"
    rf"\s*(?:{_DASH}|/|\s(?:đến|tới)\s)\s*(?:{_NAM})?(?P<yl_b>{_YEAR}){_END})"
    rf"|(?P<yb>{_BARE}(?P<yb_a>{_YEAR})\s*{_DASH}\s*(?P<yb_b>{_YEAR}){_END})"
    rf"|(?P<y>{_NAM}(?P<y_y>{_YEAR}){_END})"
    r"|(?P<rel>năm\s+nay|năm\s+ngoái|hôm\s+nay|hôm\s+qua)(?!\w)"
    rf"|(?P<m>{_THANG}(?P<m_m>{_MONTH})(?!\s*[/.-]\s*[0-9]))"
    r")",
    _FLAGS,
)

# "ngày 30/12 đến ngày 2/1/2026": what may stand between the two ends of a period.
_RANGE_GAP = re.compile(rf"\s*(?:{_DASH}|(?:đến|tới)(?:\s+(?:hết|cuối))?(?!\w))\s*", _FLAGS)
# "từ ngày 1/7 đến 15/7": a bare day and month is a date once it ends a period.
_RANGE_TAIL = re.compile(
    rf"\s*(?:{_DASH}|(?:đến|tới)(?:\s+hết)?(?!\w))\s*(?:{_NGAY})?"
    rf"(?P<d>{_DAY})[/.-](?P<m>{_MONTH})(?:[/.-](?P<y>{_YEAR}))?{_END}",
    _FLAGS,
)
# "ngày 15/8 tới" is the coming one, "ngày 15/8 vừa qua" the last one.
_COMING = re.compile(r"\s+(?:sắp\s+)?tới(?!\w)", _FLAGS)
_PAST = re.compile(r"\s+vừa\s+(?:qua|rồi)(?!\w)", _FLAGS)

# Running `_ATOM` over every position of an article costs milliseconds, so it is only tried at the
# few words before an anchor: a run of digits that could be a day, month or year, or one of the
# rare words that make a date without digits. The longest lead before the first digit of an atom
# is about "giai đoạn từ năm " or "rạng sáng hôm nay, (".
_DIGITS = re.compile(r"[0-9]+")
_LEAD_WINDOW = 24
# The first letters of the words an atom can start with (ngày, tháng, quý, giai đoạn, sáng, ...).
_ATOM_START = re.compile(r"(?<!\w)[0-9cdghklnqrstvCDGHKLNQRSTVđĐ]")
# A digit run is worth trying only when a date separator follows it ("30/12", "2021-2025", not the
# thousands group of "1.500") or a date word stands before or after it.
_SEPARATOR_AFTER = re.compile(r"\s?[/\-–—]\s?[0-9]|\.[0-9]{1,2}(?![0-9])|\s+(?:tháng|năm)(?!\w)", _FLAGS)
_WORDS_BEFORE = frozenset(
    "ngày tháng năm quý quí đoạn kỳ kì học khóa khoá sáng trưa chiều tối đêm khuya hôm nay qua mai"
    " hai ba tư sáu bảy nhật từ dịp vào trước lễ khánh i ii iii iv".split()
)
# Dates without digits, found from their second letter on so that "Quý I" and "quý I",
# "Năm nay" and "năm nay" both hit.
_KEYWORD_FRAGMENTS = ("uý I", "uí I", "ăm nay", "ăm ngoái", "ôm nay", "ôm qua", "ửa đầu", "ửa cuối")

# Words before a date that open or close a period: "từ ngày 1/7", "đến năm 2045", "trước ngày 31/3".
_PREFIX_WINDOW = 30
_FROM = re.compile(r"(?<!\w)(?:(?:kể|bắt\s+đầu)\s+)?từ\s+(?:(?:đầu|giữa|cuối)\s+)?\Z", _FLAGS)
_UNTIL = re.compile(
    r"(?<!\w)(?:đến|tới|trước|chậm\s+nhất(?:\s+(?:là|vào))?|muộn\s+nhất(?:\s+(?:là|vào))?"
    r"|không\s+muộn\s+hơn|hạn\s+chót(?:\s+là)?)(?:\s+(?:hết|đầu|giữa|cuối))?\s+\Z",
    _FLAGS,
)
# "mỗi tháng 2 lần", "mỗi ngày 3-4 lần": the number after "tháng" or "ngày" counts, it is no date;
# so does the number in "3 tháng 12 ngày" (three months and twelve days).
_COUNTING_BEFORE = re.compile(r"(?<!\w)(?:mỗi|hằng|hàng|một|vài|mấy)\s+\Z", _FLAGS)
_NUMBER_BEFORE = re.compile(r"(?<![0-9/.-])[0-9]+\s+\Z")
_COUNTING_AFTER = re.compile(
    r"\s*(?:lần|người|giờ|tiếng|ca|bữa|chuyến|lượt|buổi|ngày|tuần|đợt|%|triệu|tỷ|nghìn|ngàn|trăm)(?!\w)",
    _FLAGS,
)


@dataclass(frozen=True)
class _Point:
    """A calendar position at some precision; any part may be unknown."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None

    def iso(self) -> str:
        """Return the ISO 8601 form, with `--` for an unknown year."""
        year = f"{self.year:04d}" if self.year is not None else "-"
        if self.quarter is not None:
            return f"{year}-Q{self.quarter}"
        if self.month is None:
            return year
        if self.day is None:
            return f"{year}-{self.month:02d}"
        return f"{year}-{self.month:02d}-{self.day:02d}"

    def first_month(self) -> int:
        """Return the first month the point covers, for ordering within a year."""
        if self.quarter is not None:
            return self.quarter * 3 - 2
        return self.month or 1

    def order_key(self) -> tuple[int, int]:
        """Return (month, day) for comparing two points of the same year."""
        return self.first_month(), self.day or 1


@dataclass
class _Mention:
    """A date expression found in the text: one point, or a period whose ends may be open.

    A point has the very same `_Point` as both ends; a period of one day has two equal ones.
    """

    start: int
    end: int
    low: _Point | None
    high: _Point | None

    @property
    def is_point(self) -> bool:
        return self.low is not None and self.low is self.high


def _valid_day(year: int | None, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    # Without a year, 29 February may still be a date.
    return day <= calendar.monthrange(year if year is not None else 2000, month)[1]


def _day_point(day: str, month: str, year: str | None) -> _Point | None:
    y = int(year) if year else None
    d, m = int(day), int(month)
    return _Point(y, m, d) if _valid_day(y, m, d) else None


def _month_point(month: str, year: str | None) -> _Point | None:
    m = int(month)
    return _Point(int(year) if year else None, m) if 1 <= m <= 12 else None


def _quarter_number(written: str) -> int:
    if written.isdigit():
        return int(written)
    return {"i": 1, "ii": 2, "iii": 3, "iv": 4}[written.lower()]


def _is_counting(text: str, start: int, end: int, *, number_before: bool = False) -> bool:
    """Return whether the number at text[start:end] counts things rather than names a date."""
    before = text[max(0, start - 12) : start]
    return bool(
        _COUNTING_BEFORE.search(before)
        or (number_before and _NUMBER_BEFORE.search(before))
        or _COUNTING_AFTER.match(text, end)
    )


def _years_ordered(first: str, second: str, *, bare: bool) -> tuple[_Point, _Point] | None:
    a, b = int(first), int(second)
    # A bare "1200-1250" is more likely pages or a count than a period.
    if not a < b <= a + 100 or (bare and not (1900 <= a and b <= 2100)):
        return None
    return _Point(a), _Point(b)


def _atom(text: str, m: re.Match[str], published: dt.date | None) -> _Mention | None:
    """Return the mention a match of `_ATOM` stands for, or None if it names no valid date."""
    g = m.group
    if g("dmyw"):
        p = _day_point(g("dmyw_d"), g("dmyw_m"), g("dmyw_y"))
        return _Mention(m.start("dmyw"), m.end("dmyw"), p, p) if p else None
    if g("dmw"):
        p = _day_point(g("dmw_d"), g("dmw_m"), None)
        return _Mention(m.start("dmw"), m.end("dmw"), p, p) if p else None
    if g("dmyn"):
        p = _day_point(g("dmyn_d"), g("dmyn_m"), g("dmyn_y"))
        return _Mention(m.start("dmyn"), m.end("dmyn"), p, p) if p else None
    if g("dr"):
        low = _day_point(g("dr_a"), g("dr_m"), g("dr_y"))
        high = _day_point(g("dr_b"), g("dr_m"), g("dr_y"))
        if low is None or high is None or low.order_key() >= high.order_key():
            return None
        return _Mention(m.start("dr"), m.end("dr"), low, high)
    if g("dmn"):
        if g("dmn_y") is None and _is_counting(text, m.start("dmn"), m.end("dmn")):
            return None
        p = _day_point(g("dmn_d"), g("dmn_m"), g("dmn_y"))
        return _Mention(m.start("dmn"), m.end("dmn"), p, p) if p else None
    if g("tdm"):
        if _COUNTING_AFTER.match(text, m.end("tdm")):
            return None
        p = _day_point(g("tdm_d"), g("tdm_m"), None)
        return _Mention(m.start("tdm"), m.end("tdm"), p, p) if p else None
    if g("fdm"):
        tail = _RANGE_TAIL.match(text, m.end("fdm"))
        if tail is not None and _COUNTING_AFTER.match(text, tail.end()):
            return None  # "từ 2-3 đến 5-7 lần": counts, not days
        p = _day_point(g("fdm_d"), g("fdm_m"), None)
        return _Mention(m.start("fdm"), m.end("fdm"), p, p) if p else None
    if g("hy"):
        return _half_year(m, published)
    if g("my"):
        p = _month_point(g("my_m"), g("my_y"))
        return _Mention(m.start("my"), m.end("my"), p, p) if p else None
    if g("q"):
        year = g("q_y")
        p = _Point(int(year) if year else None, quarter=_quarter_number(g("q_q")))
        return _Mention(m.start("q"), m.end("q"), p, p)
    if g("yl") or g("yb"):
        key = "yl" if g("yl") else "yb"
        ends = _years_ordered(g(f"{key}_a"), g(f"{key}_b"), bare=key == "yb")
        return _Mention(m.start(key), m.end(key), *ends) if ends else None
    if g("y"):
        p = _Point(int(g("y_y")))
        return _Mention(m.start("y"), m.end("y"), p, p)
    if g("rel"):
        return _relative(m, published)
    if g("m"):
        if _is_counting(text, m.start("m"), m.end("m"), number_before=True):
            return None
        p = _month_point(g("m_m"), None)
        return _Mention(m.start("m"), m.end("m"), p, p) if p else None
    return None


def _half_year(m: re.Match[str], published: dt.date | None) -> _Mention | None:
    """Return "6 tháng đầu năm 2026" as 2026-01/2026-06; "nửa cuối năm" as months 7 to 12."""
    months = int(m.group("hy_n")) if m.group("hy_n") else 6
    if not 1 <= months <= 11:
        return None
    written, relative = m.group("hy_y"), m.group("hy_rel")
    if written:
        year: int | None = int(written)
    elif published is None:
        year = None
    else:
        # "6 tháng đầu năm" without a year is this year's first half, like "6 tháng đầu năm nay".
        year = published.year - (1 if relative and relative.lower() == "ngoái" else 0)
    if relative and year is None:
        return None
    first, last = (1, months) if m.group("hy_pos").lower() == "đầu" else (13 - months, 12)
    return _Mention(m.start("hy"), m.end("hy"), _Point(year, first), _Point(year, last))


def _relative(m: re.Match[str], published: dt.date | None) -> _Mention | None:
    if published is None:
        return None
    word = " ".join(m.group("rel").lower().split())
    point = {
        "năm nay": _Point(published.year),
        "năm ngoái": _Point(published.year - 1),
        "hôm nay": _Point(published.year, published.month, published.day),
    }.get(word)
    if point is None:  # hôm qua
        if published == dt.date.min:
            return None
        day = published - dt.timedelta(days=1)
        point = _Point(day.year, day.month, day.day)
    return _Mention(m.start("rel"), m.end("rel"), point, point)


def _nearest_year(point: _Point, published: dt.date, direction: int = 0) -> _Point:
    """Return `point` in the year that puts it nearest `published`; a tie goes to the earlier year.

    A `direction` of 1 ("15/8 tới", the coming 15 August) keeps to years on or after the published
    date, -1 ("15/8 vừa qua") to years on or before it.
    """
    best: tuple[int, int] | None = None
    for year in (published.year - 1, published.year, published.year + 1):
        if not dt.MINYEAR <= year <= dt.MAXYEAR:
            continue
        if point.day is not None and point.month is not None:
            if not _valid_day(year, point.month, point.day):
                continue
            offset = (dt.date(year, point.month, point.day) - published).days
        elif point.quarter is not None:
            offset = year * 4 + point.quarter - (published.year * 4 + (published.month + 2) // 3)
        else:
            offset = year * 12 + (point.month or 1) - (published.year * 12 + published.month)
        if offset * direction < 0:
            continue
        if best is None or abs(offset) < best[0]:
            best = (abs(offset), year)
    return replace(point, year=best[1]) if best else point


def _resolve(mention: _Mention, published: dt.date | None, direction: int = 0) -> _Mention | None:
    """Fill missing years; return None for a period whose ends are out of order."""
    low, high = mention.low, mention.high
    if mention.is_point:
        assert low is not None
        if low.year is None and published is not None:
            low = _nearest_year(low, published, direction)
        return _Mention(mention.start, mention.end, low, low)
    if low is not None and high is not None:
        if low.year is None and high.year is not None:
            year = high.year - (1 if low.order_key() > high.order_key() else 0)
            low = replace(low, year=year)
        elif low.year is None and published is not None:
            low = _nearest_year(low, published)
        if high.year is None and low.year is not None:
            high = replace(high, year=low.year + (1 if high.order_key() < low.order_key() else 0))
        if low.year is not None and high.year is not None:
            if (low.year, *low.order_key()) > (high.year, *high.order_key()):
                return None
    else:
        for_side = low or high
        assert for_side is not None
        if for_side.year is None and published is not None:
            for_side = _nearest_year(for_side, published)
        low, high = (for_side, None) if low is not None else (None, for_side)
    return _Mention(mention.start, mention.end, low, high)


def _combine(text: str, atoms: list[_Mention], published: dt.date | None) -> list[_Mention]:
    """Join two points linked by "đến" or a dash into a period; end a lone day by a bare "15/7"."""
    out: list[_Mention] = []
    i = 0
    while i < len(atoms):
        atom = atoms[i]
        nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        if (
            atom.is_point
            and nxt is not None
            and nxt.is_point
            and _RANGE_GAP.fullmatch(text, atom.end, nxt.start)
        ):
            period = _Mention(atom.start, nxt.end, atom.low, nxt.high)
            if _resolve(period, published) is not None:
                out.append(period)
                i += 2
                continue
        if atom.is_point and atom.low is not None and atom.low.day is not None:
            tail = _RANGE_TAIL.match(text, atom.end)
            if tail and (nxt is None or tail.end() <= nxt.start):
                high = _day_point(tail.group("d"), tail.group("m"), tail.group("y"))
                period = _Mention(atom.start, tail.end(), atom.low, high)
                if high is not None and _resolve(period, published) is not None:
                    atom = period
        out.append(atom)
        i += 1
    return out


def _with_prefix(text: str, mention: _Mention) -> _Mention:
    """Extend a mention over "từ" (from) or "đến" / "trước" (until) written before it."""
    window_start = max(0, mention.start - _PREFIX_WINDOW)
    before = text[window_start : mention.start]
    found = _FROM.search(before)
    if found:
        start = window_start + found.start()
        if mention.is_point:
            return _Mention(start, mention.end, mention.low, None)
        return _Mention(start, mention.end, mention.low, mention.high)
    found = _UNTIL.search(before)
    if found and mention.is_point:
        return _Mention(window_start + found.start(), mention.end, None, mention.high)
    return mention


def _iso(mention: _Mention) -> str:
    if mention.is_point:
        assert mention.low is not None
        return mention.low.iso()
    low = mention.low.iso() if mention.low else ".."
    high = mention.high.iso() if mention.high else ".."
    return f"{low}/{high}"


def _word_before(text: str, pos: int) -> str:
    """Return the lower-cased word before `pos`, across spaces, a comma or an opening parenthesis."""
    words = text[max(0, pos - 12) : pos].rstrip(" ,(/-–").rsplit(None, 1)
    return words[-1].lower() if words else ""


def _anchors(text: str) -> list[int]:
    """Return the positions where a date expression may have its first digit or keyword."""
    anchors = [
        m.start()
        for m in _DIGITS.finditer(text)
        if m.end() - m.start() in (1, 2, 4)
        and (_SEPARATOR_AFTER.match(text, m.end()) or _word_before(text, m.start()) in _WORDS_BEFORE)
    ]
    for fragment in _KEYWORD_FRAGMENTS:
        found = text.find(fragment, 1)
        while found >= 0:
            anchors.append(found - 1)
            found = text.find(fragment, found + 1)
    anchors.sort()
    return anchors


def _atoms(text: str, published: dt.date | None) -> list[_Mention]:
    """Return the date atoms of `text`, trying `_ATOM` only at the words just before each anchor."""
    atoms: list[_Mention] = []
    last_end = 0
    for anchor in _anchors(text):
        if anchor < last_end:
            continue
        starts = [w.start() for w in _ATOM_START.finditer(text, max(last_end, anchor - _LEAD_WINDOW), anchor)]
        starts.append(anchor)
        for start in starts:
            m = _ATOM.match(text, start)
            if m is None or m.end() <= anchor:
                continue
            atom = _atom(text, m, published)
            if atom is not None:
                atoms.append(atom)
                last_end = m.end()
                break
    return atoms


# An event is reported from a few days before publication (weeklies, late write-ups) to the
# day after (a dateline written before midnight); dates outside that are history, not the event.
EVENT_DATE_BEFORE_PUBLISHED = dt.timedelta(days=14)
EVENT_DATE_AFTER_PUBLISHED = dt.timedelta(days=1)
# Only a date in the lead ("Ngày 30/12, ...") names the event; later dates are background
# ("ngày 19/5" deep in a 2 June report is what happened before, not what is reported).
LEAD_CHARS = 400

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
# A day without its year: "--12-30" (ISO 8601 truncated) or "XXXX-12-30".
_YEARLESS_DAY = re.compile(r"^(?:--|[Xx?]{4}-)(\d{2})-(\d{2})")


def _yearless_day(month: int, day: int, published: dt.date | None) -> dt.date | None:
    if published is None:
        return None
    for year in (published.year, published.year - 1, published.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if published - EVENT_DATE_BEFORE_PUBLISHED <= candidate <= published + EVENT_DATE_AFTER_PUBLISHED:
            return candidate
    return None


def date_of_mention(value: str, published: dt.date | None) -> dt.date | None:
    """Return the day an ISO date mention names; a yearless day takes its year from `published`."""
    full = _ISO_DAY.match(value)
    if full:
        try:
            return dt.date(int(full.group(1)), int(full.group(2)), int(full.group(3)))
        except ValueError:
            return None
    partial = _YEARLESS_DAY.match(value)
    if partial:
        return _yearless_day(int(partial.group(1)), int(partial.group(2)), published)
    return None


def lead_end(doc: Document) -> int:
    """Return where a document's lead ends: LEAD_CHARS after the title, if the title opens the text."""
    end = LEAD_CHARS
    if doc.title and doc.text.lstrip("# ").startswith(doc.title):
        end += doc.text.find(doc.title) + len(doc.title)
    return end


def lead_day_without_year(doc: Document) -> tuple[int, int] | None:
    """Return the (month, day) of the lead's first date written without a year ("Ngày 30/12"), or None.

    For a report with no publication date, whose event day therefore has no year: where it is
    placed in time, that day gives the year (`day_before`).
    """
    lead = lead_end(doc)
    for mention in sorted(doc.dates, key=lambda m: m.span):
        if mention.span[0] >= lead:
            break
        partial = _YEARLESS_DAY.match(mention.date)
        if partial:
            return int(partial.group(1)), int(partial.group(2))
        if _ISO_DAY.match(mention.date):
            return None  # the lead's first day has its year: nothing to guess
    return None


def day_before(month_day: tuple[int, int], last: dt.date) -> dt.date | None:
    """Return the latest day of that month and day on or before `last` (a 29 February within 8 years)."""
    month, day = month_day
    for year in range(last.year, last.year - 9, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= last:
            return candidate
    return None


def event_date_find(doc: Document, mentions: Sequence[DateMention] | None = None) -> dt.date | None:
    """Return the day the reported event took place: the first fitting date of the lead, else None.

    The lead starts after the title, if the title opens the text. With a publication date, the
    day must also fall shortly before it; without one, a date of the lead is taken as it is.
    `mentions` are the dates to look among, the document's own by default.
    """
    lead = lead_end(doc)
    for mention in sorted(doc.dates if mentions is None else mentions, key=lambda m: m.span):
        if mention.span[0] >= lead:
            break
        day = date_of_mention(mention.date, doc.published)
        if day is None:
            continue
        if doc.published is None:
            return day
        if doc.published - EVENT_DATE_BEFORE_PUBLISHED <= day <= doc.published + EVENT_DATE_AFTER_PUBLISHED:
            return day
    return None


def dates_find(text: str, published: dt.date | None = None) -> list[DateMention]:
    """Return the date expressions of `text`, in order, resolved against the published date."""
    atoms = _atoms(text, published)
    mentions: list[DateMention] = []
    for combined in _combine(text, atoms, published):
        direction = 1 if _COMING.match(text, combined.end) else -1 if _PAST.match(text, combined.end) else 0
        resolved = _resolve(_with_prefix(text, combined), published, direction)
        if resolved is None:
            continue
        start, end = resolved.start, resolved.end
        mentions.append(DateMention(text=text[start:end], date=_iso(resolved), span=(start, end)))
    return mentions


_SPOKEN_DAY = {"hôm nay": 0, "hôm qua": 1}  # days before the day of speaking


def _spoken_days_dated(doc: Document) -> None:
    """Date "hôm nay" and "hôm qua" inside quotation marks from the day the words were spoken.

    A report published on 31/12 of a meeting held on 30/12 quotes a speaker's "hôm nay": the
    speaker meant the 30th. When the lead names the day of the event reported (the rule of
    `event_date_find`), a quoted "hôm nay" is that day and "hôm qua" the day before; without
    one they stay dated from the publication, as outside quotes.
    """
    quoted = [(m, _SPOKEN_DAY[m.text.lower()]) for m in doc.dates if m.text.lower() in _SPOKEN_DAY]
    if not quoted:
        return
    quotes = quote_spans(doc.text)
    inside = {id(m): back for m, back in quoted if any(s <= m.span[0] and m.span[1] <= e for s, e in quotes)}
    if not inside:
        return
    # The day of the event from the other dates: a quoted "hôm nay" names no day of its own.
    reported = event_date_find(doc, [m for m in doc.dates if id(m) not in inside])
    if reported is None:
        return
    doc.dates = [
        replace(m, date=(reported - dt.timedelta(days=inside[id(m)])).isoformat()) if id(m) in inside else m
        for m in doc.dates
    ]


def dates_step(doc: Document) -> Document:
    """Add the document's date expressions, with partial dates resolved against its published date."""
    doc.dates = dates_find(doc.text, doc.published)
    _spoken_days_dated(doc)
    return doc
