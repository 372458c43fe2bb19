"""The IATI 2.03 standard files shipped with doingoai: the activities XSD and the codelists.

They are package data in ``doingoai/iati/data/2.03`` (``schemas/``, ``codelists/``), with
``VERSION.json`` (the release, the sources, the date of the copy and each file's SHA-256) and
``LICENCE.md`` beside them; ``doingoai iati_refresh`` replaces them from a downloaded release
(``doingoai.iati.refresh``). Everything is read from local files, once, and lxml is never
allowed onto the network.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

IATI_VERSION = "2.03"

# The activities schema first: it includes the other two, which must sit beside it.
SCHEMA_FILES = ("iati-activities-schema.xsd", "iati-common.xsd", "xml.xsd")

# The codelists doingoai checks files against or names codes with. A list added here must be
# shipped (``doingoai iati_refresh``); the test of the shipped data checks each one is there.
CODELISTS = (
    "ActivityDateType",
    "ActivityStatus",
    "BudgetStatus",
    "BudgetType",
    "ContactType",
    "Country",
    "Currency",
    "DescriptionType",
    "DocumentCategory",
    "FileFormat",
    "GeographicExactness",
    "GeographicLocationClass",
    "GeographicLocationReach",
    "GeographicVocabulary",
    "GeographicalPrecision",
    "Language",
    "LocationType",
    "OrganisationRole",
    "OrganisationType",
    "PolicyMarker",
    "PolicyMarkerVocabulary",
    "PolicySignificance",
    "Region",
    "RegionVocabulary",
    "Sector",
    "SectorCategory",
    "SectorVocabulary",
    "TransactionType",
    "UNSDG-Goals",
    "UNSDG-Targets",
)


class _LocalOnlyResolver(etree.Resolver):  # type: ignore[misc,unused-ignore]
    """Refuse any schema import that is not a file inside the standard's folder."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self._root = root.resolve()

    def resolve(self, url: str, pubid: str | None, context: Any) -> Any:
        """Return the local file for ``url`` or refuse it."""
        path = Path(url.removeprefix("file://")).resolve()
        if not path.is_relative_to(self._root) or not path.is_file():
            raise OSError(f"IATI schema import outside the local standard folder refused: {url}")
        return self.resolve_filename(str(path), context)


def standard_data_dir() -> Path:
    """Return the folder of the shipped IATI 2.03 schemas and codelists."""
    return Path(__file__).parent / "data" / IATI_VERSION


@lru_cache(maxsize=1)
def standard_dir() -> Path:
    """Return the shipped standard's folder, once checked to hold the activities schema."""
    folder = standard_data_dir()
    if not (folder / "schemas" / SCHEMA_FILES[0]).is_file():
        raise RuntimeError(
            f"Không tìm thấy lược đồ IATI {IATI_VERSION} trong {folder}; hãy chạy `doingoai iati_refresh`."
        )
    return folder


def standard_metadata() -> dict[str, Any]:
    """Return the shipped ``VERSION.json``: release, sources, date of the copy, SHA-256 per file."""
    data: dict[str, Any] = json.loads((standard_dir() / "VERSION.json").read_text(encoding="utf-8"))
    return data


def local_parser() -> Any:
    """Return an lxml parser that reads local files only: no network, no DTD, no entities."""
    return etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)


def compile_schema(schemas: Path) -> Any:
    """Return the compiled activities XSD of the folder ``schemas``, resolving includes inside it only."""
    parser = local_parser()
    parser.resolvers.add(_LocalOnlyResolver(schemas))
    document = etree.parse(str(schemas / SCHEMA_FILES[0]), parser)
    return etree.XMLSchema(document)


@lru_cache(maxsize=1)
def activities_schema() -> Any:
    """Return the compiled IATI 2.03 activities XSD (with iati-common.xsd and xml.xsd), offline."""
    return compile_schema(standard_dir() / "schemas")


@dataclass(frozen=True)
class Codelist:
    """The codes of one IATI codelist; withdrawn codes are kept apart."""

    name: str
    active: frozenset[str]
    withdrawn: frozenset[str]


