"""Errors of periodic reporting that a user can cause; each message says what to do."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class ReportingError(ValidationError):
    """A request the reporting rules refuse (a bad period, a missing reason, a locked report)."""


class ReportValuesError(ReportingError):
    """Values that fail the form's rules; `errors` maps each field code to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__([m for messages in errors.values() for m in messages])
        self.errors = errors


class ReportImportError(ReportingError):
    """A spreadsheet that cannot be loaded; `problems` lists every bad cell (sheet, row, column)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems)
        self.problems = problems
