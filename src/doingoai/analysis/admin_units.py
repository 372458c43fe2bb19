"""Vietnam's administrative units in force since 1 July 2025, and the former units mapped onto them.

Sources; nothing here is typed by hand but the renaming in `_RENAMED_PROVINCES`:

- `vietnam_provinces`: the 34 provinces and the 3,321 communes of the 2025 reform.
- `vietnamadminunits`: the 63 former provinces and their 10,040 former communes (its SQLite dataset, the file
  its `database.query` reads), and the conversion of a former address (`convert_address`).

A former province maps to the province in force that holds its communes: the 2025 communes keep the code of
one of the communes they merged, and every former province's codes lead to a single province (checked against
`convert_address` in the tests; a province that did not would be converted by `convert_address` itself).
Reading the dataset directly spares importing vietnamadminunits, which costs about 0.5 s and 60 MB (its
address parser loads its JSON tables and geopy at import); it is imported only to convert a former commune.

Conventions of every record here:

- `kind` is the Vietnamese division type: "tỉnh" or "thành phố trung ương" for a province, "xã", "phường"
  or "đặc khu" for a commune (the values of `vietnam_provinces.VietNamDivisionType`).
- `name` is the official name without its kind word ("Quảng Trị", "Hà Nội", "Huế", "Ba Đình"), except
  "Thành phố Hồ Chí Minh": without its kind word that is the name of a person.
- `code` is the official code as a string: two digits for a province ("01", "44"), five for a commune
  ("19363"). A commune's `province_code` is its province's code.

Former units: a former province (Quảng Bình, Bình Dương, Hà Giang, Thừa Thiên Huế, ...) maps to the province
that absorbed it. A former commune maps to its 2025 commune when it can be told apart: given with its former
district, or alone of its name in the provinces it may lie in (`former_commune_convert`). Former districts
are not units any more: a former district ("quận Hải Châu", "huyện Yên Thành") converts to the province in
force that holds its communes (`former_districts`).
"""

from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from doingoai.analysis.text import fold_key, has_diacritics, tone_key

KIND_PROVINCE = "tỉnh"
KIND_CENTRAL_CITY = "thành phố trung ương"
KIND_COMMUNE = "xã"
KIND_WARD = "phường"
KIND_SPECIAL_ZONE = "đặc khu"
KIND_TOWNSHIP = "thị trấn"  # a former kind of commune: every township became a xã or phường in 2025

PROVINCE_KINDS = frozenset({KIND_PROVINCE, KIND_CENTRAL_CITY})
COMMUNE_KINDS = frozenset({KIND_COMMUNE, KIND_WARD, KIND_SPECIAL_ZONE})

# Bare, these province names are something else; they keep their kind word in `name` and are matched in text
# only with it. "Hồ Chí Minh" is a person before it is a city.
NAMES_NEEDING_KIND = frozenset({"Hồ Chí Minh"})

# Renamings the 63-province table does not spell out: Thừa Thiên Huế became the centrally-run city of Huế on
# 1 January 2025, before that table was taken. Former name -> the name in the table; where that unit went is
# read from the data like any other.
_RENAMED_PROVINCES = {"Thừa Thiên Huế": "Huế"}

_SYLLABLE = re.compile(r"[\w'’]+")
# The kind words before a unit's name, a province's first.
_PROVINCE_KINDS = (r"tỉnh", r"thành\s+phố", r"thủ\s+đô")
_KIND_WORDS = (*_PROVINCE_KINDS, r"t\.?p\.?", r"xã", r"phường", r"đặc\s+khu", r"thị\s+trấn")
_KIND_PREFIX = re.compile(
    rf"^\s*(?:{'|'.join(_KIND_WORDS)})(?:\s+|(?<=\.)|(?<=p)(?=[^\W\d_]))",
    re.IGNORECASE,
)

# A province's kind word typed without diacritics ("tinh Quang Tri"): read only in a name typed without
# any, as the name itself then is.
_FOLDED_PROVINCE_PREFIX = re.compile(
    rf"^\s*(?:{'|'.join(fold_key(kind) for kind in _PROVINCE_KINDS)})\s+", re.IGNORECASE
)

NameKey = tuple[str, ...]


def name_key(name: str) -> NameKey:
    """Return the lookup key of a unit name: its syllables, lower case, one tone-mark placement.

    Dashes and apostrophe shapes do not count: "Cam Ly – Đà Lạt" and "Cam Ly - Đà Lạt" have one key.
    """
    return tuple(_syllable_key(s) for s in _SYLLABLE.findall(name))


