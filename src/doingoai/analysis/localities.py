"""Named places below the commune: hamlets, streets and sites (airports, markets, hotels, pagodas...).

News names where things happened at a finer grain than the commune: "thôn Hạ Lôi", "đường Trần Phú", "sân
bay Nội Bài", "chợ Đồng Xuân", "khách sạn Mường Thanh", "chùa Trấn Quốc". Such a name is read when a word for
the kind of place ("thôn", "sân bay", "chợ") is followed by a capitalized name (or a number: "ngõ 12"); the
kind word is part of the mention and of `name` ("sân bay Nội Bài"), so a market and a river named alike
stay apart. The kinds are the ordinary Vietnamese words for them; the one list of names is airports.txt, the
airports news names without "sân bay" ("nhập cảnh tại Nội Bài"), read bare as that airport when no capitalized
word stands right before or after the name.

Precision first:

- a one-syllable kind word counts only in lower case ("chợ Hàn"; "Chợ Rẫy" is a hospital, "Hồ Chí Minh" a
  person); a kind of two syllables or more counts capitalized too ("Sân bay Vân Đồn", "Khu công nghiệp Tân
  Tạo");
- "phố" in "thành phố" and "khu" in "khu vực" are no kinds; a few lower-case words may stand between the kind
  and the name where they say what sort of site it is ("sân bay quốc tế Đà Nẵng", "chợ đầu mối Bình Điền");
- a name that begins with a common noun writes its second syllable in lower case ("Khu di tích Đôi bờ Hiền
  Lương", "Ngã ba Đồng Lộc"): that syllable is read with the name when two capitalized syllables follow it and
  it is neither a function word or common verb (`tokens.NOT_IN_NAMES`) nor a kind word;
- a street is named after a person or a province ("đường Lê Lợi", "phố Huế"): its name is not read again as
  a province or an organization; other sites keep the province they are named after ("sân bay Cần Thơ").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from doingoai.analysis.document import Span
from doingoai.analysis.tokens import LEXICON_DIR, NOT_IN_NAMES, token_key

# Kinds of place below the commune and kinds of site, in their usual spelling. Streets come first.
STREET_KINDS = ("đường", "phố", "ngõ", "ngách", "hẻm", "kiệt", "đại lộ", "quốc lộ", "tỉnh lộ")
SITE_KINDS = (
    *("thôn", "xóm", "ấp", "làng", "buôn", "khóm", "tổ dân phố", "khu phố", "khối phố"),
    *("sân bay", "cảng hàng không", "bến xe", "nhà ga", "ga", "cảng", "bến cảng", "cửa khẩu"),
    *("chợ", "siêu thị", "trung tâm thương mại", "khách sạn", "nhà hàng", "quán", "quán bar", "quán karaoke"),
    *("quán cà phê", "quán ăn", "bar", "karaoke", "cửa hàng", "homestay", "khu nghỉ dưỡng", "chung cư"),
    *(
        "tòa nhà",
        "toà nhà",
        "khu đô thị",
        "khu công nghiệp",
        "khu chế xuất",
        "khu kinh tế",
        "cụm công nghiệp",
    ),
    *(
        "chùa",
        "nhà thờ",
        "thánh đường",
        "đền",
        "công viên",
        "bảo tàng",
        "nhà hát",
        "sân vận động",
        "bãi biển",
    ),
    *("bán đảo",),
    *("khu di tích", "di tích", "nhà tù", "du thuyền", "vịnh", "đảo", "sông", "núi", "đèo"),
)
# The first syllables of the kinds: inside a name, such a word begins another place ("phố Hàng Bông").
_KIND_FIRST_WORDS = frozenset(kind.split()[0] for kind in (*STREET_KINDS, *SITE_KINDS))
# Lower-case words that may stand between a kind and its name, saying what sort of site it is.
_QUALIFIERS = (
    *("quốc tế", "đầu mối", "hoa", "cao cấp", "dân sinh", "đêm", "mini", "tiện lợi", "điện máy"),
    *("công nghiệp", "chung cư", "cổ", "cổ truyền", "quốc gia", "cũ", "mới", "Hồi giáo", "chính tòa"),
)
# Words that make a compound with a kind word after them: "đại sứ quán", "lãnh sự quán", "tiểu đường",
# "hải cảng", "xuất cảng".
_NOT_AFTER = frozenset({"sứ", "sự", "tiểu", "hải", "xuất", "nhập"})
_MAX_NAME_SYLLABLES = 6
# Shops often say what they sell before their name: "quán cháo Ngọc Lan", "cửa hàng điện thoại Minh Anh".
_SHOPS = frozenset({"quán", "nhà hàng", "cửa hàng"})
_MAX_GOODS_WORDS = 3
# Words that end what a shop sells and start the rest of the sentence: "quán ăn ở Hà Nội".
_NOT_GOODS = frozenset(
    "ở tại của và với cho là thì mà có được bị đã đang sẽ trên dưới trong ngoài gần cạnh như khi".split()
)
# A syllable of the name and what joins it to the next one: "Nội Bài", "Hoà Khánh - Liên Chiểu".
# Capital letters, Vietnamese ones included, for "a capitalized word follows".
_CAPITALS = "A-ZÀ-ÖØ-ÞĐĂÂÊÔƠƯẠ-Ỹ"
_SYLLABLE = re.compile(r"([\w'’&]+)([ \t\xa0]*[-–][ \t\xa0]*|[ \t\xa0]+)?")


@dataclass(frozen=True)
class Locality:
    """A place below the commune or a site: the mention's span, its kind word and its name with that word."""

    span: Span
    kind: str
    name: str
    street: bool


