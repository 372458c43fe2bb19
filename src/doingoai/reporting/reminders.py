"""Deadline reminders for the daily digest: due in 7 days, due tomorrow, overdue.

Registered as a digest source in `ReportingConfig.ready()`. A person is reminded of the reports
their own unit must submit (editors of the unit): expected on the period's last day and not yet
submitted. Each reminder has a key, so it shows once under the bell and once in the e-mail.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doingoai.accounts.models import Role
from doingoai.notifications.digest import DigestItem
from doingoai.reporting.models import Assignment, Report
from doingoai.reporting.periods import periods_of_year

# Overdue reports are reminded once, on the first day after the due date.
REMIND_BEFORE = (7, 1)


def _due_items(user: Any, today: dt.date) -> list[DigestItem]:
    items: list[DigestItem] = []
    assignments = Assignment.objects.filter(unit_id=user.unit_id, start_date__lte=today)
    from doingoai.reporting.models import ReportForm

    kinds = {f.code: f.period_type for f in ReportForm.objects.all()}
    submitted = {
        (r.form_code, r.period)
        for r in Report.objects.filter(unit_id=user.unit_id, first_submitted_at__isnull=False)
    }
    for assignment in assignments:
        kind = kinds.get(assignment.form_code)
        if kind is None:
            continue
        for year in (today.year - 1, today.year):
            for period in periods_of_year(kind, year):
                active = assignment.start_date <= period.end and (
                    assignment.end_date is None or assignment.end_date >= period.end
                )
                if not active or (assignment.form_code, period.code) in submitted:
                    continue
                due = period.end + dt.timedelta(days=assignment.due_days)
                days = (due - today).days
                url = reverse(
                    "reporting:report_start", args=[assignment.form_code, assignment.unit_id, period.code]
                )
                label = {
                    "form": assignment.form_code,
                    "period": period.label(),
                    "day": due.strftime("%d/%m/%Y"),
                }
                if days in REMIND_BEFORE:
                    text = ngettext(
                        "Báo cáo %(form)s %(period)s đến hạn nộp ngày %(day)s (còn %(n)d ngày).",
                        "Báo cáo %(form)s %(period)s đến hạn nộp ngày %(day)s (còn %(n)d ngày).",
                        days,
                    ) % {**label, "n": days}
                    kind_name = f"report_due_{days}"
                elif days == -1:
                    text = _("Báo cáo %(form)s %(period)s đã quá hạn nộp (hạn ngày %(day)s).") % label
                    kind_name = "report_overdue"
                else:
                    continue
                key = f"{kind_name}:{assignment.form_code}:{assignment.unit_id}:{period.code}"
                items.append(DigestItem(kind=kind_name, text=text, url=url, key=key))
    return items


def reminders_digest_items(user: Any, today: dt.date) -> list[DigestItem]:
    """Return the deadline reminders for `user` on `today` (editors of a unit only)."""
    if not user.is_active or user.role != Role.EDITOR or not user.unit_id:
        return []
    return _due_items(user, today)
