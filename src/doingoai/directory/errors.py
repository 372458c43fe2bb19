"""Errors of the directory that a user can cause."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class DirectoryError(ValidationError):
    """An invalid directory change; the message names the field and says what to do."""
