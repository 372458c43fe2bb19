"""Errors of the tasks app that a user can cause."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class TaskError(ValidationError):
    """Bad input for a conference, a task, a deadline change or a progress report; keyed by field."""