@lru_cache(maxsize=16384)
def _syllable_key(syllable: str) -> str:
    return tone_key(unicodedata.normalize("NFC", syllable)).replace("’", "'")


def _folded_key(name: str) -> NameKey:
    return tuple(fold_key(s).replace("’", "'") for s in _SYLLABLE.findall(unicodedata.normalize("NFC", name)))


def _clean_name(name: str) -> str:
    """Return a name from the package data with single spaces ("Xã  Phú Hữu" is in the data)."""
    return " ".join(name.split())


def _capitalized(name: str) -> str:
    """Return a unit name with every syllable capitalized ("Đắk song" is in the data)."""
    return " ".join(w[:1].upper() + w[1:] for w in name.split())


def _strip_kind(full_name: str, kind: str) -> str:
    words = full_name.split()
    kind_len = len(kind.split())
    if [w.lower() for w in words[:kind_len]] == kind.split():
        words = words[kind_len:]
    return " ".join(words)


@dataclass(frozen=True)
class ProvinceInfo:
    """A province or centrally-run city in force since 1 July 2025."""

    code: str
    name: str
    full_name: str
    kind: str
    # the former provinces merged into it, other than one of its own name ("Quảng Bình" for Quảng Trị)
    former_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class CommuneInfo:
    """A commune, ward or special zone in force since 1 July 2025."""

    code: str
    name: str
    full_name: str
    kind: str
    province_code: str


@dataclass(frozen=True)
class ProvinceName:
    """One way of writing a province's name, and whether it names a former province."""

    text: str
    province: ProvinceInfo
    former: bool
    bare: bool  # may stand without a kind word ("Quảng Trị"); "HCM" and "Hồ Chí Minh" may not


@dataclass
class AdminUnits:
    """The unit tables, built once: provinces, province names, communes by name."""

    provinces: dict[str, ProvinceInfo]
    province_names: list[ProvinceName]
    names_by_key: dict[NameKey, list[ProvinceName]]
    names_by_folded_key: dict[NameKey, list[ProvinceName]]
    communes: dict[str, CommuneInfo]
    communes_by_key: dict[NameKey, list[CommuneInfo]]
    former_province_of: dict[str, str]  # former province's full name -> code of the province in force
    commune_key_length: int  # the most syllables in a commune name


def _province_code(value: int | str) -> str:
    return f"{int(value):02d}"


def _commune_code(value: int | str) -> str:
    return f"{int(value):05d}"


