"""The references step: mentions of legal and Party documents, with their number and issuer.

A reference is found in three shapes:

- a document type and a number: "Chỉ thị số 12", "Nghị quyết 66/NQ-CP", "Nghị định 80/2020/NĐ-CP",
  "chỉ thị số 12-CT/TW". A bare number without "số" makes a reference only after a capitalised
  type and before no counted noun ("Kế hoạch 5 năm", "kết luận 3 điểm" are ordinary wording); a
  type without a number ("theo chỉ thị của cấp trên") never does;
- a symbol alone, whose type code names the kind: "59-NQ/TW" in "Nghị quyết số 22-NQ/TW và
  59-NQ/TW", "1234/QĐ-TTg";
- a document known by name: "Luật Điều ước quốc tế", "Hiến pháp", "Nghị quyết Đại hội XIII".

`text` covers the type and the number only ("Chỉ thị số 12"); `kind` is the canonical type
("Chỉ thị"); `number` is the number or symbol as written ("12", "12-CT/TW"), None for a named
document. `issuer` is, in order of preference: the authority written after the reference
("... của Ban Bí thư khóa XIII", "... ngày 24/1/2019 của Bộ Chính trị", "... do Thủ tướng Chính
phủ ban hành"), kept as written with its term ("Ban Bí thư khóa XIII", since a directive belongs to
one term); the authority coded in the symbol (TW -> Trung ương Đảng, CP -> Chính phủ, TTg -> Thủ
tướng Chính phủ, BNG -> Bộ Ngoại giao, ...); the authority the law gives that type (a decree is the
Government's, a law the National Assembly's); otherwise None. A resolution named after a congress
or a plenum has that body as written for issuer: "Đại hội XIII", "Trung ương 4 khóa XII".
"""

from __future__ import annotations

import re

from doingoai.analysis.document import Document, Reference

_KINDS = (
    "Chỉ thị",
    "Nghị quyết liên tịch",
    "Nghị quyết",
    "Nghị định",
    "Quyết định",
    "Thông tư liên tịch",
    "Thông tư",
    "Kết luận",
    "Công văn",
    "Công điện",
    "Kế hoạch",
    "Chương trình hành động",
    "Chương trình",
    "Quy định",
    "Quy chế",
    "Hướng dẫn",
    "Thông báo kết luận",
    "Thông báo",
    "Báo cáo",
    "Tờ trình",
    "Đề án",
    "Văn bản",
    "Bộ luật",
    "Luật",
    "Pháp lệnh",
    "Sắc lệnh",
    "Lệnh",
    "Hiến pháp",
    "Điều lệ",
)
# Spelling variants of a type, keyed by their lower-cased, single-spaced form.
_KIND_VARIANTS = {"qui định": "Quy định", "qui chế": "Quy chế"}
_KIND_CANONICAL = {k.lower(): k for k in _KINDS} | _KIND_VARIANTS

