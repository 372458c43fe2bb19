"""Errors of the document library that a user can cause."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _


class LibraryError(ValidationError):
    """Bad input for the library (a file, an archive, a feed); the message names the file."""


class EventMovedError(Http404):
    """The event asked for was merged into another one, which the user may read.

    A `Http404` to callers that do not handle it; the event page, its Word brief and the API
    answer it with a permanent redirect to `event_id`.
    """

    def __init__(self, event_id: int) -> None:
        super().__init__(_("Sự kiện này đã được gộp vào sự kiện #%(id)s.") % {"id": event_id})
        self.event_id = event_id
