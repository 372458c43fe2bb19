"""Errors of doingoai.events. A user can cause ManifestError; the others mean misuse of the API."""

from __future__ import annotations


class EventsError(Exception):
    """Base class of every error raised by doingoai.events."""


class ManifestError(EventsError):
    """An evaluation manifest is missing, malformed, or names a file that cannot be used."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.message = message
