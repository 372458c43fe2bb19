"""Tell which encoding a Vietnamese file is in, and convert legacy encodings to Unicode (NFC).

Before Unicode, Vietnamese office documents were typed in 8-bit encodings:

- **TCVN3** (ABC, the VN3 table of TCVN 5712:1993) gives each lowercase vowel with a tone its own
  byte in 0xB5-0xFE, and ă â ê ô ơ ư đ / Ă Â Ê Ô Ơ Ư Đ bytes in 0xA1-0xAE. It has no byte for a
  capital vowel with a tone: the ".VnTimeH" fonts draw the lowercase bytes as capitals, so the file
  only says "lowercase". `text_decode` restores the capital where the word or sentence shows it.
- **VNI-Windows** writes a base letter followed by one glyph for its marks: "a" + "ù" shows "á",
  "a" + "ä" shows "ậ"; ơ, ư, đ and the i-with-tone letters are single glyphs.
- **Windows-1258** has some precomposed letters and writes the five tone marks as combining
  characters, so its text must be NFC-composed after decoding.

The TCVN3 and VNI fonts were Windows-1252 fonts, so an old conversion often left the Windows-1252
characters of those bytes in a UTF-8 file ("ViÖt Nam", "Vieät Nam"); `encoding_detect` recognises
that too ("tcvn3-in-utf-8"), as well as UTF-8 read as Windows-1252 and saved again ("Viá»‡t").

Detection decodes the bytes under each candidate and keeps the reading with the most words that are
well-formed Vietnamese syllables (`syllable_is_vietnamese`); words made only of ASCII letters read
the same under every candidate and are not counted.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Set
from dataclasses import dataclass
from functools import lru_cache

from doingoai.analysis.text import TONE_MARKS

# The order of every table below: no tone, huyền, hỏi, ngã, sắc, nặng.
TONE_ORDER = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
VOWELS = "aăâeêioôơuưy"
# On a tie the first reading wins: short Windows-1258 texts can also read as well-formed TCVN3 or
# VNI ("cá và tôm" / "cỏ và tụm" / "cá và tơm"), while real TCVN3 and VNI texts are full of
# symbols and stray marks when read as Windows-1258.
LEGACY_ENCODINGS = ("cp1258", "tcvn3", "vni")
# What `encoding_detect` may return: each legacy encoding also "-in-utf-8", and "cp1252" for text
# whose only non-ASCII characters are Windows punctuation.
ENCODINGS = (
    "utf-8",
    "utf-16",
    *LEGACY_ENCODINGS,
    "cp1252",
    *(f"{name}-in-utf-8" for name in ("utf-8", *LEGACY_ENCODINGS)),
)
MOJIBAKE_SUFFIX = "-in-utf-8"
# Detection reads this much of a file: enough for a verdict, and bounded on 20 MB inputs.
SAMPLE_BYTES = 256 * 1024


def _letter(vowel: str, tone: str) -> str:
    return unicodedata.normalize("NFC", vowel + tone)


def vietnamese_letters() -> list[str]:
    """Return the 134 Vietnamese letters outside ASCII: 66 vowels with marks and đ, in both cases."""
    lower = [_letter(v, t) for v in VOWELS for t in TONE_ORDER if not _letter(v, t).isascii()] + ["đ"]
    return lower + [c.upper() for c in lower]


# --- TCVN3 ----------------------------------------------------------------------------------------

# Bytes of each vowel with huyền, hỏi, ngã, sắc, nặng (TCVN 5712:1993, table VN3).
_TCVN3_TONED: dict[str, tuple[int, int, int, int, int]] = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_UNTONED = {
    "Ă": 0xA1,
    "Â": 0xA2,
    "Ê": 0xA3,
    "Ô": 0xA4,
    "Ơ": 0xA5,
    "Ư": 0xA6,
    "Đ": 0xA7,
    "ă": 0xA8,
    "â": 0xA9,
    "ê": 0xAA,
    "ô": 0xAB,
    "ơ": 0xAC,
    "ư": 0xAD,
    "đ": 0xAE,
}


def _tcvn3_codes() -> dict[str, int]:
    codes = dict(_TCVN3_UNTONED)
    for vowel, toned in _TCVN3_TONED.items():
        for tone, code in zip(TONE_ORDER[1:], toned, strict=True):
            codes[_letter(vowel, tone)] = code
    return codes


# Every letter TCVN3 has a byte for: 67 lowercase letters and 7 capitals.
TCVN3_CODES: dict[str, int] = _tcvn3_codes()
# A TCVN3 byte 0xA1-0xFE is the code point of its Windows-1252 glyph, so one table serves bytes and
# the glyphs of a mojibake file.
_TCVN3_FROM_GLYPH = {code: letter for letter, code in TCVN3_CODES.items()}
# Capital vowels with a tone have no TCVN3 byte: the file holds the lowercase one.
_TCVN3_LOWERCASE_ONLY = frozenset(c for c in TCVN3_CODES if c.islower() and c.upper() not in TCVN3_CODES)
_WORD = re.compile(r"[^\W\d_]+")
_AMBIGUOUS_WORD = re.compile(r"[^\W\d_]*[" + "".join(sorted(_TCVN3_LOWERCASE_ONLY)) + r"][^\W\d_]*")
_SENTENCE_END = frozenset(".!?…\n\r")
_BEFORE_SENTENCE = frozenset(" \t\"'“‘«([-–—•*")


def _tcvn3_case_restore(text: str) -> str:
    """Capitalise lowercase-only TCVN3 letters in all-capital words and at the start of a sentence."""
    chars = list(text)
    for match in _AMBIGUOUS_WORD.finditer(text):
        word = match.group()
        ambiguous = [i for i, c in enumerate(word) if c in _TCVN3_LOWERCASE_ONLY]
        others = [c for c in word if c not in _TCVN3_LOWERCASE_ONLY and c.lower() != c.upper()]
        if len(others) >= 2 and all(c.isupper() for c in others):
            for i in ambiguous:
                chars[match.start() + i] = word[i].upper()
        elif ambiguous[0] == 0 and _sentence_starts_at(text, match.start()):
            chars[match.start()] = word[0].upper()
    return "".join(chars)


def _sentence_starts_at(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _BEFORE_SENTENCE:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def _tcvn3_from_glyphs(glyphs: str) -> str:
    return _tcvn3_case_restore(glyphs.translate(_TCVN3_FROM_GLYPH))


def _tcvn3_encode(text: str) -> bytes:
    out = bytearray()
    for ch in text:
        code = TCVN3_CODES.get(ch) or TCVN3_CODES.get(ch.lower())
        out += bytes([code]) if code else _glyph_encode(ch, "tcvn3", _TCVN3_FROM_GLYPH.keys())
    return bytes(out)


# --- VNI ------------------------------------------------------------------------------------------

# Mark glyphs in TONE_ORDER: tone alone, circumflex with the tone, breve with the tone.
_VNI_TONE = ("", "ø", "û", "õ", "ù", "ï")
_VNI_CIRCUMFLEX = ("â", "à", "å", "ã", "á", "ä")
_VNI_BREVE = ("ê", "è", "ú", "ü", "é", "ë")
# i with a tone and ỵ are single glyphs; ơ, ư, đ too.
_VNI_I = ("i", "ì", "æ", "ó", "í", "ò")
_VNI_Y_DOT = "î"
_VNI_SINGLE = {"ơ": "ô", "ư": "ö", "đ": "ñ"}


def _vni_spelling(vowel: str, tone: int) -> str:
    if vowel == "i":
        return _VNI_I[tone]
    if vowel == "y" and TONE_ORDER[tone] == "\u0323":
        return _VNI_Y_DOT
    if vowel == "ă":
        return "a" + _VNI_BREVE[tone]
    if vowel in "âêô":
        return {"â": "a", "ê": "e", "ô": "o"}[vowel] + _VNI_CIRCUMFLEX[tone]
    return _VNI_SINGLE.get(vowel, vowel) + _VNI_TONE[tone]


def _vni_spellings() -> dict[str, str]:
    lower = {_letter(v, TONE_ORDER[t]): _vni_spelling(v, t) for v in VOWELS for t in range(len(TONE_ORDER))}
    lower["đ"] = _VNI_SINGLE["đ"]
    spellings = {letter: glyphs for letter, glyphs in lower.items() if not letter.isascii()}
    spellings.update({letter.upper(): glyphs.upper() for letter, glyphs in spellings.items()})
    return spellings


# Every Vietnamese letter outside ASCII, as VNI glyphs (Windows-1252 characters).
VNI_SPELLINGS: dict[str, str] = _vni_spellings()


def _vni_readings() -> dict[str, str]:
    readings = {glyphs: letter for letter, glyphs in VNI_SPELLINGS.items()}
    # Case comes from the base letter: a mark glyph typed in the other case still belongs to it.
    for glyphs, letter in list(readings.items()):
        if len(glyphs) == 2:
            readings.setdefault(glyphs[0] + glyphs[1].swapcase(), letter)
    return readings


_VNI_READINGS = _vni_readings()
_VNI_PATTERN = re.compile("|".join(re.escape(g) for g in sorted(_VNI_READINGS, key=lambda g: (-len(g), g))))
_VNI_GLYPHS = frozenset(ord(c) for glyphs in _VNI_READINGS for c in glyphs if not c.isascii())


def _vni_from_glyphs(glyphs: str) -> str:
    return _VNI_PATTERN.sub(lambda m: _VNI_READINGS[m.group()], glyphs)


def _vni_encode(text: str) -> bytes:
    out = bytearray()
    for ch in text:
        glyphs = VNI_SPELLINGS.get(ch)
        out += glyphs.encode("latin-1") if glyphs else _glyph_encode(ch, "vni", _VNI_GLYPHS)
    return bytes(out)


# --- Windows-1252 glyphs --------------------------------------------------------------------------


def _cp1252_upper_half() -> dict[int, str]:
    table: dict[int, str] = {}
    for byte in range(0x80, 0xA0):
        try:
            table[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            continue  # five bytes Windows-1252 leaves undefined: keep their latin-1 reading
    return table


_CP1252_FROM_LATIN1 = _cp1252_upper_half()
_LATIN1_FROM_CP1252 = {ord(glyph): chr(byte) for byte, glyph in _CP1252_FROM_LATIN1.items()}


def _glyphs(data: bytes) -> str:
    """Return the Windows-1252 characters a legacy font drew for `data` (latin-1 where it has none)."""
    return data.decode("latin-1").translate(_CP1252_FROM_LATIN1)


def _glyph_bytes(text: str) -> bytes | None:
    """Return the bytes whose Windows-1252 (or latin-1) glyphs are `text`, or None if there are none."""
    try:
        return text.translate(_LATIN1_FROM_CP1252).encode("latin-1")
    except UnicodeEncodeError:
        return None


def _glyph_encode(ch: str, encoding: str, reserved: Set[int]) -> bytes:
    """Return `ch` as its Windows-1252 byte, unless that byte means a letter in `encoding`."""
    try:
        byte = ch.encode("cp1252")
    except UnicodeEncodeError:
        byte = b""
    if not byte or (byte[0] >= 0x80 and byte[0] in reserved):
        raise UnicodeEncodeError(encoding, ch, 0, 1, f"{encoding} has no byte for this character")
    return byte


# --- Windows-1258 ---------------------------------------------------------------------------------


def _cp1258_encode(text: str) -> bytes:
    """Return `text` in Windows-1258: precomposed letters where it has them, else a combining tone."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
        out += (base + tones).encode("cp1258")
    return bytes(out)


