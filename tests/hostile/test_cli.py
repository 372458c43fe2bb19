"""The command line with hostile files: each refused with a line naming it, the good ones imported."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from doingoai.aid.models import Project
from doingoai.library.models import Document
from tests.hostile.corpus import iati_document

MB = 2**20


def _ingest(capsys: Any, *args: str) -> tuple[int, str]:
    code = 0
    try:
        call_command("ingest", *args, stdout=io.StringIO())
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


def test_ingest_reads_a_big5_feed_and_refuses_the_bad_files_by_name(
    db: None, tmp_path: Path, capsys: Any
) -> None:
    feed = (
        '<?xml version="1.0" encoding="Big5"?>\n<rss version="2.0"><channel><title>Báo</title>'
        "<item><title>學校午餐</title><description>學校午餐. Đoàn công tác trao quà.</description></item>"
        "</channel></rss>"
    )
    (tmp_path / "tin.xml").write_bytes(feed.encode("big5", errors="xmlcharrefreplace"))
    (tmp_path / "la.xml").write_bytes(feed.replace("Big5", "x-klingon").encode("utf-8"))
    with (tmp_path / "lon.txt").open("wb") as handle:
        handle.truncate(21 * MB)
    (tmp_path / "hong.zip").write_bytes(b"PK\x03\x04 broken")
    code, err = _ingest(capsys, str(tmp_path))
    assert code == 1
    assert "la.xml" in err and "x-klingon" in err
    assert "lon.txt" in err and "quá lớn" in err
    assert "hong.zip" in err
    assert list(Document.objects.values_list("title", flat=True)) == ["學校午餐"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (iati_document(value="1234567890123456789012345"), "10^15"),
        (iati_document(day="12013-11-27"), "1900–2100"),
        (iati_document().replace("UTF-8", "x-klingon"), "x-klingon"),
    ],
)
def test_aid_import_command_refuses_hostile_iati_with_a_message(
    units: Any, partners: Any, rates: None, tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "vien-tro.xml"
    path.write_text(content)
    with pytest.raises(CommandError) as caught:
        call_command("aid_import_iati", str(path), "--unit", "VUFO")
    assert "vien-tro.xml" in str(caught.value) and expected in str(caught.value)
    assert not Project.objects.exists()
