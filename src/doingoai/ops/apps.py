"""Register the operations app: backup and restore of a whole instance."""

from __future__ import annotations

from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations (backup and restore); no models."""

    name = "doingoai.ops"
    label = "ops"
    verbose_name = "Vận hành"
