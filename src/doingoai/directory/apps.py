"""Register the directory app."""

from __future__ import annotations

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    """The directory of organizations, partners and people."""

    name = "doingoai.directory"
    label = "directory"
    verbose_name = _("Danh bạ")

    def ready(self) -> None:
        """Give every SQLite connection the Vietnamese collation its lists order by."""
        from doingoai.directory.collation import sqlite_collation_register

        connection_created.connect(sqlite_collation_register, dispatch_uid="doingoai-vi-collation")
