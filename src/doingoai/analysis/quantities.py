"""The quantities step: a number with the noun it counts ("248 xã biên giới"), or a percentage.

The unit is the counted noun phrase: the head noun and the word that classifies it ("xã biên
giới", "điểm cầu", "tổ chức phi chính phủ"), or a classifier and two words ("lượt khách quốc
tế"), at most five syllables, when the segmenter's words are known; without them, at most four
syllables. It stops before punctuation, function words and verbs ("tại", "của", "và", "được",
"tham gia"), before a capitalized name, and right after a measure or time unit ("650.000 tấn
gạo" counts "tấn", "gần 5 năm thực hiện" counts "năm"; "60 km/h" keeps its "/h"). "8%" and
"8 phần trăm" have the unit "%".

Years, dates and document numbers are not quantities. Numbers inside amounts, dates and
references found by earlier steps are skipped; so are, by this step's own rules, bare integers
after "năm", "số", "ngày", "tháng", "khóa", "Điều"... ("năm 2025", "Chỉ thị số 12"), bare
integers from 1900 to 2100 ("2025", "2026-2030"), long digit strings (phone numbers) and numbers
glued to slashes or letters ("30/12", "66/NQ-CP", "COVID-19", "G20").
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from doingoai.analysis.document import Document, Quantity, Span
from doingoai.analysis.numbers import (
    SPACE,
    NumberMention,
    mentions_unclaimed,
    qualifier_main,
    qualifiers_around,
    ranges_join,
)

_MAX_WORDS = 2  # the head noun and one word that classifies it: "xã biên giới", "tổ chức phi chính phủ"
_MAX_WORDS_AFTER_CLASSIFIER = 3  # "lượt khách quốc tế", "con bò giống"
# Classifiers count things named by the next word, so they leave room for one more word.
_CLASSIFIERS = frozenset(
    "lượt con chiếc cái cây suất bộ căn ngôi tấm phần gói cuốn quyển bức chuyến lá đôi cặp bó".split()
)
_MAX_SYLLABLES = 5
_MAX_SYLLABLES_UNSEGMENTED = 4

# After these words a bare integer is an ordinal, a date part, an article or an address.
_ORDINAL_BEFORE = frozenset(
    """năm số ngày tháng khóa khoá điều khoản chương mục thứ quý lúc phường quận xóm thôn ấp
    lô phòng tầng đường lớp giờ đợt đoạn vòng hình trang câu bước hạng top khu tổ cấp tập quyển bài
    phiên lần kỳ kì nhóm tuyến bảng phụ lục biểu mẫu""".split()
)
# "tổng số 248 xã" and "con số 50" are counts although "số" precedes them.
_COUNT_BEFORE_SO = frozenset({"tổng", "con"})
_LONGEST_ORDINAL_WORD = 8

_GLUED_UNIT = re.compile(r"(?:kWh|GWh|km²|km2|km|kg|ha|m²|m2|m³|m3|cm|mm|ml|MW|kW|GW|TEU|m)(?!\w)")
# Up to six syllables on the same line; a hyphenated loan word ("ki-lô-gam") is one syllable.
_SYLLABLE_RUN = re.compile(rf"(?:{SPACE}+[^\W\d_][\w²³]*(?:-[^\W\d_][\w²³]*)*(?![\w-])){{1,6}}")
_SPACE_CHARS = frozenset(" \t\u00a0\u202f")
_UNIT_OPENERS = _SPACE_CHARS | {"%"}
_DIGIT_RUN = re.compile(r"[0-9]+")
_PER_SLASH = re.compile(r"(?:/[^\W\d_][\w²³]*)+")
_CLOCK_AFTER = re.compile(rf"{SPACE}+(?:\d|sáng|trưa|chiều|tối|đêm)", re.IGNORECASE)
_DATE_AFTER_MONTH = re.compile(rf"{SPACE}+\d")
_RANGE_JOIN = re.compile(rf"{SPACE}*[-–]{SPACE}*|{SPACE}+(?:đến|tới){SPACE}+", re.IGNORECASE)
_FROM_BEFORE = re.compile(rf"(?<!\w)từ{SPACE}+\Z", re.IGNORECASE)

# Units of measure and of time: the unit ends with them ("650.000 tấn gạo" counts tấn).
_TERMINAL = frozenset(
    """tấn tạ yến kg kilôgam kilogam kilogram ki-lô-gam gam gram gr g mg miligam ha hécta héc-ta hecta
    km m cm mm km2 km²
    m2 m² m3 m³ lít l ml mw kw kwh gw gwh teu độ mẫu sào dặm năm tháng tuần ngày đêm giờ phút giây
    quý lần tuổi""".split()
)
_TERMINAL_PAIRS = frozenset({("thập", "kỷ"), ("thập", "niên"), ("thế", "kỷ"), ("nhiệm", "kỳ"), ("hải", "lý")})
# Function words, and verbs and adverbs that commonly follow a count: the unit stops before them.
_STOP = frozenset(
    """tại của và với được trên dưới trong ngoài cho từ đến tới là có đã sẽ đang này đó ấy kia ở
    theo về để do bởi nhưng hoặc hay thì mà khi nếu như các những mỗi thuộc gồm nhằm vào ra lên
    xuống qua sau trước nay rồi cũng vẫn đều nữa lại bị nên phải không chưa vừa mới hơn nhất trở
    đạt tăng giảm giúp nhận sang đi tiếp hết cùng bằng so còn chỉ tham khoảng gần nhau đây phía
    đầu cuối thêm cả riêng nhiều ít""".split()
)
# Words that end the unit when they come after its head: they start a date or a new phrase.
# A number word after the head starts another phrase too ("hơn 300 người dân hai bên").
_STOP_AFTER_HEAD = frozenset(
    """năm tháng ngày lần thứ khóa khoá mất chở mang đưa trao tặng xây đón thăm bán mua trồng sống
    gặp cần dự làm hưởng dành chịu chiếm góp một hai ba bốn sáu bảy tám chín mười""".split()
)
_STOP_PAIRS = frozenset(
    {
        ("tổ", "chức"), ("thực", "hiện"), ("tham", "gia"), ("tham", "dự"), ("triển", "khai"),
        ("diễn", "ra"), ("hoạt", "động"), ("đóng", "góp"), ("cam", "kết"), ("ký", "kết"),
        ("hoàn", "thành"), ("đăng", "ký"), ("tiếp", "nhận"), ("trao", "tặng"), ("xây", "dựng"),
        ("đến", "từ"), ("có", "mặt"), ("nằm", "ở"), ("thuộc", "về"),
    }
)  # fmt: skip


@dataclass(frozen=True)
class _Bare:
    """A quantity before its hedge and before a range of two written-out quantities is joined."""

    start: int
    end: int
    value: Decimal
    value_max: Decimal | None
    unit: str


def _word_before(text: str, start: int) -> tuple[str, int] | None:
    """Return the word written right before `start` (spaces between), lower-cased, and its start."""
    end = start
    while end > 0 and text[end - 1] in _SPACE_CHARS:
        end -= 1
    if end == start:
        return None  # glued to a bracket or a quotation mark, or the text begins
    begin = end
    while begin > 0 and end - begin < _LONGEST_ORDINAL_WORD and text[begin - 1].isalpha():
        begin -= 1
    return (text[begin:end].lower(), begin) if begin < end else None


def _is_ordinal(text: str, mention: NumberMention) -> bool:
    """Return whether a bare integer names a year, a date part, an ordinal or a code."""
    if not mention.plain:
        return False
    digits = _DIGIT_RUN.match(text, mention.number_start)
    first = digits.group(0) if digits else ""
    if len(first) == 4 and 1900 <= int(first) <= 2100:
        return True  # a year: counts of a thousand or more are written "2.025"
    if len(first) >= 7 or (first.startswith("0") and len(first) >= 3):
        return True  # a phone number or a code; "05 người" is the official style of a count
    previous = _word_before(text, mention.start)
    if previous is None or previous[0] not in _ORDINAL_BEFORE:
        return False
    if previous[0] == "số":
        before_so = _word_before(text, previous[1])
        return before_so is None or before_so[0] not in _COUNT_BEFORE_SO
    return True


def _syllables_after(text: str, end: int) -> list[tuple[int, int, str]]:
    """Return the syllables (start, end, text) that follow `end` on the same line, at most six."""
    run = _SYLLABLE_RUN.match(text, end)
    if run is None:
        return []
    syllables: list[tuple[int, int, str]] = []
    pos = run.start()
    for token in run.group(0).split():
        at = text.find(token, pos)
        pos = at + len(token)
        syllables.append((at, pos, token))
    return syllables


def _unit_after(text: str, end: int, words: Sequence[Span]) -> tuple[str, int] | None:
    """Return the unit written right after a number ending at `end`, and where the unit ends."""
    following = text[end : end + 1]
    if following == "%":
        return "%", end + 1
    if following.isalpha():
        glued = _GLUED_UNIT.match(text, end)
        return _per(text, glued.group(0), glued.end()) if glued else None
    candidates = _syllables_after(text, end)
    if not candidates:
        return ("%", end + 2) if text[end + 1 : end + 2] == "%" else None
    lows = [c[2].lower() for c in candidates]
    if lows[:2] == ["phần", "trăm"]:
        return "%", candidates[1][1]
    # The segmenter's first word is kept whole: "đồng bằng" is not cut at "bằng", "năm học" not at "năm".
    head_size = _head_word_size(candidates, words) if words else 1
    syllables: list[tuple[int, int, str]] = []
    for candidate, low in zip(candidates, lows, strict=True):
        if not 0 < len(syllables) < head_size:  # the rest of the head word is never cut
            if low in _STOP:
                break
            if syllables and (candidate[2][0].isupper() or low in _STOP_AFTER_HEAD):
                break  # a name, a date or a new phrase begins
            if len(syllables) >= 2 and (syllables[-1][2].lower(), low) in _STOP_PAIRS:
                syllables.pop()
                break
        syllables.append(candidate)
        if head_size == 1 and len(syllables) == 1 and low in _TERMINAL:
            break
        if head_size <= 2 and len(syllables) == 2 and (syllables[0][2].lower(), low) in _TERMINAL_PAIRS:
            break
    if not syllables:
        return None
    kept = _whole_words(syllables, words) if words else syllables[:_MAX_SYLLABLES_UNSEGMENTED]
    return _per(text, " ".join(s[2] for s in kept), kept[-1][1])


def _per(text: str, unit: str, end: int) -> tuple[str, int]:
    """Return the unit extended by a glued "/h", "/ha", "/năm" ("60 km/h", "5 tấn/ha")."""
    per = _PER_SLASH.match(text, end)
    return (unit + per.group(0), per.end()) if per else (unit, end)


def _head_word_size(candidates: list[tuple[int, int, str]], words: Sequence[Span]) -> int:
    """Return how many of the syllables belong to the segmenter's word at the first one."""
    index = bisect.bisect_right(words, (candidates[0][0], sys.maxsize)) - 1
    if index < 0 or not words[index][0] <= candidates[0][0] < words[index][1]:
        return 1
    word_end = words[index][1]
    return sum(1 for c in candidates if c[1] <= word_end) or 1


