"""Register the foreign-aid registry app."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    """The registry of foreign aid: projects, transactions, exchange rates."""

    name = "doingoai.aid"
    label = "aid"
    verbose_name = _("Viện trợ nước ngoài")

    def ready(self) -> None:
        """Keep the records revision's triggers in place after every migrate (see `aid.revision`)."""
        from django.db.models.signals import post_migrate

        from doingoai.aid.revision import RECORDS

        post_migrate.connect(RECORDS.ensure_after_migrate, sender=self, weak=False)
