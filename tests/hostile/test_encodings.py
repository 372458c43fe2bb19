"""IATI and feed files in any encoding XML allows: read, or refused with a message naming the encoding."""

from __future__ import annotations

import codecs
import io
import unicodedata
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from doingoai.accounts.scope import SYSTEM
from doingoai.aid.errors import AidImportError
from doingoai.aid.iati_io import aid_iati_import
from doingoai.aid.models import Project
from doingoai.aid.spreadsheets import spreadsheet_import
from doingoai.directory.models import Person
from doingoai.directory.spreadsheets import PEOPLE_SHEET, PERSON_COLUMNS
from doingoai.library.errors import LibraryError
from doingoai.library.models import Document
from doingoai.library.sources import feed_sources
from tests.hostile.corpus import PROJECT_ROW, iati_document, xlsx_book

# Each legacy encoding with a title written in its own script.
LEGACY = [
    ("Shift_JIS", "学校給食の支援"),
    ("EUC-JP", "学校給食の支援"),
    ("GB2312", "学校午餐援助"),
    ("Big5", "學校午餐援助"),
    ("EUC-KR", "학교 급식 지원"),
    ("ISO-8859-1", "Cantine scolaire à Hué"),
    ("windows-1258", "Bếp ăn bán trú"),
]


def _declared(text: str, encoding: str) -> str:
    return text.replace('encoding="UTF-8"', f'encoding="{encoding}"', 1)


def _utf16(text: str, *, bom: bool, big_endian: bool = False) -> bytes:
    codec = "utf-16-be" if big_endian else "utf-16-le"
    body = _declared(text, "UTF-16").encode(codec)
    if not bom:
        return body
    return (codecs.BOM_UTF16_BE if big_endian else codecs.BOM_UTF16_LE) + body


@pytest.mark.parametrize(("encoding", "title"), LEGACY)
def test_iati_file_in_a_legacy_encoding_is_read(
    units: Any, partners: Any, rates: None, encoding: str, title: str
) -> None:
    data = _declared(iati_document(title=title), encoding).encode(encoding, errors="xmlcharrefreplace")
    aid_iati_import(actor=SYSTEM, data=data, source_name="legacy.xml", owner_unit=units.vufo)
    assert Project.objects.get().title == title


@pytest.mark.parametrize(("bom", "big_endian"), [(True, False), (False, False), (True, True), (False, True)])
def test_iati_file_in_utf16_with_or_without_bom_is_read(
    units: Any, partners: Any, rates: None, bom: bool, big_endian: bool
) -> None:
    data = _utf16(iati_document(title="Bếp ăn bán trú"), bom=bom, big_endian=big_endian)
    aid_iati_import(actor=SYSTEM, data=data, source_name="u16.xml", owner_unit=units.vufo)
    assert Project.objects.get().title == "Bếp ăn bán trú"


@pytest.mark.parametrize(
    ("encoding", "data_encoding"), [("x-klingon", "utf-8"), ("base64", "utf-8"), ("Shift_JIS", "utf-8")]
)
def test_iati_file_in_an_unknown_or_wrong_encoding_is_refused_naming_it(
    units: Any, partners: Any, rates: None, encoding: str, data_encoding: str
) -> None:
    data = _declared(iati_document(title="Bếp ăn bán trú ở Huế"), encoding).encode(data_encoding)
    with pytest.raises(AidImportError) as caught:
        aid_iati_import(actor=SYSTEM, data=data, source_name="la.xml", owner_unit=units.vufo)
    text = "\n".join(caught.value.problems)
    assert "tệp la.xml" in text and encoding in text and "UTF-8" in text
    assert not Project.objects.exists()


def test_iati_upload_form_reads_shift_jis_and_utf16(
    units: Any, partners: Any, rates: None, make_user: Any, client_for: Any
) -> None:
    client = client_for(make_user("coordinator", None))
    for name, data in (
        (
            "sjis.xml",
            _declared(iati_document(title="学校給食"), "Shift_JIS").encode("shift_jis", "xmlcharrefreplace"),
        ),
        ("u16.xml", _utf16(iati_document(title="Bếp ăn"), bom=False)),
    ):
        upload = io.BytesIO(data)
        upload.name = name
        assert client.post("/vien-tro/nhap/", {"file": upload}).status_code == 302, name
    assert Project.objects.get().title == "Bếp ăn"


def _rss(title: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Báo Mẫu</title>
<item><title>{title}</title><pubDate>Tue, 02 Dec 2025 08:00:00 +0700</pubDate>
<description>{title}. Đoàn công tác trao quà cho học sinh vùng cao.</description></item>
</channel></rss>"""


def _atom(title: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Báo Mẫu</title>
<entry><title>{title}</title><updated>2025-12-02T08:00:00+07:00</updated>
<content>{title}. Đoàn công tác trao quà cho học sinh vùng cao.</content></entry></feed>"""


@pytest.mark.parametrize("build", [_rss, _atom])
@pytest.mark.parametrize(("encoding", "title"), LEGACY)
def test_feed_in_a_legacy_encoding_is_read(build: Any, encoding: str, title: str) -> None:
    text = _declared(build(title), encoding)
    data = text.encode(encoding, errors="xmlcharrefreplace")
    [source] = feed_sources("tin.xml", data)
    assert source.hints["title"] == title


@pytest.mark.parametrize("bom", [True, False])
def test_feed_in_utf16_is_read(bom: bool) -> None:
    [source] = feed_sources("tin.rss", _utf16(_rss("Trao quà Tết"), bom=bom))
    assert source.hints["title"] == "Trao quà Tết"


def test_feed_in_an_unknown_encoding_is_refused_naming_it() -> None:
    with pytest.raises(LibraryError, match="x-klingon"):
        feed_sources("tin.xml", _declared(_rss("Trao quà"), "x-klingon").encode())


def test_feed_upload_in_big5_becomes_a_document(make_user: Any, client_for: Any, units: Any) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    data = _declared(_rss("學校午餐"), "Big5").encode("big5", errors="xmlcharrefreplace")
    response = client.post(
        "/thu-vien/tai-len/", {"files": [SimpleUploadedFile("tin.xml", data)]}, follow=True
    )
    assert response.status_code == 200
    assert Document.objects.get().title == "學校午餐"


def test_spreadsheet_text_pasted_in_nfd_is_imported_in_nfc(
    units: Any, partners: Any, rates: None, make_user: Any, client_for: Any
) -> None:
    """A project's title and description pasted into Excel in NFD were stored so, as were the notes
    of a directory import: the same words typed did not find them."""
    nfd = unicodedata.normalize("NFD", "Bếp ăn bán trú cho học sinh Quảng Trị")
    project = [*PROJECT_ROW[:-1], nfd]
    project[1] = nfd
    spreadsheet_import(actor=SYSTEM, name="nfd.xlsx", data=xlsx_book([], projects=[project]))
    stored = Project.objects.get()
    assert stored.title == stored.description == unicodedata.normalize("NFC", nfd)

    client = client_for(make_user("editor", units.quang_tri))
    book = Workbook()
    sheet = book.active
    sheet.title = PEOPLE_SHEET
    sheet.append([header for _key, header in PERSON_COLUMNS])
    sheet.append(
        [unicodedata.normalize("NFD", "Trần Thị Bình"), units.quang_tri.name, "", "", "", "", "", nfd]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    client.post("/danh-ba/nhap/", {"file": SimpleUploadedFile("nfd.xlsx", buffer.getvalue())})
    person = Person.objects.get()
    assert person.full_name == "Trần Thị Bình"
    assert person.notes == unicodedata.normalize("NFC", nfd)
