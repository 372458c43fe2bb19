from __future__ import annotations

import io
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

from doingoai.library import office
from doingoai.library.errors import LibraryError
from doingoai.library.sources import file_sources
from tests.office_fixtures import OFFICIAL_FILES, letter_docx, scanned_pdf, text_pdf


def _message(exc: pytest.ExceptionInfo[LibraryError]) -> str:
    return " ".join(exc.value.messages)


def test_docx_letter_gives_its_header_table_and_body_in_order_with_its_metadata() -> None:
    (source,) = file_sources("cong-van.docx", letter_docx())
    lines = [line for line in source.text.split("\n") if line]
    assert lines[:3] == [
        "LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ VIỆT NAM",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ TỈNH QUẢNG TRỊ",
    ]
    assert "Bà Hồ Thị Lan, Chủ tịch Liên hiệp" in source.text
    assert source.hints["title"] == "Báo cáo kết quả đón đoàn thanh niên Lào tháng 12 năm 2025"
    assert source.hints["number"] == "27/BC-LHH"
    assert source.hints["published"] == "2026-01-12"
    assert source.hints["source"] == "LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ TỈNH QUẢNG TRỊ"
    assert source.hints["file_title"] == "Báo cáo đón đoàn"
    assert source.original.startswith(b"PK")


def test_docx_text_is_nfc() -> None:
    decomposed = "Hội nghị tại Huế".replace("ộ", "o\u0323\u0302")
    (source,) = file_sources("nfd.docx", letter_docx(body=[decomposed]))
    assert "Hội nghị tại Huế" in source.text and "\u0323" not in source.text


def test_text_layer_pdf_is_read_with_its_header() -> None:
    (source,) = file_sources("thong-bao.pdf", text_pdf())
    assert "Ông Nguyễn Văn Minh, Phó Chủ tịch Liên hiệp" in source.text
    assert source.hints["number"] == "08/TB-LHH"
    assert source.hints["doc_type"] == "Thông báo"
    assert source.hints["place"] == "Hà Nội"
    assert source.hints["published"] == "2026-01-05"


def test_pdf_with_an_unreadable_creation_date_is_still_read() -> None:
    # LibreOffice run in UTC writes "D:...Z'", which pypdf cannot parse: the date is a hint only.
    info = b"<< /Title (Thong bao) /CreationDate (D:20261203164405Z') >>"
    (source,) = file_sources("thong-bao-utc.pdf", text_pdf(info=info))
    assert "Ông Nguyễn Văn Minh, Phó Chủ tịch Liên hiệp" in source.text
    assert source.hints["published"] == "2026-01-05"  # from the letter's own header


def test_scanned_pdf_is_refused_saying_it_is_a_scan() -> None:
    with pytest.raises(LibraryError) as exc:
        file_sources("ban-quet.pdf", scanned_pdf())
    assert "ban-quet.pdf" in _message(exc) and "bản quét" in _message(exc) and "OCR" in _message(exc)


def test_pdf_with_too_many_pages_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office, "PDF_MAX_PAGES", 0)
    with pytest.raises(LibraryError, match="quá nhiều trang"):
        file_sources("dai.pdf", text_pdf())


def test_pdf_reading_stops_when_it_takes_too_long() -> None:
    ticks = iter([0.0, office.READ_SECONDS + 1.0])
    with pytest.raises(LibraryError, match="quá 60 giây"):
        office.pdf_read("cham.pdf", text_pdf(), clock=lambda: next(ticks))


def test_pdf_text_longer_than_the_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office, "TEXT_MAX_CHARS", 100)
    with pytest.raises(LibraryError, match="văn bản quá dài"):
        file_sources("dai.pdf", text_pdf())


def test_damaged_pdf_and_docx_are_refused_in_vietnamese() -> None:
    with pytest.raises(LibraryError, match="tệp PDF hỏng"):
        file_sources("hong.pdf", b"%PDF-1.7\n1 0 obj <<")
    with pytest.raises(LibraryError, match="tệp Word hỏng"):
        file_sources("hong.docx", b"PK\x03\x04 not a zip")


