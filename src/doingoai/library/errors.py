"""Errors of the document library that a user can cause."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class LibraryError(ValidationError):
    """Bad input for the library (a file, an archive, a feed); the message names the file."""
