from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from doingoai.iati import activities_parse
from doingoai.iati.refresh import IatiRefreshError, standard_refresh
from doingoai.iati.standard import (
    CODELISTS,
    IATI_VERSION,
    SCHEMA_FILES,
    codelist,
    standard_data_dir,
    standard_metadata,
)

FIXTURES = Path(__file__).parent / "fixtures"


def test_every_shipped_file_is_recorded_with_its_hash_source_and_licence() -> None:
    metadata = standard_metadata()
    folder = standard_data_dir()
    expected = {f"schemas/{name}" for name in SCHEMA_FILES} | {f"codelists/{name}.xml" for name in CODELISTS}
    assert set(metadata["files"]) == expected
    for relative, record in metadata["files"].items():
        assert hashlib.sha256((folder / relative).read_bytes()).hexdigest() == record["sha256"], relative
    assert metadata["version"] == IATI_VERSION
    assert "IATI/IATI-Codelists-NonEmbedded@" in metadata["sources"]
    assert "CC BY 4.0" in metadata["licence"]
    assert "creativecommons.org/licenses/by/4.0" in (folder / "LICENCE.md").read_text(encoding="utf-8")


def test_current_codelists_know_codes_the_2018_lists_did_not() -> None:
    assert "74020" in codelist("Sector").active  # multi-hazard response preparedness, added 2021
    assert "VND" in codelist("Currency").active and "EUR" in codelist("Currency").active
    assert {"1", "7"} <= codelist("SectorVocabulary").active  # DAC 5-digit and SDG goals
    assert "en" in codelist("Language").active and "vi" in codelist("Language").active


# Every example we ship as valid; the should-fail files are refused on purpose (test_official.py).
VALID_EXAMPLES = sorted(p for p in FIXTURES.rglob("*.xml") if "should-fail" not in p.parts)


@pytest.mark.parametrize("path", VALID_EXAMPLES, ids=lambda p: p.name)
def test_every_shipped_valid_example_validates_against_the_shipped_schema(path: Path) -> None:
    assert activities_parse(path.read_bytes(), source_name=path.name)


def _release_zip(tmp_path: Path, *, leave_out: str | None = None) -> Path:
    """Return a ZIP laid out like IATI's downloads, built from the shipped files."""
    archive = tmp_path / "release.zip"
    folder = standard_data_dir()
    with zipfile.ZipFile(archive, "w") as out:
        for name in SCHEMA_FILES:
            out.write(folder / "schemas" / name, f"IATI-Schemas-version-2.03/{name}")
        for name in CODELISTS:
            if name != leave_out:
                out.write(folder / "codelists" / f"{name}.xml", f"IATI-Codelists/xml/{name}.xml")
        out.writestr("IATI-Codelists/README.rst", "not read")
    return archive


def test_refresh_from_a_release_zip_copies_each_file_and_records_it(tmp_path: Path) -> None:
    target = tmp_path / "standard"
    metadata = standard_refresh(
        [_release_zip(tmp_path)], target=target, source_note="release of test", today=date(2026, 12, 3)
    )
    assert metadata["refreshed"] == "2026-12-03" and metadata["sources"] == "release of test"
    written = json.loads((target / "VERSION.json").read_text(encoding="utf-8"))
    assert written["files"]["codelists/Sector.xml"]["from"] == "release.zip:IATI-Codelists/xml/Sector.xml"
    assert (target / "codelists" / "Sector.xml").read_bytes() == (
        standard_data_dir() / "codelists" / "Sector.xml"
    ).read_bytes()


def test_refresh_missing_a_codelist_changes_nothing_and_names_it(tmp_path: Path) -> None:
    target = tmp_path / "standard"
    (target / "codelists").mkdir(parents=True)
    (target / "codelists" / "Sector.xml").write_text("old", encoding="utf-8")
    with pytest.raises(IatiRefreshError) as caught:
        standard_refresh(
            [_release_zip(tmp_path, leave_out="Currency")],
            target=target,
            source_note="",
            today=date(2026, 1, 1),
        )
    assert caught.value.messages == ["không tìm thấy danh mục Currency.xml trong nguồn."]
    assert (target / "codelists" / "Sector.xml").read_text(encoding="utf-8") == "old"


def test_refresh_refuses_a_schema_of_another_version(tmp_path: Path) -> None:
    source = tmp_path / "src"
    (source / "codelists").mkdir(parents=True)
    for name in SCHEMA_FILES:
        text = (standard_data_dir() / "schemas" / name).read_text(encoding="utf-8")
        if name == SCHEMA_FILES[0]:
            text = text.replace('version="2.03"', 'version="2.02"', 1)
        (source / name).write_text(text, encoding="utf-8")
    for name in CODELISTS:
        (source / "codelists" / f"{name}.xml").write_bytes(
            (standard_data_dir() / "codelists" / f"{name}.xml").read_bytes()
        )
    with pytest.raises(IatiRefreshError, match=r"phiên bản '2\.02', cần 2\.03"):
        standard_refresh([source], target=tmp_path / "out", source_note="", today=date(2026, 1, 1))
    assert not (tmp_path / "out").exists()


def test_refresh_refuses_a_path_that_is_neither_folder_nor_zip(tmp_path: Path) -> None:
    text_file = tmp_path / "notes.txt"
    text_file.write_bytes(io.BytesIO(b"hello").getvalue())
    with pytest.raises(IatiRefreshError, match="không phải thư mục hay tệp ZIP"):
        standard_refresh([text_file], target=tmp_path / "out", source_note="", today=date(2026, 1, 1))
