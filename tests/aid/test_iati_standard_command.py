from __future__ import annotations

import json
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from doingoai.iati.standard import CODELISTS, SCHEMA_FILES, standard_data_dir


def _release(tmp_path: Path) -> Path:
    archive = tmp_path / "iati-2.03.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for name in SCHEMA_FILES:
            out.write(standard_data_dir() / "schemas" / name, f"schemas/{name}")
        for name in CODELISTS:
            out.write(standard_data_dir() / "codelists" / f"{name}.xml", f"xml/{name}.xml")
    return archive


def test_iati_refresh_command_writes_the_files_and_says_how_many(tmp_path: Path) -> None:
    out = StringIO()
    target = tmp_path / "standard"
    call_command(
        "iati_refresh",
        "--from",
        str(_release(tmp_path)),
        "--target",
        str(target),
        "--note",
        "v2.03",
        stdout=out,
    )
    assert f"Đã cập nhật {len(SCHEMA_FILES) + len(CODELISTS)} tệp chuẩn IATI 2.03" in out.getvalue()
    assert json.loads((target / "VERSION.json").read_text(encoding="utf-8"))["sources"] == "v2.03"


def test_iati_refresh_command_names_what_is_missing(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CommandError, match=r"không tìm thấy iati-activities-schema\.xsd"):
        call_command("iati_refresh", "--from", str(empty), "--target", str(tmp_path / "t"))
