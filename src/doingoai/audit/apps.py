"""Register the audit app."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit log."""

    name = "doingoai.audit"
    label = "audit"
    verbose_name = _("Nhật ký thay đổi")
