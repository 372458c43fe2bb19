"""Configuration of the reports app."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The annual report and the Word briefs."""

    name = "doingoai.reports"
    label = "reports"
    verbose_name = _("Báo cáo")