def _whole_words(syllables: list[tuple[int, int, str]], words: Sequence[Span]) -> list[tuple[int, int, str]]:
    """Return the leading syllables that make up whole words, within the unit's size limits."""
    groups: list[list[tuple[int, int, str]]] = []
    ends: list[int] = []
    index = max(bisect.bisect_right(words, (syllables[0][0], sys.maxsize)) - 1, 0)
    for syllable in syllables:
        while index < len(words) and words[index][1] <= syllable[0]:
            index += 1
        inside = index < len(words) and words[index][0] <= syllable[0]
        word_end = words[index][1] if inside else syllable[1]
        if groups and inside and ends[-1] == word_end:
            groups[-1].append(syllable)
        else:
            groups.append([syllable])
            ends.append(word_end)
    kept: list[tuple[int, int, str]] = list(groups[0])
    classified = len(kept) == 1 and kept[0][2].lower() in _CLASSIFIERS
    most = _MAX_WORDS_AFTER_CLASSIFIER if classified else _MAX_WORDS
    for group, word_end in zip(groups[1:most], ends[1:most], strict=True):
        if word_end > group[-1][1] or len(kept) + len(group) > _MAX_SYLLABLES:
            break  # the word goes on beyond what was read, or the unit grows too long
        kept += group
    return kept


