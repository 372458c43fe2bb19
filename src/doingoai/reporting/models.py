"""Models of periodic reporting: forms (versioned data), assignments, reports and their history.

A report moves draft -> submitted -> (returned -> submitted) -> accepted -> approved; the moves
are made only by `doingoai.reporting.services`, and every one leaves a `ReportEvent`.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from doingoai.reporting.formspec import FormSpec, spec_parse
from doingoai.reporting.periods import period_parse
from doingoai.reporting.timeliness import submitted_on_time


class PeriodType(models.TextChoices):
    """How often a form is reported."""

    YEAR = "year", _("Năm")
    QUARTER = "quarter", _("Quý")
    MONTH = "month", _("Tháng")


class ReportForm(models.Model):
    """One version of a report form; `definition` is the JSON described in `doingoai.reporting.formspec`.

    A period is reported on the newest version whose `valid_from` is on or before the period's start.
    """

    code = models.CharField(_("mã biểu mẫu"), max_length=40)
    version = models.PositiveIntegerField(_("phiên bản"))
    name = models.CharField(_("tên biểu mẫu"), max_length=255)
    period_type = models.CharField(_("loại kỳ"), max_length=10, choices=PeriodType.choices)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    definition = models.JSONField(_("định nghĩa"))

    class Meta:
        verbose_name = _("biểu mẫu báo cáo")
        verbose_name_plural = _("biểu mẫu báo cáo")
        ordering = ("code", "-version")
        constraints = (
            models.UniqueConstraint(fields=["code", "version"], name="report_form_version_unique"),
        )

    def __str__(self) -> str:
        return f"{self.code} v{self.version} — {self.name}"

    @cached_property
    def spec(self) -> FormSpec:
        """Return the parsed definition."""
        return spec_parse(self.definition)


class Assignment(models.Model):
    """A form assigned to a unit from `start_date` to `end_date` (open when empty).

    A unit is expected to report a period when it is assigned on the period's last day, so a unit
    that closed or merged before that day leaves both the numerator and the denominator.
    """

    form_code = models.CharField(_("mã biểu mẫu"), max_length=40, db_index=True)
    unit = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="report_assignments",
    )
    review_unit = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("đơn vị xem xét"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_reviews",
        help_text=_("Đơn vị nhận và xem xét báo cáo, ngoài các đơn vị cấp trên."),
    )
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    due_days = models.PositiveIntegerField(_("hạn nộp (số ngày sau khi hết kỳ)"), default=15)
    expiry_days = models.PositiveIntegerField(
        _("thời hạn nhập liệu (số ngày sau khi hết kỳ)"), default=0, help_text=_("0: không giới hạn.")
    )

    class Meta:
        verbose_name = _("phân công báo cáo")
        verbose_name_plural = _("phân công báo cáo")
        ordering = ("form_code", "unit__name", "start_date")

    def __str__(self) -> str:
        return f"{self.form_code} — {self.unit}"

    def due_date(self, period_end: dt.date) -> dt.date:
        """Return when the report of a period ending on `period_end` is due under this assignment."""
        return period_end + dt.timedelta(days=self.due_days)

    def in_force_on(self, day: dt.date) -> bool:
        """Return whether the assignment holds on `day` (the rule `selectors.assignments_on` queries)."""
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class ReportState(models.TextChoices):
    """Where a report stands; `not_started` is never stored (no report row yet)."""

    NOT_STARTED = "not_started", _("Chưa bắt đầu")
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    APPROVED = "approved", _("Đã phê duyệt")


class Report(models.Model):
    """One unit's report on one form for one period.

    `first_submitted_at` is set by the first submission and never changed: timeliness is measured
    on it, so a resubmission after a return does not make a report late (nor on time).
    """

    form = models.ForeignKey(
        ReportForm, verbose_name=_("biểu mẫu"), on_delete=models.PROTECT, related_name="reports"
    )
    form_code = models.CharField(_("mã biểu mẫu"), max_length=40)
    unit = models.ForeignKey(
        "directory.Organization", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="reports"
    )
    review_unit = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("đơn vị xem xét"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports_to_review",
    )
    period = models.CharField(_("kỳ báo cáo"), max_length=10)
    period_end = models.DateField(_("ngày cuối kỳ"))
    due_date = models.DateField(_("hạn nộp"))
    entry_until = models.DateField(_("hạn nhập liệu"), null=True, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT
    )
    values = models.JSONField(_("số liệu"), default=dict)
    first_submitted_at = models.DateTimeField(_("nộp lần đầu"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("nộp lần gần nhất"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    created_at = models.DateTimeField(_("ngày tạo"))
    # Set by the services; not a value of the report, so the log and a refused save do not list it
    # among the changes (as `auto_now` leaves it out of the other records).
    updated_at = models.DateTimeField(_("ngày cập nhật"), editable=False)
    # Optimistic concurrency of the entry and review pages (`doingoai.audit.concurrency`): every
    # change of the figures, files removed or state claims it; a save that changes nothing does not.
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    # The entry page lists the files: each one added or removed moves the version on, and a refused
    # save names it among the changes made meanwhile.
    versioned_children: ClassVar[tuple[str, ...]] = ("files",)

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ("form_code", "period", "unit__name")
        constraints = (
            models.UniqueConstraint(fields=["form_code", "unit", "period"], name="report_unique_per_period"),
        )
        permissions = (
            ("unapprove_report", _("Hủy phê duyệt báo cáo")),
            ("grant_lock_exception", _("Mở khóa ngoại lệ cho báo cáo")),
        )

    def audit_scope(self) -> tuple[str, bool]:
        """Return how the audit log scopes this report's entries: its unit's, never public."""
        return self.unit.path, False

    def __str__(self) -> str:
        return f"{self.form_code} {self.period} — {self.unit}"

    @property
    def period_label(self) -> str:
        """Return the period as people write it ("năm 2025", "quý 3/2025"), not its code ("2025-Q3")."""
        return period_parse(self.period).label()

    @property
    def on_time(self) -> bool | None:
        """Return whether the first submission came by the due date (None before any submission)."""
        return submitted_on_time(self.first_submitted_at, self.due_date)


class Submission(models.Model):
    """The values as they were at one submission (by the page, a spreadsheet or the API)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveIntegerField(_("lần nộp"))
    submitted_at = models.DateTimeField(_("thời điểm nộp"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    via = models.CharField(_("qua"), max_length=10)
    values = models.JSONField(_("số liệu"))

    class Meta:
        verbose_name = _("lần nộp")
        verbose_name_plural = _("lần nộp")
        ordering = ("report", "number")
        constraints = (models.UniqueConstraint(fields=["report", "number"], name="submission_number_unique"),)


class EventAction(models.TextChoices):
    """A step in a report's history."""

    SAVE = "save", _("Lưu nháp")
    SUBMIT = "submit", _("Nộp")
    RETURN = "return", _("Trả lại")
    ACCEPT = "accept", _("Tiếp nhận")
    APPROVE = "approve", _("Phê duyệt")
    UNAPPROVE = "unapprove", _("Hủy phê duyệt")
    LOCK_EXCEPTION = "lock_exception", _("Mở khóa ngoại lệ")
    EDIT_UNLOCKED = "edit_unlocked", _("Sửa khi có ngoại lệ khóa")


class ReportEvent(models.Model):
    """One step of a report's history, with who, when and why."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=16, choices=EventAction.choices)
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("người thực hiện"), max_length=150, blank=True)
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("lịch sử xử lý")
        ordering = ("report", "at", "id")


class FieldComment(models.Model):
    """A reviewer's comment on one field of a report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    field_key = models.CharField(_("chỉ tiêu"), max_length=120)
    text = models.TextField(_("nhận xét"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_name = models.CharField(_("người nhận xét"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("thời điểm"))

    class Meta:
        verbose_name = _("nhận xét")
        verbose_name_plural = _("nhận xét")
        ordering = ("report", "created_at", "id")


class ReportFile(models.Model):
    """A file a unit attaches to its report (the signed report, an annex), kept in the database.

    Bounded in number and size by `services.report_files_add` (`doingoai.uploads.attachment_problem`).
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(_("dung lượng"))
    data = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"))

    class Meta:
        verbose_name = _("tệp đính kèm của báo cáo")
        verbose_name_plural = _("tệp đính kèm của báo cáo")
        ordering = ("report", "id")

    def audit_scope(self) -> tuple[str, bool]:
        """Return how the audit log scopes this file's entries: its report's."""
        return self.report.audit_scope()

    def __str__(self) -> str:
        return self.name


class LockException(models.Model):
    """Permission to change a locked report (approved, or past its entry window) until `expires_at`."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="lock_exceptions")
    reason = models.TextField(_("lý do"))
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("thời điểm cấp"))

    class Meta:
        verbose_name = _("ngoại lệ khóa")
        verbose_name_plural = _("ngoại lệ khóa")
        ordering = ("report", "-expires_at")

    def __str__(self) -> str:
        return f"{self.report} — {self.expires_at:%d/%m/%Y %H:%M}"


def actor_account(actor: Any) -> Any:
    """Return the account to store for `actor` (None for the system actor of commands)."""
    return actor if getattr(actor, "pk", None) is not None else None


class OverdueReminder(models.Model):
    """One unit reminded that its report for one period is overdue: who sent it, when, and how many were told.

    Written when the completeness page's "Nhắc nộp" reaches the unit's editors, and audited as
    such: reminding a unit is an official act, like returning its report.
    """

    form_code = models.CharField(_("mã biểu mẫu"), max_length=40)
    period = models.CharField(_("kỳ báo cáo"), max_length=10)
    unit = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("đơn vị được nhắc"),
        on_delete=models.PROTECT,
        related_name="overdue_reminders",
    )
    due_date = models.DateField(_("hạn nộp"))
    recipients = models.PositiveIntegerField(_("số người nhận"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhắc"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("thời điểm nhắc"))

    class Meta:
        verbose_name = _("lời nhắc nộp báo cáo")
        verbose_name_plural = _("lời nhắc nộp báo cáo")
        ordering = ("-sent_at", "-id")

    def audit_scope(self) -> tuple[str, bool]:
        """Return how the audit log scopes this reminder: the reminded unit's, as its report's."""
        return self.unit.path, False

    def __str__(self) -> str:
        return f"{self.form_code} {self.period} — {self.unit}"


class Strategy(models.Model):
    """A long-term strategy (the 2045 strategy): goals, each measured by indicators."""

    name = models.CharField(_("tên chiến lược"), max_length=255)
    start_year = models.PositiveIntegerField(_("từ năm"))
    end_year = models.PositiveIntegerField(_("đến năm"))

    class Meta:
        verbose_name = _("chiến lược")
        verbose_name_plural = _("chiến lược")
        ordering = ("-end_year", "name")

    def __str__(self) -> str:
        return self.name


class Goal(models.Model):
    """A goal of a strategy."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="goals")
    code = models.CharField(_("mã"), max_length=20)
    name = models.CharField(_("mục tiêu"), max_length=500)

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        ordering = ("strategy", "code")

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class StrategyIndicator(models.Model):
    """An indicator of a goal: a formula over a form's fields (summed over approved reports), or manual.

    A formula names fields in braces, `{doan_ra} + {doan_vao}`; `{vien_tro.*.vnd}` adds every
    matching field; + - * / and parentheses (see `doingoai.reporting.goals`).
    """

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("mã"), max_length=20)
    name = models.CharField(_("chỉ tiêu"), max_length=500)
    unit_label = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    form_code = models.CharField(_("mã biểu mẫu"), max_length=40, blank=True)
    formula = models.CharField(
        _("công thức"), max_length=500, blank=True, help_text=_("Để trống nếu nhập tay.")
    )
    baseline_year = models.PositiveIntegerField(_("năm gốc"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("giá trị năm gốc"), max_digits=22, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("chỉ tiêu chiến lược")
        verbose_name_plural = _("chỉ tiêu chiến lược")
        ordering = ("goal", "code")

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class IndicatorYear(models.Model):
    """An indicator's target for a year, and its value for that year when it is entered by hand."""

    indicator = models.ForeignKey(StrategyIndicator, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveIntegerField(_("năm"))
    target = models.DecimalField(
        _("chỉ tiêu kế hoạch"), max_digits=22, decimal_places=2, null=True, blank=True
    )
    manual_value = models.DecimalField(
        _("giá trị nhập tay"), max_digits=22, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("chỉ tiêu theo năm")
        verbose_name_plural = _("chỉ tiêu theo năm")
        ordering = ("indicator", "year")
        constraints = (models.UniqueConstraint(fields=["indicator", "year"], name="indicator_year_unique"),)