# The type codes of a symbol ("NQ" in "66/NQ-CP", "CT" in "12-CT/TW"), with the type they stand for.
_TYPE_CODES = {
    "CT": "Chỉ thị",
    "NQ": "Nghị quyết",
    "NQLT": "Nghị quyết liên tịch",
    "NĐ": "Nghị định",
    "QĐ": "Quyết định",
    "QĐI": "Quy định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "KL": "Kết luận",
    "KH": "Kế hoạch",
    "CTR": "Chương trình",
    "HD": "Hướng dẫn",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "TTR": "Tờ trình",
    "CĐ": "Công điện",
    "ĐA": "Đề án",
    "QC": "Quy chế",
    "PL": "Pháp lệnh",
    "L": "Lệnh",
}
# The issuer codes of a symbol, upper-cased; a term number after the code is dropped ("QH15").
_ISSUER_CODES = {
    "TW": "Trung ương Đảng",
    "CP": "Chính phủ",
    "TTG": "Thủ tướng Chính phủ",
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "CTN": "Chủ tịch nước",
    "VPCP": "Văn phòng Chính phủ",
    "VPTW": "Văn phòng Trung ương Đảng",
    "BĐNTW": "Ban Đối ngoại Trung ương",
    "BTGTW": "Ban Tuyên giáo Trung ương",
    "BTGDVTW": "Ban Tuyên giáo và Dân vận Trung ương",
    "BTCTW": "Ban Tổ chức Trung ương",
    "MTTW": "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
    "BNG": "Bộ Ngoại giao",
    "BNV": "Bộ Nội vụ",
    "BTC": "Bộ Tài chính",
    "BCA": "Bộ Công an",
    "BQP": "Bộ Quốc phòng",
    "BTP": "Bộ Tư pháp",
    "BCT": "Bộ Công Thương",
    "BYT": "Bộ Y tế",
    "BXD": "Bộ Xây dựng",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BDTTG": "Bộ Dân tộc và Tôn giáo",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BGTVT": "Bộ Giao thông vận tải",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "TU": "Tỉnh ủy",
    "THU": "Thành ủy",
    "LHHN": "Liên hiệp các tổ chức hữu nghị Việt Nam",
    "LHHNVN": "Liên hiệp các tổ chức hữu nghị Việt Nam",
}
# Who issues a type by law, when neither the text nor the symbol says.
_ISSUER_BY_KIND = {
    "Nghị định": "Chính phủ",
    "Luật": "Quốc hội",
    "Bộ luật": "Quốc hội",
    "Hiến pháp": "Quốc hội",
    "Pháp lệnh": "Ủy ban Thường vụ Quốc hội",
    "Lệnh": "Chủ tịch nước",
}
# Laws known by name; a name is matched whatever its capitals ("Luật Điều ước Quốc tế").
_LAW_NAMES = (
    "Điều ước quốc tế",
    "Thỏa thuận quốc tế",
    "Thoả thuận quốc tế",
    "Cơ quan đại diện nước Cộng hòa xã hội chủ nghĩa Việt Nam ở nước ngoài",
    "Cơ quan đại diện nước Cộng hoà xã hội chủ nghĩa Việt Nam ở nước ngoài",
    "Cơ quan đại diện",
    "Quốc tịch Việt Nam",
    "Xuất cảnh, nhập cảnh của công dân Việt Nam",
    "Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam",
    "Ngân sách nhà nước",
    "Đầu tư công",
    "Đầu tư theo phương thức đối tác công tư",
    "Đầu tư",
    "Doanh nghiệp",
    "Đất đai",
    "Tổ chức Chính phủ",
    "Tổ chức chính quyền địa phương",
    "Tổ chức Quốc hội",
    "Ban hành văn bản quy phạm pháp luật",
    "Biên giới quốc gia",
    "Biển Việt Nam",
    "An ninh quốc gia",
    "An ninh mạng",
    "Quản lý nợ công",
    "Tín ngưỡng, tôn giáo",
    "Mặt trận Tổ quốc Việt Nam",
    "Thanh niên",
    "Công đoàn",
    "Cán bộ, công chức",
    "Viên chức",
    "Phòng, chống tham nhũng",
    "Phòng, chống khủng bố",
    "Phòng, chống mua bán người",
    "Người lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng",
    "Giáo dục đại học",
    "Giáo dục",
    "Khoa học và công nghệ",
    "Bảo vệ môi trường",
    "Di sản văn hóa",
    "Du lịch",
    "Báo chí",
    "Hải quan",
    "Thương mại",
    "Ngoại thương",
    "Hình sự",
    "Dân sự",
    "Lao động",
    "Tố tụng hình sự",
    "Tố tụng dân sự",
    "Hàng hải Việt Nam",
)
_FLAGS = re.IGNORECASE


def _words(phrase: str) -> str:
    """Return a pattern for `phrase` that allows any run of spaces between its words."""
    return r"\s+".join(re.escape(word) for word in phrase.split())


_KIND_PATTERN = "|".join(_words(k) for k in sorted((*_KINDS, "Qui định", "Qui chế"), key=len, reverse=True))
# A number or symbol: "12", "66/NQ-CP", "80/2020/NĐ-CP", "12-CT/TW", "01/2015/TTLT-BNG-BNV".
_NUMBER = r"[0-9]+(?:[/-][0-9A-Za-zĐđ]+)*(?![\w]|[.,][0-9])"
_KIND_NUMBER = re.compile(
    rf"(?<!\w)(?P<kind>{_KIND_PATTERN})\s+(?:(?P<so>số)\s*:?\s*)?(?P<number>{_NUMBER})", _FLAGS
)
_ROMAN = r"[IVXLC]+(?![\w])"
# Longest names first: a regex alternation takes the first name that fits, not the longest.
_LAW_NAME_PATTERN = "|".join(_words(n) for n in sorted(_LAW_NAMES, key=len, reverse=True))
_NAMED = re.compile(
    rf"(?<!\w)(?:(?P<law>Bộ\s+[lL]uật|Luật)\s+(?i:{_LAW_NAME_PATTERN})(?!\w)"
    rf"(?:\s+(?i:số)\s+(?P<law_number>{_NUMBER}))?"
    r"|(?P<constitution>Hiến\s+pháp)(?!\w)"
    rf"|Nghị\s+quyết\s+(?P<congress>Đại\s+hội(?:\s+Đảng)?(?:\s+(?:đại\s+biểu\s+)?toàn\s+quốc)?"
    rf"(?:\s+lần\s+thứ)?\s+{_ROMAN}"
    rf"|(?:Hội\s+nghị\s+)?Trung\s+ương\s+[0-9]{{1,2}}(?:\s+kh(?:óa|oá)\s+{_ROMAN})?(?![\w])))"
)
_NAMED_FRAGMENTS = (
    "Luật ",
    "Bộ luật ",
    "Hiến pháp",
    "Nghị quyết Đại hội",
    "Nghị quyết Trung ương",
    "Nghị quyết Hội nghị",
)

