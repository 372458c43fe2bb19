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
        """Keep the revision triggers after every migrate; keep a language chosen before signing in."""
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from doingoai.accounts.revision import SIGNED_IN
        from doingoai.accounts.services import user_language_at_sign_in

        post_migrate.connect(SIGNED_IN.ensure_after_migrate, sender=self, weak=False)
        # The site's sign-in and the admin's both end in `login()`: one place for the language chosen before.
        user_logged_in.connect(user_language_at_sign_in, dispatch_uid="accounts.user_language_at_sign_in")