def test_docx_that_unpacks_beyond_its_caps_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office, "DOCX_PART_MAX_BYTES", 1000)
    with pytest.raises(LibraryError, match="giải nén ra quá lớn"):
        file_sources("to.docx", letter_docx())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(office.DOCX_MAX_PARTS + 1):
            archive.writestr(f"word/p{i}.xml", b"")
    with pytest.raises(LibraryError, match="quá nhiều thành phần"):
        file_sources("nhieu.docx", buffer.getvalue())


def test_old_word_without_libreoffice_is_refused_naming_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(office, "libreoffice_path", lambda: None)
    with pytest.raises(LibraryError) as exc:
        file_sources("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    assert (
        "cu.doc" in _message(exc) and "LibreOffice" in _message(exc) and "libreoffice-writer" in _message(exc)
    )


def test_odt_is_read_through_libreoffice() -> None:
    program = office.libreoffice_path()
    assert program, "LibreOffice (soffice) is missing: apt-get install -y libreoffice-writer"
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "thu.docx").write_bytes(letter_docx())
        subprocess.run(
            [
                program,
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                "odt",
                "--outdir",
                str(work),
                str(work / "thu.docx"),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        data = (work / "thu.odt").read_bytes()
    (source,) = file_sources("thu.odt", data)
    assert "Bà Hồ Thị Lan" in source.text
    assert source.hints["number"] == "27/BC-LHH"
    assert source.original == data


def test_libreoffice_that_fails_is_reported_not_raised() -> None:
    with pytest.raises(LibraryError, match="LibreOffice không đọc được"):
        office.libreoffice_convert("x.doc", b"rubbish", program="/bin/false")


def test_libreoffice_that_hangs_is_stopped_with_its_children(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    marker = tmp_path / "child.pid"
    hanging = tmp_path / "soffice"
    # Like LibreOffice's launcher: a child does the work, and neither ever finishes.
    hanging.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {marker}\nwait\n")
    hanging.chmod(0o755)
    monkeypatch.setattr(office, "CONVERT_SECONDS", 1)
    with pytest.raises(LibraryError, match="không chuyển đổi xong trong 1 giây"):
        office.libreoffice_convert("treo.odt", b"x", program=str(hanging))
    child = int(marker.read_text())
    # SIGKILL is delivered asynchronously: give the child a moment to end (or become a zombie).
    state = ""
    for _ in range(50):
        stat = Path(f"/proc/{child}/stat")
        state = stat.read_text().split()[2] if stat.exists() else "gone"
        if state in ("gone", "Z", "X"):
            break
        time.sleep(0.1)
    assert state in ("gone", "Z", "X"), f"the child {child} is still running"


def test_a_word_files_creation_date_is_not_its_publication_date() -> None:
    """python-docx's template says 2013: taken as published, it dated and grouped a 2026 report in 2013."""
    import datetime as dt

    import docx

    document = docx.Document()
    document.core_properties.created = dt.datetime(2013, 12, 23, 23, 15)
    document.add_paragraph("Ngày 15/3/2026, đoàn thanh niên Lào thăm tỉnh Quảng Trị và trao đổi kinh nghiệm.")
    data = io.BytesIO()
    document.save(data)
    (source,) = file_sources("bai-viet.docx", data.getvalue())
    assert "published" not in source.hints
    assert source.hints["file_date"] == "2013-12-23"  # kept as the file's own detail


@pytest.mark.parametrize(
    ("name", "data", "title", "issuer", "number"), OFFICIAL_FILES, ids=[f[0] for f in OFFICIAL_FILES]
)
def test_official_file_is_titled_by_its_kind_and_summary_not_its_letterhead(
    name: str, data: bytes, title: str, issuer: str, number: str
) -> None:
    (source,) = file_sources(name, data)
    assert (source.hints["title"], source.hints["source"], source.hints["number"]) == (title, issuer, number)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in source.hints.values()


def test_news_article_as_text_keeps_its_headline_and_gets_no_header_hints() -> None:
    text = "Kiều bào trẻ về nguồn tại Cao Bằng\n\n(TTXVN) - Sáng 3/7, 150 thanh niên kiều bào dâng hương."
    (source,) = file_sources("tin.txt", text.encode("utf-8"))
    assert source.hints == {}
