"""Models of the document library: documents with their facts, events, and ingest jobs.

A `Document` belongs to the unit that ingested it (`owner_unit`; empty for the coordinating
body's national library) and is read by others only once published (`is_published`), under the
rules of `doingoai.accounts.scope`. Its analysis (text, facts with spans) is stored as JSON, so
pages and the API show facts without analysing again. `Event` rows are derived data: they are
rebuilt from the documents by `doingoai.library.services.events_refresh`.
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Document(models.Model):
    """An analysed article or report: its text, metadata, facts (in `analysis`) and grouping features."""

    title = models.CharField(_("tiêu đề"), max_length=500, blank=True)
    source = models.CharField(_("nguồn tin"), max_length=255, blank=True)
    published = models.DateField(_("ngày đăng"), null=True, blank=True, db_index=True)
    text = models.TextField(_("nội dung"))
    file_name = models.CharField(_("tên tệp"), max_length=500, blank=True)
    # SHA-256 of the NFC text with whitespace collapsed: re-ingesting the same text finds this row.
    content_hash = models.CharField(_("mã băm nội dung"), max_length=64, db_index=True, editable=False)
    analysis = models.JSONField(_("kết quả phân tích"), default=dict, editable=False)
    features = models.JSONField(_("đặc trưng gom sự kiện"), default=dict, editable=False)
    owner_unit = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("đơn vị sở hữu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        help_text=_("Để trống: thư viện quốc gia của cơ quan điều phối."),
    )
    is_published = models.BooleanField(_("đã công bố"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày nhập"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ngày cập nhật"), auto_now=True)
    # Optimistic concurrency (doingoai.audit.concurrency): each publication change or deletion claims it.
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ("-published", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=["owner_unit", "content_hash"], name="document_unique_text_per_unit"
            ),
            # A NULL owner never clashes in a plain unique constraint; the national library needs its own.
            models.UniqueConstraint(
                fields=["content_hash"],
                condition=models.Q(owner_unit__isnull=True),
                name="document_unique_text_national",
            ),
        )

    def __str__(self) -> str:
        return self.title or self.file_name or f"#{self.pk}"

    @property
    def outlet_label(self) -> str:
        """Return the outlet's name, or the file's name when the outlet is unknown."""
        return self.source or PurePath(self.file_name).name or f"#{self.pk}"


class EntityKind(models.TextChoices):
    """The kinds of named fact a document can be filtered by."""

    PERSON = "person", _("Nhân vật")
    ORGANIZATION = "organization", _("Cơ quan, tổ chức")
    PLACE = "place", _("Địa điểm")


class DocumentEntity(models.Model):
    """A person, organization or place named in a document, with its folded key for filters."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="entities")
    kind = models.CharField(_("loại"), max_length=20, choices=EntityKind.choices)
    name = models.CharField(_("tên"), max_length=255)
    key = models.CharField(_("khóa tìm kiếm"), max_length=255, db_index=True)

    class Meta:
        verbose_name = _("tên riêng trong văn bản")
        verbose_name_plural = _("tên riêng trong văn bản")
        indexes = (models.Index(fields=["kind", "key"], name="document_entity_kind_key"),)

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    """A real-world event reported by one or more documents (derived by event grouping).

    The event is identified by the document that started it (`founder`), so its page keeps its
    address when grouping is rebuilt.
    """

    founder = models.OneToOneField(
        Document, verbose_name=_("văn bản đầu tiên"), on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField(_("ngày diễn ra"), null=True, blank=True, db_index=True)
    documents = models.ManyToManyField(
        Document, through="EventMembership", through_fields=("event", "document"), related_name="events"
    )
    updated_at = models.DateTimeField(_("ngày cập nhật"), auto_now=True)

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sự kiện")
        ordering = ("-date", "-id")

    def __str__(self) -> str:
        return f"#{self.pk}"


class EventMembership(models.Model):
    """A document's place in its event: its order of arrival and the document it nearly copies."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="memberships")
    document = models.OneToOneField(Document, on_delete=models.CASCADE, related_name="membership")
    position = models.PositiveIntegerField(_("thứ tự"))
    copy_of = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("văn bản của sự kiện")
        verbose_name_plural = _("văn bản của sự kiện")
        ordering = ("event", "position")


class JobStatus(models.TextChoices):
    """Where an ingest job stands."""

    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang xử lý")
    INTERRUPTED = "interrupted", _("Bị gián đoạn")
    DONE = "done", _("Hoàn tất")


class IngestJob(models.Model):
    """One import (files, an archive, a feed): its items are processed one by one, so it can resume."""

    label = models.CharField(_("nguồn nhập"), max_length=500)
    owner_unit = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("đơn vị sở hữu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ingest_jobs",
    )
    is_published = models.BooleanField(_("công bố các văn bản"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    # Written after each item: a running job whose heartbeat is old was interrupted.
    heartbeat_at = models.DateTimeField(_("lần xử lý gần nhất"), null=True, blank=True)
    finished_at = models.DateTimeField(_("ngày hoàn tất"), null=True, blank=True)

    class Meta:
        verbose_name = _("đợt nhập văn bản")
        verbose_name_plural = _("đợt nhập văn bản")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return self.label


class ItemStatus(models.TextChoices):
    """What became of one item of an ingest job."""

    PENDING = "pending", _("Đang chờ")
    DONE = "done", _("Đã nhập")
    DUPLICATE = "duplicate", _("Đã có trong thư viện")
    FAILED = "failed", _("Lỗi")


class IngestItem(models.Model):
    """One document of an ingest job: its text waits here until it is analysed and stored."""

    job = models.ForeignKey(IngestJob, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("thứ tự"))
    name = models.CharField(_("tên"), max_length=500)
    text = models.TextField(_("nội dung chờ xử lý"), blank=True)
    hints = models.JSONField(_("siêu dữ liệu"), default=dict)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.PENDING
    )
    message = models.TextField(_("thông báo"), blank=True)
    document = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("văn bản trong đợt nhập")
        verbose_name_plural = _("văn bản trong đợt nhập")
        ordering = ("job", "position")
        constraints = (
            models.UniqueConstraint(fields=["job", "position"], name="ingest_item_unique_position"),
        )
