"""Word and PDF files built at test time: an official letter as .docx, a text-layer PDF, a scan.

The PDFs are written by hand, object by object: the text PDF uses a Type0 font with Identity-H
encoding and a ToUnicode map (what a PDF exported from Word carries, minus the embedded glyphs),
so its text layer holds Vietnamese exactly; the "scanned" PDF has one image and no text at all.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest

# A fictional report of a provincial friendship union, written for the tests.
LETTER_HEADER_LEFT = [
    "LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ VIỆT NAM",
    "LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ TỈNH QUẢNG TRỊ",
    "Số: 27/BC-LHH",
]
LETTER_HEADER_RIGHT = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Quảng Trị, ngày 12 tháng 01 năm 2026",
]
LETTER_BODY = [
    "BÁO CÁO",
    "Kết quả đón đoàn thanh niên Lào tháng 12 năm 2025",
    "Ngày 18/12/2025, Liên hiệp các tổ chức hữu nghị tỉnh Quảng Trị đã đón đoàn 25 đại biểu "
    "thanh niên tỉnh Savannakhet do ông Bounmy Phommachanh, Phó Bí thư Đoàn tỉnh, dẫn đầu.",
    "Bà Hồ Thị Lan, Chủ tịch Liên hiệp, cho biết hai bên đã ký biên bản hợp tác giai đoạn "
    "2026-2028 với tổng kinh phí 450 triệu đồng.",
]
PDF_LINES = [
    "LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ THÀNH PHỐ HÀ NỘI",
    "Số: 08/TB-LHH",
    "Hà Nội, ngày 05 tháng 01 năm 2026",
    "THÔNG BÁO",
    "Kết quả vận động viện trợ phi chính phủ năm 2025",
    "Năm 2025, Liên hiệp các tổ chức hữu nghị thành phố Hà Nội đã vận động được 3,2 triệu USD.",
    "Ông Nguyễn Văn Minh, Phó Chủ tịch Liên hiệp, đề nghị các sở phối hợp chặt chẽ hơn.",
]

# A fictional notice of a conclusion, as the administrative format lays it out: the letterhead in a two-column
# table (issuing body and number on the left, national name, motto and date on the right), then the kind in
# capitals and the summary wrapped over two lines.
NOTICE_LEFT = ["BỘ NGOẠI GIAO", "ỦY BAN NHÀ NƯỚC VỀ NGƯỜI VIỆT NAM Ở NƯỚC NGOÀI", "Số: 146/TB-UBNV"]
NOTICE_RIGHT = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Hà Nội, ngày 24 tháng 6 năm 2026",
]
NOTICE_BODY = [
    "THÔNG BÁO",
    "Kết luận của Chủ nhiệm Ủy ban tại Hội nghị triển khai",
    "chương trình Trại hè Việt Nam năm 2026",
    "Ngày 22/6/2026, tại Hà Nội, Chủ nhiệm Ủy ban chủ trì Hội nghị triển khai chương trình Trại hè.",
    "Chủ nhiệm Ủy ban giao Vụ Thanh niên chủ trì đón 150 thanh niên kiều bào trước ngày 15/7/2026.",
]


def notice_docx(
    *, left: list[str] | None = None, right: list[str] | None = None, body: list[str] | None = None
) -> bytes:
    """Return a .docx notice: the letterhead in one row of two cells, a paragraph per line, then the body."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    for cell, lines in zip(table.rows[0].cells, (left or NOTICE_LEFT, right or NOTICE_RIGHT), strict=True):
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
    for paragraph in body if body is not None else NOTICE_BODY:
        document.add_paragraph(paragraph)
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()


def letter_docx(*, body: list[str] | None = None, title: str = "Báo cáo đón đoàn") -> bytes:
    """Return a .docx official letter: the header in a two-column table, then the body."""
    import docx

    document = docx.Document()
    document.core_properties.title = title
    table = document.add_table(rows=3, cols=2)
    for row, (left, right) in enumerate(zip(LETTER_HEADER_LEFT, LETTER_HEADER_RIGHT, strict=True)):
        table.cell(row, 0).text = left
        table.cell(row, 1).text = right
    for paragraph in body if body is not None else LETTER_BODY:
        document.add_paragraph(paragraph)
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()


def _pdf(objects: list[bytes], info: bytes | None = None) -> bytes:
    """Return a PDF of these objects (object 1 is the catalog), with a correct cross-reference table.

    `info`, when given, is the document information dictionary (title, dates), added last.
    """
    if info is not None:
        objects = [*objects, info]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    info_ref = b" /Info %d 0 R" % len(objects) if info is not None else b""
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, info_ref, xref)
    )
    return out.getvalue()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data)
    return (
        b"<< /Length %d /Filter /FlateDecode %s >>\nstream\n" % (len(packed), extra) + packed + b"\nendstream"
    )


