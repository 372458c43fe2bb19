"""Register the periodic reporting app."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """Periodic reporting: forms, assignments, reports, review, completeness."""

    name = "doingoai.reporting"
    label = "reporting"
    verbose_name = _("Báo cáo định kỳ")

    def ready(self) -> None:
        # The daily digest asks each contributing app for its items; reporting adds the deadlines.
        from doingoai.notifications.digest import digest_source_register
        from doingoai.reporting.reminders import reminders_digest_items

        digest_source_register(reminders_digest_items)
        # The audit log shows a report's figures one by one, labelled as on its form, and periods
        # as the pages write them.
        from doingoai.audit.display import audit_values_reader_register
        from doingoai.reporting.audit_values import period_changes, report_values_changes

        audit_values_reader_register("reporting.report", "values", report_values_changes)
        audit_values_reader_register("reporting.report", "period", period_changes)
        audit_values_reader_register("reporting.overduereminder", "period", period_changes)
