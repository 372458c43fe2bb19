"""Errors of the directory that a user can cause."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class DirectoryError(ValidationError):
    """An invalid directory change; the message names the field and says what to do."""


class DirectoryImportError(DirectoryError):
    """A directory spreadsheet that cannot be imported; `problems` lists every bad cell, in file order."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems)
        self.problems = problems