def text_pdf(lines: list[str] | None = None, info: bytes | None = None) -> bytes:
    """Return a one-page PDF whose text layer holds `lines`, one per line, in Vietnamese."""
    lines = PDF_LINES if lines is None else lines
    chars = sorted({c for line in lines for c in line})
    cid = {c: i + 1 for i, c in enumerate(chars)}
    content = b"BT /F1 9 Tf 11 TL 40 800 Td\n"
    for line in lines:
        content += b"<" + "".join(f"{cid[c]:04X}" for c in line).encode() + b"> Tj T*\n"
    content += b"ET"
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n"
        + "".join(f"<{cid[c]:04X}> <{ord(c):04X}>\n" for c in chars)
        + "endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    widths = b"[1 [" + b" ".join(b"500" for _ in chars) + b"]]"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(content),
            b"<< /Type /Font /Subtype /Type0 /BaseFont /DejaVuSans /Encoding /Identity-H"
            b" /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DejaVuSans"
            b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
            b" /FontDescriptor 8 0 R /DW 500 /W " + widths + b" >>",
            _stream(cmap),
            b"<< /Type /FontDescriptor /FontName /DejaVuSans /Flags 32 /FontBBox [0 -200 1000 900]"
            b" /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>",
        ],
        info,
    )


def scanned_pdf() -> bytes:
    """Return a one-page PDF that holds only an image, as a scanner makes it: no text layer."""
    pixels = bytes(range(64)) * 64  # a 64 x 64 grey picture
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /XObject << /Im1 5 0 R >> >> >>",
            _stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
            _stream(
                pixels,
                b"/Type /XObject /Subtype /Image /Width 64 /Height 64"
                b" /ColorSpace /DeviceGray /BitsPerComponent 8",
            ),
        ]
    )


def zip_of(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """Return a zip archive holding `members` (name -> bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def originals_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Keep the test's stored originals (uploaded Word and PDF files) in its own folder."""
    settings.DATA_DIR = tmp_path


# A Party conclusion, typed as Word lays it out: the Party's name where the national name would be.
PARTY_LEFT = ["ĐẢNG BỘ TỈNH NGHỆ AN", "TỈNH ỦY", "*", "Số 27-KL/TU"]
PARTY_RIGHT = ["ĐẢNG CỘNG SẢN VIỆT NAM", "Nghệ An, ngày 2 tháng 11 năm 2026"]
PARTY_BODY = [
    "KẾT LUẬN",
    "của Ban Thường vụ Tỉnh ủy về hợp tác toàn diện",
    "với tỉnh Hủa Phăn giai đoạn 2026 - 2030",
    "Ban Thường vụ Tỉnh ủy kết luận như sau:",
]
# The same notice as a PDF's text layer gives it: the columns run together on one line.
NOTICE_PDF_LINES = [
    "SỞ NGOẠI VỤ TỈNH LẠNG SƠN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 31/TB-SNV Lạng Sơn, ngày 9 tháng 2 năm 2026",
    "THÔNG BÁO",
    "Kết luận của Giám đốc Sở tại buổi làm việc với đoàn",
    "doanh nghiệp tỉnh Quảng Tây (Trung Quốc)",
    "Ngày 6/2/2026, Giám đốc Sở tiếp đoàn doanh nghiệp tỉnh Quảng Tây.",
]

# (file name, bytes, title, issuer, number)
OFFICIAL_FILES = [
    (
        "thong-bao.docx",
        notice_docx(),
        "Thông báo kết luận của Chủ nhiệm Ủy ban tại Hội nghị triển khai chương trình Trại hè Việt Nam "
        "năm 2026",
        "ỦY BAN NHÀ NƯỚC VỀ NGƯỜI VIỆT NAM Ở NƯỚC NGOÀI",
        "146/TB-UBNV",
    ),
    (
        "ket-luan.docx",
        notice_docx(left=PARTY_LEFT, right=PARTY_RIGHT, body=PARTY_BODY),
        "Kết luận của Ban Thường vụ Tỉnh ủy về hợp tác toàn diện với tỉnh Hủa Phăn giai đoạn 2026 - 2030",
        "TỈNH ỦY",
        "27-KL/TU",
    ),
    (
        "thong-bao.pdf",
        text_pdf(NOTICE_PDF_LINES),
        "Thông báo kết luận của Giám đốc Sở tại buổi làm việc với đoàn doanh nghiệp tỉnh Quảng Tây "
        "(Trung Quốc)",
        "SỞ NGOẠI VỤ TỈNH LẠNG SƠN",
        "31/TB-SNV",
    ),
    (
        "thong-bao.txt",
        "\n".join([*NOTICE_LEFT, "", *NOTICE_RIGHT, "", *NOTICE_BODY]).encode("utf-8"),
        "Thông báo kết luận của Chủ nhiệm Ủy ban tại Hội nghị triển khai chương trình Trại hè Việt Nam "
        "năm 2026",
        "ỦY BAN NHÀ NƯỚC VỀ NGƯỜI VIỆT NAM Ở NƯỚC NGOÀI",
        "146/TB-UBNV",
    ),
]
