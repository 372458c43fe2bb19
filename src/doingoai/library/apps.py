"""Register the document library app."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    """The document library: ingested articles, their facts and the events they report."""

    name = "doingoai.library"
    label = "library"
    verbose_name = _("Thư viện văn bản")

    def ready(self) -> None:
        """Keep the library revision's triggers in place after every migrate (see `library.revision`)."""
        from django.db.models.signals import post_migrate

        from doingoai.library.revision import LIBRARY

        post_migrate.connect(LIBRARY.ensure_after_migrate, sender=self, weak=False)
