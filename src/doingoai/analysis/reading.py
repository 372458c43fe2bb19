"""Read a file into Vietnamese text: UTF-8 or a legacy encoding, plain text or HTML."""

from __future__ import annotations

import codecs
import datetime as dt
import re
import unicodedata
from pathlib import Path

from doingoai.analysis.errors import ReadError
from doingoai.analysis.legacy_encodings import (
    encoding_detect,
    mojibake_detect,
    mojibake_repair,
    text_decode,
)

SUFFIXES = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
MAX_BYTES = 20 * 1024 * 1024
_SUPPORTED = "chỉ đọc được .txt, .md, .html"
_SAVE_AS_UTF8 = "hãy lưu lại tệp dạng UTF-8"
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

# Formats people pass by mistake, recognised by name before reading, and by their first bytes.
_UNSUPPORTED_SUFFIXES = frozenset(
    ".pdf .doc .docx .docm .odt .rtf .xls .xlsx .ods .ppt .pptx .odp .zip .rar .7z .gz"
    " .png .jpg .jpeg .gif .bmp .tif .tiff .webp .mp3 .mp4".split()
)
_SIGNATURES = (
    (b"%PDF-", "tệp PDF", "a PDF file"),
    (b"PK\x03\x04", "tệp nén ZIP hoặc Office (.docx, .xlsx)", "a ZIP or Office file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "tệp Word hoặc Excel đời cũ (.doc, .xls)", "an old Office file"),
    (b"{\\rtf", "tệp RTF", "an RTF file"),
    (b"\x89PNG", "ảnh PNG", "a PNG image"),
    (b"\xff\xd8\xff", "ảnh JPEG", "a JPEG image"),
    (b"GIF8", "ảnh GIF", "a GIF image"),
    (b"\x1f\x8b", "tệp nén gzip", "a gzip file"),
    (b"Rar!", "tệp nén RAR", "a RAR file"),
    (b"7z\xbc\xaf\x27\x1c", "tệp nén 7z", "a 7z file"),
)
_LABELS = {"utf-8": "UTF-8", "utf-16": "UTF-16", "cp1258": "Windows-1258", "tcvn3": "TCVN3", "vni": "VNI"}

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-z0-9_.:-]+)""", re.IGNORECASE)
# Declared charsets that add nothing to detection: it reads them, or they are the Western
# charsets that pages typed in TCVN3 or VNI fonts declared.
_CHARSETS_IGNORED = frozenset(
    {"ascii", "cp1252", "iso8859-1", "iso8859-15", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"}
)
_ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > len(sample) * 0.05


def _format_check(data: bytes, path: str) -> None:
    """Raise ReadError if `data` starts like a PDF, an Office file, an image or an archive."""
    for signature, kind_vi, kind_en in _SIGNATURES:
        if data.startswith(signature):
            raise ReadError(
                path, f"{kind_vi}, không phải văn bản thuần ({kind_en}, not plain text): {_SUPPORTED}"
            )


def _decode_problem(encoding: str, exc: UnicodeDecodeError) -> str:
    label = _LABELS.get(encoding.removesuffix("-in-utf-8"), encoding)
    if exc.reason.startswith(("unexpected end", "truncated")):
        return f"tệp {label} bị cắt cụt ở byte {exc.start} (truncated {label} file): {_SAVE_AS_UTF8}"
    return f"tệp {label} hỏng ở byte {exc.start} (invalid {label} at byte {exc.start}): {_SAVE_AS_UTF8}"


def decode_bytes(data: bytes, path: str) -> str:
    """Return the text of `data` in NFC, from UTF-8, UTF-16 or a legacy Vietnamese encoding.

    Raise ReadError if `data` is not text, or no encoding reads it as text.
    """
    _format_check(data, path)
    if not data.startswith(_UTF16_BOMS) and _looks_binary(data):
        raise ReadError(path, "tệp nhị phân, không phải văn bản (binary file, not text)")
    encoding = encoding_detect(data)
    if encoding is None:
        raise ReadError(
            path,
            "không nhận ra bảng mã (unknown encoding): không phải UTF-8, Windows-1258, TCVN3 hay VNI; "
            + _SAVE_AS_UTF8,
        )
    try:
        return text_decode(data, encoding)
    except UnicodeDecodeError as exc:
        raise ReadError(path, _decode_problem(encoding, exc)) from exc


def html_charset(data: bytes) -> str | None:
    """Return the Python codec of the charset an HTML page declares, or None if it declares none."""
    head = data[:4096]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None


def html_decode(data: bytes, path: str) -> str:
    """Return the text of an HTML page: detected like a text file, else in the charset it declares.

    Detection comes first because old pages in TCVN3 or VNI fonts declared whatever charset their
    editor wrote; a declared charset only helps for pages in no encoding detection knows.
    """
    charset = html_charset(data)
    if charset is None or charset in _CHARSETS_IGNORED or encoding_detect(data) is not None:
        return decode_bytes(data, path)
    try:
        return unicodedata.normalize("NFC", data.decode(charset))
    except UnicodeDecodeError:
        return decode_bytes(data, path)  # neither reads it: report what detection found


def html_extract(html: str, path: str) -> tuple[str, dict[str, str]]:
    """Return the main text of an HTML page and its metadata (title, date, site name)."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=True)
    if not text or not text.strip():
        raise ReadError(path, "trang HTML không có nội dung chính (no main text found in the HTML)")
    # Pages typed in TCVN3 or VNI fonts may write their glyphs as entities (&Ouml;), which only
    # become characters here.
    legacy = mojibake_detect(text)
    hints: dict[str, str] = {}
    meta = trafilatura.extract_metadata(html)
    if meta is not None:
        for key, value in (("title", meta.title), ("source", meta.sitename)):
            if value:
                hints[key] = mojibake_repair(str(value), legacy) if legacy else str(value)
        published = _iso_date(meta.date)
        if published:
            hints["published"] = published
    return (mojibake_repair(text, legacy) if legacy else text), hints


def _iso_date(value: object) -> str | None:
    """Return the YYYY-MM-DD date at the start of `value`, or None if there is no valid one."""
    match = _ISO_DATE.match(str(value or ""))
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        return None


def read_document(path: str | Path) -> tuple[str, dict[str, str]]:
    """Return the text of a document file and metadata hints; raise ReadError on bad input."""
    p = Path(path)
    name = str(path)
    if p.suffix.lower() in _UNSUPPORTED_SUFFIXES:
        raise ReadError(
            name,
            f"định dạng {p.suffix} chưa được hỗ trợ (unsupported format): {_SUPPORTED}; hãy lưu thành .txt",
        )
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(name, f"tệp quá lớn ({size} byte, tối đa {MAX_BYTES}) (file too large)")
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(name, f"không đọc được tệp (cannot read file): {exc.strerror}") from exc
    if not data:
        raise ReadError(name, "tệp rỗng (empty file)")
    is_html = p.suffix.lower() in HTML_SUFFIXES
    text = html_decode(data, name) if is_html else decode_bytes(data, name)
    if not text.strip():
        raise ReadError(name, "tệp rỗng, chỉ có khoảng trắng (empty file: only whitespace)")
    return html_extract(text, name) if is_html else (text, {})
