"""Vietnamese numerals: digit groups, scale words, spelled-out numbers, ranges and hedges.

How Vietnamese text writes numbers, and what this module decides where the writing is ambiguous:

- A dot groups thousands and a comma marks decimals: "15.000" is fifteen thousand, "1,2" is one
  point two, "1.234.567,89" is both.
- A dot is a thousands separator only when every group after it has exactly three digits and the
  first group has one to three digits without a leading zero ("1.234", "15.000.000"). Any other
  single dot is a decimal point, because some outlets write "3.5" or "0.500"; several dots that do
  not group thousands ("1.5.2", "192.168.1.1") are not a number at all.
- A single comma is always a decimal comma, even before three digits ("1,234" is 1.234). Several
  commas each followed by three digits ("1,234,567") can only be English thousands and are read so.
  When both marks occur, the last one is the decimal mark ("1,234.5" is English style).
- Scale words multiply: nghìn/ngàn 10^3, triệu 10^6, tỷ/tỉ 10^9, and stacked "nghìn tỷ" 10^12; also
  trăm 10^2 and chục 10. Groups add up when their scales decrease ("1 tỷ 200 triệu"), and a final
  "rưỡi" adds half of the last scale ("2 triệu rưỡi" is 2.5 million).
- Spelled-out numbers ("hai", "mười lăm", "ba trăm năm mươi", "nửa") count only in front of a
  scale word ("hai triệu USD"), so "năm" meaning "year" ("năm 2025") is never read as five.

`numbers_find` returns every number expression of a text, with ranges ("từ 5 đến 10 tỷ",
"5-10 tỷ") joined and their shared scale applied to the lower bound; the amounts and quantities
steps build on it. The hedge words in front of a number ("hơn", "khoảng", "gần", "dự kiến"...)
are read by `qualifier_before` and `qualifier_after`.
"""

from __future__ import annotations

import bisect
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple, TypeVar

# Spacing inside one expression: never a line break.
SPACE = r"[ \t\u00a0\u202f]"
_SPACE_CHARS = " \t\u00a0\u202f"

_DIGITS = r"[0-9]+(?:[.,][0-9]+)*"  # ASCII digits: other scripts' digits are not Vietnamese
_END = r"(?!\w)"
# Bigger figures are digit strings (codes, account numbers) or garbage; below these bounds every
# value stays exact in the default 28-digit decimal context.
MAX_DIGITS = 24
_TOO_LARGE = Decimal(10) ** 21

_SCALE_VALUES = {
    "chục": Decimal(10),
    "trăm": Decimal(100),
    "nghìn": Decimal(1000),
    "ngàn": Decimal(1000),
    "triệu": Decimal(10) ** 6,
    "tỷ": Decimal(10) ** 9,
    "tỉ": Decimal(10) ** 9,
}
# "tỷ lệ" (ratio), "tỷ giá" (exchange rate), "triệu tập" (convene), "tỷ phú" (billionaire)...:
# compounds in which a scale word is not a scale.
_SCALE_WORD = (
    rf"(?:nghìn|ngàn|triệu|tỷ|tỉ|trăm|chục){_END}"
    rf"(?!{SPACE}+(?:lệ|trọng|giá|số|chứng|tập|hồi|phú){_END})"
)
_SCALES = rf"{_SCALE_WORD}(?:{SPACE}+{_SCALE_WORD})*"

_UNIT_WORDS = {
    "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
    "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
}  # fmt: skip
_UNIT = rf"(?:một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín){_END}"
# After "mười"/"mươi" five is "lăm", one is "mốt" and four may be "tư".
_TAIL = rf"(?:một|mốt|hai|ba|bốn|tư|năm|lăm|sáu|bảy|bẩy|tám|chín){_END}"
_TENS = rf"(?:mười{_END}(?:{SPACE}+{_TAIL})?|{_UNIT}{SPACE}+mươi{_END}(?:{SPACE}+{_TAIL})?)"
_HUNDREDS = rf"{_UNIT}{SPACE}+trăm{_END}(?:{SPACE}+(?:(?:linh|lẻ){_END}{SPACE}+{_UNIT}|{_TENS}))?"
_SPELLED = rf"(?:{_HUNDREDS}|{_TENS}|{_UNIT}|nửa{_END})"

