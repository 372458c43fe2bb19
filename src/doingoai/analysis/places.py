"""The places step: the provinces, communes and countries a text names, as units in force today.

What a Place holds (see `admin_units` for the unit data and its conventions):

- `kind`: "tỉnh", "thành phố trung ương", "xã", "phường", "đặc khu" for Vietnam's units; "quốc gia" for a
  country, "vùng lãnh thổ" for a territory with its own ISO code (Đài Loan, Hồng Kông, Ma Cao); "khu vực"
  for a continent or world region of regions.txt ("châu Âu", "Đông Nam Á"; no code); "tỉnh nước ngoài" for a
  province of a neighbour ("tỉnh Savannakhet"), "châu nước ngoài" for a prefecture of China named after "châu"
  ("châu Văn Sơn", "châu tự trị Hồng Hà"; foreign_prefectures.tsv), both with their country's code.
- `name`: the official name without its kind word ("Quảng Trị", "Hà Nội", "Tân Lập"), "Thành phố Hồ Chí Minh"
  (bare, that is a person), or a country's usual Vietnamese name ("Hàn Quốc", "Hoa Kỳ", "Vương quốc Anh").
- `code`: a province's two-digit code, a commune's five-digit code, a country's ISO 3166-1 alpha-2 code.
- `province_code`: the province a Vietnamese unit lies in (its own code for a province); None for a country,
  and None for a commune whose name several provinces share when the text does not say which.
- `original`: for a former unit, its name as written, after the kind word ("Quảng Bình" in "tỉnh Quảng Bình",
  "Hồ Xá" in "thị trấn Hồ Xá"); None for a unit in force.
- `spans`: every mention, kind word included ("tỉnh Quảng Trị", "TP.HCM", "xã Tân Lập", "Hàn Quốc").

One Place per unit per document; mentions of a unit by its former name form their own Place (same `code`,
with `original`), so "Quảng Bình" and "Quảng Trị" in one text are two Places with code "44".

How names are read (precision first: many commune names are also words, slogans or given names):

- A commune is named only after its kind word: "xã Tân Lập", "phường Ba Đình", "đặc khu Phú Quốc", and the
  names that follow in a list ("các xã Mèo Vạc, Khâu Vai và Sơn Vĩ"). "Tân Lập", "Độc Lập" or "Thống Nhất"
  alone are never places, nor is "248 xã biên giới".
- A province is named after a kind word ("tỉnh Quảng Trị", "thành phố Huế", "TP.HCM", "TP. Hồ Chí Minh",
  "Thủ đô Hà Nội") or bare, written with its capitals ("Quảng Trị", "Hà Nội"; "hòa bình" is peace). "Hồ Chí
  Minh" bare is the President, not the city.
- A bare name (a province or a country) is not taken when it is part of a longer proper name: followed by a
  capitalized word ("Thái Bình Dương", "Điện Biên Phủ", "Mỹ Tho"), preceded by one ("Nguyễn Vĩnh Long",
  "Bắc Mỹ"; a sentence's first word such as "Tại" does not count), after a word for a person ("ông Đức",
  "chị Nga", "đồng chí Huế"), after "tiếng" (a language) or "châu" (a continent), or when the word segmenter
  reads a one-syllable name as the start of a compound ("Pháp luật", "Ý kiến", "Mỹ thuật").
- "Anh", "Nhật" and "Hàn" are also a pronoun and given names: they are countries only after a word that
  announces a country ("nước Anh", "tại Anh", "Đại sứ quán Anh", "người Nhật"), in parentheses "(Anh)",
  after "Việt -" ("Việt - Nhật"), or listed with another country ("Pháp, Đức và Anh").
- A commune name several provinces share goes to the province written right after it ("xã Tân Lập, tỉnh Phú
  Thọ"), else to the only one of those provinces the document names, else to the same unit as another mention
  of that name in the document; failing all three it is kept with `province_code` None and `code` None.
- Former units: a former province ("Quảng Bình", "Bình Dương", "Hà Giang", "Thừa Thiên Huế") maps to the
  province in force. A former commune ("thị trấn Hồ Xá", "xã Tân Lập, huyện Đan Phượng") maps to its 2025
  commune when its former district is written after it ("Phường 1, Quận 3, TP.HCM") or when it is the only
  former commune of that name in the provinces the document names; otherwise it is left out. A commune
  named like a unit in force is taken as that unit. Former districts (huyện, quận, thị xã) are not places.
- Hamlets, streets and sites ("thôn Hạ Lôi", "đường Lê Lợi", "sân bay Nội Bài") are read by `localities`:
  their Place has the kind word as `kind` and in `name`, no code and no province; a street's name is not read
  again as a province ("đường Tây Ninh").
- Names in capitals only are read after a kind word ("TỈNH QUẢNG TRỊ"), not bare; names without diacritics
  are not read in a text ("Quang Tri"). The look-up functions (`province_lookup`, `country_lookup`) accept
  both.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import accumulate, product
from typing import TypeVar

from doingoai.analysis.admin_units import (
    COMMUNE_KINDS,
    CommuneInfo,
    NameKey,
    ProvinceName,
    admin_units,
    former_commune_convert,
    former_commune_provinces,
    former_districts,
    name_key,
    province_lookup,
    provinces_all,
)
from doingoai.analysis.document import Document, Place, Span
from doingoai.analysis.gazetteer import (
    FOREIGN_SUBDIVISION_KINDS,
    KIND_FOREIGN_CITY,
    KIND_FOREIGN_PREFECTURE,
    KIND_FOREIGN_PROVINCE,
    ForeignProvince,
    foreign_cities,
    foreign_prefectures,
    foreign_provinces,
)
from doingoai.analysis.localities import localities_find
from doingoai.analysis.personal_names import is_foreign_name, is_vietnamese_syllable
from doingoai.analysis.text import fold_key, tone_key

__all__ = [
    "KIND_COUNTRY",
    "KIND_FOREIGN_CITY",
    "KIND_FOREIGN_PREFECTURE",
    "KIND_FOREIGN_PROVINCE",
    "KIND_REGION",
    "KIND_TERRITORY",
    "CountryInfo",
    "countries_all",
    "country_lookup",
    "places_step",
    "province_lookup",
    "provinces_all",
]

_T = TypeVar("_T")

KIND_COUNTRY = "quốc gia"
KIND_TERRITORY = "vùng lãnh thổ"
KIND_REGION = "khu vực"  # a continent or world region: "châu Âu", "Đông Nam Á"
_HANOI_CODE = "01"  # "Thủ đô" names Hà Nội only

_Trie = dict[str, "_Trie"]


def _trie_pattern(words: set[str], space: str | None = None) -> str:
    """Return a regular expression matching any of `words`, the longest first, as a character trie.

    A trie keeps the regex engine from trying a thousand alternatives at every position of the text.
    `space`, if given, is the pattern a space in the words stands for.
    """
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: _Trie) -> str:
        branches = [
            (space if space and ch == " " else re.escape(ch)) + build(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


_UPPER = "".join(
    ch for ch in map(chr, (*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00))) if ch.isupper()
)
_SPACE = r"[ \t\xa0]"
_WORD_CHARS = "'’_"
_SYLLABLE = re.compile(r"[\w'’]+")

_KIND_WORDS = ("xã", "phường", "đặc khu", "thị trấn", "tỉnh", "thành phố", "thủ đô")
_KIND_SPELLINGS = {form for word in _KIND_WORDS for form in (word, word.capitalize(), word.upper())}
# A kind word before a name that starts with a capital or a digit ("xã Tân Lập", "TP.HCM", "Phường 1 Bảo
# Lộc"). A trie of the spellings: the regex engine scans it about four times faster than an alternation
# ignoring case.
_KIND_WORD = re.compile(
    rf"(?:{_trie_pattern(_KIND_SPELLINGS, space=_SPACE + '+')}){_SPACE}+(?=[{_UPPER}\d])"
    rf"|T\.?[Pp]\.?{_SPACE}?(?=[{_UPPER}\d])"
)
_NAME_AFTER_KIND = re.compile(rf"[{_UPPER}\d][\w'’]*(?:(?:{_SPACE}+|{_SPACE}*[-–]{_SPACE}*)[\w'’]+){{0,7}}")
# The next name of a list after a kind word: "xã Mèo Vạc, Khâu Vai và Sơn Vĩ".
_LIST_NEXT = re.compile(
    rf"{_SPACE}*(?:,{_SPACE}*(?:và{_SPACE}+)?|{_SPACE}+và{_SPACE}+)"
    rf"(?P<name>[{_UPPER}\d][\w'’]*(?:{_SPACE}+[\w'’]+){{0,7}})"
)
# A former district written after a commune: "xã Tân Lập, huyện Đan Phượng".
_FORMER_DISTRICT = re.compile(
    rf"{_SPACE}*,?{_SPACE}*(?P<kind>(?i:huyện|quận|thị{_SPACE}+xã|thành{_SPACE}+phố)){_SPACE}+"
    rf"(?P<name>[{_UPPER}\d][\w'’]*(?:{_SPACE}+[{_UPPER}\d][\w'’]*){{0,4}})"
)
# A former district named on its own: "quận Hải Châu", "huyện Yên Thành", "thị xã Điện Bàn", "Quận 3".
_DISTRICT = re.compile(
    rf"(?<![\w'’.])(?P<kind>[Qq]uận|QUẬN|[Hh]uyện|HUYỆN|[Tt]hị{_SPACE}+xã|THỊ{_SPACE}+XÃ"
    rf"|[Tt]hành{_SPACE}+phố|THÀNH{_SPACE}+PHỐ|TP\.?(?={_SPACE}*[{_UPPER}])){_SPACE}*"
    rf"(?P<name>\d{{1,2}}(?!\w)|[{_UPPER}][\w'’]*(?:{_SPACE}+[{_UPPER}][\w'’]*){{0,3}})"
)
# A unit written before the larger unit that holds it, in an address: "Long Biên, Hà Nội", "Mê Linh (Hà Nội)".
_BEFORE_LARGER = re.compile(
    rf"(?P<name>[{_UPPER}][\w'’]*(?:{_SPACE}+[{_UPPER}\d][\w'’]*){{0,3}}){_SPACE}*[,(]{_SPACE}*\Z"
)
# Districts of Thành phố Hồ Chí Minh dissolved before the 63-province table was taken (into Thủ Đức, 2021).
_DISTRICTS_DISSOLVED_EARLIER = {("quận", "2"): "79", ("quận", "9"): "79", ("quận", "thủ đức"): "79"}
# What may stand between a commune and the province it lies in: "xã Tân Lập, tỉnh Phú Thọ", "(Phú Thọ)".
_BEFORE_PROVINCE = re.compile(rf"{_SPACE}*(?:[,(–-]{_SPACE}*)?(?:(?:thuộc|của){_SPACE}+)?")
_VIET_DASH = re.compile(rf"(?<!\w)Việt{_SPACE}*[-–]{_SPACE}*\Z")
_LIST_GAP = re.compile(rf"{_SPACE}*(?:,{_SPACE}*(?:và{_SPACE}+)?|[-–]|và|hoặc){_SPACE}*")
_COMPASS = frozenset({"Nam", "Bắc", "Đông", "Tây", "Trung"})

# Capitalized words that make the name after them part of a longer one even at the start of a sentence:
# family names ("Nguyễn Vĩnh Long"), words for a person ("Ông Đức"), compass words ("Bắc Mỹ", "Nam Mỹ").
_NAME_STARTS = frozenset(
    """Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Vương Trịnh Trương Lâm
    Phùng Mai Tô Hà Tạ Đinh Lưu Lương Cao Kiều Thái Chu Quách Tăng La Lại Châu Đàm Giang Khổng Lục Mạc
    Nghiêm Nông Tôn Triệu Thân Hứa Bế Lò Quàng Cầm Vi Hầu Sùng Giàng Thào Vàng Ma Văn Thị
    Ông Bà Anh Chị Em Cô Chú Bác Cụ Cháu Thầy Bé Nam Bắc Đông Tây Trung""".split()
)
# Lower-case words after which a capitalized name is a person's ("ông Đức", "chị Nga"), a language
# ("tiếng Anh") or a continent ("châu Mỹ"). Not "em": "trẻ em Việt Nam" is common and "em Nga" is not.
_NOT_PLACE_AFTER = frozenset("ông bà anh chị cô chú bác cụ thầy cậu dì tiếng châu".split())
_NOT_PLACE_AFTER_PAIRS = frozenset({("đồng", "chí"), ("bán", "đảo")})
# Lower-case words that announce a country, for the names that are also ordinary words ("tại Anh").
_COUNTRY_CUES = frozenset(
    "nước tại ở sang thăm đến từ người dân sứ quán tướng phủ giao gia hoàng vương khách đoàn tuyển".split()
)
# Lower-case words after which a former district's name is the place: "trú tại Mê Linh", "về Đông Anh".
_WHERE_WORDS = frozenset("tại ở trú quê về đến từ sang qua thuộc".split())
_WHERE_THEN_NAME = re.compile(
    rf"(?<![\w'’])(?:{'|'.join(sorted(_WHERE_WORDS))}){_SPACE}+(?:[{_UPPER}][\w'’]*{_SPACE}+){{0,3}}"
    rf"[{_UPPER}][\w'’]*{_SPACE}*,{_SPACE}*\Z"
)
# The words of a province's own body, after which comes its province: "Tỉnh đoàn Savannakhet", "Tỉnh ủy
# Luang Prabang"; whatever follows the province is no part of it (their secretary's name, say).
_PROVINCE_BODY_WORDS = frozenset({("tỉnh", "đoàn"), ("tỉnh", "ủy"), ("tỉnh", "uỷ")})
# Acronyms that make the name before them a club's: "Hà Nội FC", "Công an Hà Nội FC".
_CLUB_ACRONYMS = frozenset({"FC"})
_FOREIGN_NAME_WORDS = 4  # a foreign person's name read after a place: "Yakabe Yoshinori"
_SENTENCE_OPENERS = frozenset(".!?:;…\n-–—•*>")
_OPENING_MARKS = " \t\xa0\"“‘'«(["


@dataclass(frozen=True)
class CountryInfo:
    """A country or territory of `lexicons/countries.tsv`."""

    code: str
    kind: str
    name: str
    name_en: str
    names: tuple[str, ...]
    context_names: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _countries() -> tuple[CountryInfo, ...]:
    text = resources.files("doingoai.analysis").joinpath("lexicons/countries.tsv").read_text(encoding="utf-8")
    out: list[CountryInfo] = []
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    for line in lines[1:]:  # the first line names the columns
        code, kind, name_en, names_vi, context_vi = (line.split("\t") + [""] * 5)[:5]
        names = tuple(unicodedata.normalize("NFC", n.strip()) for n in names_vi.split("|") if n.strip())
        context = tuple(unicodedata.normalize("NFC", n.strip()) for n in context_vi.split("|") if n.strip())
        out.append(CountryInfo(code.strip(), kind.strip(), names[0], name_en.strip(), names, context))
    return tuple(out)


def countries_all() -> list[CountryInfo]:
    """Return the countries and territories that the step recognises, by ISO code."""
    return sorted(_countries(), key=lambda c: c.code)


@lru_cache(maxsize=1)
def _country_keys() -> tuple[dict[NameKey, CountryInfo], dict[NameKey, list[CountryInfo]]]:
    by_key: dict[NameKey, CountryInfo] = {}
    by_folded: dict[NameKey, list[CountryInfo]] = {}
    for country in _countries():
        for written in (*country.names, *country.context_names, country.name_en, country.code):
            by_key.setdefault(name_key(written), country)
            folded = by_folded.setdefault(tuple(fold_key(s) for s in name_key(written)), [])
            if country not in folded:
                folded.append(country)
    return by_key, by_folded


def country_lookup(name: str) -> CountryInfo | None:
    """Return the country a name denotes: Vietnamese or English name, or ISO code ("Hàn Quốc", "Cu-ba", "KR").

    Names without diacritics ("Han Quoc") are found when they denote one country only.
    """
    key = name_key(unicodedata.normalize("NFC", name).strip())
    if not key:
        return None
    by_key, by_folded = _country_keys()
    if key in by_key:
        return by_key[key]
    folded = by_folded.get(tuple(fold_key(s) for s in key), [])
    return folded[0] if len(folded) == 1 else None


@dataclass(frozen=True)
class _Target:
    """What a bare name in the text denotes."""

    kind: str
    name: str
    code: str
    province_code: str | None
    former: bool = False
    context_only: bool = False
    city: bool = False  # a former city under a province ("Nha Trang"), read bare
    # a former district ("Mê Linh"), read bare only after a word for where or in a list of places
    district: bool = False


@dataclass
class _Mention:
    start: int
    end: int
    kind: str
    name: str
    code: str | None
    province_code: str | None
    original: str | None = None
    # a commune still to be told apart: what the text wrote, and the units in force of that name
    written_kind: str | None = None
    written_name: str | None = None
    candidates: list[CommuneInfo] = field(default_factory=list)
    # the former district a mention names or lies in, as written: "Đan Phượng" of "xã Tân Lập, huyện Đan
    # Phượng", "Long Biên" of "quận Long Biên", "Nha Trang" read bare
    district: str | None = None


@dataclass
class _Matcher:
    """The compiled patterns and tables of the step, built once."""

    bare: re.Pattern[str]
    bare_targets: dict[str, _Target]
    province_names: dict[NameKey, list[ProvinceName]]
    province_key_length: int
    communes: dict[NameKey, list[CommuneInfo]]
    commune_key_length: int
    foreign_provinces: dict[NameKey, list[ForeignProvince]]


def _tone_variants(word: str) -> set[str]:
    """Return `word` with each tone-mark placement that reads the same ("Khánh Hòa", "Khánh Hoà")."""
    per_syllable: list[list[str]] = []
    for syllable in word.split(" "):
        decomposed = unicodedata.normalize("NFD", syllable)
        marks = [i for i, c in enumerate(decomposed) if c in "\u0300\u0301\u0303\u0309\u0323"]
        options = {syllable}
        if len(marks) == 1:
            bare = decomposed[: marks[0]] + decomposed[marks[0] + 1 :]
            mark = decomposed[marks[0]]
            for i in range(1, len(bare) + 1):
                candidate = unicodedata.normalize("NFC", bare[:i] + mark + bare[i:])
                if tone_key(candidate) == tone_key(syllable):
                    options.add(candidate)
        per_syllable.append(sorted(options))
    return {" ".join(parts) for parts in product(*per_syllable)}


def _unmarked_k(name: str) -> str:
    """Return `name` with the acute dropped from syllables ending in "k" ("Đắk Lắk" -> "Đăk Lăk").

    A final "k" is no Vietnamese spelling: it writes names from the Central Highlands' languages, whose
    tone mark news gives or leaves out.
    """
    syllables = name.split(" ")
    for i, syllable in enumerate(syllables):
        if syllable.endswith("k"):
            syllables[i] = unicodedata.normalize(
                "NFC", unicodedata.normalize("NFD", syllable).replace("\u0301", "")
            )
    return " ".join(syllables)


def _written_variants(name: str) -> set[str]:
    """Return the ways a name is written: tone-mark placements, dashes with or without spaces, "Đăk Lăk"."""
    out: set[str] = set()
    for variant in _tone_variants(name) | _tone_variants(_unmarked_k(name)):
        out.add(variant)
        if " - " in variant:
            for dash in ("-", " – ", "–"):
                out.add(variant.replace(" - ", dash))
    return out


def _regions() -> list[str]:
    """Return the continents and world regions of regions.txt ("châu Âu", "Đông Nam Á")."""
    path = resources.files("doingoai.analysis").joinpath("lexicons", "regions.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        unicodedata.normalize("NFC", line.strip())
        for line in lines
        if line.strip() and not line.startswith("#")
    ]


@lru_cache(maxsize=1)
def _matcher() -> _Matcher:
    units = admin_units()
    targets: dict[str, _Target] = {}
    for country in _countries():
        for names, context_only in ((country.names, False), (country.context_names, True)):
            for written in names:
                target = _Target(country.kind, country.name, country.code, None, context_only=context_only)
                for variant in _written_variants(written):
                    targets.setdefault(variant, target)
    for pn in units.province_names:
        if not pn.bare:
            continue
        province = pn.province
        target = _Target(province.kind, province.name, province.code, province.code, former=pn.former)
        for variant in _written_variants(pn.text):
            targets[variant] = target  # a province before a country of the same spelling
    for key, districts in former_districts().items():
        # a former city under a province stands bare in news as a province does ("Nha Trang", "Hội An"); one
        # syllable ("Vinh") is too often a word or a given name
        cities = [d for d in districts if d.kind == "thành phố"]
        if len(key) < 2 or len(cities) != 1 or any(key[:n] in units.names_by_key for n in range(1, len(key))):
            continue  # "Điện Biên Phủ" begins with a province's name: bare, it is the battle as often
        province = units.provinces[cities[0].province_code]
        target = _Target(province.kind, province.name, province.code, province.code, former=True, city=True)
        for variant in _written_variants(cities[0].name):
            targets.setdefault(variant, target)
    for key, districts in former_districts().items():
        # a former district of one province only, of two syllables or more, that is no province's or
        # commune's usual name read bare already ("Đông Anh", "Mê Linh", "Ngũ Hành Sơn")
        provinces = {d.province_code for d in districts}
        if len(key) < 2 or len(provinces) != 1 or key in units.names_by_key:
            continue
        province = units.provinces[provinces.pop()]
        target = _Target(
            province.kind, province.name, province.code, province.code, former=True, district=True
        )
        for variant in _written_variants(districts[0].name):
            targets.setdefault(variant, target)
    for region in _regions():
        target = _Target(KIND_REGION, region, "", None)
        for variant in (region, region[0].upper() + region[1:]):
            targets.setdefault(variant, target)
    for written, city in foreign_cities().items():
        # a country or a province of the same spelling comes first ("Georgia", "Luxembourg")
        targets.setdefault(written, _Target(KIND_FOREIGN_CITY, city.name, city.country, None))
    abroad: dict[NameKey, list[ForeignProvince]] = {}
    for foreign in foreign_provinces():
        for written in foreign.names:
            abroad.setdefault(name_key(written), []).append(foreign)
            if foreign.reading == "bare":
                # a city of the same name stays the city when written bare ("Savannakhet", "Vientiane")
                for variant in _written_variants(written):
                    targets.setdefault(
                        variant, _Target(KIND_FOREIGN_PROVINCE, foreign.name, foreign.country, None)
                    )
    return _Matcher(
        bare=re.compile(_trie_pattern(set(targets)) + r"(?![\w'’])"),
        bare_targets=targets,
        province_names=units.names_by_key,
        province_key_length=max(len(k) for k in units.names_by_key),
        communes=units.communes_by_key,
        commune_key_length=units.commune_key_length,
        foreign_provinces=abroad,
    )


def _word_before(text: str, pos: int) -> tuple[int, str] | None:
    """Return the start and the word just before `pos`, when only spaces separate them."""
    k = pos
    while k > 0 and text[k - 1] in " \t\xa0":
        k -= 1
    if k == pos:
        return None
    end = k
    while k > 0 and (text[k - 1].isalnum() or text[k - 1] in _WORD_CHARS):
        k -= 1
    return (k, text[k:end]) if k < end else None


def _word_after(text: str, pos: int) -> tuple[int, str] | None:
    """Return the start and the word just after `pos`, when only spaces separate them."""
    k = pos
    n = len(text)
    while k < n and text[k] in " \t\xa0":
        k += 1
    if k == pos:
        return None
    start = k
    while k < n and (text[k].isalnum() or text[k] in _WORD_CHARS):
        k += 1
    return (start, text[start:k]) if k > start else None


def _starts_sentence(text: str, pos: int) -> bool:
    """Return whether the word at `pos` is the first of its sentence or line."""
    k = pos
    while k > 0 and text[k - 1] in _OPENING_MARKS:
        k -= 1
    return k == 0 or text[k - 1] in _SENTENCE_OPENERS


def _is_capitalized(word: str) -> bool:
    return word[:1].isupper()


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


class _BareContext:
    """The text around the bare candidates, and the doc's word boundaries when it has been segmented."""

    def __init__(self, doc: Document, raw: list[tuple[int, int, _Target]]) -> None:
        self.text = doc.text
        self.doc = doc
        self.starts = {s for s, _, _ in raw}
        self.ends = {e for _, e, _ in raw}

    def compound_head(self, end: int) -> bool:
        """Return whether the segmenter joins the name to a lower-case word after it ("Pháp luật", "Ý kiến").

        Only the right side counts: the segmenter also joins a name to the words before it ("Đại sứ Anh").
        Unsegmented text never shows a compound.
        """
        words = self.doc.words
        if not words:
            return False
        i = bisect_right(words, (end, -1)) - 1  # the last word starting before `end`
        if i < 0 or words[i][1] <= end:
            return False
        after = _word_after(self.text, end)
        return bool(after and not _is_capitalized(after[1]))

    def inside_longer_name(self, start: int, end: int) -> bool:
        """Return whether capitalized words around the span make it part of a longer proper name.

        Acronyms ("UBND Hà Nội") and the neighbours of a list without commas ("Việt Nam Hàn Quốc") do not
        count, nor does a person's name after a place ("Sở Ngoại vụ Hà Nội Nguyễn Văn An"), nor the first word
        of a sentence ("Tại Hà Nội").
        """
        text = self.text
        after = _word_after(text, end)
        if after and after[1] in _CLUB_ACRONYMS:
            return True  # "Hà Nội FC" is a football club
        if (
            after
            and _is_capitalized(after[1])
            and after[0] not in self.starts
            and not _is_acronym(after[1])
            and not self._person_name_at(after)
            and not self._seat_then_foreign_name(start, after)
        ):
            return True
        run: list[tuple[int, str]] = []
        pos = start
        while (
            (before := _word_before(text, pos)) and _is_capitalized(before[1]) and not _is_acronym(before[1])
        ):
            if before[0] + len(before[1]) in self.ends:
                break
            run.append(before)
            pos = before[0]
        if not run:
            return False
        first_start, first_word = run[-1]
        return not (len(run) == 1 and _starts_sentence(text, first_start) and first_word not in _NAME_STARTS)

    def _seat_then_foreign_name(self, start: int, first: tuple[int, str]) -> bool:
        """Return whether the name is the seat of a title and a foreign person's name follows it.

        "Tổng lãnh sự Nhật Bản tại Đà Nẵng Yakabe Yoshinori": after "tại", the place ends where
        the consul's name begins. After a province's own body ("Bí thư Tỉnh đoàn Savannakhet
        Khamla Phommavong", "Tỉnh ủy Attapeu Bounmy"), the name read is the province, whatever follows.
        A Vietnamese name is told by its family name (`_person_name_at`).
        """
        before = _word_before(self.text, start)
        if not before:
            return False
        earlier = _word_before(self.text, before[0])
        if earlier is not None and (earlier[1].lower(), before[1].lower()) in _PROVINCE_BODY_WORDS:
            return True  # the body's province is the name read: a person, even of one word, follows
        if before[1] != "tại":
            return False
        words: list[str] = []
        word: tuple[int, str] | None = first
        while word and _is_capitalized(word[1]) and len(words) < _FOREIGN_NAME_WORDS:
            words.append(word[1])
            word = _word_after(self.text, word[0] + len(word[1]))
        return is_foreign_name(words)

    def _person_name_at(self, first: tuple[int, str]) -> bool:
        """Return whether a person's full name starts with the word `first`: a family name, then a capital."""
        start, word = first
        if word not in _NAME_STARTS or word in _COMPASS:
            return False
        second = _word_after(self.text, start + len(word))
        return bool(second and _is_capitalized(second[1]))

    def after_person_word(self, start: int) -> bool:
        """Return whether a word for a person, a language or a continent comes just before `start`."""
        before = _word_before(self.text, start)
        if not before or _is_capitalized(before[1]):
            return False
        word = before[1].lower()
        earlier = _word_before(self.text, before[0])
        pair = (earlier[1].lower(), word) if earlier else ("", word)
        return word in _NOT_PLACE_AFTER or pair in _NOT_PLACE_AFTER_PAIRS

    def after_where_word(self, start: int) -> bool:
        """Return whether a word that says where ("tại", "ở", "trú", "về") comes before `start`.

        Right before it ("trú tại Mê Linh"), or before the smaller place an address names first ("ở Tiền
        Phong, Mê Linh").
        """
        before = _word_before(self.text, start)
        if before and before[1] in _WHERE_WORDS:
            return True
        return _WHERE_THEN_NAME.search(self.text, max(0, start - 60), start) is not None

    def announces_country(self, start: int, end: int) -> bool:
        """Return whether the words around a weak country name ("Anh", "Nhật") say it is a country."""
        text = self.text
        before = _word_before(text, start)
        if before and before[1].lower() in _COUNTRY_CUES:
            return True
        if start > 0 and text[start - 1] == "(" and end < len(text) and text[end] == ")":
            return True
        return bool(_VIET_DASH.search(text, max(0, start - 12), start))