@cache
def codelist(name: str) -> Codelist:
    """Return the IATI 2.03 codelist ``name`` (e.g. "Currency") read from its XML file."""
    path = standard_dir() / "codelists" / f"{name}.xml"
    root = etree.parse(str(path), local_parser()).getroot()
    active: set[str] = set()
    withdrawn: set[str] = set()
    for item in root.iter("codelist-item"):
        code = (item.findtext("code") or "").strip()
        (withdrawn if item.get("status") == "withdrawn" else active).add(code)
    return Codelist(name=name, active=frozenset(active), withdrawn=frozenset(withdrawn))


@cache
def codelist_names(name: str) -> dict[str, str]:
    """Return the English name of each code of the IATI 2.03 codelist ``name`` (withdrawn ones too)."""
    path = standard_dir() / "codelists" / f"{name}.xml"
    root = etree.parse(str(path), local_parser()).getroot()
    names: dict[str, str] = {}
    for item in root.iter("codelist-item"):
        code = (item.findtext("code") or "").strip()
        narratives = item.find("name")
        if narratives is None:
            continue
        english = [n.text for n in narratives.iter("narrative") if not n.get(XML_LANG) and n.text]
        if english:
            names[code] = " ".join(english[0].split())
    return names


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# libxml2 reports schema errors in English; the common ones are rephrased for our users, and
# anything not recognised is kept as libxml2 wrote it rather than guessed at.
_ELEMENT = re.compile(r"^Element '([^']+)'(?:, attribute '([^']+)')?: ")
_PHRASES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"This element is not expected\.\s*"),
        "phần tử này không được phép ở đây (sai thứ tự hoặc sai tên). ",
    ),
    (re.compile(r"Missing child element\(s\)\.\s*"), "thiếu phần tử con bắt buộc. "),
    (re.compile(r"Expected is one of \( ?(.*?) ?\)\."), r"Cần một trong: \1."),
    (re.compile(r"Expected is \( ?(.*?) ?\)\."), r"Cần: \1."),
    (re.compile(r"The attribute '([^']+)' is required but missing\."), r"thiếu thuộc tính bắt buộc @\1."),
    (re.compile(r"The attribute '([^']+)' is not allowed\."), r"không được có thuộc tính @\1."),
    (
        re.compile(r"'(.*)' is not a valid value of the atomic type 'xs:date'\."),
        r"ngày '\1' không hợp lệ; ngày phải có dạng NNNN-TT-NN, ví dụ 2025-07-01.",
    ),
    (
        re.compile(r"'(.*)' is not a valid value of the atomic type 'xs:dateTime'\."),
        r"thời điểm '\1' không hợp lệ; cần dạng 2025-07-01T08:00:00+07:00.",
    ),
    (
        re.compile(r"'(.*)' is not a valid value of the atomic type 'xs:decimal'\."),
        r"số '\1' không hợp lệ; dùng dấu chấm thập phân, không dấu phân cách hàng nghìn, ví dụ 1500000.50.",
    ),
    (
        re.compile(r"'(.*)' is not a valid value of the atomic type '([^']+)'\."),
        r"giá trị '\1' không hợp lệ cho kiểu \2.",
    ),
    (
        re.compile(r"Element content is not allowed, because the content type is a simple type definition\."),
        "phần tử này chỉ chứa chữ, không được chứa phần tử con.",
    ),
    (
        re.compile(
            r"Character content other than whitespace is not allowed because the content type is"
            r" 'element-only'\."
        ),
        "phần tử này chỉ chứa phần tử con, không được chứa chữ trực tiếp.",
    ),
    (
        re.compile(r"\[facet '[^']+'\] The value '(.*?)' is not an element of the set \{(.*?)\}\."),
        r"giá trị '\1' không có trong danh sách cho phép: \2.",
    ),
    (
        re.compile(r"^No matching global declaration available for the validation root\."),
        "phần tử gốc không thuộc chuẩn IATI hoạt động (cần <iati-activities>).",
    ),
]


def schema_message_vi(message: str) -> str:
    """Return a libxml2 schema error message rephrased in Vietnamese where it is recognised."""
    text = message.strip()
    prefix = ""
    match = _ELEMENT.match(text)
    if match:
        prefix = f"phần tử <{match.group(1)}>"
        if match.group(2):
            prefix += f", thuộc tính @{match.group(2)}"
        prefix += ": "
        text = text[match.end() :]
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    return f"không đúng lược đồ IATI {IATI_VERSION}: {prefix}{text.strip()}"
