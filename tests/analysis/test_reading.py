from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from doingoai.analysis.errors import ReadError
from doingoai.analysis.legacy_encodings import text_encode
from doingoai.analysis.reading import decode_bytes, html_charset, read_document
from doingoai.cli import main

# No capital vowel with a tone in mid-sentence: TCVN3 cannot tell "Ủy" from "ủy" there.
ARTICLE = (
    "Đà Nẵng đón đoàn thanh niên hữu nghị Lào\n\n"
    "(Báo Đà Nẵng) - Sáng 8/4, lãnh đạo thành phố tiếp đoàn 40 thanh niên tiêu biểu của tỉnh Sê Kông. "
    "Hai bên thống nhất tổ chức trại hè giao lưu vào tháng 7 và trao 20 suất học bổng cho sinh viên "
    "Lào đang theo học tại các trường đại học của thành phố.\n"
)
# A UTF-8 file cut off inside "ộ", and one with a Windows-1252 quote after its first line.
CUT_OFF = (ARTICLE + "Hội").encode()[:-2]
HEADLINE = ARTICLE.split("\n", 1)[0].encode()
STRAY_BYTE = HEADLINE + b"\x93" + ARTICLE.encode()[len(HEADLINE) :]
ENGLISH = "Da Nang welcomes a youth delegation from Laos.\r\nTwo sides agreed on a summer camp in July.\n"


def _cp1252_glyphs(raw: bytes) -> str:
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in raw)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


READABLE: list[tuple[str, str, Callable[[], bytes], str]] = [
    ("utf-8", "bai.txt", lambda: ARTICLE.encode("utf-8"), ARTICLE),
    ("utf-8 with a byte-order mark", "bai.txt", lambda: ARTICLE.encode("utf-8-sig"), ARTICLE),
    ("utf-8 markdown", "bai.md", lambda: ("# " + ARTICLE).encode("utf-8"), "# " + ARTICLE),
    ("utf-8 decomposed", "bai.txt", lambda: unicodedata.normalize("NFD", ARTICLE).encode(), ARTICLE),
    ("utf-16 from Notepad", "bai.txt", lambda: ARTICLE.encode("utf-16"), ARTICLE),
    ("Windows-1258", "bai.txt", lambda: text_encode(ARTICLE, "cp1258"), ARTICLE),
    ("TCVN3", "bai.txt", lambda: text_encode(ARTICLE, "tcvn3"), ARTICLE),
    ("VNI", "bai.txt", lambda: text_encode(ARTICLE, "vni"), ARTICLE),
    (
        "TCVN3 by hand",
        "bai.txt",
        lambda: (
            b"B\xe9 Ngo\xb9i giao ch\xf1 tr\xd7 h\xe9i ngh\xde "
            b"\xae\xe8i ngo\xb9i nh\xa9n d\xa9n t\xb9i H\xb5 N\xe9i.\n"
        ),
        "Bộ Ngoại giao chủ trì hội nghị đối ngoại nhân dân tại Hà Nội.\n",
    ),
    (
        "VNI by hand",
        "bai.txt",
        lambda: b"Th\xf6\xf4\xf8ng tr\xf6\xefc Vie\xe4t Nam - Nha\xe4t Ba\xfbn.\n",
        "Thường trực Việt Nam - Nhật Bản.\n",
    ),
    (
        "TCVN3 saved as utf-8",
        "bai.txt",
        lambda: _cp1252_glyphs(text_encode(ARTICLE, "tcvn3")).encode("utf-8"),
        ARTICLE,
    ),
    ("VNI saved as utf-8", "bai.md", lambda: _cp1252_glyphs(text_encode(ARTICLE, "vni")).encode(), ARTICLE),
    ("English ASCII", "note.txt", lambda: ENGLISH.encode("ascii"), ENGLISH),
    (
        "Windows punctuation",
        "note.txt",
        lambda: "“Xin chao” – Viet Nam".encode("cp1252"),
        "“Xin chao” – Viet Nam",
    ),
]


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [pytest.param(name, make, expected, id=case) for case, name, make, expected in READABLE],
)
def test_text_file_is_read_as_unicode(
    tmp_path: Path, name: str, data: Callable[[], bytes], expected: str
) -> None:
    text, hints = read_document(_write(tmp_path, name, data()))
    assert text == expected
    assert hints == {}


