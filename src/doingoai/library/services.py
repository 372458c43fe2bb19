"""Write the library: ingest jobs, documents, publication, deletion, and the events derived from them.

Ingesting is two steps, so that a long import shows progress and survives an interruption:

1. `ingest_job_create` stores every text to import as a pending `IngestItem` (inputs were read
   and checked by `doingoai.library.sources`; nothing is analysed yet);
2. `ingest_job_run` analyses the pending items one by one, each in its own transaction, and
   regroups the events at the end. Stopped half-way, the job keeps its pending items, and
   running it again (`ingest_job_resume`, `doingoai ingest --resume`) carries on from there.

A text already in the owner's library (same SHA-256 of its NFC text with whitespace collapsed)
is recognized and not stored twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doingoai.accounts import scope
from doingoai.analysis import AnalysisError, analyze_text
from doingoai.analysis.document import Document as Analysed
from doingoai.analysis.text import fold_key, text_normalize
from doingoai.audit.concurrency import version_claim
from doingoai.audit.models import AuditAction
from doingoai.audit.services import audit_record
from doingoai.directory.models import Organization
from doingoai.events import EventIndex, event_assign, features_from_document
from doingoai.library.errors import LibraryError
from doingoai.library.models import (
    Document,
    DocumentEntity,
    EntityKind,
    Event,
    EventMembership,
    IngestItem,
    IngestJob,
    ItemStatus,
    JobStatus,
)
from doingoai.library.sources import Source
from doingoai.library.stored import document_dump, features_dump, features_load

# A running job that has not finished an item for this long was interrupted (its process died).
JOB_STALE_AFTER = dt.timedelta(minutes=2)

ProgressCallback = Callable[[int, int, IngestItem], None]


def content_hash(text: str) -> str:
    """Return the key that recognizes a text again: SHA-256 of its NFC form, whitespace collapsed."""
    return hashlib.sha256(" ".join(text_normalize(text).split()).encode("utf-8")).hexdigest()


_AUDITED_FIELDS = (
    "title",
    "source",
    "published",
    "file_name",
    "content_hash",
    "owner_unit_id",
    "is_published",
)


def document_audit_view(document: Document) -> dict[str, Any]:
    """Return what the audit log keeps of a document: its metadata, not its text or analysis."""
    values = {name: getattr(document, name) for name in _AUDITED_FIELDS}
    values["published"] = document.published.isoformat() if document.published else None
    return values


def document_require_edit(user: Any, document: Document) -> None:
    """Raise PermissionDenied unless the user may publish or delete the document.

    A document of the national library (no owning unit) is changed by coordinators only.
    """
    scope.owner_require_edit(user, document.owner_unit)


def ingest_owner_for(user: Any) -> Organization | None:
    """Return the unit that owns what `user` ingests: their unit, or the national library for a coordinator.

    Raise PermissionDenied for a user who may not add documents (viewers, users without a unit).
    """
    if scope.user_is_coordinator(user):
        return None
    unit = user.unit if getattr(user, "unit_id", None) else None
    scope.unit_require_edit(user, unit)
    return unit


@transaction.atomic
def ingest_job_create(
    *,
    actor: Any,
    sources: Sequence[Source],
    label: str,
    owner_unit: Organization | None,
    is_published: bool = False,
) -> IngestJob:
    """Store the texts to import as a pending job; no analysis happens here."""
    scope.owner_require_edit(actor, owner_unit)
    if not sources:
        raise LibraryError(_("Không có văn bản nào để nhập."))
    job = IngestJob.objects.create(
        label=label[:500],
        owner_unit=owner_unit,
        is_published=is_published,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    IngestItem.objects.bulk_create(
        IngestItem(job=job, position=i, name=s.name[:500], text=s.text, hints=s.hints)
        for i, s in enumerate(sources)
    )
    audit_record(actor=actor, action=AuditAction.CREATE, instance=job)
    return job


def ingest_job_can_resume(job: IngestJob) -> bool:
    """Return whether the job has pending items and nothing is working on it."""
    if job.status == JobStatus.DONE:
        return False
    if job.status == JobStatus.RUNNING:
        beat = job.heartbeat_at or job.created_at
        return timezone.now() - beat > JOB_STALE_AFTER
    return True


def _job_claim(job: IngestJob, *, force: bool) -> bool:
    """Mark the job running, unless another process runs it; return whether this one may run it."""
    jobs = IngestJob.objects.filter(pk=job.pk)
    if not force:
        stale = timezone.now() - JOB_STALE_AFTER
        jobs = jobs.exclude(status=JobStatus.DONE).exclude(status=JobStatus.RUNNING, heartbeat_at__gt=stale)
    claimed = jobs.update(status=JobStatus.RUNNING, heartbeat_at=timezone.now()) == 1
    if claimed:
        job.status = JobStatus.RUNNING
    return claimed


def _entities(document: Document, doc: Analysed) -> list[DocumentEntity]:
    rows: dict[tuple[str, str], DocumentEntity] = {}
    layers: list[tuple[str, Sequence[Any]]] = [
        (str(EntityKind.PERSON), doc.people),
        (str(EntityKind.ORGANIZATION), doc.organizations),
        (str(EntityKind.PLACE), doc.places),
    ]
    for kind, facts in layers:
        for fact in facts:
            name = fact.name[:255]
            key = " ".join(fold_key(name).split())
            rows.setdefault((kind, key), DocumentEntity(document=document, kind=kind, name=name, key=key))
    return list(rows.values())


@transaction.atomic
def _document_store(*, job: IngestJob, item: IngestItem, doc: Analysed, digest: str) -> Document:
    from doingoai.search.services import search_entry_write

    document = Document.objects.create(
        title=(doc.title or "")[:500],
        source=(doc.source or "")[:255],
        published=doc.published,
        text=doc.text,
        file_name=item.name,
        content_hash=digest,
        owner_unit=job.owner_unit,
        is_published=job.is_published,
        created_by=job.created_by,
    )
    # Event grouping and comparison name documents by id: the row's id is unique and stable.
    doc.id = str(document.pk)
    document.analysis = document_dump(doc)
    document.features = features_dump(features_from_document(doc))
    document.save(update_fields=["analysis", "features"])
    DocumentEntity.objects.bulk_create(_entities(document, doc))
    search_entry_write(document=document)
    audit_record(
        actor=job.created_by or scope.SYSTEM,
        action=AuditAction.CREATE,
        instance=document,
        after=document_audit_view(document),
        via="ingest",
    )
    return document


def _item_process(job: IngestJob, item: IngestItem) -> None:
    digest = content_hash(item.text)
    existing = Document.objects.filter(owner_unit=job.owner_unit, content_hash=digest).first()
    if existing is not None:
        item.status, item.document = ItemStatus.DUPLICATE, existing
    else:
        try:
            doc = analyze_text(item.text, id=item.name, path=item.name, hints=item.hints)
        except AnalysisError as exc:
            item.status, item.message = ItemStatus.FAILED, f"{item.name}: {exc}"
        else:
            item.status, item.document = (
                ItemStatus.DONE,
                _document_store(job=job, item=item, doc=doc, digest=digest),
            )
    # The text now lives in the document (or was refused): the item keeps only its outcome.
    item.text = ""
    item.save(update_fields=["status", "message", "document", "text"])
    IngestJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())


def ingest_job_run(
    *, job: IngestJob, progress: ProgressCallback | None = None, force: bool = False
) -> IngestJob:
    """Analyse the job's pending items in order, then regroup the events; return the finished job.

    Each item is committed on its own, so an interruption loses at most the item in hand. If
    another process is running the job (and it is not stale), return without doing anything,
    unless `force`.
    """
    if not _job_claim(job, force=force):
        job.refresh_from_db()
        return job
    total = job.items.count()
    done = job.items.exclude(status=ItemStatus.PENDING).count()
    try:
        for item in job.items.filter(status=ItemStatus.PENDING).order_by("position").iterator(chunk_size=50):
            _item_process(job, item)
            done += 1
            if progress is not None:
                progress(done, total, item)
    except BaseException:
        IngestJob.objects.filter(pk=job.pk).update(status=JobStatus.INTERRUPTED)
        job.status = JobStatus.INTERRUPTED
        raise
    events_refresh()
    job.status, job.finished_at = JobStatus.DONE, timezone.now()
    job.save(update_fields=["status", "finished_at"])
    return job


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        job = IngestJob.objects.get(pk=job_id)
        ingest_job_run(job=job)
    finally:
        connections.close_all()


def ingest_job_start(*, actor: Any, job: IngestJob) -> None:
    """Run the job after the request: in a background thread on a server, at once in tests.

    `LIBRARY_INGEST_BACKGROUND` (default True) chooses; a server restart leaves the job
    interrupted, and the job page offers to resume it.
    """
    ingest_job_require_edit(actor, job)
    if getattr(settings, "LIBRARY_INGEST_BACKGROUND", True):
        threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True, name=f"ingest-{job.pk}").start()
    else:
        ingest_job_run(job=job)


def ingest_job_require_edit(user: Any, job: IngestJob) -> None:
    """Raise PermissionDenied unless the user may run or resume the job."""
    scope.owner_require_edit(user, job.owner_unit)


def ingest_job_resume(*, actor: Any, job: IngestJob) -> None:
    """Carry on an interrupted job from its first pending item."""
    ingest_job_require_edit(actor, job)
    if not ingest_job_can_resume(job):
        raise LibraryError(_("Đợt nhập này đã hoàn tất hoặc đang được xử lý."))
    ingest_job_start(actor=actor, job=job)


def _event_date(features: list[Any]) -> dt.date | None:
    """Return the date most members give for the event (its own date first, else publication)."""
    for dates in ([f.event_date for f in features], [f.published for f in features]):
        known = Counter(d for d in dates if d is not None)
        if known:
            return max(known.items(), key=lambda item: (item[1], -item[0].toordinal()))[0]
    return None


@transaction.atomic
def events_refresh() -> None:
    """Regroup every document into events, in order of arrival, and store the events.

    Grouping assigns documents one at a time and never merges or splits an event afterwards, so
    replaying the same arrivals gives the same events; a new document only joins or starts one.
    Events keep their ids: an event is known by the document that started it.
    """
    index = EventIndex()
    features_by_id = {}
    for pk, stored in Document.objects.order_by("pk").values_list("pk", "features").iterator(chunk_size=500):
        features = features_load(stored)
        features.id = str(pk)
        features_by_id[features.id] = features
        event_assign(index, features)
    existing = {event.founder_id: event for event in Event.objects.all()}
    memberships: list[EventMembership] = []
    kept: set[int] = set()
    for grouped in index.events:
        founder = int(grouped.members[0])
        date = _event_date([features_by_id[m] for m in grouped.members])
        event = existing.get(founder)
        if event is None:
            event = Event.objects.create(founder_id=founder, date=date)
        elif event.date != date:
            event.date = date
            event.save(update_fields=["date", "updated_at"])
        kept.add(event.pk)
        copies = {copy: source for source, copy in grouped.copies}
        memberships += [
            EventMembership(
                event=event,
                document_id=int(member),
                position=position,
                copy_of_id=int(copies[member]) if member in copies else None,
            )
            for position, member in enumerate(grouped.members)
        ]
    Event.objects.exclude(pk__in=kept).delete()
    EventMembership.objects.all().delete()
    EventMembership.objects.bulk_create(memberships, batch_size=500)


@transaction.atomic
def document_publish(
    *, actor: Any, document: Document, is_published: bool, expected_version: int | None = None
) -> Document:
    """Publish a document to every unit, or withdraw it to its owning unit.

    `expected_version` is the version the caller saw; an older one raises `StaleEditError`.
    """
    document_require_edit(actor, document)
    before = document_audit_view(document)
    version_claim(instance=document, expected=expected_version)
    document.is_published = is_published
    document.save(update_fields=["is_published", "updated_at", "version"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=document,
        before=before,
        after=document_audit_view(document),
    )
    return document


@transaction.atomic
def document_delete(*, actor: Any, document: Document, expected_version: int | None = None) -> None:
    """Delete a document, its facts and its search entry, and regroup the events without it.

    `expected_version` is the version the caller saw; an older one raises `StaleEditError`.
    """
    document_require_edit(actor, document)
    version_claim(instance=document, expected=expected_version)
    audit_record(
        actor=actor, action=AuditAction.DELETE, instance=document, before=document_audit_view(document)
    )
    document.delete()
    events_refresh()
