"""Register the search app."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Vietnamese full-text search over the library, with or without diacritics."""

    name = "doingoai.search"
    label = "search"
    verbose_name = _("Tìm kiếm")