UNREADABLE: list[tuple[str, str, bytes, str]] = [
    ("empty", "rong.txt", b"", "tệp rỗng (empty file)"),
    ("whitespace only", "trang.txt", b"  \r\n\t\n", "chỉ có khoảng trắng"),
    ("byte-order mark and spaces", "trang.txt", "\ufeff\u00a0 \n".encode(), "chỉ có khoảng trắng"),
    ("zero bytes", "du-lieu.txt", b"abc\x00\x01\x02def", "tệp nhị phân, không phải văn bản (binary file"),
    ("control characters", "du-lieu.txt", bytes(range(1, 9)) * 20, "tệp nhị phân"),
    ("PNG header", "anh.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "ảnh PNG, không phải văn bản thuần"),
    ("PDF in a .txt", "bao-cao.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "tệp PDF"),
    ("zip", "tai-lieu.md", b"PK\x03\x04\x14\x00\x06\x00", "ZIP hoặc Office"),
    ("old Word file", "cu.txt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "Word hoặc Excel đời cũ"),
    ("RTF", "cong-van.txt", b"{\\rtf1\\ansi\\deff0 {\\fonttbl}}", "tệp RTF"),
    (
        ".docx by name",
        "cong-van.docx",
        b"PK\x03\x04",
        "định dạng .docx chưa được hỗ trợ (unsupported format)",
    ),
    (".pdf by name", "Bao-cao.PDF", b"%PDF-1.4", "định dạng .PDF chưa được hỗ trợ"),
    ("bytes no encoding reads", "hong.txt", b"Ban tin " + bytes(range(0x80, 0x100)), "không nhận ra bảng mã"),
    (
        "Windows-1252 French",
        "phap.txt",
        "Le café crème à la française".encode("cp1252"),
        "không nhận ra bảng mã",
    ),
    ("utf-8 cut off", "cut.txt", CUT_OFF, "tệp UTF-8 bị cắt cụt ở byte"),
    (
        "utf-8 with a stray byte",
        "le.txt",
        STRAY_BYTE,
        f"tệp UTF-8 hỏng ở byte {len(HEADLINE)} (invalid UTF-8 at byte {len(HEADLINE)})",
    ),
    ("utf-16 cut off", "u16.txt", ARTICLE.encode("utf-16")[:-1], "tệp UTF-16 bị cắt cụt"),
    (
        "HTML without main text",
        "trang.html",
        b"<html><head><title>Tin</title></head><body></body></html>",
        "no main text",
    ),
    ("HTML of whitespace", "trang.htm", b"\n \n", "chỉ có khoảng trắng"),
]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [pytest.param(name, data, message, id=case) for case, name, data, message in UNREADABLE],
)
def test_unreadable_file_gets_a_one_line_message_naming_it(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(ReadError) as caught:
        read_document(path)
    assert message in caught.value.message
    assert str(caught.value).startswith(f"{path}: ")
    assert "\n" not in str(caught.value)


def test_missing_file_is_reported_not_raised_as_os_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="không đọc được tệp"):
        read_document(tmp_path / "khong-co.txt")


def test_decode_bytes_names_the_path_it_is_given() -> None:
    with pytest.raises(ReadError) as caught:
        decode_bytes(b"\x89PNG\r\n\x1a\n", "tai-lieu/anh.txt")
    assert caught.value.path == "tai-lieu/anh.txt"


BODY = (
    "<p>Sáng 4/11, tại trụ sở tỉnh, lãnh đạo tỉnh đã tiếp đoàn tình nguyện viên của tổ chức phi chính phủ "
    "đến từ Hàn Quốc. Đoàn cam kết tài trợ xây dựng hai phòng học và một trạm y tế xã với tổng kinh phí "
    "khoảng 120.000 USD.</p><p>Phát biểu tại buổi tiếp, lãnh đạo tỉnh cảm ơn sự hỗ trợ thiết thực của đoàn "
    "và mong muốn hai bên tiếp tục mở rộng hợp tác trong lĩnh vực giáo dục, y tế.</p>"
)
TITLE = "Tiếp đoàn tình nguyện viên Hàn Quốc"
HINTS = {"title": TITLE, "source": "Cổng thông tin tỉnh", "published": "2025-11-04"}


def _page(head: str = '<meta charset="utf-8">', published: str = "2025-11-04T09:30:00+07:00") -> str:
    return (
        f"<!DOCTYPE html><html><head>{head}<title>{TITLE}</title>"
        '<meta property="og:site_name" content="Cổng thông tin tỉnh">'
        f'<meta property="article:published_time" content="{published}">'
        f"</head><body><article><h1>{TITLE}</h1>{BODY}</article></body></html>"
    )


def _entities(raw: bytes) -> bytes:
    """Return a page the way old editors saved legacy-font text: high bytes as numeric entities."""
    return "".join(chr(b) if b < 0x80 else f"&#{b};" for b in raw).encode("ascii")


HTML_PAGES: list[tuple[str, Callable[[], bytes]]] = [
    ("utf-8", lambda: _page().encode("utf-8")),
    ("utf-8 without a declaration", lambda: _page(head="").encode("utf-8")),
    ("windows-1258 declared", lambda: text_encode(_page('<meta charset="windows-1258">'), "cp1258")),
    (
        "windows-1258 in http-equiv",
        lambda: text_encode(
            _page('<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'), "cp1258"
        ),
    ),
    (
        "xhtml with an xml declaration",
        lambda: text_encode('<?xml version="1.0" encoding="windows-1258"?>\n' + _page(head=""), "cp1258"),
    ),
    ("TCVN3 declared as latin-1", lambda: text_encode(_page('<meta charset="iso-8859-1">'), "tcvn3")),
    ("TCVN3 falsely declared utf-8", lambda: text_encode(_page(), "tcvn3")),
    (
        "TCVN3 falsely declared windows-1258",
        lambda: text_encode(_page('<meta charset="windows-1258">'), "tcvn3"),
    ),
    ("VNI declared as windows-1252", lambda: text_encode(_page('<meta charset="windows-1252">'), "vni")),
    ("VNI written as entities", lambda: _entities(text_encode(_page('<meta charset="us-ascii">'), "vni"))),
    ("TCVN3 written as entities", lambda: _entities(text_encode(_page(head=""), "tcvn3"))),
    ("utf-16", lambda: _page(head="").encode("utf-16")),
]


@pytest.mark.parametrize(("data"), [pytest.param(make, id=case) for case, make in HTML_PAGES])
def test_html_page_gives_its_main_text_and_metadata(tmp_path: Path, data: Callable[[], bytes]) -> None:
    text, hints = read_document(_write(tmp_path, "tin.html", data()))
    assert "đoàn tình nguyện viên của tổ chức phi chính phủ đến từ Hàn Quốc" in text
    assert "hợp tác trong lĩnh vực giáo dục, y tế." in text
    assert "<p>" not in text
    assert hints == HINTS


def test_html_page_in_a_charset_detection_does_not_know_is_read_as_declared(tmp_path: Path) -> None:
    russian = "Общество дружбы Россия – Вьетнам провело встречу в Москве."
    page = (
        '<html><head><meta charset="windows-1251"><title>Встреча</title></head>'
        f"<body><article><p>{russian}</p><p>{russian}</p></article></body></html>"
    )
    text, _hints = read_document(_write(tmp_path, "tin.html", page.encode("cp1251")))
    assert russian in text


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2025-11-04T09:30:00+07:00", "2025-11-04"),
        ("2025-11-04", "2025-11-04"),
        ("2024-02-29T23:59:00Z", "2024-02-29"),
    ],
)
def test_html_date_becomes_an_iso_date(tmp_path: Path, published: str, expected: str) -> None:
    _text, hints = read_document(_write(tmp_path, "tin.htm", _page(published=published).encode()))
    assert hints["published"] == expected