def _dataset_query(sql: str) -> list[dict[str, str | None]]:
    """Return the rows of an SQL query on vietnamadminunits' dataset, without importing the package."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or spec.origin is None:
        raise RuntimeError("the package vietnamadminunits is not installed: pip install -e . installs it")
    path = Path(spec.origin).parent / "data" / "dataset.db"
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute(sql)]


def _convert_province(former_full_name: str) -> str:
    """Return the code of the province in force that vietnamadminunits converts a former province to."""
    from vietnamadminunits import convert_address

    return _province_code(convert_address(former_full_name).province_code)


@lru_cache(maxsize=1)
def admin_units() -> AdminUnits:
    """Return the unit tables, loading the packages' data on the first call."""
    from vietnam_provinces import Province, Ward

    current: dict[str, tuple[str, str, str, str]] = {}  # code -> (name, short name, full name, kind)
    for p in Province.iter_all():
        kind = p.division_type.value
        full_name = _clean_name(p.name)
        short = _strip_kind(full_name, "thành phố") if kind == KIND_CENTRAL_CITY else full_name
        if kind == KIND_PROVINCE and not full_name.lower().startswith("tỉnh "):
            full_name = f"Tỉnh {full_name}"
        name = full_name if short in NAMES_NEEDING_KIND else short
        current[_province_code(p.code.value)] = (name, short, full_name, kind)
    province_of_commune = {
        _commune_code(w.code.value): _province_code(w.province_code.value) for w in Ward.iter_all()
    }

    rows = _dataset_query(
        "SELECT DISTINCT province, provinceShort, provinceAlias, wardCode FROM admin_units_legacy"
    )
    landed: dict[str, set[str]] = {}  # former full name -> the provinces in force its communes are in
    legacy: dict[str, tuple[str, list[str]]] = {}  # former full name -> (short name, aliases)
    for row in rows:
        province = row["province"] or ""
        legacy[province] = (_clean_name(row["provinceShort"] or ""), json.loads(row["provinceAlias"] or "[]"))
        code = province_of_commune.get(_commune_code(row["wardCode"])) if row["wardCode"] else None
        landed.setdefault(province, set())
        if code:
            landed[province].add(code)
    former_province_of = {
        province: next(iter(codes)) if len(codes) == 1 else _convert_province(province)
        for province, codes in landed.items()
    }
    code_of_short = {short: former_province_of[province] for province, (short, _) in legacy.items()}

    spellings: list[tuple[str, str, bool]] = []  # (text, current code, may stand without a kind word)
    for province, (short, aliases) in legacy.items():
        code = former_province_of[province]
        spellings.append((short, code, short not in NAMES_NEEDING_KIND))
        for part in re.split(r"\s+-\s+", short):
            # "Bà Rịa - Vũng Tàu" is also written by one of its halves; the package lists them as aliases.
            if part != short and fold_key(part).replace(" ", "") in aliases:
                spellings.append((part, code, True))
        for alias in aliases:
            if len(alias) <= 3:  # "hn", "hcm": abbreviations, written in capitals after "TP."
                spellings.append((alias.upper(), code, False))
    for renamed, short_in_table in _RENAMED_PROVINCES.items():
        spellings.append((renamed, code_of_short[short_in_table], True))

    current_keys = {name_key(short): code for code, (_, short, _, _) in current.items()}
    merged: dict[str, list[str]] = {}
    for text, code, _ in spellings:
        is_former_province = not text.isupper() and not _is_half_of_former(text, spellings)
        if is_former_province and name_key(text) not in current_keys:
            merged.setdefault(code, []).append(text)
    provinces = {
        code: ProvinceInfo(code, name, full_name, kind, tuple(merged.get(code, ())))
        for code, (name, _, full_name, kind) in sorted(current.items())
    }

    names: list[ProvinceName] = []
    for code, (_, short, _, _) in sorted(current.items()):
        names.append(ProvinceName(short, provinces[code], former=False, bare=short not in NAMES_NEEDING_KIND))
    seen = set(current_keys)
    for text, code, bare in spellings:
        if name_key(text) not in seen:
            seen.add(name_key(text))
            names.append(ProvinceName(text, provinces[code], former=not text.isupper(), bare=bare))

    names_by_key: dict[NameKey, list[ProvinceName]] = {}
    names_by_folded_key: dict[NameKey, list[ProvinceName]] = {}
    for n in names:
        names_by_key.setdefault(name_key(n.text), []).append(n)
        folded = names_by_folded_key.setdefault(_folded_key(n.text), [])
        if all(other.province.code != n.province.code for other in folded):
            folded.append(n)

    communes: dict[str, CommuneInfo] = {}
    communes_by_key: dict[NameKey, list[CommuneInfo]] = {}
    for w in Ward.iter_all():
        kind = w.division_type.value
        name = _capitalized(_strip_kind(_clean_name(w.name), kind))
        commune = CommuneInfo(
            code=_commune_code(w.code.value),
            name=name,
            full_name=f"{kind.capitalize()} {name}",
            kind=kind,
            province_code=_province_code(w.province_code.value),
        )
        communes[commune.code] = commune
        communes_by_key.setdefault(name_key(commune.name), []).append(commune)

    return AdminUnits(
        provinces=provinces,
        province_names=names,
        names_by_key=names_by_key,
        names_by_folded_key=names_by_folded_key,
        communes=communes,
        communes_by_key=communes_by_key,
        former_province_of=former_province_of,
        commune_key_length=max(len(k) for k in communes_by_key),
    )


def _is_half_of_former(name: str, spellings: Iterable[tuple[str, str, bool]]) -> bool:
    """Return whether `name` is half of a former province's name ("Vũng Tàu" of "Bà Rịa - Vũng Tàu")."""
    return any(name != text and name in re.split(r"\s+-\s+", text) for text, _, _ in spellings)


def provinces_all() -> list[ProvinceInfo]:
    """Return the 34 provinces and centrally-run cities in force since 1 July 2025, by code."""
    return list(admin_units().provinces.values())


def province_by_code(code: str | int) -> ProvinceInfo | None:
    """Return the province with this official code ("44" or 44), or None."""
    try:
        return admin_units().provinces.get(_province_code(code))
    except ValueError:
        return None


