"""Register the search app."""

from __future__ import annotations

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Vietnamese full-text search over the library, with or without diacritics."""

    name = "doingoai.search"
    label = "search"
    verbose_name = _("Tìm kiếm")

    def ready(self) -> None:
        """Give the SQLite connections opened from now on the search's ranking function (`fts5rank`)."""
        from doingoai.search.fts5rank import connection_prepare, register

        register()
        connection_created.connect(connection_prepare, dispatch_uid="doingoai-search-rank")
