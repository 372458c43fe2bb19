"""The reports app's domain error: a request the user can correct, shown as a message on the page."""

from __future__ import annotations


class ReportError(Exception):
    """A report cannot be made or retried as asked; the message says why, in Vietnamese."""
