"""Name the ISO 3166-1 alpha-2 countries in the language of the page, from Babel's CLDR data."""

from __future__ import annotations

from functools import cache

from babel import Locale
from django.utils.translation import get_language

from doingoai.analysis.text import entity_key, name_sort_key

# CLDR lists a few codes that are not countries (the EU, the euro zone, the UN, pseudo-locales).
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


@cache
def _names(language: str) -> dict[str, str]:
    territories = Locale.parse(language).territories
    return {
        code: name
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }


def country_codes() -> frozenset[str]:
    """Return the ISO 3166-1 alpha-2 codes that the directory accepts."""
    return frozenset(_names("en"))


def country_name(code: str) -> str:
    """Return the name of the country `code` in the active language, or the code if it is unknown."""
    language = "en" if (get_language() or "vi").startswith("en") else "vi"
    return _names(language).get(code.upper(), code)


def country_choices() -> list[tuple[str, str]]:
    """Return (code, name) pairs sorted by the Vietnamese name, for forms."""
    names = _names("vi")
    return sorted(names.items(), key=lambda item: name_sort_key(item[1]))


def country_code_find(text: str) -> str | None:
    """Return the code of the country `text` names: its ISO code (any case) or its Vietnamese or English name.

    Names are compared with or without diacritics ("Nhat Ban" is JP); None when nothing matches.
    """
    cleaned = " ".join(text.split())
    if cleaned.upper() in country_codes():
        return cleaned.upper()
    return _codes_by_name_key().get(entity_key(cleaned))


@cache
def _codes_by_name_key() -> dict[str, str]:
    """Return the country codes by the key of their names, Vietnamese first, then English (read once)."""
    found: dict[str, str] = {}
    for language in ("vi", "en"):
        for code, name in _names(language).items():
            found.setdefault(entity_key(name), code)
    return found
