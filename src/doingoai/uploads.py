"""Check the size of each uploaded file while it streams in, before it is stored or read.

Django stores an upload in memory (up to FILE_UPLOAD_MAX_MEMORY_SIZE) or in a temporary file and
only then lets a view see it, so a 300 MB file would be written out whole before any size check.
`UploadLimitHandler` runs first in FILE_UPLOAD_HANDLERS: it counts the bytes of each file as they
arrive and drops the file (the rest of it is read from the socket and discarded, never stored)
once it passes UPLOAD_MAX_BYTES. The names dropped are kept on the request for the page to say.

`attachment_problem` is the one rule for what a file attached to a record may be (a task's
progress report, a unit's periodic report): at most ATTACHMENT_MAX_BYTES, not empty, its
extension of a kind people exchange and its first bytes those of that kind (`file_kind_problem`,
`content_matches_suffix`, which the library's upload check uses for a PDF too), so a program
renamed "bao-cao.pdf" is refused. `download_name` is the name such a file is offered under.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest
from django.utils.translation import gettext as _

# The largest file any page accepts: a zip archive of articles (doingoai.library.sources).
UPLOAD_MAX_BYTES = 50 * 1024 * 1024

# The first bytes of each kind of file; a PDF may have a few bytes before its header.
PDF_SIGNATURE = b"%PDF-"
PDF_HEADER_WITHIN = 1024
ZIP_SIGNATURE = b"PK\x03\x04"  # also every .docx, .xlsx, .pptx, .odt, .ods, .odp
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .ppt of Office 97-2003
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
TEXT_KIND = ()  # plain text: no signature, but no NUL byte either (see `_looks_text`)
# What people attach to a report: documents, spreadsheets, slides, scans and photos, text, zip.
ATTACHMENT_KINDS: dict[str, tuple[bytes, ...]] = {
    ".pdf": (PDF_SIGNATURE,),
    ".doc": (OLE_SIGNATURE,),
    ".docx": (ZIP_SIGNATURE,),
    ".xls": (OLE_SIGNATURE,),
    ".xlsx": (ZIP_SIGNATURE,),
    ".ppt": (OLE_SIGNATURE,),
    ".pptx": (ZIP_SIGNATURE,),
    ".odt": (ZIP_SIGNATURE,),
    ".ods": (ZIP_SIGNATURE,),
    ".odp": (ZIP_SIGNATURE,),
    ".rtf": (b"{\\rtf",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".txt": TEXT_KIND,
    ".csv": TEXT_KIND,
    ".zip": (ZIP_SIGNATURE, b"PK\x05\x06"),  # the second: an empty archive
}
ATTACHMENT_SUFFIXES = tuple(ATTACHMENT_KINDS)
# Files attached to one record: at most this many, each at most this large.
ATTACHMENTS_MAX = 5
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class AttachmentData:
    """A file to attach: its name, type and bytes."""

    name: str
    content_type: str
    data: bytes


def _looks_text(data: bytes) -> bool:
    return data.startswith(_UTF16_BOMS) or b"\x00" not in data[:4096]


def content_matches_suffix(suffix: str, data: bytes) -> bool:
    """Return whether `data` starts as a file with this extension (one of ATTACHMENT_KINDS) should."""
    signatures = ATTACHMENT_KINDS[suffix]
    if signatures == TEXT_KIND:
        return _looks_text(data)
    if signatures == (PDF_SIGNATURE,):
        return PDF_SIGNATURE in data[:PDF_HEADER_WITHIN]
    return data.startswith(signatures)


def file_kind_problem(name: str, data: bytes) -> str:
    """Return why a file of this name and content may not be attached, naming the file, or ""."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in ATTACHMENT_KINDS:
        problem = _("Tệp “%(name)s”: loại tệp %(suffix)s không được nhận; chỉ nhận %(allowed)s.")
        return problem % {
            "name": name,
            "suffix": suffix or _("không có phần mở rộng"),
            "allowed": ", ".join(ATTACHMENT_SUFFIXES),
        }
    if not content_matches_suffix(suffix, data):
        problem = _("Tệp “%(name)s”: nội dung không khớp với loại tệp %(suffix)s; hãy kiểm tra lại tệp.")
        return problem % {"name": name, "suffix": suffix}
    return ""


def empty_file_problem(name: str) -> str:
    """Return the words refusing an empty file, naming it."""
    return _("Tệp “%(name)s” rỗng.") % {"name": name}


class NamedFileField(forms.FileField):
    """A file field that names the file it refuses as empty: Django's own words name none."""

    def to_python(self, data: Any) -> Any:
        name = getattr(data, "name", "")
        if name and getattr(data, "size", None) == 0 and not self.allow_empty_file:
            raise ValidationError(empty_file_problem(name), code="empty")
        return super().to_python(data)


def attachment_problem(item: AttachmentData) -> str:
    """Return why a file may not be attached to a record, naming the file, or "" when it may."""
    if len(item.data) > ATTACHMENT_MAX_BYTES:
        return _("Tệp “%(name)s” lớn hơn %(mb)d MB; hãy nén hoặc tách tệp.") % {
            "name": item.name,
            "mb": ATTACHMENT_MAX_BYTES // (1024 * 1024),
        }
    if not item.data:
        return empty_file_problem(item.name)
    return file_kind_problem(item.name, item.data)


def download_name(name: str) -> str:
    """Return an attached file's name to offer for download: its Vietnamese letters kept, no path in it.

    Only the last part after any / or \\ is kept, without control characters or leading dots, so
    "../../etc/passwd" or ".htaccess" cannot name a file outside the download folder or a hidden one.
    """
    last = re.split(r"[\\/]", unicodedata.normalize("NFC", name))[-1]
    cleaned = "".join(c for c in last if unicodedata.category(c)[0] != "C").strip().lstrip(".").strip()
    return cleaned or "tep-dinh-kem"


def stored_name(name: str, limit: int = 255) -> str:
    """Return an attached file's name cut to `limit` characters with its extension kept.

    A long name loses the end of its stem, never its ".pdf": the download keeps its type.
    """
    if len(name) <= limit:
        return name
    suffix = PurePosixPath(name).suffix
    if not suffix or len(suffix) >= limit // 2:
        return name[:limit]
    return name[: limit - len(suffix)].rstrip() + suffix


def upload_max_bytes() -> int:
    """Return the largest upload accepted, in bytes (setting UPLOAD_MAX_BYTES)."""
    return int(getattr(settings, "UPLOAD_MAX_BYTES", UPLOAD_MAX_BYTES))


class UploadLimitHandler(FileUploadHandler):
    """Drop a file as soon as more than `upload_max_bytes()` of it has arrived."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > upload_max_bytes():
            if self.request is not None:
                refused = getattr(self.request, "uploads_refused", [])
                refused.append(self.file_name)
                self.request.uploads_refused = refused
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def uploads_refused_messages(request: HttpRequest) -> list[str]:
    """Return one message per file the request dropped for its size, naming the file."""
    limit = upload_max_bytes() // 2**20
    return [
        _("Tệp “%(name)s” quá lớn (tối đa %(limit)d MB): tệp không được nhận.")
        % {"name": name, "limit": limit}
        for name in getattr(request, "uploads_refused", [])
    ]
