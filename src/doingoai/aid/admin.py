"""Admin screens of the aid registry's reference data (exchange rates, programmes), for coordinators."""

from __future__ import annotations

from typing import ClassVar

from django.contrib import admin

from doingoai.aid.models import ExchangeRate, Programme
from doingoai.audit.admin_mixins import AuditedAdminMixin
from doingoai.directory.admin import CoordinatorsOnlyMixin


@admin.register(ExchangeRate)
class ExchangeRateAdmin(CoordinatorsOnlyMixin, AuditedAdminMixin, admin.ModelAdmin):
    """Rates to VND; adding one never changes a transaction already recorded."""

    list_display: ClassVar = ("currency", "date", "rate")
    list_filter: ClassVar = ("currency",)


@admin.register(Programme)
class ProgrammeAdmin(CoordinatorsOnlyMixin, AuditedAdminMixin, admin.ModelAdmin):
    """National programmes that projects contribute to."""

    list_display: ClassVar = ("code", "name")
