"""Damaged and oversized files: refused quickly with a message, never parsed past their caps."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from doingoai import iati
from doingoai.accounts.scope import SYSTEM
from doingoai.aid.errors import AidImportError
from doingoai.aid.models import Project, Transaction
from doingoai.aid.spreadsheets import MAX_ROWS, TRANSACTION_COLUMNS, TRANSACTION_SHEET, spreadsheet_import
from doingoai.library.models import Document, IngestJob
from doingoai.reporting.errors import ReportImportError
from doingoai.reporting.xlsx_io import workbook_read
from doingoai.spreadsheet_files import XLSX_MAX_COLUMNS, sheet_rows, xlsx_sheets_read
from doingoai.uploads import UploadLimitHandler, stored_name
from tests.hostile.corpus import dimension_claimed, xlsx_book, zip_replace

MB = 2**20
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
GOOD_ROW = ["XX-H-1", "11", "15/03/2025", "1000", "USD", "XX-T-SAK", ""]


def _bomb(data: bytes, part: str, size: int) -> bytes:
    """Return the workbook with `part` replaced by `size` bytes of repeated XML, written in chunks."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "[Content_Types].xml" and part.encode() not in content:
                # Declare the part, so that openpyxl would read it.
                override = f'<Override PartName="/{part}" ContentType="{SST_TYPE}"/></Types>'
                content = content.replace(b"</Types>", override.encode())
            if info.filename != part:
                target.writestr(info, content)
        with target.open(part, "w", force_zip64=True) as handle:
            handle.write(
                b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            chunk = b"<si><t>aaaaaaaaaaaaaaaa</t></si>" * 32768
            for _ in range(size // len(chunk)):
                handle.write(chunk)
            handle.write(b"</sst>")
    return out.getvalue()


DAMAGED_PARTS = {
    "sheet XML cut in half": {"xl/worksheets/sheet2.xml": b"<worksheet><sheetData><row><c r="},
    "sheet XML not XML": {"xl/worksheets/sheet2.xml": b"\x00\x01 not xml at all"},
    "styles not XML": {"xl/styles.xml": b"<styleSheet"},
    "workbook part missing target": {"xl/_rels/workbook.xml.rels": b"<Relationships/>"},
    "content types damaged": {"[Content_Types].xml": b"<Types"},
}


def _rows_broken(book: bytes) -> dict[str, bytes]:
    """Return the transactions sheet with a good start and a broken row: only reading the rows fails."""
    sheet = zipfile.ZipFile(io.BytesIO(book)).read("xl/worksheets/sheet2.xml")
    broken = b'<row r="9"><c r="A9" t="n"><v>1</v></row></sheetData>'
    return {"xl/worksheets/sheet2.xml": sheet.replace(b"</sheetData>", broken)}


@pytest.mark.parametrize("damage", [*DAMAGED_PARTS, "a row broken after good rows"])
def test_xlsx_with_a_damaged_part_is_refused_on_the_upload_page(
    units: Any, partners: Any, rates: None, make_user: Any, client_for: Any, damage: str
) -> None:
    book = xlsx_book([GOOD_ROW])
    replacements = DAMAGED_PARTS.get(damage) or _rows_broken(book)
    data = zip_replace(book, replacements)
    client = client_for(make_user("coordinator", None))
    response = client.post("/vien-tro/nhap/", {"file": SimpleUploadedFile("hong.xlsx", data)})
    assert response.status_code == 400
    assert "hong.xlsx" in response.content.decode()
    assert not Project.objects.exists()


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/styles.xml", "xl/worksheets/sheet1.xml"])
def test_xlsx_decompression_bomb_is_refused_before_it_is_parsed(
    units: Any, partners: Any, rates: None, part: str
) -> None:
    data = _bomb(xlsx_book([GOOD_ROW]), part, 200 * MB)
    assert len(data) < 5 * MB  # under the upload cap: only the unpacked size gives it away
    tracemalloc.start()
    try:
        with pytest.raises(AidImportError) as caught:
            spreadsheet_import(actor=SYSTEM, name="bom.xlsx", data=data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert part in caught.value.problems[0] and "bom.xlsx" in caught.value.problems[0]
    assert peak < 50 * MB
    assert not Transaction.objects.exists()


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
def test_report_workbook_bomb_is_refused_before_it_is_parsed(part: str) -> None:
    data = _bomb(xlsx_book([GOOD_ROW]), part, 200 * MB)
    tracemalloc.start()
    try:
        with pytest.raises(ReportImportError) as caught:
            workbook_read("bao-cao.xlsx", data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert part in caught.value.problems[0] and "bao-cao.xlsx" in caught.value.problems[0]
    assert peak < 50 * MB


def test_iati_library_function_caps_its_own_input() -> None:
    data = b'<?xml version="1.0"?><iati-activities version="2.03">' + b" " * (iati.MAX_BYTES + 1)
    with pytest.raises(iati.IatiSyntaxError, match="quá lớn"):
        iati.activities_parse(data, source_name="lon.xml")


def test_archive_member_unpacking_beyond_its_cap_is_refused_naming_it(
    make_user: Any, client_for: Any, units: Any
) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("bai/lon.txt", "w", force_zip64=True) as handle:
            for _ in range(30):
                handle.write(b"a" * MB)
    client = client_for(make_user("editor", units.quang_tri))
    response = client.post("/thu-vien/tai-len/", {"files": [SimpleUploadedFile("goi.zip", out.getvalue())]})
    assert "goi.zip/bai/lon.txt" in response.content.decode()
    assert not IngestJob.objects.exists() and not Document.objects.exists()


class _Multipart:
    """A multipart body of one file of `size` bytes, produced as it is read (never held whole)."""

    BOUNDARY = "hostileboundary"

    def __init__(self, field: str, name: str, size: int) -> None:
        self.head = (
            f'--{self.BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        self.tail = f"\r\n--{self.BOUNDARY}--\r\n".encode()
        self.size = size
        self.length = len(self.head) + size + len(self.tail)
        self.position = 0
        self.chunks = self._chunks()
        self.pending = b""

    def _chunks(self) -> Iterator[bytes]:
        yield self.head
        block = b"a" * MB
        left = self.size
        while left:
            yield block[: min(left, MB)]
            left -= min(left, MB)
        yield self.tail

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self.pending) < size:
            chunk = next(self.chunks, b"")
            if not chunk:
                break
            self.pending += chunk
        if size < 0:
            size = len(self.pending)
        out, self.pending = self.pending[:size], self.pending[size:]
        self.position += len(out)
        return out

    def readline(self, size: int = -1) -> bytes:  # pragma: no cover - the multipart parser uses read()
        return self.read(size)

    def environ(self, path: str) -> dict[str, Any]:
        return {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": path,
            "CONTENT_TYPE": f"multipart/form-data; boundary={self.BOUNDARY}",
            "CONTENT_LENGTH": str(self.length),
            "wsgi.input": self,
        }


@pytest.mark.parametrize(
    ("path", "field", "name"),
    [("/vien-tro/nhap/", "file", "lon.xlsx"), ("/thu-vien/tai-len/", "files", "lon.zip")],
)
def test_a_300_mb_upload_is_refused_while_it_streams_without_being_stored(
    make_user: Any, client_for: Any, units: Any, path: str, field: str, name: str
) -> None:
    client = client_for(make_user("coordinator", None))
    body = _Multipart(field, name, 300 * MB)
    tracemalloc.start()
    try:
        response = client.request(**body.environ(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    page = response.content.decode()
    assert f"Tệp “{name}” quá lớn (tối đa 50 MB)" in page
    assert peak < 100 * MB
    assert not Project.objects.exists() and not IngestJob.objects.exists()


def test_the_upload_handler_stops_at_the_limit(settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 3 * MB
    handler = UploadLimitHandler()
    handler.new_file("file", "lon.xlsx", "application/octet-stream", None)
    passed = 0
    with pytest.raises(Exception) as caught:
        for _ in range(10):
            passed += len(handler.receive_data_chunk(b"a" * MB, passed) or b"")
    assert type(caught.value).__name__ == "SkipFile"
    assert passed == 3 * MB


def test_a_workbook_claiming_every_column_is_read_only_as_wide_as_a_template_can_be() -> None:
    """A file whose <dimension> claimed A1:XFD1048576 had each row read 16,384 cells wide: the aid
    import of such a template held a server worker past its time limit, and it was killed."""
    data = dimension_claimed(xlsx_book([GOOD_ROW]))
    sheets = xlsx_sheets_read("mau.xlsx", data, titles=[TRANSACTION_SHEET], max_rows=50)
    rows = sheets[TRANSACTION_SHEET]
    assert max(len(row) for row in rows) <= XLSX_MAX_COLUMNS
    assert rows[1][:6] == tuple(GOOD_ROW[:6])


@pytest.mark.parametrize("page", ["/vien-tro/nhap/", "/danh-ba/nhap/"])
def test_a_template_claiming_the_whole_grid_is_answered_on_the_page(
    units: Any, partners: Any, rates: None, make_user: Any, client_for: Any, page: str
) -> None:
    client = client_for(make_user("coordinator", None))
    template = client.get(page + ("mau-nhap.xlsx" if "vien-tro" in page else "mau-nhap-danh-ba.xlsx"))
    data = dimension_claimed(template.content)
    response = client.post(page, {"file": SimpleUploadedFile("mau.xlsx", data)})
    # The cell at row 1,048,576 is past the rows an import takes: the sheet is refused, saying so.
    assert response.status_code == 400
    assert "có quá 20000 dòng" in response.content.decode()
    assert not Project.objects.exists()


def test_a_sheet_one_row_longer_than_an_import_takes_is_refused_not_cut() -> None:
    """The reader took the header and `max_rows` rows, so the check for more never saw one: an aid or
    directory file of 20,001 rows lost its last row without a word."""
    book = Workbook()
    sheet = book.active
    sheet.title = TRANSACTION_SHEET
    sheet.append(["A", "B"])
    for number in range(4):
        sheet.append([f"dòng {number}", "x"])
    sheet.append([None, None])  # an empty row below is no row
    buffer = io.BytesIO()
    book.save(buffer)
    raw = xlsx_sheets_read("dai.xlsx", buffer.getvalue(), titles=[TRANSACTION_SHEET], max_rows=3)
    problems: list[str] = []
    rows = list(
        sheet_rows(TRANSACTION_SHEET, raw[TRANSACTION_SHEET], (("a", "A"), ("b", "B")), problems, max_rows=3)
    )
    assert problems == [f"Trang “{TRANSACTION_SHEET}” có quá 3 dòng."] and rows == []
    exact = list(
        sheet_rows(TRANSACTION_SHEET, raw[TRANSACTION_SHEET][:4], (("a", "A"), ("b", "B")), [], max_rows=3)
    )
    assert [row.values["a"] for row in exact] == ["dòng 0", "dòng 1", "dòng 2"]


def test_a_csv_one_row_longer_than_the_aid_import_takes_is_refused(
    units: Any, partners: Any, rates: None
) -> None:
    header = ",".join(title for _key, title in TRANSACTION_COLUMNS)
    lines = [header, *[f"XX-H-1,11,15/03/2025,{n + 1},USD,XX-T-SAK,,{n + 1}" for n in range(MAX_ROWS + 1)]]
    with pytest.raises(AidImportError) as caught:
        spreadsheet_import(actor=SYSTEM, name="dai.csv", data="\n".join(lines).encode())
    assert f"Trang “{TRANSACTION_SHEET}” có quá {MAX_ROWS} dòng." in caught.value.problems
    assert not Transaction.objects.exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bien-ban.docx", "bien-ban.docx"),
        ("a" * 300 + ".docx", "a" * 250 + ".docx"),
        ("b" * 300, "b" * 255),  # no extension: cut where the limit falls
        ("c" * 100 + "." + "d" * 200, ("c" * 100 + "." + "d" * 200)[:255]),  # a "suffix" that is most of it
    ],
)
def test_an_attachments_name_is_cut_to_its_column_with_the_extension_kept(name: str, expected: str) -> None:
    assert stored_name(name) == expected


@pytest.mark.parametrize("url", ["/vien-tro/nhap/", "/danh-ba/nhap/"])
def test_an_empty_file_is_refused_naming_it_on_the_import_pages(
    units: Any, make_user: Any, client_for: Any, url: str
) -> None:
    """Django's own words ("the submitted file is empty") named no file."""
    client = client_for(make_user("coordinator", None))
    response = client.post(url, {"file": SimpleUploadedFile("du-an-thang-5.xlsx", b"")})
    page = response.content.decode()
    assert "Tệp “du-an-thang-5.xlsx” rỗng." in page
    assert not Project.objects.exists()
