"""Where the original Word and PDF files of the library are kept: `originals/` in the data folder.

Files are stored under a random name (never the name the user gave, which the document keeps in
`file_name` for the download), and read back only through the document page's download, which
checks the reader's scope like the document itself.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class OriginalsStorage(FileSystemStorage):
    """The folder `originals/` of the data folder, read from the settings at each use."""

    @property
    def base_location(self) -> str:
        return str(Path(settings.DATA_DIR) / "originals")

    @property
    def location(self) -> str:
        return str(Path(self.base_location).resolve())

    @property
    def base_url(self) -> None:
        return None  # never served as a static file


def originals_storage() -> OriginalsStorage:
    """Return the storage of original files (it reads DATA_DIR at each use, so a test's applies)."""
    return OriginalsStorage()


def original_upload_to(instance: Any, filename: str) -> str:
    """Return a random name for a stored original, in a folder per month, keeping its extension."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"{dt.date.today():%Y/%m}/{uuid.uuid4().hex}{suffix}"
