"""Register the accounts app."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users, roles, scope and login throttling."""

    name = "doingoai.accounts"
    label = "accounts"
    verbose_name = _("Người dùng")

    def ready(self) -> None:
        """Keep the signed-in user's revision triggers in place after every migrate (`accounts.revision`)."""
        from django.db.models.signals import post_migrate

        from doingoai.accounts.revision import SIGNED_IN

        post_migrate.connect(SIGNED_IN.ensure_after_migrate, sender=self, weak=False)
