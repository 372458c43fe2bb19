"""Vietnamese text keys: NFC, tone-mark placement, and the folded key used for matching.

Both keys are length-preserving (one character in, one character out), so an offset found in a
key is an offset into the text it was made from.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
_SYLLABLE = re.compile(r"\w+")


# Characters a reader cannot see that split a word for every search ("Qu\u200bảng Trị"), and the
# Icelandic eth that old Vietnamese encodings and keyboards put in place of đ ("Ðà Nẵng").
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\u00ad\ufeff]")
_ETH_AS_D = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


def nfc_lines(text: str) -> str:
    """Return `text` in NFC, without a byte-order mark, with \\r\\n and \\r turned into \\n."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def text_normalize(text: str) -> str:
    """Return `text` as stored and searched: `nfc_lines`, invisible characters dropped, Ð read as Đ."""
    return _INVISIBLE.sub("", nfc_lines(text)).translate(_ETH_AS_D)


@lru_cache(maxsize=4096)
def _char_split(ch: str) -> tuple[str, str]:
    """Return a character without its tone mark, and the tone mark ('' if none)."""
    decomposed = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in decomposed if c in TONE_MARKS)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    if len(base) != 1:
        return ch, ""
    return base, tone[:1]


def _with_tone(base: str, tone: str) -> str:
    composed = unicodedata.normalize("NFC", base + tone)
    return composed if len(composed) == 1 else base


_MOVABLE_PAIRS = {("o", "a"), ("o", "e"), ("u", "y")}


def _syllable_tone_key(syl: str) -> str:
    """Put the tone of a syllable ending in oa/oe/uy on the first vowel (hoà -> hòa, thuỷ -> thủy)."""
    if len(syl) < 2:
        return syl
    b1, t1 = _char_split(syl[-2])
    b2, t2 = _char_split(syl[-1])
    if t1 or not t2 or (b1.lower(), b2.lower()) not in _MOVABLE_PAIRS:
        return syl
    if b1.lower() == "u" and len(syl) >= 3 and syl[-3].lower() == "q":
        return syl  # in "quý" the u belongs to the consonant qu
    return syl[:-2] + _with_tone(b1, t2) + b2


def tone_key(text: str) -> str:
    """Return `text` lower-cased with one tone-mark placement, so "Hoà" and "hòa" are equal."""
    lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return _SYLLABLE.sub(lambda m: _syllable_tone_key(m.group(0)), lowered)


def _fold_char(ch: str) -> str:
    if ch in "đĐðÐ":
        return "d"
    decomposed = unicodedata.normalize("NFD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = base.lower()
    return folded if len(folded) == 1 else ch


# Latin letters with diacritics live in these blocks; everything else folds by lower() alone.
_FOLD_TABLE = {cp: _fold_char(chr(cp)) for cp in (*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00))}
_FOLD_TABLE.update({cp: chr(cp).lower() for cp in range(ord("A"), ord("Z") + 1)})


def fold_key(text: str) -> str:
    """Return the search key of `text`: lower case, no diacritics, đ -> d, same length."""
    return text.translate(_FOLD_TABLE)


def has_diacritics(text: str) -> bool:
    """Return whether `text` writes any letter with a diacritic (đ counts), whatever its case.

    A name typed with diacritics means those diacritics: only a name typed without any may be matched
    by its folded key ("Quang Tri" is Quảng Trị, but "Kiến Giang" is not Kiên Giang).
    """
    lowered = text.lower()
    return fold_key(lowered) != lowered


def entity_key(name: str) -> str:
    """Return the key under which two spellings of a name are one entity.

    The name in NFC, folded (no diacritics, đ -> d, lower case), with runs of spaces made one
    and none at the ends: "Bộ Ngoại giao", "bộ  ngoại giao" and "Bo Ngoai Giao" share a key.
    """
    return " ".join(fold_key(text_normalize(name)).split())


def fold_equal(a: str, b: str) -> bool:
    """Return whether two strings match with or without diacritics."""
    return fold_key(a) == fold_key(b)


def tone_equal(a: str, b: str) -> bool:
    """Return whether two strings are the same words, ignoring case and tone-mark placement."""
    return tone_key(text_normalize(a)) == tone_key(text_normalize(b))


# The Vietnamese alphabet, with f, j, w and z of foreign names where Latin puts them: the letters
# with a breve, circumflex, horn or stroke are letters of their own, after their base letter.
# A space sorts first ("An Giang" before "Anh"); other characters after the letters.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
# Tones in dictionary order: ngang (none), huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


@lru_cache(maxsize=16384)
def name_sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Return the key that sorts names as a Vietnamese dictionary does.

    Letters first, in the Vietnamese alphabet ("Đ" after "D", "Ư" after "U", not after "Z" as
    code points put them), then tones, then the text itself so that the order is total:
    ["An Giang", "Bắc Ninh", "Đà Nẵng", "Điện Biên", "Gia Lai", "Ủy ban …"].
    """
    letters: list[int] = []
    tones: list[int] = []
    for ch in tone_key(unicodedata.normalize("NFC", text)):
        base, tone = _char_split(ch)
        rank = _LETTER_RANK.get(base)
        if rank is None:
            rank = -1 if base.isspace() else len(_ALPHABET) + ord(base)
        letters.append(rank)
        tones.append(_TONE_RANK.get(tone, 0))
    return tuple(letters), tuple(tones), text