# --- Decoding and encoding by name ----------------------------------------------------------------


def text_decode(data: bytes, encoding: str) -> str:
    """Return `data` read as `encoding` (one of ENCODINGS), in NFC.

    Raise UnicodeDecodeError when the bytes are not valid in that encoding.
    """
    if encoding.endswith(MOJIBAKE_SUFFIX):
        text = data.decode("utf-8-sig")
        raw = _glyph_bytes(unicodedata.normalize("NFC", text))
        if raw is None:
            raise UnicodeDecodeError(encoding, data, 0, len(data), "not Windows-1252 characters")
        return text_decode(raw, encoding.removesuffix(MOJIBAKE_SUFFIX))
    if encoding == "utf-8":
        text = data.decode("utf-8-sig")
    elif encoding == "utf-16":
        text = data.decode("utf-16")
    elif encoding == "cp1258":
        text = data.decode("cp1258")
    elif encoding == "cp1252":
        text = _glyphs(data)
    elif encoding == "tcvn3":
        text = _tcvn3_from_glyphs(_glyphs(data))
    elif encoding == "vni":
        text = _vni_from_glyphs(_glyphs(data))
    else:
        raise ValueError(f"unknown encoding {encoding!r}; expected one of {', '.join(ENCODINGS)}")
    return unicodedata.normalize("NFC", text)