@pytest.mark.parametrize(
    ("head", "charset"),
    [
        ('<meta charset="UTF-8">', "utf-8"),
        ("<meta charset=windows-1258>", "cp1258"),
        ('<meta http-equiv="content-type" content="text/html;charset=ISO-8859-1">', "iso8859-1"),
        ('<meta charset="x-vni-unknown">', None),
        ("", None),
    ],
)
def test_html_charset_is_read_from_the_page(head: str, charset: str | None) -> None:
    assert html_charset(f"<html><head>{head}</head><body>x</body></html>".encode()) == charset


def test_analyze_reports_the_bad_file_and_keeps_the_good_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "bai-viet"
    folder.mkdir()
    _write(folder, "tot.txt", ARTICLE.encode("utf-8"))
    _write(folder, "tcvn3.txt", text_encode(ARTICLE, "tcvn3"))
    _write(folder, "anh-chup.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    out = tmp_path / "ket-qua.json"

    code = main(["analyze", str(folder), "--format", "json", "--output", str(out)])

    err = capsys.readouterr().err
    assert code == 1
    error_lines = [line for line in err.splitlines() if line.startswith("doingoai: lỗi:")]
    assert len(error_lines) == 1
    assert "anh-chup.txt" in error_lines[0] and "ảnh PNG" in error_lines[0]
    documents = json.loads(out.read_text(encoding="utf-8"))["documents"]
    assert sorted(d["id"] for d in documents) == ["tcvn3", "tot"]
    assert {d["title"] for d in documents} == {"Đà Nẵng đón đoàn thanh niên hữu nghị Lào"}
