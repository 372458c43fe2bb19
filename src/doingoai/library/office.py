"""Read Word, PDF and OpenDocument files into texts to ingest, with the metadata they carry.

- `.docx`: python-docx, paragraphs and tables in the order of the body (each table cell on its
  own line), after the first page header; a .docx is a zip, so its parts are capped before
  anything is parsed.
- `.pdf`: pypdf, page by page, from the text layer only; a PDF whose pages are images (a scan)
  is recognised and refused, since there is no text to analyse without OCR.
- `.doc` and `.odt`: converted to .docx by LibreOffice in headless mode (a fresh temporary
  profile, a timeout, no shell), then read as a .docx; refused with what to install when
  LibreOffice is missing.

The text is put in NFC with the analysis's own `text_normalize`, so the offsets of the facts
found later are offsets into the text the document page shows. Metadata comes from the
administrative header (`doingoai.analysis.admin_header`), then from the file's core properties.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doingoai.analysis.admin_header import admin_header_parse
from doingoai.analysis.text import text_normalize
from doingoai.library.errors import LibraryError
from doingoai.uploads import content_matches_suffix

DOCX_SUFFIXES = (".docx",)
PDF_SUFFIXES = (".pdf",)
CONVERTED_SUFFIXES = (".doc", ".odt")
OFFICE_SUFFIXES = DOCX_SUFFIXES + PDF_SUFFIXES + CONVERTED_SUFFIXES

# A .docx is a zip of XML parts: caps on what it unpacks to, read from its directory first.
DOCX_MAX_PARTS = 500
DOCX_PART_MAX_BYTES = 32 * 1024 * 1024
DOCX_TOTAL_MAX_BYTES = 96 * 1024 * 1024
PDF_MAX_PAGES = 500
# What any one document may give to the analysis; a longer text is refused, never cut silently.
TEXT_MAX_CHARS = 2_000_000
# Reading one PDF, or converting one file with LibreOffice, stops after this many seconds.
READ_SECONDS = 60
CONVERT_SECONDS = 120
# Fewer letters than this on average per page, with images on the pages: a scan.
SCAN_CHARS_PER_PAGE = 20

Meta = dict[str, str]


def _error(name: str, problem: str) -> LibraryError:
    return LibraryError(_("Tệp “%(name)s”: %(problem)s") % {"name": name, "problem": problem})


def _suffix(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def _text_finish(name: str, text: str) -> str:
    text = text_normalize(text).strip()
    if not text:
        raise _error(name, _("văn bản không có chữ nào để phân tích."))
    if len(text) > TEXT_MAX_CHARS:
        raise text_too_long(name)
    return text


def text_too_long(name: str) -> LibraryError:
    """Return the refusal of a file whose text is longer than one document may be (any kind of file)."""
    return _error(
        name,
        _("văn bản quá dài (hơn %(limit)s ký tự); hãy tách thành nhiều tệp.")
        % {"limit": f"{TEXT_MAX_CHARS:,}".replace(",", ".")},
    )


def _day(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return ""


def _hints(text: str, *, core_title: str, core_date: str) -> Meta:
    """Return the hints of a document: its administrative header first, then its properties."""
    # The date the letter itself bears. The file's own creation date is kept apart ("file_date"):
    # it is the day a template or a copy was made (2013 for python-docx's), not a publication day,
    # and taken as one it dated and grouped a report years away from its event.
    hints: Meta = admin_header_parse(text).hints()
    core_title = " ".join(core_title.split())
    if core_title:
        hints.setdefault("title", core_title[:500])
        hints["file_title"] = core_title[:500]
    if core_date:
        hints["file_date"] = core_date[:500]
    return hints


# ---------------------------------------------------------------- .docx


def _zip_check(name: str, data: bytes) -> None:
    """Refuse a .docx whose zip directory promises more than the caps, before parsing it."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _error(name, _("tệp Word hỏng hoặc không phải tệp .docx.")) from exc
    if len(members) > DOCX_MAX_PARTS:
        raise _error(
            name, _("tệp Word có quá nhiều thành phần (tối đa %(limit)d).") % {"limit": DOCX_MAX_PARTS}
        )
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > DOCX_PART_MAX_BYTES or total > DOCX_TOTAL_MAX_BYTES:
            raise _error(
                name,
                _("tệp Word giải nén ra quá lớn (tối đa %(limit)d MB).")
                % {"limit": DOCX_TOTAL_MAX_BYTES // 2**20},
            )


def _block_lines(block: Any, seen: set[Any]) -> list[str]:
    """Return the lines of a paragraph, or of a table cell by cell (merged cells once)."""
    from docx.table import Table

    if not isinstance(block, Table):
        return [block.text]
    lines: list[str] = []
    for row in block.rows:
        for cell in row.cells:
            # The cell's XML element itself, held in the set: a merged cell repeats the same element.
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            for inner in cell.iter_inner_content():
                lines += _block_lines(inner, seen)
        lines.append("")
    return lines


def docx_read(name: str, data: bytes) -> tuple[str, Meta]:
    """Return the text of a .docx (first page header, then body paragraphs and tables) and its hints."""
    import docx

    _zip_check(name, data)
    try:
        document = docx.Document(io.BytesIO(data))
        seen: set[Any] = set()
        lines: list[str] = []
        if document.sections:
            header = document.sections[0].header
            if not header.is_linked_to_previous:
                for block in header.iter_inner_content():
                    lines += _block_lines(block, seen)
                lines.append("")
        for block in document.iter_inner_content():
            lines += _block_lines(block, seen)
        core = document.core_properties
        core_title, core_date = core.title or "", _day(core.created)
    except LibraryError:
        raise
    except Exception as exc:  # python-docx raises many kinds on a damaged file
        raise _error(name, _("tệp Word hỏng, không đọc được nội dung.")) from exc
    text = _text_finish(name, "\n".join(lines))
    return text, _hints(text, core_title=core_title, core_date=core_date)


# ---------------------------------------------------------------- .pdf


def _pdf_properties(reader: Any) -> tuple[str, str]:
    """Return the PDF's title and creation day, or empty strings where they cannot be read.

    The properties are a hint, not the document: a value pypdf cannot parse (LibreOffice run in
    UTC writes the date as "D:20261203164405Z'", which pypdf refuses) is left out, never a reason
    to refuse the file.
    """
    title = day = ""
    with contextlib.suppress(Exception):
        info = reader.metadata
        if info is not None:
            with contextlib.suppress(Exception):
                title = str(info.title or "")
            with contextlib.suppress(Exception):
                day = _day(info.creation_date)
    return title, day


def pdf_read(name: str, data: bytes, *, clock: Any = time.monotonic) -> tuple[str, Meta]:
    """Return the text layer of a PDF, page by page, and its hints; refuse a scan or a locked file."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _error(name, _("tệp PDF có mật khẩu; hãy gỡ mật khẩu rồi tải lên lại."))
        pages = reader.pages
        if len(pages) > PDF_MAX_PAGES:
            raise _error(name, _("tệp PDF có quá nhiều trang (tối đa %(limit)d).") % {"limit": PDF_MAX_PAGES})
        started = clock()
        texts: list[str] = []
        images = 0
        size = 0
        for page in pages:
            if clock() - started > READ_SECONDS:
                raise _error(
                    name,
                    ngettext(
                        "đọc tệp PDF quá %(seconds)d giây; hãy tách thành tệp nhỏ hơn.",
                        "đọc tệp PDF quá %(seconds)d giây; hãy tách thành tệp nhỏ hơn.",
                        READ_SECONDS,
                    )
                    % {"seconds": READ_SECONDS},
                )
            page_text = page.extract_text() or ""
            size += len(page_text)
            if size > TEXT_MAX_CHARS:
                raise text_too_long(name)
            texts.append(page_text.strip())
            with contextlib.suppress(Exception):  # an unreadable image does not change the verdict
                images += len(page.images)
        core_title, core_date = _pdf_properties(reader)
    except LibraryError:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        raise _error(name, _("tệp PDF hỏng, không đọc được.")) from exc
    letters = sum(1 for text in texts for c in text if c.isalnum())
    if letters < SCAN_CHARS_PER_PAGE * max(len(texts), 1):
        if images:
            raise _error(
                name,
                _(
                    "tệp PDF là bản quét (chỉ có ảnh, không có lớp chữ) nên không phân tích được; "
                    "hãy tải lên bản Word hoặc bản PDF xuất từ Word, hoặc nhận dạng chữ (OCR) trước."
                ),
            )
        raise _error(name, _("tệp PDF không có chữ nào để phân tích."))
    text = _text_finish(name, "\n\n".join(t for t in texts if t))
    return text, _hints(text, core_title=core_title, core_date=core_date)


# ---------------------------------------------------------------- .doc, .odt through LibreOffice


def libreoffice_path() -> str | None:
    """Return the LibreOffice program to convert with (`soffice` or `libreoffice` on PATH), or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_convert(name: str, data: bytes, *, program: str | None = None) -> bytes:
    """Return the .docx LibreOffice makes of a .doc or .odt file; raise LibraryError if it cannot."""
    program = program or libreoffice_path()
    if program is None:
        raise _error(
            name,
            _(
                "tệp %(suffix)s cần LibreOffice để đọc, nhưng máy chủ chưa cài; hãy cài LibreOffice "
                "(gói libreoffice-writer) hoặc lưu tệp thành .docx rồi tải lên lại."
            )
            % {"suffix": _suffix(name)},
        )
    with tempfile.TemporaryDirectory(prefix="doingoai-soffice-") as folder:
        work = Path(folder)
        source = work / f"input{_suffix(name)}"
        source.write_bytes(data)
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        # Its own session, so a timeout ends LibreOffice's helper processes too.
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        try:
            process.wait(timeout=CONVERT_SECONDS)
        except subprocess.TimeoutExpired as exc:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise _error(
                name,
                ngettext(
                    "LibreOffice không chuyển đổi xong trong %(seconds)d giây.",
                    "LibreOffice không chuyển đổi xong trong %(seconds)d giây.",
                    CONVERT_SECONDS,
                )
                % {"seconds": CONVERT_SECONDS},
            ) from exc
        converted = work / "out" / "input.docx"
        if process.returncode != 0 or not converted.is_file():
            raise _error(name, _("LibreOffice không đọc được tệp này; tệp có thể bị hỏng."))
        return converted.read_bytes()


def office_check(name: str, data: bytes) -> None:
    """Refuse at once a file that cannot be what its name says, before it waits for a worker.

    Only what costs nothing is looked at: that the file is not empty, that a PDF starts as one and
    that a .docx (a zip) has a sound directory. Reading the text is
    `office_read`'s work, done by the worker.
    """
    if not data:
        raise _error(name, _("tệp rỗng."))
    suffix = _suffix(name)
    if suffix in PDF_SUFFIXES and not content_matches_suffix(".pdf", data):
        raise _error(name, _("tệp PDF hỏng, không đọc được."))
    if suffix in DOCX_SUFFIXES:
        _zip_check(name, data)


def office_read(name: str, data: bytes) -> tuple[str, Meta]:
    """Return the text and hints of a .docx, .pdf, .doc or .odt file given as bytes."""
    if not data:
        raise _error(name, _("tệp rỗng."))
    suffix = _suffix(name)
    if suffix in PDF_SUFFIXES:
        return pdf_read(name, data)
    if suffix in CONVERTED_SUFFIXES:
        return docx_read(name, libreoffice_convert(name, data))
    return docx_read(name, data)