def text_encode(text: str, encoding: str) -> bytes:
    """Return `text` in a legacy encoding ("tcvn3", "vni" or "cp1258").

    TCVN3 has no capital vowels with a tone and writes them with the lowercase byte, as the ABC
    keyboards did. Raise UnicodeEncodeError for a character the encoding cannot write.
    """
    text = unicodedata.normalize("NFC", text)
    if encoding == "tcvn3":
        return _tcvn3_encode(text)
    if encoding == "vni":
        return _vni_encode(text)
    if encoding == "cp1258":
        return _cp1258_encode(text)
    raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {', '.join(LEGACY_ENCODINGS)}")


# --- How Vietnamese a text looks ------------------------------------------------------------------

_ALPHABET = frozenset("aăâbcdđeêghiklmnoôơpqrstuưvxy")
_TONE_BEARERS = frozenset("aăâeêioôơuưy")
_INITIALS = (
    *("ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr"),
    *("b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", ""),
)
_FINALS = ("ch", "ng", "nh", "c", "m", "n", "p", "t", "")
_STOP_FINALS = frozenset({"c", "ch", "p", "t"})
_STOP_TONES = frozenset({"\u0301", "\u0323"})  # a syllable ending in c, ch, p, t takes sắc or nặng
# Vowel groups that can end a syllable, and those that can be followed by a final consonant.
_OPEN_NUCLEI = frozenset(
    "a e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iu oa oe oi ôi ơi ua uê ui uơ uy ưa ưi ưu"
    " iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyu".split()
)
_CLOSED_NUCLEI = frozenset("a ă â e ê i o ô ơ u ư oa oă oe oo uâ uê uô uy ươ iê yê uyê".split())
# Frequent syllables with non-ASCII letters (our own list): they break ties between readings that
# are all well-formed, e.g. "cá và tôm" (Windows-1258) against "cỏ và tụm" (the same bytes in TCVN3).
_FREQUENT = frozenset(
    word.lower()
    for word in """
    và của các có là được trong cho với những một người không đã này đến để về năm ngày tại
    nhân dân nước công tác hội quốc việt đồng chí đại biểu tổ chức hoạt động phát triển quan hệ
    hợp kinh tế xã chính phủ thủ tướng bộ trưởng ngoại đối hữu nghị lãnh đạo thành phố tỉnh
    huyện ủy hiện cũng như khi sẽ đang rất nhiều hơn sau trước từ vào đó còn lại thể trên dưới
    giữa bị nên mà thì nếu vì qua cùng đây ông bà anh chị học sinh viên trường giáo dục sức
    khỏe bảo vệ môi văn hóa du lịch thương mại đầu tư dự án hỗ trợ viện tiền triệu tỷ nghìn
    tháng tuần giờ sáng chiều tối hôm mới lớn nhỏ tốt đẹp nhất thứ bốn sáu bảy tám chín mười
    trăm đất giới khu vực châu Á Âu Mỹ Nhật Bản Hàn Lào Nga Pháp Đức cả tới đi làm nói
    cấp bày tỏ cảm ơn mong muốn đề tiếp tục tăng cường thúc đẩy ký kết thỏa thuận biên
    ghi nhớ trao tặng quà xây dựng dịch vụ ban hành quyết định chỉ thị báo cáo
    sở ngành địa phương toàn thống độc lập tự do hạnh phúc cộng hòa nghĩa chủ đảng
    liên hiệp bình cơ vấn nội dung kế chương trình thực quả
    """.split()
    if not word.isascii()
)
_NOISE = re.compile(
    "["
    + re.escape("".join(sorted({chr(c) for c in range(0x80, 0xC0)} - set("\xa0«»°©®"))))
    + "\u0300-\u036f\ufffd]"
)


