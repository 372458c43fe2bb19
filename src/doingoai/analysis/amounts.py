"""The amounts step: sums of money with their currency, hedge, range and unit price.

An amount is a number (see `doingoai.analysis.numbers`) followed by a currency word or code, or
preceded by a currency symbol ("US$5 triệu"). "đồng" is a currency only right after a number,
and not in compounds such as "5 đồng chí" (five comrades); "đô la Úc" is AUD, not USD.
"110.000 đồng/kg" has the unit price `per_unit` "kg", "5 triệu đồng/người/tháng" has
"người/tháng", and "mỗi suất trị giá 5 triệu đồng" has "suất" (those words stay outside the
span). Ranges ("từ 5 đến 10 tỷ đồng", "5-10 tỷ đồng", "từ 5 tỷ đồng đến 10 tỷ đồng")
give `value` the lower and `value_max` the upper bound.

The qualifier is the hedge written directly in front of the figure ("hơn 50 tỷ đồng" is "over")
and is part of `text`; see `numbers.qualifier_before` for why "dự kiến đạt trên 200 triệu USD"
is "over".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from doingoai.analysis.document import Amount, Document, Span
from doingoai.analysis.numbers import (
    SPACE,
    NumberMention,
    mentions_unclaimed,
    qualifier_main,
    qualifiers_around,
    ranges_join,
)

_S = f"{SPACE}+"  # words of a currency name may be spaced in any way except a line break
_DOLLAR = rf"đô(?:-|{SPACE}?)la"
# Words that make "đồng" a part of a compound, not the currency: đồng chí, đồng bào, đồng thời...
# Words that may follow an amount ("5 tỷ đồng bằng tiền mặt", "đồng cấp cho") are not listed.
_DONG_COMPOUNDS = (
    "chí|bào|thời|ý|hương|nghiệp|minh|hồ|đội|ca|lúa|ruộng|tâm|lòng|loại|phục|thuận|cỏ|chủ|hành|"
    "xu|môn|niên|khởi|dạng|điệu|cảm|phạm|mưu|đẳng|quê|trang|diễn|sức"
)
# One (pattern, ISO 4217 code) per way of writing a currency, the longer names first; foreign
# currencies may be preceded by "đồng" ("đồng euro"), which then does not mean VND.
_FOREIGN: list[tuple[str, str]] = [
    (rf"{_DOLLAR}{_S}(?:Úc|Australia)|(?-i:AUD|A\$)", "AUD"),
    (rf"{_DOLLAR}{_S}Canada|(?-i:CAD|C\$)", "CAD"),
    (rf"{_DOLLAR}{_S}Singapore|(?-i:SGD|S\$)", "SGD"),
    (rf"{_DOLLAR}{_S}(?:Hồng{_S}Kông|Hong{_S}Kong|HK)|(?-i:HKD|HK\$)", "HKD"),
    (rf"{_DOLLAR}{_S}New{_S}Zealand|(?-i:NZD)", "NZD"),
    (rf"{_DOLLAR}{_S}Đài{_S}Loan|Đài{_S}tệ|(?-i:TWD|NT\$)", "TWD"),
    (rf"{_DOLLAR}(?:{_S}Mỹ)?|Mỹ{_S}kim|(?-i:USD|usd|US\$)|đô(?!{_S}(?:thị|đốc|vật|hội|hộ)(?!\w))", "USD"),
    (r"euro|(?-i:EUR)", "EUR"),
    (rf"bảng{_S}Anh|(?-i:GBP)", "GBP"),
    (rf"(?-i:yên){_S}Nhật|(?-i:JPY|yên)(?!{_S}(?:tâm|bình|ổn|lành|ả|tĩnh|vui|ắng)(?!\w))", "JPY"),
    (rf"won(?:{_S}Hàn{_S}Quốc)?|(?-i:KRW)", "KRW"),
    (rf"nhân{_S}dân{_S}tệ|(?-i:CNY|RMB|NDT)|(?-i:tệ)(?!{_S}nạn(?!\w))", "CNY"),
    (rf"franc{_S}Thụy{_S}Sĩ|franc{_S}Thuỵ{_S}Sĩ|(?-i:CHF)", "CHF"),
    (rf"baht|bạt{_S}Thái(?:{_S}Lan)?|(?-i:THB)", "THB"),
    (rf"(?:rúp|ruble|rouble)(?:{_S}Nga)?|(?-i:RUB)", "RUB"),
    (rf"kíp(?:{_S}Lào)?(?!{_S}(?:trực|mổ|làm|máy)(?!\w))|(?-i:LAK)", "LAK"),
    (rf"riel(?:{_S}Campuchia)?|(?-i:KHR)", "KHR"),
    (r"ringgit|(?-i:MYR)", "MYR"),
    (r"rupiah|(?-i:IDR)", "IDR"),
    (r"rupee|(?-i:INR)", "INR"),
    (rf"peso{_S}Philippines|(?-i:PHP)", "PHP"),
]
_VND: list[tuple[str, str]] = [
    (
        rf"(?-i:đồng|ĐỒNG)(?:{_S}Việt{_S}Nam)?(?!{_S}(?:{_DONG_COMPOUNDS})(?!\w))|(?-i:VND|VNĐ|VNđ|vnđ|vnd)",
        "VND",
    ),
]
_SYMBOLS: dict[str, str] = {
    "US$": "USD", "$": "USD", "A$": "AUD", "S$": "SGD", "HK$": "HKD", "C$": "CAD", "NT$": "TWD",
    "€": "EUR", "£": "GBP", "¥": "JPY", "₫": "VND",
}  # fmt: skip
_CURRENCY_TABLE = [(rf"(?:(?-i:đồng){_S})?(?:{p})", c) for p, c in _FOREIGN] + _VND
_CODES = [code for _, code in _CURRENCY_TABLE]
_CURRENCY_AFTER = re.compile(
    rf"{SPACE}*(?:"
    + "|".join(f"(?P<c{i}>{p})" for i, (p, _) in enumerate(_CURRENCY_TABLE))
    # "đ" is short for đồng only glued or next to a number, and "đ/c" is short for đồng chí
    + r"|(?P<dong>(?-i:đ|Đ)(?!/c)|₫)"
    + r"|(?P<symbol>(?-i:US\$|A\$|S\$|HK\$|C\$|NT\$|\$|€|£|¥)))(?!\w)",
    re.IGNORECASE,
)
_SYMBOL_CHARS = frozenset("$€£¥₫")
_CURRENCY_OPENERS = frozenset(" \t\u00a0\u202f") | _SYMBOL_CHARS
_SYMBOL_BEFORE = re.compile(rf"(?<![^\W\d_])(?:US\$|A\$|S\$|HK\$|C\$|NT\$|\$|€|£|¥){SPACE}?\Z")
# "/kg", and "/1kg" or "/1 kg", which news writes for the same unit price
_PER_SLASH = re.compile(rf"{SPACE}*/{SPACE}*(?:1{SPACE}*)?([^\W\d_][\w²³]*)")
_PER_EACH = re.compile(rf"{SPACE}+(?:mỗi|một){SPACE}+([^\W\d_]\w*)(?!\w)", re.IGNORECASE)
# After "mỗi" or "một", these one-syllable nouns make a unit price ("5 triệu đồng mỗi tháng"); the
# length of other nouns is unknown ("mỗi doanh nghiệp"), so they are left out of the amount.
_PER_NOUNS = frozenset(
    """năm tháng tuần ngày giờ người hộ suất lượt kg tấn tạ lít ha m2 chiếc cái con thùng lần khách
    xã trường em cháu cặp bộ""".split()
)
# "Mỗi suất học bổng trị giá 5 triệu đồng": "mỗi" and one of those nouns earlier in the figure's
# clause (after its last comma or stop, with no other number between) make the sum one unit's.
_EACH_BEFORE = re.compile(rf"(?<!\w)mỗi{SPACE}+([^\W\d_]\w*)(?!\w)(?P<gap>[^\d.;:!?,\n(]*)\Z", re.IGNORECASE)
_CLAUSE_REACH = 80
_NEXT_WORD_START = re.compile(rf"{SPACE}+(\w)")
_RANGE_JOIN = re.compile(rf"{SPACE}*[-–]{SPACE}*|{SPACE}+(?:đến|tới){SPACE}+", re.IGNORECASE)
_FROM_BEFORE = re.compile(rf"(?<!\w)từ{SPACE}+\Z", re.IGNORECASE)


def currency_after(text: str, end: int) -> tuple[str, int] | None:
    """Return the ISO code of the currency written right after position `end`, and its end."""
    match = _CURRENCY_AFTER.match(text, end)
    if match is None:
        return None
    group = match.lastgroup or ""
    if group == "dong":
        return "VND", match.end()
    if group == "symbol":
        return _SYMBOLS[match.group("symbol")], match.end()
    return _CODES[int(group[1:])], match.end()


def _currency_before(text: str, start: int) -> tuple[str, int] | None:
    """Return the currency of a symbol written right before position `start` ("US$5 triệu")."""
    match = _SYMBOL_BEFORE.search(text, max(0, start - 4), start)
    if match is None:
        return None
    return _SYMBOLS[match.group(0).rstrip()], match.start()


def _per_unit(text: str, end: int) -> tuple[str | None, int]:
    """Return the unit of a unit price after a currency ("/kg", "/người/tháng", "mỗi hộ")."""
    units: list[str] = []
    while len(units) < 3:
        match = _PER_SLASH.match(text, end)
        if match is None:
            break
        units.append(match.group(1))
        end = match.end()
    if not units:
        each = _PER_EACH.match(text, end)
        if each is not None:
            if each.group(1).lower() in _PER_NOUNS:
                return each.group(1), each.end()
    return ("/".join(units) if units else None), end


@dataclass(frozen=True)
class _Bare:
    """An amount before its hedge and before a range of two written-out amounts is joined."""

    start: int
    end: int
    value: Decimal
    value_max: Decimal | None
    currency: str
    per_unit: str | None


def _bare_amount(text: str, mention: NumberMention) -> _Bare | None:
    """Return the amount made of a number and the currency written after or before it."""
    following = text[mention.end : mention.end + 1]
    preceding = text[max(0, mention.start - 2) : mention.start]
    if not (following.isalpha() or following in _CURRENCY_OPENERS) and not _SYMBOL_CHARS & set(preceding):
        return None  # neither a currency after the number nor a symbol before it
    after = currency_after(text, mention.end)
    start = mention.start
    if after is not None:
        currency, end = after
        if _dong_is_a_noun(text, mention, end):
            return None
    else:
        before = _currency_before(text, mention.start)
        if before is None:
            return None
        currency, start = before
        end = mention.end
    per_unit, end = _per_unit(text, end)
    per_unit = per_unit or _each_before(text, start)
    return _Bare(start, end, mention.value, mention.value_max, currency, per_unit)


def _each_before(text: str, start: int) -> str | None:
    """Return the unit of "mỗi <unit>" earlier in the clause of a sum starting at `start`, if any."""
    each = _EACH_BEFORE.search(text, max(0, start - _CLAUSE_REACH), start)
    if each is None or each.group(1).lower() not in _PER_NOUNS:
        return None
    return each.group(1)


def _dong_is_a_noun(text: str, mention: NumberMention, end: int) -> bool:
    """Return whether "đồng" after a small number begins a noun ("3 đồng bằng", "5 đồng xu").

    A sum below a thousand đồng buys nothing today, so "đồng" after a small bare number followed
    by another word is read as a compound noun; "500 đồng/lượt" or "500 đồng." stay amounts.
    """
    if mention.scaled or mention.value >= 1000 or text[end - 4 : end] != "đồng":
        return False
    following = _NEXT_WORD_START.match(text, end)
    return following is not None and following.group(1).islower()


def _joined(text: str, lower: _Bare, upper: _Bare) -> _Bare | None:
    """Return "từ 5 tỷ đồng đến 10 tỷ đồng" as one range, if the two amounts form one."""
    join = _RANGE_JOIN.match(text, lower.end)
    if join is None or join.end() != upper.start or lower.value_max is not None:
        return None
    if upper.value_max is not None or upper.currency != lower.currency:
        return None
    if lower.per_unit not in (None, upper.per_unit):
        return None  # "từ 3 triệu đồng đến 5 triệu đồng/hộ" shares the unit of the upper bound
    if not lower.value < upper.value:
        return None
    opener = _FROM_BEFORE.search(text, max(0, lower.start - 8), lower.start)
    start = opener.start() if opener else lower.start
    return _Bare(start, upper.end, lower.value, upper.value, lower.currency, upper.per_unit)


def amounts_find(text: str, claimed: Sequence[Span] = ()) -> list[Amount]:
    """Return the amounts of money in `text`, leaving out numbers inside the `claimed` spans."""
    mentions = mentions_unclaimed(text, claimed)
    bare = [_bare_amount(text, m) for m in mentions]
    amounts: list[Amount] = []
    for found in ranges_join(bare, lambda lower, upper: _joined(text, lower, upper)):
        qualifiers, start, end = qualifiers_around(text, found.start, found.end)
        amounts.append(
            Amount(
                text=text[start:end],
                value=found.value,
                currency=found.currency,
                qualifier=qualifier_main(qualifiers),
                qualifiers=qualifiers,
                per_unit=found.per_unit,
                span=(start, end),
                value_max=found.value_max,
            )
        )
    return amounts


def amounts_step(doc: Document) -> Document:
    """Add the amounts of money, leaving out numbers that dates or references already hold."""
    claimed = [d.span for d in doc.dates] + [r.span for r in doc.references]
    doc.amounts = amounts_find(doc.text, claimed)
    return doc