# Longer codes first, so that "CTr" is not read as "CT".
_TYPE_PATTERN = "|".join("CTr CT NQLT NQ NĐ QĐi QĐ TTLT TTr TT KL KH HD TB BC CĐ ĐA QC PL L".split())
_CODE = r"[A-ZĐ][A-Za-zĐđ0-9]*"
# A symbol without its type word: Party style "59-NQ/TW", State style "1234/QĐ-TTg", "80/2020/NĐ-CP".
_SYMBOL = re.compile(
    rf"(?<![\w/.-])(?P<symbol>[0-9]+-(?P<party_type>{_TYPE_PATTERN})/{_CODE}(?:[-/]{_CODE})*"
    rf"|[0-9]+(?:/[0-9]{{4}})?/(?P<state_type>{_TYPE_PATTERN})-{_CODE}(?:-{_CODE})*)(?![\w/-])"
)

# What may stand between a reference and its issuer: "..., ngày 24/1/2019 của Bộ Chính trị".
_DATE = r"[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4}|[0-9]{1,2}\s+tháng\s+[0-9]{1,2}\s+năm\s+[0-9]{4}"
_ISSUER_LEAD = re.compile(rf"\s*,?\s*(?:ngày\s+(?:{_DATE})\s*,?\s*)?(?:của|do)\s+", _FLAGS)
# The issuer's name is read syllable by syllable. Vietnamese names of bodies capitalise the first
# syllable of each word ("Bộ Ngoại giao", "Ban Chấp hành Trung ương Đảng"), while proper names
# capitalise every syllable ("Lạng Sơn"): a lower-case syllable continues a name only right after
# the first capital of a word, and never one of these, which start the rest of the sentence.
_STOP = frozenset(
    "về của và ngày năm tháng đã đang sẽ là tại trong với để nhằm theo cho từ đến có được bị thì mà"
    " này đó khi sau trước số ban quy hướng triển thực yêu nhấn nêu đề xác cũng các những một phê ta"
    " khóa khoá nhiệm tỉnh thành xã phường huyện quận đặc nhân giao gửi ký chủ".split()
)
# Lower-case syllables that are verbs after most names but a word's end after these capitals.
_STOP_EXCEPTIONS = frozenset({("Ngoại", "giao"), ("Ủy", "ban"), ("Uỷ", "ban"), ("Dân", "chủ")})
# One-syllable heads of a body's name: the capital after a head begins a word ("Bộ Chính trị"),
# where the capital after any other lone capital continues a proper name ("Lạng Sơn").
_HEADS = frozenset("Bộ Ban Sở Cục Vụ Viện Hội Đoàn Phòng Tòa Toà Quỹ".split())
_UPPER = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
)
_FIRST_WORD = re.compile(r"\w+")
# The next syllable of a name: on the same line, after spaces or a spaced dash
# ("Bộ Lao động - Thương binh và Xã hội").
_NEXT_WORD = re.compile(r"[ \t]+(?:-[ \t]+)?(\w+)")
_PLACE = re.compile(r"[ \t]+(?:tỉnh|thành\s+phố|TP\.|TP|xã|phường|đặc\s+khu|huyện|quận|thị\s+xã)(?!\w)")
_LITERAL_ISSUER = re.compile(
    "|".join(
        _words(name)
        for name in (
            "Ủy ban nhân dân",
            "Uỷ ban nhân dân",
            "Hội đồng nhân dân",
            "Liên hiệp các tổ chức hữu nghị Việt Nam",
            "Liên hiệp các tổ chức hữu nghị",
            "Bộ Văn hóa, Thể thao và Du lịch",
            "Bộ Văn hoá, Thể thao và Du lịch",
            "Bộ Nông nghiệp và Phát triển nông thôn",
            "UBND",
            "HĐND",
        )
    )
    + r"(?!\w)"
)
_TERM = re.compile(
    r"\s+(?:khóa|khoá|nhiệm\s+kỳ|nhiệm\s+kì)\s+"
    rf"(?:{_ROMAN}|[0-9]{{4}}\s*[-–]\s*[0-9]{{4}}(?![0-9])|[0-9]{{1,2}}(?![\w]))"
)