@lru_cache(maxsize=65536)
def syllable_is_vietnamese(word: str) -> bool:
    """Return whether `word` is a well-formed Vietnamese syllable (initial, vowels, final, one tone)."""
    tone = ""
    toneless: list[str] = []
    for ch in unicodedata.normalize("NFC", word.lower()):
        decomposed = unicodedata.normalize("NFD", ch)
        marks = [c for c in decomposed if c in TONE_MARKS]
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
        if base not in _ALPHABET or len(marks) > 1 or (marks and (tone or base not in _TONE_BEARERS)):
            return False
        tone = tone or "".join(marks)
        toneless.append(base)
    return _structure_valid("".join(toneless), tone)


def _structure_valid(toneless: str, tone: str) -> bool:
    for initial in _INITIALS:
        if not toneless.startswith(initial):
            continue
        rest = toneless[len(initial) :]
        for final in _FINALS:
            if not rest.endswith(final) or len(rest) == len(final):
                continue
            nucleus = rest[: len(rest) - len(final)]
            if final and nucleus in _CLOSED_NUCLEI:
                if final not in _STOP_FINALS or tone in _STOP_TONES:
                    return True
            elif not final and nucleus in _OPEN_NUCLEI:
                return True
    return False


@dataclass(frozen=True)
class Plausibility:
    """How Vietnamese a reading looks, counted over the words that have a non-ASCII letter."""

    syllables: int  # well-formed Vietnamese syllables
    frequent: int  # of which frequent ones
    garbage: int  # words that are not syllables, and stray symbols, controls or combining marks

    @property
    def score(self) -> int:
        """Return a number that ranks readings of the same bytes: higher is more Vietnamese."""
        return self.syllables + self.frequent - 2 * self.garbage

    @property
    def convincing(self) -> bool:
        """Return whether there is Vietnamese evidence and little against it."""
        return self.syllables > 0 and self.syllables >= 2 * self.garbage


