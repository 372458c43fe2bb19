"""Replace the shipped IATI 2.03 schemas and codelists with those of a downloaded release.

The standard's files are data of the package (``doingoai/iati/data/2.03``): the activities XSD
with the two schemas it includes, and the codelists doingoai checks or names. IATI updates the
codelists (the OECD DAC sectors change every year, currencies and countries now and then), so
they are refreshed from what IATI publishes, never edited by hand::

    standard_refresh([Path("IATI-Schemas-version-2.03.zip"), Path("IATI-Codelists-NonEmbedded")],
                     target=standard_data_dir(), source_note="...", today=date(2026, 12, 3))

Each source is a folder or a ZIP archive (a GitHub download of IATI-Schemas, IATI-Codelists,
IATI-Codelists-NonEmbedded, or a folder holding their files). Every needed file must be found
exactly once, must parse, and the schema must compile with the codelists' own root names
matching; otherwise ``IatiRefreshError`` lists every problem and nothing is written.
``VERSION.json`` beside the files records the standard's version, the sources, the date and
the SHA-256 of each file.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from doingoai.iati.standard import (
    CODELISTS,
    IATI_VERSION,
    SCHEMA_FILES,
    compile_schema,
    local_parser,
)

# A release archive is a few MB; refuse anything that could not be one (zip bombs included).
MAX_ARCHIVE_MEMBER_BYTES = 20 * 1024 * 1024


class IatiRefreshError(Exception):
    """The sources cannot refresh the standard's files; ``messages`` names each problem."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


@dataclass(frozen=True)
class _Found:
    """A file found in a source: where it was seen (for messages) and its bytes."""

    where: str
    folder: str
    data: bytes


def _source_files(source: Path) -> list[tuple[str, str, bytes]]:
    """Return (where, folder, bytes) of every .xml / .xsd file of a folder or ZIP archive."""
    wanted = (".xml", ".xsd")
    out: list[tuple[str, str, bytes]] = []
    if source.is_dir():
        for path in sorted(source.rglob("*")):
            if path.is_file() and path.suffix.lower() in wanted:
                where = f"{source.name}/{path.relative_to(source).as_posix()}"
                out.append((where, str(path.parent), path.read_bytes()))
        return out
    if zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            for info in archive.infolist():
                name = PurePosixPath(info.filename)
                if info.is_dir() or name.suffix.lower() not in wanted:
                    continue
                if info.file_size > MAX_ARCHIVE_MEMBER_BYTES:
                    raise IatiRefreshError(
                        [
                            f"{source}: tệp {info.filename} quá lớn ({info.file_size} byte), "
                            "không phải tệp chuẩn IATI."
                        ]
                    )
                out.append((f"{source.name}:{info.filename}", f"{source}:{name.parent}", archive.read(info)))
        return out
    if source.exists():
        raise IatiRefreshError([f"{source}: không phải thư mục hay tệp ZIP."])
    raise IatiRefreshError([f"{source}: không có tệp hay thư mục này."])


def _codelist_name(data: bytes) -> str | None:
    """Return the @name of a codelist document, or None when the bytes are not one."""
    try:
        root = etree.fromstring(data, local_parser())
    except etree.XMLSyntaxError:
        return None
    return str(root.get("name")) if root.tag == "codelist" and root.get("name") else None


def _files_find(sources: Sequence[Path]) -> tuple[dict[str, _Found], list[str]]:
    """Return the needed files by their shipped name (schemas/..., codelists/...) and the problems."""
    problems: list[str] = []
    schemas: list[_Found] = []
    by_folder: dict[str, dict[str, _Found]] = {}
    codelists: dict[str, list[_Found]] = {}
    for source in sources:
        for where, folder, data in _source_files(source):
            name = PurePosixPath(where.split(":")[-1]).name
            if name in SCHEMA_FILES:
                by_folder.setdefault(folder, {})[name] = _Found(where, folder, data)
                if name == SCHEMA_FILES[0]:
                    schemas.append(_Found(where, folder, data))
            elif name.endswith(".xml") and name[:-4] in CODELISTS and _codelist_name(data) == name[:-4]:
                codelists.setdefault(name[:-4], []).append(_Found(where, folder, data))
    found: dict[str, _Found] = {}
    if not schemas:
        problems.append(f"không tìm thấy {SCHEMA_FILES[0]} (lược đồ IATI hoạt động) trong nguồn.")
    elif len(schemas) > 1:
        problems.append(
            f"có nhiều tệp {SCHEMA_FILES[0]}: " + ", ".join(s.where for s in schemas) + "; hãy chỉ một nguồn."
        )
    else:
        beside = by_folder[schemas[0].folder]
        for name in SCHEMA_FILES:
            if name in beside:
                found[f"schemas/{name}"] = beside[name]
            else:
                problems.append(f"thiếu {name} bên cạnh {schemas[0].where}.")
    for name in CODELISTS:
        candidates = codelists.get(name, [])
        if not candidates:
            problems.append(f"không tìm thấy danh mục {name}.xml trong nguồn.")
        elif len(candidates) > 1:
            problems.append(
                f"danh mục {name}.xml có nhiều bản: " + ", ".join(c.where for c in candidates) + "."
            )
        else:
            found[f"codelists/{name}.xml"] = candidates[0]
    return found, problems


def _schema_version(data: bytes) -> str:
    root = etree.fromstring(data, local_parser())
    return str(root.get("version") or "")


def standard_refresh(
    sources: Sequence[Path], *, target: Path, source_note: str, today: date
) -> dict[str, Any]:
    """Copy the needed schemas and codelists from ``sources`` into ``target``; return the new metadata.

    Nothing in ``target`` changes unless every file is found once, parses, the schema is version
    ``IATI_VERSION`` and compiles offline with the new files.
    """
    found, problems = _files_find(sources)
    if problems:
        raise IatiRefreshError(problems)
    version = _schema_version(found[f"schemas/{SCHEMA_FILES[0]}"].data)
    if version != IATI_VERSION:
        raise IatiRefreshError([f"lược đồ có phiên bản '{version}', cần {IATI_VERSION}."])
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp) / "standard"
        for relative, item in found.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(item.data)
        try:
            compile_schema(staging / "schemas")
        except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError) as error:
            raise IatiRefreshError([f"lược đồ mới không biên dịch được: {error}"]) from None
        metadata = {
            "standard": "IATI",
            "version": IATI_VERSION,
            "refreshed": today.isoformat(),
            "sources": source_note,
            "licence": "CC BY 4.0, IATI Standard (http://iatistandard.org/); see LICENCE.md",
            "files": {
                relative: {
                    "from": item.where,
                    "sha256": hashlib.sha256(item.data).hexdigest(),
                }
                for relative, item in sorted(found.items())
            },
        }
        (staging / "VERSION.json").write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n")
        licence = target / "LICENCE.md"
        if licence.is_file():
            shutil.copy2(licence, staging / "LICENCE.md")
        for sub in ("schemas", "codelists"):
            shutil.rmtree(target / sub, ignore_errors=True)
        target.mkdir(parents=True, exist_ok=True)
        for path in sorted(staging.rglob("*")):
            if path.is_file():
                destination = target / path.relative_to(staging)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, destination)
    return metadata
