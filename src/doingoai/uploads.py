"""Check the size of each uploaded file while it streams in, before it is stored or read.

Django stores an upload in memory (up to FILE_UPLOAD_MAX_MEMORY_SIZE) or in a temporary file and
only then lets a view see it, so a 300 MB file would be written out whole before any size check.
`UploadLimitHandler` runs first in FILE_UPLOAD_HANDLERS: it counts the bytes of each file as they
arrive and drops the file (the rest of it is read from the socket and discarded, never stored)
once it passes UPLOAD_MAX_BYTES. The names dropped are kept on the request for the page to say.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest
from django.utils.translation import gettext as _

# The largest file any page accepts: a zip archive of articles (doingoai.library.sources).
UPLOAD_MAX_BYTES = 50 * 1024 * 1024


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