def vietnamese_plausibility(text: str) -> Plausibility:
    """Return how many words of `text` are Vietnamese syllables, and how much looks like garbage."""
    syllables = frequent = garbage = 0
    for match in _WORD.finditer(text):
        word = match.group()
        if word.isascii():
            continue
        if syllable_is_vietnamese(word):
            syllables += 1
            frequent += word.lower() in _FREQUENT
        else:
            garbage += 1
    garbage += len(_NOISE.findall(text))
    return Plausibility(syllables, frequent, garbage)


# --- Detection ------------------------------------------------------------------------------------

_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")


def encoding_detect(data: bytes) -> str | None:
    """Return the encoding of `data` (one of ENCODINGS), or None when no reading looks like text.

    Valid UTF-8 stays UTF-8 unless it is the mojibake of a legacy encoding. A file that is mostly
    UTF-8 but broken somewhere (cut off, one stray byte) is reported as "utf-8", so that decoding it
    fails where it is broken instead of turning it into a legacy encoding.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "utf-8" if _utf8_damaged(data[:SAMPLE_BYTES]) else _legacy_detect(data[:SAMPLE_BYTES])
    inner = mojibake_detect(text)
    return f"{inner}{MOJIBAKE_SUFFIX}" if inner else "utf-8"


def _utf8_damaged(sample: bytes) -> bool:
    """Return whether invalid UTF-8 is mostly valid UTF-8 with a few bad bytes."""
    covered = sum(len(seq) for seq in _UTF8_SEQUENCE.findall(sample))
    stray = len(_HIGH_BYTE.findall(sample)) - covered
    return covered > 2 * stray


def _legacy_detect(sample: bytes) -> str | None:
    as_windows = vietnamese_plausibility(_glyphs(sample))
    if as_windows.syllables == 0 and as_windows.garbage == 0:
        return "cp1252"  # only Windows punctuation (curly quotes, dashes) outside ASCII
    name, best = _best_reading(sample, LEGACY_ENCODINGS)
    return name if best is not None and best.convincing else None


def _best_reading(data: bytes, encodings: tuple[str, ...]) -> tuple[str, Plausibility | None]:
    """Return the encoding whose reading of `data` scores best (the first one on a tie)."""
    best_name, best = "", None
    for name in encodings:
        try:
            text = _utf8_prefix(data) if name == "utf-8" else text_decode(data, name)
        except UnicodeDecodeError:
            continue
        plausibility = vietnamese_plausibility(text)
        if best is None or plausibility.score > best.score:
            best_name, best = name, plausibility
    return best_name, best


def _utf8_prefix(data: bytes) -> str:
    """Return `data` as UTF-8, leaving out a sequence the sample cut in half at the end."""
    return codecs.getincrementaldecoder("utf-8")().decode(data, final=False)


def mojibake_detect(text: str) -> str | None:
    """Return the encoding `text` was in before its bytes were shown as Windows-1252, or None.

    "ViÖt Nam" gives "tcvn3", "Vieät Nam" gives "vni", "Viá»‡t Nam" gives "utf-8". Text that
    already reads as Vietnamese, or holds any character outside Windows-1252, gives None.
    """
    if text.isascii():
        return None
    text = unicodedata.normalize("NFC", text)
    raw = _glyph_bytes(text)  # Vietnamese text has letters outside Windows-1252: this settles most files
    if raw is None:
        return None
    as_is = vietnamese_plausibility(text[:SAMPLE_BYTES])
    if as_is.garbage == 0:
        return None
    name, best = _best_reading(raw[:SAMPLE_BYTES], ("utf-8", *LEGACY_ENCODINGS))
    if best is None or not best.convincing or best.score <= as_is.score or best.garbage >= as_is.garbage:
        return None
    return name


def mojibake_repair(text: str, encoding: str | None = None) -> str:
    """Return `text` with legacy mojibake ("ViÖt Nam") turned into Vietnamese; other text unchanged.

    `encoding` is what `mojibake_detect` found for the text around it (a page's body, for its
    title, which is too short to judge alone); without it the text is judged by itself.
    """
    inner = encoding or mojibake_detect(text)
    if inner is None:
        return text
    try:
        return text_decode(text.encode("utf-8"), f"{inner}{MOJIBAKE_SUFFIX}")
    except UnicodeDecodeError:
        return text  # not all Windows-1252 characters, or UTF-8 that breaks beyond the sample
