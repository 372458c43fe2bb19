"""Errors of the aid registry that a user can cause."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class AidError(ValidationError):
    """An invalid aid record or conversion; the message names the field and says what to do."""


class RateMissingError(AidError):
    """No exchange rate on or before a transaction's date for its currency."""


class AidImportError(AidError):
    """A spreadsheet that cannot be imported; `problems` lists every bad cell, in file order."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems)
        self.problems = problems


class QueryParamError(AidError):
    """A page's query parameter out of range (a year, an id); the message names the parameter."""
