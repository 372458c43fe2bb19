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

_FORMER_KIND = re.compile(r"^(xã|phường|thị trấn)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Location:
    """A location in the units in force: `name` is how it reads today, `original` the converted text."""

    province_code: str
    commune_code: str
    name: str
    original: str


def location_parse(text: str) -> Location:
    """Return the location `text` names, or raise ValueError with a Vietnamese message saying why."""
    text = unicodedata.normalize("NFC", text).strip()
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
