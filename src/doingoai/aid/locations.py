"""Read a project location written as "Quảng Trị" or "xã Tân Lập, Quảng Trị" into the units in force.

Provinces and communes are those since 1 July 2025 (`doingoai.analysis.admin_units`). A location
recorded under a former unit (the former province "Quảng Bình", a commune that was merged) is
converted to the unit in force, and the text as written is kept in `original`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from doingoai.analysis import admin_units
from doingoai.analysis.text import fold_key, has_diacritics

_FORMER_KIND = re.compile(r"^(xã|phường|thị trấn)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Location:
    """A location in the units in force: `name` is how it reads today, `original` the converted text."""

    province_code: str
    commune_code: str
    name: str
    original: str


# English forms of place names, as IATI files from donors write them: "Quang Tri Province",
# "Huong Phung Commune, Quang Tri", "Ward 5, Ho Chi Minh City", "Hanoi".
_ENGLISH_PROVINCE = re.compile(r"\s+(province|city|municipality)$", re.IGNORECASE)
_ENGLISH_COMMUNE = re.compile(
    r"^(?:(commune|ward|township)\s+(.+)|(.+?)\s+(commune|ward|township))$", re.IGNORECASE
)
_ENGLISH_KIND = {"commune": "xã", "ward": "phường", "township": "thị trấn"}
_ENGLISH_NAMES = {"hanoi": "Hà Nội", "saigon": "Hồ Chí Minh", "hue": "Huế", "danang": "Đà Nẵng"}


def _communes_unaccented(text: str, province_code: str) -> list[admin_units.CommuneInfo]:
    """Return the communes of a province whose name, written without diacritics, is `text` ("Huong Phung").

    A name with diacritics is not matched here: "Tân Thanh" is not "Tân Thành" (it may be a former unit).
    """
    kind = _FORMER_KIND.match(text)
    name = text[kind.end() :] if kind else text
    if has_diacritics(name):
        return []
    bare = fold_key(name)
    return [
        commune
        for commune in admin_units.admin_units().communes.values()
        if commune.province_code == province_code
        and fold_key(commune.name) == bare
        and (kind is None or commune.kind == kind.group(1).lower())
    ]


def _english_rewritten(text: str) -> str | None:
    """Return `text` in the Vietnamese form location_parse reads, or None if it is not in English form."""
    commune_text, sep, province_text = text.rpartition(",")
    province = _ENGLISH_PROVINCE.sub("", province_text.strip())
    province = _ENGLISH_NAMES.get(province.replace(" ", "").casefold(), province)
    commune = commune_text.strip()
    match = _ENGLISH_COMMUNE.match(commune) if commune else None
    if match:
        kind = (match.group(1) or match.group(4)).casefold()
        commune = f"{_ENGLISH_KIND[kind]} {match.group(2) or match.group(3)}"
    rewritten = f"{commune}{sep} {province}".strip() if commune else province
    return rewritten if rewritten != text else None


def location_parse(text: str) -> Location:
    """Return the location `text` names, or raise ValueError with a Vietnamese message saying why.

    A name in English form ("Quang Tri Province") is read as its Vietnamese form, and the text as
    written is kept in `original`.
    """
    text = unicodedata.normalize("NFC", text).strip()
    try:
        return _location_parse(text)
    except ValueError:
        rewritten = _english_rewritten(text)
        if rewritten is None:
            raise
        try:
            found = _location_parse(rewritten)
        except ValueError:
            raise ValueError(
                _("không tìm thấy địa danh “%(name)s” (đọc như “%(rewritten)s”).")
                % {"name": text, "rewritten": rewritten}
            ) from None
        return Location(found.province_code, found.commune_code, found.name, text)


def _location_parse(text: str) -> Location:
    commune_text, _sep, province_text = text.rpartition(",")
    commune_text, province_text = commune_text.strip(), province_text.strip()
    found = admin_units.province_name_find(province_text)
    if found is None:
        raise ValueError(_("không tìm thấy tỉnh, thành phố “%(name)s”.") % {"name": province_text})
    province = found.province
    converted = found.former
    if not commune_text:
        return Location(province.code, "", province.full_name, text if converted else "")
    communes = admin_units.communes_find(commune_text, province_code=province.code)
    if not communes:
        communes = _communes_unaccented(commune_text, province.code)
    if len(communes) > 1:
        raise ValueError(
            _("có nhiều xã, phường tên “%(name)s” ở %(province)s: hãy ghi rõ loại (xã, phường).")
            % {"name": commune_text, "province": province.full_name}
        )
    if communes:
        commune = communes[0]
    else:
        kind = _FORMER_KIND.match(commune_text)
        former = (
            admin_units.former_commune_convert(
                commune_text[kind.end() :], kind.group(1).lower(), frozenset({province.code})
            )
            if kind
            else None
        )
        if former is None:
            raise ValueError(
                _("không tìm thấy xã, phường “%(name)s” ở %(province)s (kể cả đơn vị cũ trước 1/7/2025).")
                % {"name": commune_text, "province": province.full_name}
            )
        commune, converted = former, True
    name = f"{commune.full_name}, {province.full_name}"
    return Location(province.code, commune.code, name, text if converted else "")