_GROUP = rf"(?:(?P<digits>{_DIGITS}){SPACE}*|(?P<spelled>{_SPELLED}){SPACE}+)(?P<scales>{_SCALES})"
_MORE_GROUPS = rf"(?:{SPACE}+(?:{_DIGITS}{SPACE}*|{_SPELLED}{SPACE}+){_SCALES})*(?:{SPACE}+rưỡi{_END})?"

# Starting with one plain character class lets the regex engine skip quickly to the next digit.
_DIGIT_EXPR = re.compile(rf"[0-9][0-9]*(?:[.,][0-9]+)*(?:{SPACE}*{_SCALES}{_MORE_GROUPS})?", re.IGNORECASE)
_SPELLED_EXPR = re.compile(rf"{_SPELLED}{SPACE}+{_SCALES}{_MORE_GROUPS}", re.IGNORECASE)
_NEXT_EXPR = re.compile(rf"(?<!\w)(?:[0-9]|{_SPELLED}{SPACE}+{_SCALES})", re.IGNORECASE)
_GROUP_RE = re.compile(_GROUP, re.IGNORECASE)
_HALF = re.compile(rf"{SPACE}+rưỡi{_END}", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_DIGITS_RE = re.compile(_DIGITS)
_SPACES = re.compile(rf"{SPACE}+")
# Scale words are where spelled-out numbers end; str.find looks for them faster than a regex.
_SCALE_LITERALS = ("nghìn", "ngàn", "triệu", "tỷ", "tỉ", "trăm", "chục")
_SPELLED_BEFORE = re.compile(rf"(?<!\w){_SPELLED}{SPACE}+\Z", re.IGNORECASE)

_RANGE_FROM = re.compile(rf"(?<!\w)từ{SPACE}+\Z", re.IGNORECASE)
_RANGE_SEP = re.compile(rf"{SPACE}*[-–]{SPACE}*|{SPACE}+(?:đến|tới){SPACE}+", re.IGNORECASE)
# A number glued to one of these is part of a date, a time, a code or a document number.
_GLUED_AFTER = re.compile(r"/|:\d|[-–]\w")
_SLASH_OR_CLOCK = re.compile(r"/|:\d")
_BAD_BEFORE = frozenset("./,+:_")


class NumberMention(NamedTuple):
    """A number expression in a text, with its value; a range has a `value_max`.

    `start` includes a leading "từ" of a range. `plain` is true for a bare integer written without
    separators or scale words ("2025", "12"), the shape of years and document numbers. `scaled`
    tells whether a scale word was written.
    """

    start: int
    end: int
    value: Decimal
    value_max: Decimal | None
    plain: bool
    scaled: bool
    number_start: int


def _tidy(value: Decimal) -> Decimal:
    """Return `value` without a spurious exponent: 1.2 × 10^6 becomes 1200000."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def digits_parse(text: str) -> Decimal:
    """Return the value of a numeral written with digits and Vietnamese separators.

    Raise ValueError when the separators do not form a number ("1.5.2", "0912.345.678").
    """
    if not _DIGITS_RE.fullmatch(text):
        raise ValueError(f"not a numeral: {text!r}")
    # Digits are counted, not marks: "12.345.678.901.234.567.890" has 20 digits, as "12345678901234567890".
    if len(text) - text.count(".") - text.count(",") > MAX_DIGITS:
        raise ValueError(f"too many digits for a figure: {text!r}")
    if text.isdigit():
        return Decimal(text)
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        whole, _, fraction = text.rpartition(decimal_mark)
        if group_mark in fraction or not _thousands_grouped(whole, group_mark):
            raise ValueError(f"mixed separators do not form a number: {text!r}")
        return _decimal(whole.replace(group_mark, "") + "." + fraction)
    mark = "." if dots else ","
    count = dots or commas
    if count == 0:
        return _decimal(text)
    if _thousands_grouped(text, mark) and (mark == "." or count > 1):
        return _decimal(text.replace(mark, ""))
    if count == 1:
        return _decimal(text.replace(mark, "."))
    raise ValueError(f"separators do not form a number: {text!r}")


def _thousands_grouped(text: str, mark: str) -> bool:
    groups = text.split(mark)
    head = groups[0]
    if not 1 <= len(head) <= 3 or (head.startswith("0") and len(groups) > 1):
        return False
    return all(len(g) == 3 for g in groups[1:])


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # the regex admits only digits and one point here
        raise ValueError(f"not a numeral: {text!r}") from exc


def spelled_parse(text: str) -> Decimal:
    """Return the value of a spelled-out number below a thousand ("hai trăm lẻ năm" is 205)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if words == ["nửa"]:
        return Decimal("0.5")
    hundreds = tens = 0
    pending: int | None = None
    for word in words:
        if word == "trăm":
            hundreds, pending = (pending or 1) * 100, None
        elif word == "mười":
            tens, pending = 10, None
        elif word == "mươi":
            if pending is None:
                raise ValueError(f"'mươi' without a digit before it: {text!r}")
            tens, pending = pending * 10, None
        elif word in ("linh", "lẻ"):
            continue
        elif word in _UNIT_WORDS:
            pending = _UNIT_WORDS[word]
        else:
            raise ValueError(f"not a spelled-out number: {text!r}")
    if not words:
        raise ValueError("empty number")
    return Decimal(hundreds + tens + (pending or 0))


@dataclass(frozen=True)
class _Parsed:
    value: Decimal
    lead_scale: Decimal  # the scale of the first group: what a bare lower bound of a range shares
    end: int  # length of the text that the value covers (later groups may be dropped)
    scaled: bool


def _expression_parse(text: str) -> _Parsed:
    """Return the value of a number expression matched by the expression regexes."""
    if text[-1:].isdigit():  # no scale word: the common case, parsed without the group regex
        return _Parsed(digits_parse(text), Decimal(1), len(text), False)
    total = Decimal(0)
    lead_scale: Decimal | None = None
    last_scale = Decimal(0)
    end = 0
    pos = 0
    while True:
        group = _GROUP_RE.match(text, pos)
        if group is None:
            break
        scale = Decimal(1)
        for word in group.group("scales").split():
            scale *= _SCALE_VALUES[word.lower()]
        if lead_scale is not None and scale >= last_scale:
            break  # "5 triệu 3 tỷ" is two numbers, not one: keep the first
        digits, spelled = group.group("digits"), group.group("spelled")
        number = digits_parse(digits) if digits else spelled_parse(spelled)
        total += number * scale
        lead_scale = lead_scale or scale
        last_scale, end = scale, group.end()
        spaces = _SPACES.match(text, end)
        pos = spaces.end() if spaces else end
    half = _HALF.match(text, end)
    if half is not None:
        total += last_scale / 2
        end = half.end()
    if total >= _TOO_LARGE:
        raise ValueError(f"too large for a figure in a text: {text!r}")
    return _Parsed(total, lead_scale or Decimal(1), end, True)


def number_parse(text: str) -> Decimal:
    """Return the value of a Vietnamese number: "15.000", "1,2 triệu", "1 tỷ 200 triệu", "hai tỷ".

    Raise ValueError when `text` is not one number expression.
    """
    stripped = text.strip()
    match = _DIGIT_EXPR.fullmatch(stripped) or _SPELLED_EXPR.fullmatch(stripped)
    if match is None:
        raise ValueError(f"not a Vietnamese number: {text!r}")
    parsed = _expression_parse(stripped)
    if parsed.end != len(stripped):
        raise ValueError(f"not one number but several: {text!r}")
    return _tidy(parsed.value)


# The hyphen-minus of a keyboard and the minus sign (U+2212) a word processor or a spreadsheet puts in.
MINUS_SIGNS = ("-", "\u2212")


def number_typed_parse(text: str) -> Decimal:
    """Return the number a person typed in a form field or a spreadsheet cell: "-1.200", "50 tỷ".

    The reading is `number_parse`'s, so the entry forms and the import files read "1,500" alike
    (one point five), and full-width digits as the digits they are, as the report forms read them.
    A leading minus is a sign here, though in an article "-" joins words: a reversal shown as
    "-1.200" must read back unchanged. Raise ValueError when `text` is not one number.
    """
    typed = unicodedata.normalize("NFC", text).replace("\u00a0", " ").strip()
    # Digits of another script or width ("１２０", as some keyboards type them) are the same digits.
    typed = "".join(str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in typed)
    negative = typed[:1] in MINUS_SIGNS
    number = number_parse(typed[1:] if negative else typed)
    return -number if negative else number


def _glued_before(text: str, start: int) -> bool:
    """Return whether the number at `start` continues a word, a code or another number."""
    if start == 0:
        return False
    before = text[start - 1]
    if before.isalnum() or before in _BAD_BEFORE:
        return True
    return before in "-–" and start > 1 and text[start - 2].isalnum()


def _parse_at(text: str, start: int, end: int) -> tuple[_Parsed, int] | None:
    """Return the expression text[start:end] parsed, and where its value really ends."""
    try:
        parsed = _expression_parse(text[start:end])
    except ValueError:
        return None
    return parsed, start + parsed.end


def _expression_spans(text: str) -> list[tuple[int, int]]:
    """Return the spans of the digit and the spelled-out number expressions, in text order."""
    spans = [(m.start(), m.end()) for m in _DIGIT_EXPR.finditer(text)]
    spelled: list[tuple[int, int]] = []
    for at in _scale_hits(text):
        if (spelled and at < spelled[-1][1]) or _covered(spans, at):
            continue
        before = _SPELLED_BEFORE.search(text, max(0, at - 40), at)
        if before is None:
            continue
        match = _SPELLED_EXPR.match(text, before.start())
        if match is not None:
            spelled.append((match.start(), match.end()))
    return sorted(spans + spelled) if spelled else spans


def _scale_hits(text: str) -> list[int]:
    """Return where the lower-case scale words start ("tỉ" in "tỉnh" is not one)."""
    hits: list[int] = []
    size = len(text)
    for word in _SCALE_LITERALS:
        at = text.find(word)
        while at >= 0:
            after = at + len(word)
            if after == size or not (text[after].isalnum() or text[after] == "_"):
                hits.append(at)
            at = text.find(word, after)
    hits.sort()
    return hits


def _covered(spans: list[tuple[int, int]], pos: int) -> bool:
    """Return whether `pos` lies inside one of the sorted, non-overlapping `spans`."""
    index = bisect.bisect_right(spans, (pos, sys.maxsize)) - 1
    return index >= 0 and spans[index][0] <= pos < spans[index][1]


def _range(
    text: str, start: int, lower_end: int, lower: _Parsed, match: re.Match[str]
) -> NumberMention | None:
    """Return the range from the number at `start` to the expression `match`, if they make one.

    A bare lower bound shares the scale of the upper one ("5-10 tỷ" is 5 to 10 billion); a lower
    bound that is not below the upper one makes no range ("30-4" is a date, "3-1" a score).
    """
    upper_parsed = _parse_at(text, match.start(), match.end())
    if upper_parsed is None:
        return None
    upper, end = upper_parsed
    if _GLUED_AFTER.match(text, end):
        return None
    low = lower.value * upper.lead_scale if upper.scaled and not lower.scaled else lower.value
    if not low < upper.value:
        return None
    opener = _RANGE_FROM.search(text, max(0, start - 8), start)
    plain = text[start:lower_end].isdigit() and text[match.start() : end].isdigit()
    return NumberMention(
        start=opener.start() if opener else start,
        end=end,
        value=_tidy(low),
        value_max=_tidy(upper.value),
        plain=plain,
        scaled=lower.scaled or upper.scaled,
        number_start=start,
    )


@lru_cache(maxsize=8)
def numbers_find(text: str) -> tuple[NumberMention, ...]:
    """Return the number expressions of `text`, ranges joined, in text order.

    Numbers glued to letters, slashes, colons or hyphenated codes ("COVID-19", "30/12", "9:30",
    "66/NQ-CP", "57-KL") and separators that form no number ("1.5.2") are left out. The result is
    cached because the amounts and quantities steps both read it.
    """
    found: list[NumberMention] = []
    pending = _expression_spans(text)
    pending.reverse()  # a stack, so that a split expression can push its second part
    consumed = 0
    while pending:
        start, match_end = pending.pop()
        if start < consumed or _glued_before(text, start):
            continue
        raw = text[start:match_end]
        if raw.isdigit() and len(raw) <= MAX_DIGITS and not _range_may_follow(text, match_end):
            # a bare integer that opens no range: the common case, parsed without the regexes
            if text[match_end : match_end + 1] in ("/", ":") and _GLUED_AFTER.match(text, match_end):
                continue
            found.append(NumberMention(start, match_end, Decimal(raw), None, True, False, start))
            continue
        parsed_at = _parse_at(text, start, match_end)
        if parsed_at is None:
            continue
        parsed, end = parsed_at
        if _SLASH_OR_CLOCK.match(text, end):
            continue  # "30/12", "66/NQ-CP", "9:30"
        if end < match_end:
            # "200 nghìn 5 triệu": the scales grow again, so the rest is a number of its own
            rest = _NEXT_EXPR.search(text, end, match_end)
            if rest is not None:
                pending.append((rest.start(), match_end))
        separator = _RANGE_SEP.match(text, end)
        upper = _expression_at(text, separator.end()) if separator else None
        if separator is not None and upper is not None:
            mention = _range(text, start, end, parsed, upper)
            if mention is not None:
                found.append(mention)
                consumed = mention.end
                continue
            if separator.group(0).strip(_SPACE_CHARS) in ("-", "–"):
                consumed = upper.end()
                continue  # "30-4" or "3-1": a date or a score, not two numbers
        if _GLUED_AFTER.match(text, end):
            continue
        plain = not parsed.scaled and text[start:end].isdigit()
        found.append(NumberMention(start, end, _tidy(parsed.value), None, plain, parsed.scaled, start))
    return tuple(found)


def _range_may_follow(text: str, end: int) -> bool:
    """Return whether a range separator ("-", " - ", " đến ", " tới ") may start at `end`."""
    after = text[end : end + 1]
    if after in ("-", "–"):
        return True
    if not after or after not in _SPACE_CHARS:
        return False
    rest = text[end + 1 : end + 8].lstrip(_SPACE_CHARS)[:3].lower()
    return rest[:1] in ("-", "–") or rest in ("đến", "tới")


def mentions_unclaimed(text: str, claimed: Sequence[tuple[int, int]]) -> list[NumberMention]:
    """Return the number mentions of `text` that overlap none of the `claimed` spans."""
    mentions = numbers_find(text)
    if not claimed:
        return list(mentions)
    spans = sorted(claimed)
    ends = list(accumulate((e for _, e in spans), max))  # the furthest end among spans[:i + 1]
    starts = [s for s, _ in spans]
    free: list[NumberMention] = []
    for mention in mentions:
        # the spans starting before the mention ends overlap it if one of them ends after its start
        index = bisect.bisect_left(starts, mention.end) - 1
        if index < 0 or ends[index] <= mention.start:
            free.append(mention)
    return free


def _expression_at(text: str, pos: int) -> re.Match[str] | None:
    """Return the number expression that starts exactly at `pos`, if any."""
    return _DIGIT_EXPR.match(text, pos) or _SPELLED_EXPR.match(text, pos)


QUALIFIER_WORDS: dict[str, tuple[str, ...]] = {
    "over": ("hơn", "trên", "vượt", "vượt quá", "vượt mức", "ngoài"),
    "about": (
        "khoảng", "chừng", "khoảng chừng", "xấp xỉ", "ước", "ước tính", "ước khoảng", "ước chừng",
        "ước đạt", "ước tính khoảng", "trên dưới", "cỡ", "tầm",
    ),
    "nearly": ("gần", "suýt", "gần như", "suýt soát"),
    "expected": (
        "dự kiến", "dự kiến đạt", "dự kiến là", "dự kiến sẽ đạt", "dự tính", "dự tính đạt", "dự báo",
        "dự báo đạt", "kỳ vọng đạt",
        # a plan's verb between the hedge and the sum: "dự kiến dành 900.000 USD"
        "dự kiến dành", "dự kiến tài trợ", "dự kiến hỗ trợ", "dự kiến viện trợ", "dự kiến chi",
        "dự kiến đầu tư", "dự kiến giải ngân", "dự kiến cấp", "dự kiến huy động", "dự kiến vận động",
        "dự kiến trao", "dự kiến cam kết", "dự kiến ủng hộ", "dự kiến bố trí", "dự kiến phân bổ",
    ),
    "under": (
        "dưới", "chưa đến", "chưa tới", "chưa đầy", "không đầy", "không đến", "không tới", "ít hơn",
        "thấp hơn",
    ),
    "at_least": ("ít nhất", "tối thiểu", "không dưới", "không ít hơn", "thấp nhất"),
    "up_to": ("tối đa", "không quá", "không vượt quá", "nhiều nhất", "lên tới", "lên đến", "cao nhất"),
}  # fmt: skip
QUALIFIER_WORDS_AFTER: dict[str, str] = {"trở lên": "at_least", "trở xuống": "up_to"}

_QUALIFIER_OF = {phrase: q for q, phrases in QUALIFIER_WORDS.items() for phrase in phrases}


def _phrase_pattern(phrases: list[str]) -> str:
    longest_first = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", f"{SPACE}+") for p in longest_first)


_QUALIFIER_BEFORE = re.compile(
    rf"(?<!\w)(?P<q>{_phrase_pattern(list(_QUALIFIER_OF))}){SPACE}+\Z", re.IGNORECASE
)
_QUALIFIER_AFTER = re.compile(
    rf"{SPACE}+(?P<q>{_phrase_pattern(list(QUALIFIER_WORDS_AFTER))})(?!\w)", re.IGNORECASE
)
_LONGEST_QUALIFIER = max(len(p) for p in _QUALIFIER_OF) + 4
_QUALIFIER_LAST_WORDS = frozenset(p.split()[-1] for p in _QUALIFIER_OF)


def _phrase_key(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def qualifier_before(text: str, start: int) -> tuple[str, int] | None:
    """Return the hedge directly in front of a number at `start` and where its words begin.

    Only the words right before the number count: in "dự kiến đạt trên 200 triệu USD" the
    qualifier is "over" (from "trên"), not "expected".
    """
    end = start
    while end > 0 and text[end - 1] in _SPACE_CHARS:
        end -= 1
    begin = end
    while begin > end - 8 and begin > 0 and text[begin - 1].isalpha():
        begin -= 1
    if end == start or text[begin:end].lower() not in _QUALIFIER_LAST_WORDS:
        return None  # the cheap test first: the word before the number ends no qualifier
    match = _QUALIFIER_BEFORE.search(text, max(0, start - _LONGEST_QUALIFIER), start)
    if match is None:
        return None
    return _QUALIFIER_OF[_phrase_key(match.group("q"))], match.start()


def qualifier_after(text: str, end: int) -> tuple[str, int] | None:
    """Return the hedge right after a figure ending at `end` ("50 người trở lên") and its end."""
    match = _QUALIFIER_AFTER.match(text, end)
    if match is None:
        return None
    return QUALIFIER_WORDS_AFTER[_phrase_key(match.group("q"))], match.end()


CONTRACT_QUALIFIERS = ("over", "about", "nearly", "expected")
_HEDGE_CHAIN_MAX = 3


def qualifiers_around(text: str, start: int, end: int) -> tuple[list[str], int, int]:
    """Return every hedge of a figure, farthest first, and the figure's span widened to cover them.

    Hedges chain: "dự kiến đạt trên 200 triệu USD" has ["expected", "over"], and the span then
    starts at "dự kiến".
    """
    found: list[str] = []
    for _ in range(_HEDGE_CHAIN_MAX):
        hedge = qualifier_before(text, start)
        if hedge is None:
            break
        found.insert(0, hedge[0])
        start = hedge[1]
    trailing = qualifier_after(text, end)
    if trailing is not None:
        found.append(trailing[0])
        end = trailing[1]
    return found, start, end


def qualifier_main(qualifiers: list[str]) -> str | None:
    """Return the output contract's qualifier: the hedge nearest the figure among the four it names.

    The contract knows over, about, nearly and expected; "under", "at_least" and "up_to" stay in
    the full `qualifiers` list only.
    """
    for qualifier in reversed(qualifiers):
        if qualifier in CONTRACT_QUALIFIERS:
            return qualifier
    return None


_Figure = TypeVar("_Figure")


def ranges_join(
    figures: Sequence[_Figure | None], join: Callable[[_Figure, _Figure], _Figure | None]
) -> list[_Figure]:
    """Return the figures in order, a lower bound joined with the upper bound right after it.

    `figures` holds one entry per number mention (None where the mention is not such a figure);
    `join` returns the range of two neighbours ("từ 5 đến 10 tỷ đồng"), or None.
    """
    out: list[_Figure] = []
    index = 0
    while index < len(figures):
        found = figures[index]
        index += 1
        if found is None:
            continue
        upper = figures[index] if index < len(figures) else None
        joined = join(found, upper) if upper is not None else None
        if joined is not None:
            found = joined
            index += 1
        out.append(found)
    return out
