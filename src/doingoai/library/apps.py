"""Register the document library app."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    """The document library: ingested articles, their facts and the events they report."""

    name = "doingoai.library"
    label = "library"
    verbose_name = _("Thư viện văn bản")