def _listed_with(text: str, start: int, end: int, others: list[Span]) -> bool:
    """Return whether a name stands in a list with one of `others`: a comma, a dash or "và" between."""
    return any(
        (e <= start and _LIST_GAP.fullmatch(text, e, start))
        or (end <= s and _LIST_GAP.fullmatch(text, end, s))
        for s, e in others
    )


def _bare_mentions(doc: Document, matcher: _Matcher, taken: list[Span]) -> list[_Mention]:
    """Return the provinces and countries named without a kind word, outside the spans already `taken`."""
    text = doc.text
    raw: list[tuple[int, int, _Target]] = []
    for m in matcher.bare.finditer(text):
        start, end = m.span()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in _WORD_CHARS):
            continue
        raw.append((start, end, matcher.bare_targets[m.group()]))
    if not raw:
        return []
    context = _BareContext(doc, raw)
    accepted: list[tuple[int, int, _Target]] = []
    waiting: list[tuple[int, int, _Target]] = []  # weak country names, read once the strong ones are known
    districts: list[tuple[int, int, _Target]] = []  # former districts without a word for where before them
    taken_starts = sorted(s for s, _ in taken)
    taken_reach = list(accumulate((e for _, e in sorted(taken)), max))  # the furthest end of spans so far
    for start, end, target in raw:
        i = bisect_left(taken_starts, end) - 1  # the spans starting before `end` are taken[: i + 1]
        if i >= 0 and taken_reach[i] > start:
            continue
        if context.inside_longer_name(start, end) or context.after_person_word(start):
            continue
        # a one-syllable name the segmenter joins to the next word ("Pháp luật"); a foreign name is no
        # Vietnamese syllable and starts no compound ("Bô-ly-khăm-xay dự trại hè")
        if is_vietnamese_syllable(text[start:end]) and context.compound_head(end):
            continue
        if target.context_only and not context.announces_country(start, end):
            waiting.append((start, end, target))
            continue
        if target.district:
            districts.append((start, end, target))
            continue
        accepted.append((start, end, target))
    countries = [(s, e) for s, e, t in accepted if t.province_code is None]
    for start, end, target in waiting:
        if _listed_with(text, start, end, countries):
            accepted.append((start, end, target))
    # a former district after a word for where, or in an address: "Tiền Phong, Mê Linh", "xã Kim Chung, Đông
    # Anh"; not before another province ("Long Biên, Đà Nẵng" is no district of Hà Nội)
    around = [(s, e) for s, e, _ in accepted] + list(taken)
    for start, end, target in districts:
        after = next(
            (a for a in accepted if a[0] >= end and _BEFORE_PROVINCE.fullmatch(text, end, a[0])), None
        )
        if after is not None and after[2].province_code not in (None, target.province_code):
            continue
        if context.after_where_word(start) or _listed_with(text, start, end, around):
            accepted.append((start, end, target))
            around.append((start, end))
    accepted.sort(key=lambda a: a[0])
    return [
        _Mention(
            start,
            end,
            target.kind,
            target.name,
            target.code,
            target.province_code,
            original=text[start:end] if target.former else None,
            district=text[start:end] if target.city or target.district else None,
        )
        for start, end, target in sorted(accepted, key=lambda a: a[0])
    ]


