"""The IATI 2.03 standard files shipped in the pyIATI package: activities XSD and codelists.

The ``iati`` package is located, never imported (its own dependencies are not installed).
Everything is read from local files, once, and lxml is never allowed onto the network.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

IATI_VERSION = "2.03"


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


@lru_cache(maxsize=1)
def standard_dir() -> Path:
    """Return the folder holding the IATI 2.03 schemas and codelists from pyIATI."""
    spec = importlib.util.find_spec("iati")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("Gói pyIATI (dữ liệu chuẩn IATI 2.03) chưa được cài; hãy chạy `make install`.")
    folder = Path(next(iter(spec.submodule_search_locations))) / "resources" / "standard" / "2-03"
    if not (folder / "schemas" / "iati-activities-schema.xsd").is_file():
        raise RuntimeError(f"Không tìm thấy lược đồ IATI 2.03 trong {folder}.")
    return folder


@lru_cache(maxsize=1)
def activities_schema() -> Any:
    """Return the compiled IATI 2.03 activities XSD (with iati-common.xsd and xml.xsd), offline."""
    schemas = standard_dir() / "schemas"
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    parser.resolvers.add(_LocalOnlyResolver(schemas))
    document = etree.parse(str(schemas / "iati-activities-schema.xsd"), parser)
    return etree.XMLSchema(document)


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
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    root = etree.parse(str(path), parser).getroot()
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
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    root = etree.parse(str(path), parser).getroot()
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