def province_name_find(name: str) -> ProvinceName | None:
    """Return how `name` names a province (current or former, with or without its kind word), or None.

    "Quảng Trị", "tỉnh Quảng Trị", "TP.HCM", "Thủ đô Hà Nội", "Khánh Hoà" and the former "Quảng Bình" are
    found; so is "Quang Tri" without diacritics when that spelling names one province only. A name typed
    with diacritics is matched as written (tone-mark placement aside): "Kiến Giang" is not "Kiên Giang".
    """
    text = unicodedata.normalize("NFC", name).strip()
    stripped = _KIND_PREFIX.sub("", text, count=1)
    if stripped == text and not has_diacritics(text):
        stripped = _FOLDED_PROVINCE_PREFIX.sub("", text, count=1)
    units = admin_units()
    for candidate in (stripped, text):
        key = name_key(candidate)
        if not key:
            continue
        found = units.names_by_key.get(key)
        if found:
            return found[0]
        if has_diacritics(candidate):
            continue
        folded = units.names_by_folded_key.get(_folded_key(candidate))
        if folded and len(folded) == 1:
            return folded[0]
    return None


def province_lookup(name: str) -> ProvinceInfo | None:
    """Return the province in force today that `name` names, current or former ("Bình Dương" -> TP.HCM)."""
    found = province_name_find(name)
    return found.province if found else None


def communes_find(name: str, kind: str | None = None, province_code: str | None = None) -> list[CommuneInfo]:
    """Return the communes in force named `name` ("Tân Lập", "xã Tân Lập"), of the kind and province given."""
    text = unicodedata.normalize("NFC", name).strip()
    match = _KIND_PREFIX.match(text)
    if match and kind is None:
        written_kind = " ".join(match.group(0).lower().split())
        kind = written_kind if written_kind in COMMUNE_KINDS else None
    stripped = _KIND_PREFIX.sub("", text, count=1)
    found = admin_units().communes_by_key.get(name_key(stripped), [])
    return [
        c
        for c in found
        if (kind is None or c.kind == kind) and (province_code is None or c.province_code == province_code)
    ]


def commune_by_code(code: str | int) -> CommuneInfo | None:
    """Return the commune with this official code ("19363" or 19363), or None."""
    try:
        return admin_units().communes.get(_commune_code(code))
    except ValueError:
        return None


@dataclass(frozen=True)
class _FormerCommune:
    ward: str
    ward_key: NameKey
    kind: str
    district: str
    district_key: NameKey
    province: str
    current_province_code: str


@lru_cache(maxsize=1)
def _former_communes() -> dict[NameKey, list[_FormerCommune]]:
    """Return the 63-province communes by name key; loaded only when a text names a former commune."""
    former_province_of = admin_units().former_province_of
    rows = _dataset_query(
        "SELECT DISTINCT province, district, districtShort, districtType, ward, wardShort, wardType"
        " FROM admin_units_legacy"
    )
    by_key: dict[NameKey, list[_FormerCommune]] = {}
    for row in rows:
        ward, kind, province = row["ward"], row["wardType"], row["province"] or ""
        if not ward or not kind or province not in former_province_of:
            continue
        # numbered units keep their kind word in the short name: "Phường 14", "Quận 3"
        district_short = _strip_kind(row["districtShort"] or "", (row["districtType"] or "").lower())
        former = _FormerCommune(
            ward=ward,
            ward_key=name_key(_strip_kind(row["wardShort"] or "", kind.lower())),
            kind=kind.lower(),
            district=row["district"] or "",
            district_key=_folded_key(district_short),
            province=province,
            current_province_code=former_province_of[province],
        )
        by_key.setdefault(former.ward_key, []).append(former)
    return by_key


def former_commune_provinces(name: str, district: str | None = None) -> frozenset[str]:
    """Return the provinces in force holding a former commune of that name (in that district if given)."""
    return frozenset(
        f.current_province_code
        for f in _former_communes().get(name_key(name), [])
        if district is None or f.district_key == _folded_key(district)
    )


@dataclass(frozen=True)
class FormerDistrict:
    """A district of the 63-province map (abolished on 1 July 2025) and the province in force holding it."""

    kind: str  # "quận", "huyện", "thị xã" or "thành phố" (a city under a province)
    name: str  # without its kind word; numbered districts keep it: "Quận 3"
    province_code: str


@lru_cache(maxsize=1)
def former_districts() -> dict[NameKey, list[FormerDistrict]]:
    """Return the former districts by name key (without the kind word), from vietnamadminunits' dataset.

    The 2025 reform abolished the district level: a former district's communes now lie in one province in
    force (the one its former province went to), which is all a district can be converted to.
    """
    former_province_of = admin_units().former_province_of
    rows = _dataset_query("SELECT DISTINCT province, districtShort, districtType FROM admin_units_legacy")
    by_key: dict[NameKey, list[FormerDistrict]] = {}
    for row in rows:
        kind, province = (row["districtType"] or "").lower(), row["province"] or ""
        short = row["districtShort"] or ""
        if not kind or not short or province not in former_province_of:
            continue
        district = FormerDistrict(kind, short, former_province_of[province])
        key = name_key(_strip_kind(short, kind))
        if district not in by_key.get(key, []):
            by_key.setdefault(key, []).append(district)
    return by_key


