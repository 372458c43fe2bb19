"""Models of the document library: documents with their facts, events, and ingest jobs.

A `Document` belongs to the unit that ingested it (`owner_unit`; empty for the coordinating
body's shared library) and is read by others only once published (`is_published`), under the
rules of `doingoai.accounts.scope`. Its analysis (text, facts with spans) is stored as JSON, so
pages and the API show facts without analysing again. `Event` rows are derived data, kept up to
date one document at a time by `doingoai.library.services` (a document joins or starts an event
when it arrives, and its event is regrouped alone when it leaves); each event stores the summary
that lists show, so no list computes it at read time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from doingoai.library.originals import original_upload_to, originals_storage


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
    # The weighted terms grouping compared the document with, fixed when it arrived.
    vector = models.JSONField(_("véc-tơ từ khóa"), default=dict, editable=False)
    event_date = models.DateField(_("ngày sự kiện trong bài"), null=True, blank=True, editable=False)
    # The date grouping looks around: the event's date in the text, else publication.
    anchor_date = models.DateField(_("ngày neo"), null=True, blank=True, editable=False)
    owner_unit = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("đơn vị sở hữu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        help_text=_("Để trống: thư viện chung do cơ quan điều phối quản lý."),
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
    # The Word or PDF file the text was read from, downloadable from the document page.
    original = models.FileField(
        _("tệp gốc"), storage=originals_storage, upload_to=original_upload_to, max_length=300, blank=True
    )
    # What the file says of itself: its administrative header (issuing body, number and symbol,
    # place and date, type) and its properties (title, date); see doingoai.library.office.
    details = models.JSONField(_("thông tin trong văn bản"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ("-published", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=["owner_unit", "content_hash"], name="document_unique_text_per_unit"
            ),
            # A NULL owner never clashes in a plain unique constraint; the shared library needs its own.
            models.UniqueConstraint(
                fields=["content_hash"],
                condition=models.Q(owner_unit__isnull=True),
                name="document_unique_text_national",
            ),
        )
        # What a unit's reader may read is published, or owned in the unit's subtree
        # (`scope.records_visible`); these indexes hold both columns, so the rows a province's
        # reader may see are counted, listed and joined from an index, not the table with its texts.
        indexes = (
            # The outlet filter lists the distinct outlets on every library page (a province
            # editor's list at 100,000 documents: 250 -> 11 ms).
            models.Index(fields=["source", "is_published", "owner_unit"], name="document_source_scope"),
            # A province editor's count: 178 -> 10 ms; the search's scope subquery.
            models.Index(fields=["is_published", "owner_unit", "published"], name="document_scope"),
        )

    def __str__(self) -> str:
        return self.title or self.file_name or f"#{self.pk}"

    @property
    def file_label(self) -> str:
        """Return the name of the file the text came from, without the folders it was read from."""
        return self.file_name.replace("\\", "/").rsplit("/", 1)[-1] or "—"

    @property
    def outlet_label(self) -> str:
        """Return the outlet's name, or says it is unknown: a file's name is not an outlet."""
        return self.source or str(_("không rõ nguồn"))


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


class DocumentKey(models.Model):
    """A key under which a document is found as a candidate for a new one's event, by date.

    The keys are the document's top terms and the folded names and figures it reports
    (`doingoai.events.blocking_keys`); `day` is its anchor date, so candidates are looked up in a
    window of days around the new document's, never across the library.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="grouping_keys")
    key = models.CharField(_("khóa"), max_length=255)
    day = models.DateField(_("ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa gom sự kiện")
        verbose_name_plural = _("khóa gom sự kiện")
        indexes = (models.Index(fields=["key", "day"], name="document_key_key_day"),)


class TermStatistic(models.Model):
    """How many documents of the library contain a term; the row of the empty term counts them all.

    Grouping weighs a new document's terms with these counts (TF-IDF), as a replay of the whole
    library would, without reading the other documents.
    """

    term = models.CharField(_("thuật ngữ"), max_length=255, unique=True)
    documents = models.IntegerField(_("số văn bản"), default=0)

    class Meta:
        verbose_name = _("thống kê thuật ngữ")
        verbose_name_plural = _("thống kê thuật ngữ")


class Event(models.Model):
    """A real-world event reported by one or more documents (derived by event grouping).

    The event is identified by the document that started it (`founder`); when that document is
    deleted, the next one takes its place, so the event keeps its address. `summary` is what a
    list shows of the event over all its documents, `public_summary` the same over its published
    documents only (see `doingoai.library.selectors.event_summary`).
    """

    founder = models.OneToOneField(
        Document, verbose_name=_("văn bản đầu tiên"), on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField(_("ngày diễn ra"), null=True, blank=True, db_index=True)
    documents = models.ManyToManyField(
        Document, through="EventMembership", through_fields=("event", "document"), related_name="events"
    )
    document_count = models.PositiveIntegerField(_("số văn bản"), default=0)
    published_count = models.PositiveIntegerField(_("số văn bản đã công bố"), default=0)
    summary = models.JSONField(_("tóm tắt"), default=dict, editable=False)
    public_summary = models.JSONField(_("tóm tắt công khai"), default=dict, editable=False)
    updated_at = models.DateTimeField(_("ngày cập nhật"), auto_now=True)

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sự kiện")
        ordering = ("-date", "-id")
        indexes = (
            models.Index(fields=["-date", "-id"], name="event_date_id"),
            # The events every reader may see (a published report): counted for a reader of the
            # published documents only from this index, not by reading the table's summaries. (A
            # partial index would not serve it: the ORM passes the 0 as a parameter, and SQLite
            # uses a partial index only for a condition it can prove when the query is prepared.)
            models.Index(fields=["published_count"], name="event_published_count"),
        )

    def __str__(self) -> str:
        return f"#{self.pk}"


class EventRedirect(models.Model):
    """The address of an event that grouping merged away, and the event that now holds its reports.

    Event rows are derived: a merge deletes the later event, a regrouping may delete rows, and a
    rebuild renumbers them all. Bookmarks, shared links, Word reports and API clients still hold
    the old ids, so each deleted id is kept here, pointing at the live event that took in its
    first report, `document` (`doingoai.library.services`). Ids are never reused, so an old id
    never names a live event; when the surviving event is deleted in turn, the record follows
    its document (or, with that one gone, the survivor's).
    """

    id = models.PositiveBigIntegerField(_("mã sự kiện cũ"), primary_key=True)
    event = models.ForeignKey(
        Event, verbose_name=_("sự kiện hiện nay"), on_delete=models.CASCADE, related_name="+"
    )
    document = models.ForeignKey(
        Document,
        verbose_name=_("văn bản đầu tiên của sự kiện cũ"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    moved_at = models.DateTimeField(_("gộp lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("địa chỉ cũ của sự kiện")
        verbose_name_plural = _("địa chỉ cũ của sự kiện")

    def __str__(self) -> str:
        return f"#{self.pk} → #{self.event_id}"


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
    # The task gave up (after its retries): `IngestJob.error` says why; the job page retries it.
    FAILED = "failed", _("Thất bại")
    DONE = "done", _("Hoàn tất")


class SettleStatus(models.TextChoices):
    """Where the settling of a done import's events stands (`tasks.events_settle_task`)."""

    NONE = "", _("Không cần")
    PENDING = "pending", _("Đang chờ xếp lại")
    DONE = "done", _("Đã xếp lại")
    # The task gave up: `IngestJob.settle_error` says why; the job page queues it again.
    FAILED = "failed", _("Thất bại")


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
    # The background task last enqueued for this job (its id in the task backend), and why the
    # job failed, shown on the job page to the user who started it.
    task_id = models.CharField(_("mã tác vụ nền"), max_length=64, blank=True, editable=False)
    error = models.TextField(_("lý do thất bại"), blank=True, editable=False)
    # Once done, the job's events are settled by a task of their own; a failure there leaves the
    # documents imported and the events as each document joined them, and is shown and retried
    # on the job page too.
    settle_status = models.CharField(
        _("xếp lại sự kiện"),
        max_length=20,
        choices=SettleStatus.choices,
        blank=True,
        default="",
        editable=False,
    )
    settle_error = models.TextField(_("lý do xếp lại thất bại"), blank=True, editable=False)

    class Meta:
        verbose_name = _("đợt nhập văn bản")
        verbose_name_plural = _("đợt nhập văn bản")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return self.label

    @property
    def label_shown(self) -> str:
        """Return the source as pages show it: a folder or file read on the server by its name only."""
        if "://" in self.label:  # a feed's address is what its user typed
            return self.label
        return self.label.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or self.label


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
    original = models.FileField(
        _("tệp gốc"), storage=originals_storage, upload_to=original_upload_to, max_length=300, blank=True
    )
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


class Revision(models.Model):
    """A counter the database raises on every write to the library's documents and events.

    The pages that list documents and events (the list, the search, the events) are cached under
    it (`doingoai.library.revision`); triggers raise it on each insert, update and delete of the
    tables those pages read, whatever makes the write. One row (pk 1).
    """

    counter = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("phiên bản dữ liệu thư viện")
        verbose_name_plural = _("phiên bản dữ liệu thư viện")
