"""A report made in the background: who asked for it, its progress, and the files it produced."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportJobStatus(models.TextChoices):
    """Where a report job stands."""

    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang lập")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Thất bại")


class ReportJob(models.Model):
    """One request for an annual report, built by a task worker; the .docx and its sources are kept.

    The report is built for `created_by` (under that user's scope), so only that user downloads
    it, and a coordinator, who reads everything anyway (`selectors.report_jobs_list`).
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        on_delete=models.CASCADE,
        related_name="report_jobs",
    )
    year = models.PositiveSmallIntegerField(_("năm báo cáo"))
    # Empty for the national report.
    unit = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("đơn vị"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    issuer = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("đơn vị ban hành"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The report's date (the line "Hà Nội, ngày ... "), fixed when it is asked for, and the site's
    # address that makes the notes' links absolute.
    report_date = models.DateField(_("ngày báo cáo"))
    site_url = models.CharField(_("địa chỉ trang"), max_length=500, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ReportJobStatus.choices, default=ReportJobStatus.PENDING
    )
    # Progress: the step in hand (a section's data, then the Word file) out of all steps.
    step = models.CharField(_("bước đang làm"), max_length=200, blank=True)
    steps_done = models.PositiveSmallIntegerField(_("số bước đã xong"), default=0)
    steps_total = models.PositiveSmallIntegerField(_("tổng số bước"), default=0)
    error = models.TextField(_("lý do thất bại"), blank=True, editable=False)
    task_id = models.CharField(_("mã tác vụ nền"), max_length=64, blank=True, editable=False)
    filename = models.CharField(_("tên tệp"), max_length=200, blank=True)
    docx = models.BinaryField(_("tệp Word"), null=True, blank=True, editable=False)
    sources = models.JSONField(_("nguồn số liệu"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("ngày yêu cầu"), auto_now_add=True)
    # Written at each step: a running job whose heartbeat is old was interrupted.
    heartbeat_at = models.DateTimeField(_("lần xử lý gần nhất"), null=True, blank=True)
    finished_at = models.DateTimeField(_("ngày hoàn tất"), null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu lập báo cáo")
        verbose_name_plural = _("yêu cầu lập báo cáo")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.year} · {self.unit or _('Toàn quốc')}"

    @property
    def percent(self) -> int:
        """Return the share of steps done, 0-100."""
        if self.status == ReportJobStatus.DONE:
            return 100
        return int(100 * self.steps_done / self.steps_total) if self.steps_total else 0
