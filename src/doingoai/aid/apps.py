"""Register the foreign-aid registry app."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    """The registry of foreign aid: projects, transactions, exchange rates."""

    name = "doingoai.aid"
    label = "aid"
    verbose_name = _("Viện trợ nước ngoài")
