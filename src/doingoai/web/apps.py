"""Register the web app: the base layout, the home page and the shared templates and styles."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """The web app (base layout, home page, static files, translations)."""

    name = "doingoai.web"
    label = "web"
    verbose_name = _("Giao diện chung")