def _is_capital(word: str) -> bool:
    return word[0] in _UPPER


def _continues(capital: str, lower: str) -> bool:
    """Return whether `lower` ends the word begun by `capital` ("Ngoại giao"), not the name."""
    return (capital, lower) in _STOP_EXCEPTIONS or (lower.lower() not in _STOP and not lower[0].isdigit())


def _name_end(text: str, pos: int, *, proper: bool = False) -> int:
    """Return where the capitalised name starting at `pos` ends (`pos` if there is none).

    With `proper`, the name is a proper name ("Lạng Sơn") and takes no lower-case syllable.
    """
    m = _FIRST_WORD.match(text, pos)
    end = pos
    word_start = not proper  # whether the next capital may take a lower-case syllable
    while m is not None:
        word = m.group(m.lastindex or 0)
        if word == "và" and not proper:
            after = _NEXT_WORD.match(text, m.end())
            if after is None or not _is_capital(after.group(1)):
                break
            m, word_start = after, True
            continue
        if not _is_capital(word):
            break
        end = m.end()
        nxt = _NEXT_WORD.match(text, end)
        if (
            word_start
            and nxt is not None
            and not _is_capital(nxt.group(1))
            and _continues(word, nxt.group(1))
        ):
            end = nxt.end()
            nxt = _NEXT_WORD.match(text, end)
            word_start = True
        else:
            word_start = word in _HEADS
        m = nxt
    return end


def _issuer_end(text: str, pos: int) -> int:
    """Return where the issuer named at `pos` ends: a body, then its place and its term."""
    literal = _LITERAL_ISSUER.match(text, pos)
    end = literal.end() if literal else _name_end(text, pos)
    if end == pos:
        return pos
    place = _PLACE.match(text, end)
    if place:
        after = _NEXT_WORD.match(text, place.end())
        if after and _name_end(text, after.start(1), proper=True) > after.start(1):
            end = _name_end(text, after.start(1), proper=True)
        elif literal:  # "Ủy ban nhân dân tỉnh" names the body without the province
            end = place.end()
    elif literal:  # "UBND Hà Nội"
        after = _NEXT_WORD.match(text, end)
        if after and _is_capital(after.group(1)):
            end = _name_end(text, after.start(1), proper=True)
    term = _TERM.match(text, end)
    return term.end() if term else end


# A bare number followed by one of these counts things: "Kế hoạch 5 năm", "Kết luận 3 điểm".
_COUNTED = re.compile(
    r"\s*(?:năm|tháng|ngày(?!\s+[0-9])|tuần|quý|giờ|phút|lần|điểm|người|nội\s+dung|nhiệm\s+vụ|mục\s+tiêu"
    r"|giải\s+pháp|nhóm|điều|khoản|trang|tỷ|triệu|nghìn|ngàn|trăm|%|bước|nước|tỉnh|xã|đơn\s+vị|dự\s+án"
    r"|chương|hoạt\s+động|đoàn|lượt|vấn\s+đề|văn\s+bản|km|ha|USD|đồng)(?!\w)",
    _FLAGS,
)
_YEAR_LIKE = re.compile(r"(?:19|20)[0-9]{2}(?:\s*[-–]\s*(?:19|20)[0-9]{2})?")

# Reference words are looked for only near numbers and a few literal names: scanning every
# position of an article with `_KIND_NUMBER` would cost more than the rest of the step.
_DIGITS = re.compile(r"[0-9]+")
_WORD_START = re.compile(r"(?<!\w)\w")
_LEAD_WINDOW = 30  # "Chương trình hành động số " is the longest lead before a number
_LAST_SYLLABLES = frozenset(
    {word.split()[-1].lower() for word in (*_KINDS, "Qui định", "Qui chế")} | {"số", "số:"}
)


def _kind_canonical(written: str) -> str:
    key = " ".join(written.lower().split())
    return _KIND_CANONICAL.get(key, written)