def _spellings(kind: str) -> list[str]:
    forms = [kind]
    if " " in kind:
        forms.append(kind[0].upper() + kind[1:])
    return forms


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    kinds = sorted({f for k in (*STREET_KINDS, *SITE_KINDS) for f in _spellings(k)}, key=len, reverse=True)
    qualifiers = "|".join(re.escape(q) for q in sorted(_QUALIFIERS, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w'’.])(?<!thành )(?<!Thành )(?P<kind>{'|'.join(re.escape(k) for k in kinds)})"
        rf"(?:[ \t\xa0]+(?:{qualifiers}))*[ \t\xa0]+(?=[^\W_])"
    )


def _name_end(text: str, start: int) -> int:
    """Return the end of the capitalized or numbered syllables from `start` (`start` if there is none).

    A name that begins with a common noun capitalizes only its first syllable ("Đôi bờ Hiền Lương",
    "Ngã ba Đồng Lộc", "Thành cổ Quảng Trị"): the lower-case syllable right after the first is
    part of the name when two capitalized syllables follow it. A word that never sits inside a name
    ("chùa Keo đón Tổng Bí thư") stops it.
    """
    end = pos = start
    for count in range(_MAX_NAME_SYLLABLES):
        m = _SYLLABLE.match(text, pos)
        if m is None:
            break
        if m.group(1)[0].isupper() or m.group(1)[0].isdigit():
            end, pos = m.end(1), m.end()
        elif count == 1 and text[start].isupper() and _lower_word_inside(text, m):
            pos = m.end()
        else:
            break
    return end


def _lower_word_inside(text: str, m: re.Match[str]) -> bool:
    """Return whether the lower-case syllable `m`, after a name's first syllable, continues the name."""
    word = m.group(1)
    if not word.islower() or not m.group(2) or "-" in m.group(2):
        return False
    if token_key(word) in NOT_IN_NAMES or word in _KIND_FIRST_WORDS:
        return False  # "chùa Keo đón Tổng Bí thư", "ngõ Huế phố Hàng Bông"
    pos = m.end()
    for _ in range(2):
        after = _SYLLABLE.match(text, pos)
        if after is None or not after.group(1)[0].isupper():
            return False
        pos = after.end()
    return True


def _goods_end(text: str, start: int) -> int:
    """Return where the name of a shop begins after what it sells ("quán bia hơi Lộc Vừng"), else `start`."""
    pos = start
    for _ in range(_MAX_GOODS_WORDS):
        m = _SYLLABLE.match(text, pos)
        if m is None or not m.group(1).islower() or m.group(1) in _NOT_GOODS or not m.group(2):
            return start
        pos = m.end()
        nxt = _SYLLABLE.match(text, pos)
        if nxt is not None and nxt.group(1)[0].isupper():
            return pos
    return start


@lru_cache(maxsize=1)
def _airports() -> re.Pattern[str]:
    """Return a pattern for the airports of airports.txt written bare, capitalized as in the list."""
    names = [
        line.strip()
        for line in (LEXICON_DIR / "airports.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    alternatives = "|".join(
        re.escape(unicodedata.normalize("NFC", n)) for n in sorted(names, key=len, reverse=True)
    )
    # Not inside a longer proper name: no capitalized word right before or after it.
    return re.compile(rf"(?<![\w'’])(?:{alternatives})(?![\w'’])(?![ \t\xa0]+[{_CAPITALS}])")


def _airports_bare(text: str, found: list[Locality]) -> list[Locality]:
    """Return the airports written without "sân bay" ("nhập cảnh tại Nội Bài") that no site holds."""
    out: list[Locality] = []
    for m in _airports().finditer(text):
        if any(lo.span[0] < m.end() and m.start() < lo.span[1] for lo in found):
            continue
        before = text[max(0, m.start() - 30) : m.start()].split()
        if before and before[-1][:1].isupper() and before[-1][-1:] not in '.:!?"“(':
            continue  # "Cảng Nội Bài", a name of which the airport is only a part
        out.append(Locality(m.span(), "sân bay", f"sân bay {m.group()}", False))
    return out


def localities_find(text: str) -> list[Locality]:
    """Return the hamlets, streets and sites named in `text`, in text order."""
    found: list[Locality] = []
    for m in _pattern().finditer(text):
        before = text[max(0, m.start() - 8) : m.start()].split()
        if before and before[-1].lower() in _NOT_AFTER:
            continue
        name_start = m.end()
        end = _name_end(text, name_start)
        if end == name_start and m.group("kind").lower() in _SHOPS:
            name_start = _goods_end(text, name_start)
            end = _name_end(text, name_start)
        name = text[name_start:end]
        if not name:
            continue
        if not any(ch.isalpha() for ch in name) and m.group("kind").lower() not in STREET_KINDS:
            continue  # "cầu 2" is no name; "ngõ 12" is
        kind = m.group("kind").lower()
        written = text[m.start() : end]
        found.append(Locality((m.start(), end), kind, kind + written[len(kind) :], kind in STREET_KINDS))
    found = sorted(found + _airports_bare(text, found), key=lambda lo: lo.span)
    return found
