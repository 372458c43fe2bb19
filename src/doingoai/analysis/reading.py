"""Read a file into Vietnamese text: UTF-8 or a legacy encoding, plain text or HTML."""

from __future__ import annotations

from pathlib import Path

from doingoai.analysis.errors import ReadError

SUFFIXES = (".txt", ".md", ".html", ".htm")
MAX_BYTES = 20 * 1024 * 1024


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > len(sample) * 0.05


def decode_bytes(data: bytes, path: str) -> str:
    """Return the text of `data`, read as UTF-8; raise ReadError if it is not text."""
    if _looks_binary(data):
        raise ReadError(path, "tệp nhị phân, không phải văn bản (binary file, not text)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(
            path, f"không giải mã được (cannot decode) ở byte {exc.start}: hãy lưu tệp dạng UTF-8"
        ) from exc


def html_extract(html: str, path: str) -> tuple[str, dict[str, str]]:
    """Return the main text of an HTML page and its metadata (title, date, site name)."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=True)
    if not text or not text.strip():
        raise ReadError(path, "trang HTML không có nội dung chính (no main text found in the HTML)")
    hints: dict[str, str] = {}
    meta = trafilatura.extract_metadata(html)
    if meta is not None:
        for key, value in (("title", meta.title), ("published", meta.date), ("source", meta.sitename)):
            if value:
                hints[key] = str(value)
    return text, hints


def read_document(path: str | Path) -> tuple[str, dict[str, str]]:
    """Return the text of a document file and metadata hints; raise ReadError on bad input."""
    p = Path(path)
    name = str(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(name, f"tệp quá lớn ({size} byte, tối đa {MAX_BYTES}) (file too large)")
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(name, f"không đọc được tệp (cannot read file): {exc.strerror}") from exc
    if not data.strip():
        raise ReadError(name, "tệp rỗng (empty file)")
    text = decode_bytes(data, name)
    if p.suffix.lower() in (".html", ".htm"):
        return html_extract(text, name)
    if not text.strip():
        raise ReadError(name, "tệp rỗng (empty file)")
    return text, {}
