"""Register the directory app."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    """The directory of organizations, partners and people."""

    name = "doingoai.directory"
    label = "directory"
    verbose_name = _("Danh bạ")
