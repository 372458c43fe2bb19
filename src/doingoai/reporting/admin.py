"""Admin screens of reporting's reference data, for coordinators: forms, assignments, the strategy."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin

from doingoai.admin_inlines import HelpShownTabularInline
from doingoai.audit.admin_mixins import AuditedAdminMixin
from doingoai.directory.admin import CoordinatorsOnlyMixin
from doingoai.reporting.errors import ReportingError
from doingoai.reporting.goals import formula_parse
from doingoai.reporting.models import Assignment, Goal, IndicatorYear, ReportForm, Strategy, StrategyIndicator


@admin.register(ReportForm)
class ReportFormAdmin(CoordinatorsOnlyMixin, AuditedAdminMixin, admin.ModelAdmin):
    """Form versions (loaded by `doingoai reporting_forms_load`; read here)."""

    list_display: ClassVar = ("code", "version", "name", "period_type", "valid_from")
    readonly_fields: ClassVar = ("code", "version", "definition")


@admin.register(Assignment)
class AssignmentAdmin(CoordinatorsOnlyMixin, AuditedAdminMixin, admin.ModelAdmin):
    """Which unit reports which form, from when to when, with its due days and entry window."""

    list_display: ClassVar = (
        "form_code",
        "unit",
        "start_date",
        "end_date",
        "due_days",
        "expiry_days",
        "review_unit",
    )
    list_filter: ClassVar = ("form_code",)
    search_fields: ClassVar = ("unit__name",)
    raw_id_fields: ClassVar = ("unit", "review_unit")


# The inlines answer to the same rule as their strategy and indicator: without it, Django asks for
# model permissions that coordinators are not given, and hid the goals and the yearly targets.
class GoalInline(CoordinatorsOnlyMixin, HelpShownTabularInline):
    """Goals of a strategy."""

    model = Goal
    extra = 0


@admin.register(Strategy)
class StrategyAdmin(CoordinatorsOnlyMixin, AuditedAdminMixin, admin.ModelAdmin):
    """A strategy and its goals."""

    list_display: ClassVar = ("name", "start_year", "end_year")
    inlines: ClassVar = (GoalInline,)


class IndicatorForm(forms.ModelForm):
    """Check the formula when it is saved."""

    class Meta:
        model = StrategyIndicator
        fields = "__all__"

    def clean_formula(self) -> str:
        formula = str(self.cleaned_data.get("formula", "")).strip()
        if formula:
            try:
                formula_parse(formula)
            except ReportingError as exc:
                raise forms.ValidationError(exc.messages[0]) from exc
        return formula


class IndicatorYearInline(CoordinatorsOnlyMixin, HelpShownTabularInline):
    """Targets (and manual values) by year."""

    model = IndicatorYear
    extra = 0


@admin.register(StrategyIndicator)
class StrategyIndicatorAdmin(CoordinatorsOnlyMixin, AuditedAdminMixin, admin.ModelAdmin):
    """An indicator with its formula, baseline and yearly targets."""

    form = IndicatorForm
    list_display: ClassVar = ("code", "name", "goal", "form_code", "formula")
    inlines: ClassVar = (IndicatorYearInline,)

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).select_related("goal")
