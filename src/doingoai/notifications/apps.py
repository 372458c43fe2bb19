"""Register the notifications app."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-app notifications (the bell) and the daily e-mail digest."""

    name = "doingoai.notifications"
    label = "notifications"
    verbose_name = _("Thông báo")