def _name_syllables(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the syllables of a unit name: the capitalized (or numeric) ones from `start` on."""
    spans: list[tuple[int, int]] = []
    for m in _SYLLABLE.finditer(text, start, end):
        first = text[m.start()]
        if not (first.isupper() or first.isdigit()):
            break
        spans.append(m.span())
    return spans


def _longest_known(
    text: str, syllables: list[tuple[int, int]], table: Mapping[NameKey, list[_T]], max_len: int
) -> tuple[int, list[_T]] | None:
    """Return the longest name in `table` that the syllables start with: its length and its entries."""
    keys = name_key(" ".join(text[s:e] for s, e in syllables[:max_len]))
    for n in range(len(keys), 0, -1):
        found = table.get(keys[:n])
        if found:
            return n, found
    return None


def _kind_word(written: str) -> str:
    kind = " ".join(written.lower().replace(".", " ").split())
    return "thành phố" if kind in {"tp", "t p"} else kind


def _province_mention(
    matcher: _Matcher, text: str, kind: str, start: int, name_start: int, name_end: int
) -> _Mention | None:
    syllables = _name_syllables(text, name_start, name_end)
    found = _longest_known(text, syllables, matcher.province_names, matcher.province_key_length)
    abroad = _foreign_province_mention(matcher, text, kind, start, name_start, name_end)
    if abroad is not None and (found is None or abroad[1]):
        return abroad[0]  # "tỉnh Vân Nam"; "tỉnh Hà Nam (Trung Quốc)" is Henan, not the former Hà Nam
    if not found:
        return None
    n, names = found
    pn: ProvinceName = names[0]
    if kind == "thủ đô" and pn.province.code != _HANOI_CODE:
        return None
    end = syllables[n - 1][1]
    province = pn.province
    original = text[name_start:end] if pn.former else None
    return _Mention(start, end, province.kind, province.name, province.code, province.code, original)


# The syllables of a foreign name: capitalized, or joined to the one before by a dash ("Chăm-pa-xắc").
_JOINED = re.compile(rf"{_SPACE}*[-–]{_SPACE}*\Z")
_COUNTRY_AFTER = re.compile(rf"{_SPACE}*(?:\(|,|[-–]|của|thuộc)?{_SPACE}*(?:nước{_SPACE}+)?")


def _foreign_province_mention(
    matcher: _Matcher, text: str, kind: str, start: int, name_start: int, name_end: int
) -> tuple[_Mention, bool] | None:
    """Return a province of a neighbouring country named after "tỉnh", and whether its country follows.

    "tỉnh Savannakhet", "tỉnh Hủa Phăn", "tỉnh Vân Nam" are foreign places, each keyed by its country's
    code; a name a Vietnamese place shares ("Hà Nam") is read so only with its country after it.
    """
    if kind != "tỉnh":
        return None
    spans: list[tuple[int, int]] = []
    for m in _SYLLABLE.finditer(text, name_start, name_end):
        joined = bool(spans) and _JOINED.search(text, spans[-1][1], m.start()) is not None
        if not (text[m.start()].isupper() or joined):
            break
        spans.append(m.span())
    for n in range(len(spans), 0, -1):
        provinces = matcher.foreign_provinces.get(name_key(text[name_start : spans[n - 1][1]]))
        if not provinces:
            continue
        province, end = provinces[0], spans[n - 1][1]
        gap = _COUNTRY_AFTER.match(text, end)
        after = text[gap.end() if gap else end : (gap.end() if gap else end) + 40]
        country = next((c for c in _countries() if c.code == province.country), None)
        named = country is not None and any(after.startswith(name) for name in country.names)
        if province.reading == "country" and not named:
            return None
        return _Mention(start, end, KIND_FOREIGN_PROVINCE, province.name, province.country, None), named
    return None


# "châu" before the name of a prefecture of China: "châu Văn Sơn", "châu tự trị Hồng Hà", "Châu tự trị dân tộc
# Choang - Miêu Văn Sơn". A capitalized "Châu" alone is a family name ("Châu Văn Sơn" is a person).
_PREFECTURE_WORD = re.compile(
    rf"(?<![\w'’])(?:châu|Châu(?={_SPACE}+tự{_SPACE}+trị)){_SPACE}+(?:tự{_SPACE}+trị{_SPACE}+)?"
)
_ETHNIC_GROUPS = re.compile(rf"dân{_SPACE}+tộc{_SPACE}+")
_MARK = re.compile(r"[^\s\w'’–-]")  # a mark that ends the peoples' names: a comma, a bracket, a full stop
_MAX_PREFECTURE_SYLLABLES = 4
_MAX_ETHNIC_SYLLABLES = 8  # "dân tộc Hà Nhì và Di", "dân tộc Choang - Miêu" before the prefecture's name


@lru_cache(maxsize=1)
def _prefectures() -> dict[NameKey, ForeignProvince]:
    return {name_key(written): p for p in foreign_prefectures() for written in p.names}


def _prefecture_at(text: str, pos: int) -> tuple[int, ForeignProvince] | None:
    """Return the end and the prefecture whose name, in capitals, begins at `pos`."""
    syllables: list[tuple[int, int]] = []
    for m in _SYLLABLE.finditer(text, pos):
        between = text[syllables[-1][1] if syllables else pos : m.start()]
        if len(syllables) == _MAX_PREFECTURE_SYLLABLES or not text[m.start()].isupper():
            break
        if between.strip(" \t\xa0"):
            break
        syllables.append(m.span())
    table = _prefectures()
    for n in range(len(syllables), 0, -1):
        found = table.get(name_key(text[pos : syllables[n - 1][1]]))
        if found is not None:
            return syllables[n - 1][1], found
    return None


def _prefecture_mentions(text: str) -> list[_Mention]:
    """Return the prefectures of China named after "châu", as places of their country.

    "châu" is also Vietnam's old unit and a continent ("châu Á"): only a name of foreign_prefectures.tsv
    is read. After "dân tộc" the prefecture's name comes last, after the peoples it is named for.
    """
    found: list[_Mention] = []
    for m in _PREFECTURE_WORD.finditer(text):
        at = _prefecture_at(text, m.end())
        ethnic = _ETHNIC_GROUPS.match(text, m.end()) if at is None else None
        if ethnic is not None:
            for i, syllable in enumerate(_SYLLABLE.finditer(text, ethnic.end())):
                if i == _MAX_ETHNIC_SYLLABLES or _MARK.search(text, ethnic.end(), syllable.start()):
                    break
                at = _prefecture_at(text, syllable.start()) if text[syllable.start()].isupper() else None
                if at is not None:
                    break
        if at is not None:
            end, prefecture = at
            found.append(
                _Mention(m.start(), end, KIND_FOREIGN_PREFECTURE, prefecture.name, prefecture.country, None)
            )
    return found


def _commune_mention(
    matcher: _Matcher, text: str, kind: str, start: int, name_start: int, name_end: int
) -> _Mention | None:
    syllables = _name_syllables(text, name_start, name_end)
    if not syllables:
        return None
    same_kind: list[CommuneInfo] = []
    n = 0
    if kind in COMMUNE_KINDS:
        keys = name_key(" ".join(text[s:e] for s, e in syllables[: matcher.commune_key_length]))
        for n in range(len(keys), 0, -1):
            same_kind = [c for c in matcher.communes.get(keys[:n], []) if c.kind == kind]
            if same_kind:
                break
    longer = next(
        (
            m
            for m in range(min(len(syllables), matcher.commune_key_length), n, -1)
            if same_kind and former_commune_provinces(text[name_start : syllables[m - 1][1]])
        ),
        0,
    )
    if longer:
        same_kind, n = [], longer  # "phường Hoà Khánh Bắc", a former ward, not "Hoà Khánh" and a word
    elif not same_kind:
        n = len(syllables)  # a former commune: its name runs to the end of the capitalized words
    end = syllables[n - 1][1]
    written_name = text[name_start:end]
    district = _FORMER_DISTRICT.match(text, end)
    district_name: str | None = None
    if district:
        city = _kind_word(district.group("kind")) == "thành phố"
        # "phường Phú Xuân, thành phố Huế" names the province; "huyện Quảng Ninh" was a district of Quảng Bình
        if not (city and province_lookup(district.group("name")) is not None):
            district_name = district.group("name")
    mention = _Mention(
        start, end, kind, written_name, None, None, written_kind=kind, written_name=written_name
    )
    mention.candidates = same_kind
    if district_name and district:
        mention.district = district_name
        mention.end = district.end()
    return mention


def _kind_mentions(doc: Document, matcher: _Matcher) -> list[_Mention]:
    """Return the units named after a kind word, and the names listed after them."""
    text = doc.text
    mentions: list[_Mention] = []
    for m in _KIND_WORD.finditer(text):
        start = m.start()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in _WORD_CHARS + "."):
            continue
        name = _NAME_AFTER_KIND.match(text, m.end())
        if name is None:
            continue
        kind = _kind_word(m.group())
        if kind == "xã" and re.search(rf"(?i:thị){_SPACE}+\Z", text[max(0, start - 8) : start]):
            continue  # "thị xã Điện Bàn" was a district, not a commune
        name_start, name_end = name.span()
        read = _province_mention if kind in {"tỉnh", "thành phố", "thủ đô"} else _commune_mention
        mention = read(matcher, text, kind, start, name_start, name_end)
        if mention is None:
            continue
        mentions.append(mention)
        pos = mention.end
        while mention.district is None and (nxt := _LIST_NEXT.match(text, pos)):
            name_start, name_end = nxt.span("name")
            listed = read(matcher, text, kind, name_start, name_start, name_end)
            if listed is None or (
                kind in COMMUNE_KINDS and not listed.candidates and listed.district is None
            ):
                break
            if read is _commune_mention:
                province = _province_mention(matcher, text, "tỉnh", name_start, name_start, name_end)
                if province is not None and province.end >= listed.end:
                    break  # "xã Tân Lập, Phú Thọ": the province it lies in, read as a bare name
            mentions.append(listed)
            mention = listed
            pos = listed.end
    return mentions


def _province_after(mention: _Mention, provinces: list[_Mention], text: str) -> str | None:
    """Return the province written right after a commune ("xã Tân Lập, tỉnh Phú Thọ"), or None."""
    gap = _BEFORE_PROVINCE.match(text, mention.end)
    pos = gap.end() if gap else mention.end
    for p in provinces:
        if p.start == pos:
            return p.province_code
    return None


def _communes_resolve(communes: list[_Mention], provinces: list[_Mention], text: str) -> list[_Mention]:
    """Return the commune mentions tied to one unit where the text allows; the others without a province."""
    named = frozenset(p.province_code for p in provinces if p.province_code)
    resolved: list[_Mention] = []
    pending: list[_Mention] = []
    for mention in communes:
        kind = mention.written_kind or ""
        name = mention.written_name or ""
        after = _province_after(mention, provinces, text)
        where = frozenset({after}) if after else named
        unit: CommuneInfo | None = None
        former = False
        if mention.district is not None:
            unit = former_commune_convert(name, kind, where, mention.district)
            former = unit is not None
        if unit is None and mention.candidates:
            choices = [c for c in mention.candidates if not after or c.province_code == after]
            if len(choices) > 1 and not after:
                choices = [c for c in choices if c.province_code in named] or choices
            if len(choices) == 1:
                unit = choices[0]
            elif not choices:
                unit = former_commune_convert(name, kind, where)
                former = unit is not None
        elif unit is None:
            unit = former_commune_convert(name, kind, where)
            former = unit is not None
            if unit is None:
                continue  # no unit in force has that name, and no former one can be told apart
        if unit is None:
            pending.append(mention)
            continue
        mention.kind, mention.name, mention.code = unit.kind, unit.name, unit.code
        mention.province_code = unit.province_code
        mention.original = (
            text[mention.start + len(_leading_kind(text, mention)) : mention.end] if former else None
        )
        resolved.append(mention)
    by_name: dict[tuple[str, NameKey], set[str]] = {}
    for mention in resolved:
        if mention.original is None and mention.code:
            by_name.setdefault((mention.kind, name_key(mention.name)), set()).add(mention.code)
    for mention in pending:
        codes = by_name.get((mention.written_kind or "", name_key(mention.written_name or "")), set())
        same = [c for c in mention.candidates if c.code in codes]
        if len(same) == 1:
            unit = same[0]
            mention.kind, mention.name, mention.code = unit.kind, unit.name, unit.code
            mention.province_code = unit.province_code
        else:
            first = mention.candidates[0]
            mention.kind, mention.name, mention.code, mention.province_code = (
                first.kind,
                first.name,
                None,
                None,
            )
        resolved.append(mention)
    return resolved


def _district_codes(text: str, kind: str, start: int, end: int) -> tuple[int, set[str]]:
    """Return the end of the longest former district name from `start`, and the provinces that had it."""
    syllables = _name_syllables(text, start, end)
    n = len(syllables)
    while n > 0:
        key = name_key(text[syllables[0][0] : syllables[n - 1][1]])
        dissolved = _DISTRICTS_DISSOLVED_EARLIER.get((kind, " ".join(key)))
        districts = former_districts().get(key, [])
        same_kind = [d for d in districts if d.kind == kind] or districts
        codes = {d.province_code for d in same_kind} | ({dissolved} if dissolved else set())
        if codes:
            return syllables[n - 1][1], codes
        n -= 1
    return start, set()


def _district_mentions(text: str, taken: list[Span], provinces: list[_Mention]) -> list[_Mention]:
    """Return the former districts the text names on their own, as the provinces in force holding them.

    A district name several provinces had ("huyện Châu Thành") goes to the province written right after it,
    else to the only one of them the document names; otherwise it is left out. A district written after a
    commune ("xã Tân Lập, huyện Đan Phượng") belongs to the commune's mention and is not read again. Names
    listed after the first take its kind ("các quận Hải Châu, Thanh Khê và Sơn Trà").
    """
    named = frozenset(p.province_code for p in provinces if p.province_code)
    units = admin_units()
    found: list[_Mention] = []
    for m in _DISTRICT.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        kind = _kind_word(m.group("kind"))
        start, name_start, name_end = m.start(), m.start("name"), m.end("name")
        while True:
            end, codes = _district_codes(text, kind, name_start, name_end)
            if not codes:
                break
            mention = _Mention(start, end, "", "", None, None)
            if len(codes) > 1:
                after = _province_after(mention, provinces, text)
                codes = {after} if after in codes else codes & named
            if len(codes) != 1:
                break
            province = units.provinces[codes.pop()]
            # numbered districts keep their kind word, as the 63-province table writes them: "Quận 3"
            numbered = text[name_start].isdigit()
            original = text[start if numbered else name_start : end]
            mention = _Mention(
                start, end, province.kind, province.name, province.code, province.code, original
            )
            mention.district = text[name_start:end]
            found.append(mention)
            nxt = _LIST_NEXT.match(text, end)
            if numbered or nxt is None:
                break
            start, name_start, name_end = nxt.start("name"), nxt.start("name"), nxt.end("name")
    return found


def _address_mentions(text: str, taken: list[Span], larger: list[_Mention]) -> list[_Mention]:
    """Return the former districts and communes written bare before the unit holding them, in an address.

    "Thanh Khê, Đà Nẵng", "Mê Linh (Hà Nội)", "Đức Giang, Long Biên, Hà Nội": a capitalized name right before
    a comma or a bracket and a province or former district is read when that province (or district) had a
    district or a commune of that name; the name may start a sentence, but not continue a longer one.
    """
    units = admin_units()
    found: list[_Mention] = []
    queue = sorted(larger, key=lambda m: m.start)
    while queue:
        anchor = queue.pop()
        if anchor.province_code is None:
            continue
        before = _BEFORE_LARGER.search(text, max(0, anchor.start - 60), anchor.start)
        if before is None or any(s < before.end("name") and before.start() < e for s, e in taken):
            continue
        start, end = before.span("name")
        previous = _word_before(text, start)
        if previous and _is_capitalized(previous[1]) and not _starts_sentence(text, previous[0]):
            continue
        written = text[start:end]
        district_end, codes = _district_codes(text, "", start, end)
        is_district = anchor.district is None and district_end == end and anchor.province_code in codes
        if not (is_district or anchor.province_code in former_commune_provinces(written, anchor.district)):
            continue
        province = units.provinces[anchor.province_code]
        mention = _Mention(start, end, province.kind, province.name, province.code, province.code, written)
        mention.district = written if is_district else None
        found.append(mention)
        taken.append((start, end))
        queue.append(mention)
    return found


def _leading_kind(text: str, mention: _Mention) -> str:
    """Return the kind word and the space that open a mention, or "" for a name listed after a comma."""
    m = _KIND_WORD.match(text, mention.start)
    return m.group() if m else ""


def _places_group(mentions: list[_Mention]) -> Iterator[Place]:
    groups: dict[tuple[str, ...], Place] = {}
    for m in sorted(mentions, key=lambda m: (m.start, m.end)):
        original_key = " ".join(name_key(m.original)) if m.original else ""
        unit = m.code if m.code else "?" + " ".join(name_key(m.name))
        if m.kind in FOREIGN_SUBDIVISION_KINDS:
            unit = f"{m.code}:{m.name}"  # a foreign city's or province's code is its country's
        key = (m.kind, unit, original_key)
        place = groups.get(key)
        if place is None:
            groups[key] = Place(m.name, m.kind, m.province_code, [], m.original, m.code)
            place = groups[key]
        if (m.start, m.end) not in place.spans:
            place.spans.append((m.start, m.end))
    yield from groups.values()


def places_step(doc: Document) -> Document:
    """Add the provinces, communes and countries the text names: one Place per unit, with every mention."""
    matcher = _matcher()
    kind_mentions = _kind_mentions(doc, matcher)
    localities = localities_find(doc.text)
    # a street is named after a person or a province: "đường Lê Lợi", "phố Huế" name no province
    streets = [lo.span for lo in localities if lo.street]
    kind_mentions = [m for m in kind_mentions if not any(s <= m.start and m.end <= e for s, e in streets)]
    prefectures = _prefecture_mentions(doc.text)
    taken = [(m.start, m.end) for m in (*kind_mentions, *prefectures)] + streets
    bare = _bare_mentions(doc, matcher, taken)
    provinces = [m for m in kind_mentions if m.written_kind is None] + [m for m in bare if m.province_code]
    communes = _communes_resolve(
        [m for m in kind_mentions if m.written_kind is not None], provinces, doc.text
    )
    countries = [m for m in bare if m.province_code is None] + prefectures
    # a commune left out (no unit of that name) does not hide the district written after it
    # a former city read bare gives way to the same city read with its kind word ("TP Nha Trang")
    taken = [(m.start, m.end) for m in (*provinces, *communes, *bare, *prefectures) if m.district is None]
    districts = _district_mentions(doc.text, taken, provinces)
    provinces = [p for p in provinces if not any(d.start <= p.start and p.end <= d.end for d in districts)]
    taken += [(m.start, m.end) for m in districts]
    addresses = _address_mentions(doc.text, taken, provinces + districts)
    sites = [_Mention(*lo.span, lo.kind, lo.name, None, None) for lo in localities]
    doc.places = list(_places_group(provinces + communes + districts + addresses + countries + sites))
    return doc