def _bare_quantity(text: str, mention: NumberMention, words: Sequence[Span]) -> _Bare | None:
    """Return the quantity made of a number and the unit after it, or None if it counts nothing."""
    following = text[mention.end : mention.end + 1]
    if not (following.isalpha() or following in _UNIT_OPENERS):
        return None  # punctuation or the end of the text: nothing is counted
    if _is_ordinal(text, mention):
        return None
    unit_at = _unit_after(text, mention.end, words)
    if unit_at is None:
        return None
    unit, end = unit_at
    low = unit.lower()
    if low == "giờ" and _CLOCK_AFTER.match(text, end):
        return None  # "9 giờ 30", "8 giờ sáng": a time of day
    if low == "tháng" and _DATE_AFTER_MONTH.match(text, end):
        return None  # "30 tháng 4": a date
    return _Bare(mention.start, end, mention.value, mention.value_max, unit)


def _joined(text: str, lower: _Bare, upper: _Bare) -> _Bare | None:
    """Return "từ 3% đến 5%" as one range, if the two quantities form one."""
    join = _RANGE_JOIN.match(text, lower.end)
    if join is None or join.end() != upper.start or lower.value_max is not None:
        return None
    if upper.value_max is not None or upper.unit != lower.unit or not lower.value < upper.value:
        return None
    opener = _FROM_BEFORE.search(text, max(0, lower.start - 8), lower.start)
    start = opener.start() if opener else lower.start
    return _Bare(start, upper.end, lower.value, upper.value, lower.unit)


def quantities_find(text: str, claimed: Sequence[Span] = (), words: Sequence[Span] = ()) -> list[Quantity]:
    """Return the counted quantities and percentages of `text`.

    Numbers inside the `claimed` spans (amounts, dates, references) are left out. `words` are the
    segmenter's word spans, in order; without them the unit is cut by syllables.
    """
    mentions = mentions_unclaimed(text, claimed)
    bare = [_bare_quantity(text, m, words) for m in mentions]
    quantities: list[Quantity] = []
    for found in ranges_join(bare, lambda lower, upper: _joined(text, lower, upper)):
        qualifiers, start, end = qualifiers_around(text, found.start, found.end)
        quantities.append(
            Quantity(
                text=text[start:end],
                value=found.value,
                unit=found.unit,
                qualifier=qualifier_main(qualifiers),
                qualifiers=qualifiers,
                span=(start, end),
                value_max=found.value_max,
            )
        )
    return quantities


def quantities_step(doc: Document) -> Document:
    """Add the quantities, leaving out numbers that amounts, dates or references already hold."""
    claimed = [a.span for a in doc.amounts] + [d.span for d in doc.dates] + [r.span for r in doc.references]
    doc.quantities = quantities_find(doc.text, claimed, doc.words)
    return doc