@lru_cache(maxsize=4096)
def former_commune_convert(
    name: str, kind: str, province_codes: frozenset[str] = frozenset(), district: str | None = None
) -> CommuneInfo | None:
    """Return the 2025 commune that a former commune became, or None when it cannot be told apart.

    `kind` is the former kind as written ("xã", "phường", "thị trấn"); `province_codes` are the provinces in
    force it may lie in (empty: any); `district` is its former district's name without the kind word ("Vĩnh
    Linh"), when the text gives it. The former commune must be the only one matching; the conversion is
    `vietnamadminunits.convert_address` on its full former address (ward, district, province: no street, so
    the package never geocodes).
    """
    candidates = [
        f
        for f in _former_communes().get(name_key(name), [])
        if f.kind == kind
        and (not province_codes or f.current_province_code in province_codes)
        and (district is None or f.district_key == _folded_key(district))
    ]
    if len(candidates) != 1:
        return None
    from vietnamadminunits import convert_address

    former = candidates[0]
    unit = convert_address(f"{former.ward}, {former.district}, {former.province}")
    if not unit.ward or not unit.province_code:
        return None
    # By name, not by the converter's code: for 123 communes the two packages give different codes.
    found = communes_find(unit.ward, province_code=_province_code(unit.province_code))
    return found[0] if len(found) == 1 else None


_DISTRICT_KIND = re.compile(r"^\s*(quận|huyện|thị\s+xã|thành\s+phố|tp\.?)\s+", re.IGNORECASE)
_FORMER_COMMUNE_KINDS = (KIND_COMMUNE, KIND_WARD, KIND_TOWNSHIP)


@dataclass(frozen=True)
class PlaceFound:
    """Where a typed place name leads in the units in force, with the text as typed kept.

    `former` is true when the text names a unit abolished or merged on 1 July 2025 (a former
    province, district or commune); `commune` is the commune in force, when the text names one.
    """

    text: str
    province: ProvinceInfo
    commune: CommuneInfo | None
    former: bool


def place_find(text: str) -> PlaceFound | None:
    """Return the province (and commune) in force a typed name leads to; None for no place or several.

    Tried in order: a province, current or former ("Quảng Bình" -> Quảng Trị); a commune in force
    ("phường Đồng Hới"); a former district ("huyện Lệ Thủy", "quận Hải Châu"); a former commune
    ("thị trấn Kiến Giang" -> xã Lệ Thủy). Each only when it names one unit in force.
    """
    text = " ".join(unicodedata.normalize("NFC", text).split())
    if not text:
        return None
    units = admin_units()
    found = province_name_find(text)
    if found is not None:
        return PlaceFound(text, found.province, None, former=found.former)
    communes = communes_find(text)
    if len(communes) == 1:
        return PlaceFound(text, units.provinces[communes[0].province_code], communes[0], former=False)
    commune_kind = _KIND_PREFIX.match(text)
    written = " ".join(commune_kind.group(0).lower().split()) if commune_kind else ""
    if commune_kind and written not in _FORMER_COMMUNE_KINDS:
        return None
    district = None if commune_kind else _DISTRICT_KIND.match(text)
    district_kind = " ".join(district.group(1).lower().split()) if district else None
    if district_kind in {"tp", "tp."}:
        district_kind = "thành phố"
    name = text[district.end() :] if district else text
    codes = {
        d.province_code
        for d in former_districts().get(name_key(name), [])
        if district_kind is None or d.kind == district_kind
    }
    if len(codes) == 1:
        return PlaceFound(text, units.provinces[codes.pop()], None, former=True)
    if district is not None:
        return None
    kinds = (written,) if written else _FORMER_COMMUNE_KINDS
    bare = _KIND_PREFIX.sub("", text, count=1) if commune_kind else text
    if not former_commune_provinces(bare):
        return None  # no former commune of that name: spares loading the converter
    converted = {c for kind in kinds if (c := former_commune_convert(bare, kind)) is not None}
    if len(converted) == 1:
        commune = converted.pop()
        return PlaceFound(text, units.provinces[commune.province_code], commune, former=True)
    return None
