"""Register the REST API app."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The REST API (django-ninja) and the API tokens of users."""

    name = "doingoai.api"
    label = "api"
    verbose_name = _("API")
