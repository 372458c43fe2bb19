"""Models of the tasks app: conferences with their connection points, tasks, deadline changes, reports.

A task's status (done on time, done late, in progress, overdue) is never stored: it is computed
from its dates by `doingoai.tasks.status.task_status`, with the day passed in. A task has one
lead unit; coordinating units report beside it. The issuer's side (`issuer_unit`, or the
coordinators when it is empty) approves deadline changes and confirms completion.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from doingoai.analysis.text import entity_key


class ConferenceKind(models.TextChoices):
    """The kinds of meeting that conclude with tasks."""

    CONFERENCE = "conference", pgettext_lazy("loại cuộc họp", "Hội nghị")
    MEETING = "meeting", _("Cuộc họp")
    SEMINAR = "seminar", _("Hội thảo, tọa đàm")


class Conference(models.Model):
    """A conference or meeting: who organized and chaired it, where it was followed, its documents."""

    title = models.CharField(_("tên hội nghị"), max_length=500)
    kind = models.CharField(
        _("loại"), max_length=20, choices=ConferenceKind.choices, default=ConferenceKind.CONFERENCE
    )
    date = models.DateField(_("ngày họp"), db_index=True)
    organizer = models.ForeignKey(
        "directory.Organization", verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="+"
    )
    chair = models.CharField(_("chủ trì"), max_length=255, blank=True)
    venue = models.CharField(_("địa điểm"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    # Optimistic concurrency of the conference page's form (`doingoai.audit.concurrency`), which
    # edits the connection points and the documents beside the record: a change of either moves
    # the version on, and a refused save names it among the changes made meanwhile.
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    versioned_children: ClassVar[tuple[str, ...]] = ("points", "documents")

    class Meta:
        verbose_name = _("hội nghị")
        verbose_name_plural = _("hội nghị")
        ordering = ("-date", "-id")

    def __str__(self) -> str:
        return self.title


class PointMode(models.TextChoices):
    """How a connection point took part."""

    ONSITE = "onsite", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")


class ConnectionPoint(models.Model):
    """A place the conference was followed from (the main hall or an online point) and its attendance."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="points")
    name = models.CharField(_("điểm cầu"), max_length=255)
    unit = models.ForeignKey(
        "directory.Organization", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField(_("hình thức"), max_length=10, choices=PointMode.choices)
    attendance = models.PositiveIntegerField(_("số người dự"), default=0)

    class Meta:
        verbose_name = _("điểm cầu")
        verbose_name_plural = _("điểm cầu")
        ordering = ("conference", "mode", "name")
        constraints = (
            models.UniqueConstraint(fields=["conference", "name"], name="connection_point_unique_name"),
        )

    def __str__(self) -> str:
        return self.name


class DocumentRole(models.TextChoices):
    """What a document is to a conference."""

    REPORT = "report", _("Báo cáo")
    SPEECH = "speech", _("Bài phát biểu")
    CONCLUSIONS = "conclusions", _("Thông báo kết luận")
    NEWS = "news", _("Tin bài")


class ConferenceDocument(models.Model):
    """A library document of a conference: its report, a speech, the conclusions notice, a news report."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "library.Document",
        verbose_name=_("văn bản"),
        help_text=_("Số cuối địa chỉ trang văn bản trong thư viện, như 56 trong /thu-vien/van-ban/56/."),
        on_delete=models.CASCADE,
        related_name="+",
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=DocumentRole.choices)

    class Meta:
        verbose_name = _("văn bản của hội nghị")
        verbose_name_plural = _("văn bản của hội nghị")
        ordering = ("conference", "role", "id")
        constraints = (
            models.UniqueConstraint(fields=["conference", "document"], name="conference_document_unique"),
        )


class SourceKind(models.TextChoices):
    """Where a task comes from."""

    CONCLUSION = "conclusion", _("Kết luận")
    DIRECTIVE = "directive", _("Chỉ đạo")
    PLAN = "plan", _("Kế hoạch")


class Priority(models.TextChoices):
    """How urgent a task is."""

    NORMAL = "normal", _("Bình thường")
    HIGH = "high", _("Quan trọng")
    URGENT = "urgent", _("Khẩn")


class TaskState(models.TextChoices):
    """Whether a person has accepted the task: a directive read from text is only a proposal."""

    CONFIRMED = "confirmed", _("Đã xác nhận")
    DISCARDED = "discarded", _("Đã loại bỏ")
    # A confirmed task the coordinators called off, with a reason (`cancel_reason`): kept, but read
    # and counted nowhere, like a discarded proposal; the audit log keeps its history.
    CANCELLED = "cancelled", _("Đã hủy")


class Task(models.Model):
    """A task assigned to one lead unit, with coordinating units, a source, a deadline and a closure.

    A task read from a document keeps its source span (`span_start`, `span_end`) and the sentence;
    one document span gives at most one task, so confirming twice or re-analysing never duplicates.
    A discarded proposal is kept (state `discarded`) so it is not proposed again, and a cancelled
    task (state `cancelled`) likewise. The coordinators correct a confirmed task on its edit page
    (`version` guards against two saves based on the same reading); its deadline moves only
    through a deadline change.
    """

    state = models.CharField(
        _("trạng thái xác nhận"), max_length=12, choices=TaskState.choices, default=TaskState.CONFIRMED
    )
    source_kind = models.CharField(
        _("loại nguồn"), max_length=12, choices=SourceKind.choices, default=SourceKind.CONCLUSION
    )
    conference = models.ForeignKey(
        Conference,
        verbose_name=_("hội nghị"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    document = models.ForeignKey(
        "library.Document",
        verbose_name=_("văn bản nguồn"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    span_start = models.PositiveIntegerField(_("vị trí đầu"), null=True, blank=True)
    span_end = models.PositiveIntegerField(_("vị trí cuối"), null=True, blank=True)
    source_quote = models.TextField(_("câu nguồn"), blank=True)
    issuer = models.CharField(_("người, cơ quan giao"), max_length=255, blank=True)
    issuer_unit = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("đơn vị giao nhiệm vụ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Phía giao nhiệm vụ duyệt gia hạn và xác nhận hoàn thành; để trống: cơ quan điều phối."),
    )
    lead_unit = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("đơn vị chủ trì"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks_led",
    )
    coordinating_units = models.ManyToManyField(
        "directory.Organization",
        verbose_name=_("đơn vị phối hợp"),
        blank=True,
        related_name="tasks_coordinated",
    )
    coordinating_note = models.CharField(_("phối hợp (ghi theo văn bản)"), max_length=500, blank=True)
    text = models.TextField(_("nội dung nhiệm vụ"))
    # The text folded (`analysis.text.entity_key`): the list's search finds "chien luoc", "GIAO LƯU"
    # and "biên giới" alike; kept by `save`.
    text_key = models.TextField(_("khóa tìm kiếm"), default="", editable=False)
    original_deadline = models.DateField(_("thời hạn ban đầu"), null=True, blank=True)
    deadline = models.DateField(_("thời hạn hiện hành"), null=True, blank=True, db_index=True)
    priority = models.CharField(
        _("mức độ ưu tiên"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    strategy_goal = models.CharField(_("mục tiêu chiến lược"), max_length=500, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("nhiệm vụ cha"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subtasks",
    )
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    closed_confirmed = models.BooleanField(_("phía giao đã xác nhận hoàn thành"), default=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("thời điểm xác nhận"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    # Optimistic concurrency of the edit page (`doingoai.audit.concurrency`).
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ("deadline", "id")
        constraints = (
            models.UniqueConstraint(
                fields=["document", "span_start", "span_end"],
                condition=models.Q(document__isnull=False),
                name="task_unique_document_span",
            ),
            models.CheckConstraint(
                condition=models.Q(state="discarded") | models.Q(lead_unit__isnull=False),
                name="task_confirmed_has_lead",
            ),
            models.CheckConstraint(
                condition=models.Q(state="discarded") | models.Q(deadline__isnull=False),
                name="task_confirmed_has_deadline",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_confirmed=False) | models.Q(completed_on__isnull=False),
                name="task_closed_has_completion",
            ),
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, keeping the folded text the list searches in step with the text."""
        self.text_key = entity_key(self.text)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "text" in update_fields:
            kwargs["update_fields"] = {*update_fields, "text_key"}
        super().save(*args, **kwargs)

    def audit_scope(self) -> tuple[str, bool]:
        """Return how the audit log scopes this task's entries: its lead unit's, never public.

        Tasks are read only by the units they involve; a proposal without a lead is the coordinators'.
        """
        return (self.lead_unit.path if self.lead_unit_id else ""), False

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def span(self) -> tuple[int, int] | None:
        """Return the source span `(start, end)` in the document's text, or None."""
        if self.span_start is None or self.span_end is None:
            return None
        return (self.span_start, self.span_end)

    @property
    def deadline_changed(self) -> bool:
        """Return whether the current deadline differs from the original one."""
        return self.original_deadline is not None and self.deadline != self.original_deadline


class ChangeState(models.TextChoices):
    """Where a request to change a deadline stands."""

    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", _("Không duyệt")


class DeadlineChange(models.Model):
    """A request to move a task's deadline: the lead's reason, then the issuer's decision and its document."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="deadline_changes")
    old_deadline = models.DateField(_("thời hạn cũ"))
    new_deadline = models.DateField(_("thời hạn mới"))
    reason = models.TextField(_("lý do"))
    # The permitting document is the decider's: given when the change is approved, not by the requester.
    decision_reference = models.CharField(
        _("văn bản cho phép"),
        max_length=255,
        blank=True,
        help_text=_("Số, ký hiệu và ngày của văn bản đồng ý gia hạn."),
    )
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=ChangeState.choices, default=ChangeState.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("ngày đề nghị"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("ngày quyết định"), null=True, blank=True)

    class Meta:
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        ordering = ("task", "requested_at", "id")

    def __str__(self) -> str:
        return f"{self.old_deadline:%d/%m/%Y} → {self.new_deadline:%d/%m/%Y}"


class ProgressReport(models.Model):
    """A unit's report on a task: what was done, how far (percent), with attachments.

    The lead unit's latest report is the task's consolidated progress; a completion report
    (`is_completion`, with `done_on`) waits for the issuer's side to confirm it or return it
    with a reason (`returned_at`, `return_reason`), as long as it is the lead's latest report.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(
        "directory.Organization", verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("kỳ báo cáo"), max_length=100, blank=True)
    text = models.TextField(_("nội dung báo cáo"))
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    is_completion = models.BooleanField(_("báo cáo hoàn thành"), default=False)
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reported_on = models.DateField(_("ngày báo cáo"))
    created_at = models.DateTimeField(_("thời điểm gửi"))
    # A completion report the issuer's side sent back unconfirmed, and why (the lead unit reads it).
    returned_at = models.DateTimeField(_("thời điểm trả lại"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ("task", "created_at", "id")
        constraints = (
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="progress_report_percent_max"),
        )

    def __str__(self) -> str:
        return f"{self.reported_on:%d/%m/%Y}: {self.percent}%"


class ReportAttachment(models.Model):
    """A file attached to a progress report, kept in the database (bounded in size by the service)."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(_("dung lượng"))
    data = models.BinaryField()

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ("report", "id")
