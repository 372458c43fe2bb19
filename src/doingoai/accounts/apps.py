"""Register the accounts app."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users, roles, scope and login throttling."""

    name = "doingoai.accounts"
    label = "accounts"
    verbose_name = _("Người dùng")