def _symbol_issuer(number: str) -> str | None:
    """Return the authorities coded in a symbol ("66/NQ-CP" -> "Chính phủ"), or None."""
    names: list[str] = []
    for code in re.split(r"[/-]", number)[1:]:
        key = code.upper().rstrip("0123456789")
        if key in _TYPE_CODES or not key:
            continue
        name = _ISSUER_CODES.get(key)
        if name and name not in names:
            names.append(name)
    return ", ".join(names) or None


def _issuer_after(text: str, end: int) -> str | None:
    """Return the issuer written after a reference ending at `end` ("của Chính phủ"), or None."""
    lead = _ISSUER_LEAD.match(text, end)
    if lead is None:
        return None
    end = _issuer_end(text, lead.end())
    return " ".join(text[lead.end() : end].split()) if end > lead.end() else None


def _issuer(text: str, end: int, kind: str, number: str | None) -> str | None:
    return (
        _issuer_after(text, end) or (_symbol_issuer(number) if number else None) or _ISSUER_BY_KIND.get(kind)
    )


def _word_before(text: str, pos: int) -> str:
    words = text[max(0, pos - 12) : pos].rsplit(None, 1)
    return words[-1].lower() if words else ""


def _numbered(text: str, m: re.Match[str]) -> Reference | None:
    """Return the reference for a type followed by a number, or None when it is ordinary wording."""
    number = m.group("number")
    is_symbol = not number.isdigit()
    if not is_symbol and m.group("so") is None:
        written_kind = m.group("kind")
        if (
            not written_kind[0].isupper()
            or _YEAR_LIKE.fullmatch(number)
            or len(number) > 4
            or _COUNTED.match(text, m.end())
        ):
            return None
    if m.group("so") is None and _YEAR_LIKE.fullmatch(number):
        return None  # "Kế hoạch 2021-2025" names a period, not a document
    kind = _kind_canonical(m.group("kind"))
    start, end = m.start(), m.end()
    return Reference(
        text=text[start:end],
        kind=kind,
        number=number,
        issuer=_issuer(text, end, kind, number),
        span=(start, end),
    )


def _named(text: str, m: re.Match[str]) -> Reference:
    start, end = m.start(), m.end()
    if m.group("congress"):
        return Reference(
            text[start:end], "Nghị quyết", None, " ".join(m.group("congress").split()), (start, end)
        )
    kind = "Hiến pháp" if m.group("constitution") else _kind_canonical(m.group("law"))
    number = m.group("law_number")
    return Reference(text[start:end], kind, number, _issuer(text, end, kind, number), (start, end))


def _symbol(text: str, m: re.Match[str]) -> Reference:
    number = m.group("symbol")
    code = (m.group("party_type") or m.group("state_type")).upper()
    kind = _TYPE_CODES[code]
    start, end = m.span("symbol")
    return Reference(text[start:end], kind, number, _issuer(text, end, kind, number), (start, end))


def _candidates(text: str) -> list[Reference]:
    """Return every reference found, possibly overlapping, in no particular order."""
    found: list[Reference] = []
    for digits in _DIGITS.finditer(text):
        anchor = digits.start()
        if text[digits.end() : digits.end() + 1] in ("/", "-"):
            symbol = _SYMBOL.match(text, anchor)
            if symbol:
                found.append(_symbol(text, symbol))
        if _word_before(text, anchor) not in _LAST_SYLLABLES:
            continue
        for word in _WORD_START.finditer(text, max(0, anchor - _LEAD_WINDOW), anchor):
            m = _KIND_NUMBER.match(text, word.start())
            if m and m.start("number") == anchor:
                reference = _numbered(text, m)
                if reference:
                    found.append(reference)
                break
    for fragment in _NAMED_FRAGMENTS:
        pos = text.find(fragment)
        while pos >= 0:
            # "Bộ Luật Hình sự" is a code ("Bộ luật"), not a law named "Hình sự".
            start = pos - 3 if fragment == "Luật " and text.startswith("Bộ ", pos - 3) else pos
            m = _NAMED.match(text, start)
            if m:
                found.append(_named(text, m))
            pos = text.find(fragment, pos + 1)
    return found


def references_find(text: str) -> list[Reference]:
    """Return the references to legal and Party documents in `text`, in order, without overlaps."""
    kept: list[Reference] = []
    for reference in sorted(_candidates(text), key=lambda r: (r.span[0], -r.span[1])):
        if kept and reference.span[0] < kept[-1].span[1]:
            continue
        kept.append(reference)
    return kept


def references_step(doc: Document) -> Document:
    """Add the document's references to legal and Party documents."""
    doc.references = references_find(doc.text)
    return doc
