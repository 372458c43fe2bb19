"""Write the library: ingest jobs, documents, publication, deletion, and the events derived from them.

Ingesting is two steps, so that a long import shows progress and survives an interruption:

1. `ingest_job_create` stores every text to import as a pending `IngestItem` (inputs were read
   and checked by `doingoai.library.sources`; nothing is analysed yet). A Word, OpenDocument or
   PDF file uploaded on the web is stored as it came, with no text: step 2 reads it;
2. `ingest_job_run` analyses the pending items one by one, each in its own transaction, in
   which the new document also joins or starts its event (`event_document_add`). Stopped
   half-way, the job keeps its pending items, and running it again (`doingoai ingest --resume`,
   or the job page through `doingoai.library.tasks.ingest_job_resume`) carries on from there.

On the web, `doingoai.library.tasks` runs step 2 as a background task in a worker process.

A text already in the owner's library (same SHA-256 of its NFC text with whitespace collapsed)
is recognized and not stored twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from doingoai.accounts import scope
from doingoai.analysis import AnalysisError, analyze_text
from doingoai.analysis.dates import day_before
from doingoai.analysis.document import Document as Analysed
from doingoai.analysis.text import entity_key, nfc_lines
from doingoai.audit.concurrency import version_claim
from doingoai.audit.models import AuditAction
from doingoai.audit.services import audit_record
from doingoai.directory.models import Organization
from doingoai.events import (
    DEFAULT_CONFIG,
    DocumentFeatures,
    EventIndex,
    GroupingConfig,
    TermVector,
    blocking_keys,
    event_assign,
    event_seed,
    events_regroup,
    features_from_document,
    vector_weigh,
)
from doingoai.library.errors import LibraryError
from doingoai.library.models import (
    Document,
    DocumentEntity,
    DocumentKey,
    EntityKind,
    Event,
    EventMembership,
    EventRedirect,
    IngestItem,
    IngestJob,
    ItemStatus,
    JobStatus,
    SettleStatus,
    TermStatistic,
)
from doingoai.library.office import office_read
from doingoai.library.sources import Source
from doingoai.library.stored import document_dump, features_dump, features_load, vector_dump, vector_load
from doingoai.search.services import search_entry_write

# A running job that has not finished an item for this long was interrupted (its process died).
JOB_STALE_AFTER = dt.timedelta(minutes=2)

ProgressCallback = Callable[[int, int, IngestItem], None]


def content_hash(text: str) -> str:
    """Return the key that recognizes a text again: SHA-256 of its NFC form, whitespace collapsed."""
    # `nfc_lines`, not `text_normalize`: the hashes stored before invisible characters were dropped
    # must still recognise the same file imported again.
    return hashlib.sha256(" ".join(nfc_lines(text).split()).encode("utf-8")).hexdigest()


# The hints of a source (doingoai.library.office) a document keeps as its details.
DOCUMENT_DETAILS = ("issuer", "superior", "number", "place", "issued", "doc_type", "file_title", "file_date")

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

    A document of the shared library (no owning unit) is changed by coordinators only.
    """
    scope.owner_require_edit(user, document.owner_unit)


def ingest_owner_for(user: Any) -> Organization | None:
    """Return the unit that owns what `user` ingests: their unit, or the shared library for a coordinator.

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
    """Store the texts to import as a pending job; no analysis happens here.

    A source that could not be read (its `problem` is set) is stored as a failed item, so the
    job lists it with its reason; the original file of a Word or PDF source is stored with its item.
    """
    scope.owner_require_edit(actor, owner_unit)
    if not sources:
        raise LibraryError(_("Không có văn bản nào để nhập."))
    job = IngestJob.objects.create(
        label=label[:500],
        owner_unit=owner_unit,
        is_published=is_published,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    items = []
    for i, source in enumerate(sources):
        item = IngestItem(job=job, position=i, name=source.name[:500], text=source.text, hints=source.hints)
        if source.problem:
            item.status, item.message, item.text = ItemStatus.FAILED, source.problem, ""
        elif source.original:
            item.original.save(source.name, ContentFile(source.original), save=False)
        items.append(item)
    IngestItem.objects.bulk_create(items)
    audit_record(actor=actor, action=AuditAction.CREATE, instance=job)
    return job


def _file_delete_on_commit(storage: Any, name: str) -> None:
    """Delete a stored file once the transaction that dropped its row commits."""
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def ingest_job_can_resume(job: IngestJob) -> bool:
    """Return whether the job has pending items and nothing is working on it or waiting to.

    A job waiting in the task queue is not resumed a second time; one whose worker died (its
    heartbeat is old) is.
    """
    if job.status == JobStatus.DONE:
        return False
    if job.status == JobStatus.PENDING and job.task_id:
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
            key = entity_key(name)
            rows.setdefault((kind, key), DocumentEntity(document=document, kind=kind, name=name, key=key))
    return list(rows.values())


@transaction.atomic
def _document_store(*, job: IngestJob, item: IngestItem, doc: Analysed, digest: str) -> Document:
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
        original=item.original.name or "",
        details={k: v for k, v in item.hints.items() if k in DOCUMENT_DETAILS},
    )
    # Event grouping and comparison name documents by id: the row's id is unique and stable.
    doc.id = str(document.pk)
    features = features_from_document(doc)
    document.analysis = document_dump(doc)
    document.features = features_dump(features)
    document.save(update_fields=["analysis", "features"])
    DocumentEntity.objects.bulk_create(_entities(document, doc))
    search_entry_write(
        document_id=document.pk, title=document.title, body=document.text, word_spans=doc.words
    )
    event_document_add(document=document, features=features)
    audit_record(
        actor=job.created_by or scope.SYSTEM,
        action=AuditAction.CREATE,
        instance=document,
        after=document_audit_view(document),
        via="ingest",
    )
    return document


def _document_existing(job: IngestJob, digest: str) -> Document | None:
    return Document.objects.filter(owner_unit=job.owner_unit, content_hash=digest).first()


def _item_finish(job: IngestJob, item: IngestItem) -> None:
    # The text now lives in the document (or was refused): the item keeps only its outcome.
    item.text = ""
    if item.original.name:
        if item.status != ItemStatus.DONE:  # a duplicate or a failure: its original is not kept
            _file_delete_on_commit(item.original.storage, item.original.name)
        item.original = ""
    item.save(update_fields=["status", "message", "document", "text", "original"])
    IngestJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())


def _item_process(job: IngestJob, item: IngestItem) -> None:
    """Analyse one item (no transaction held), then store its outcome in one short transaction.

    Two imports of overlapping files may analyse the same text at once: the first to commit
    stores it, and the other meets the unique (owner, content hash) constraint and records the
    item as a duplicate of the stored document. An item stored with its original file and no text
    (an upload of Word, OpenDocument or PDF) is read here first.
    """
    if not item.text and item.original.name:
        try:
            with item.original.open("rb") as handle:
                item.text, item.hints = office_read(item.name, handle.read())
        except LibraryError as exc:
            item.status, item.message = ItemStatus.FAILED, " ".join(exc.messages)
            with transaction.atomic():
                _item_finish(job, item)
            return
    digest = content_hash(item.text)
    existing = _document_existing(job, digest)
    if existing is None:
        try:
            doc = analyze_text(item.text, id=item.name, path=item.name, hints=item.hints)
        except AnalysisError as exc:
            item.status, item.message = ItemStatus.FAILED, f"{item.name}: {exc}"
        else:
            try:
                with transaction.atomic():
                    item.status = ItemStatus.DONE
                    item.document = _document_store(job=job, item=item, doc=doc, digest=digest)
                    _item_finish(job, item)
                return
            except IntegrityError:
                existing = _document_existing(job, digest)
                if existing is None:
                    raise
    if existing is not None:
        item.status, item.document = ItemStatus.DUPLICATE, existing
    with transaction.atomic():
        _item_finish(job, item)


def ingest_job_run(
    *, job: IngestJob, progress: ProgressCallback | None = None, force: bool = False
) -> IngestJob:
    """Analyse the job's pending items in order (each joins its event as it is stored); return the job.

    Each item is committed on its own, so an interruption loses at most the item in hand. If
    another process is running the job (and it is not stale), return without doing anything,
    unless `force`.
    """
    if not _job_claim(job, force=force):
        job.refresh_from_db()
        return job
    total = job.items.count()
    done = job.items.exclude(status=ItemStatus.PENDING).count()
    # The ids are read in full before the first write: on SQLite a read cursor left open across
    # the writes would pin an old snapshot, and the next write would fail with "database is locked".
    pending = list(
        job.items.filter(status=ItemStatus.PENDING).order_by("position").values_list("pk", flat=True)
    )
    try:
        for item_id in pending:
            item = IngestItem.objects.filter(pk=item_id, status=ItemStatus.PENDING).first()
            if item is None:
                continue
            _item_process(job, item)
            done += 1
            if progress is not None:
                progress(done, total, item)
    except BaseException:
        IngestJob.objects.filter(pk=job.pk).update(status=JobStatus.INTERRUPTED)
        job.status = JobStatus.INTERRUPTED
        raise
    job.status, job.finished_at = JobStatus.DONE, timezone.now()
    job.error = ""
    job.save(update_fields=["status", "finished_at", "error"])
    return job


def ingest_job_queued(*, job: IngestJob, task_id: str = "") -> None:
    """Record that a background task will run the job: it waits in the queue, with no error.

    Called before the task is enqueued (a backend that runs it at once must find the job
    waiting), then again with the task's id once it is known.
    """
    jobs = IngestJob.objects.filter(pk=job.pk)
    if task_id:
        jobs.update(task_id=str(task_id)[:64])
    else:
        # No task id until the enqueue succeeds: a job left without one can be resumed.
        jobs.exclude(status=JobStatus.DONE).update(status=JobStatus.PENDING, error="", task_id="")
    job.refresh_from_db(fields=["status", "task_id", "error"])


def ingest_job_fail(*, job: IngestJob, error: str) -> None:
    """Mark the job failed with the reason its task gave up; its pending items stay for a retry."""
    IngestJob.objects.filter(pk=job.pk).exclude(status=JobStatus.DONE).update(
        status=JobStatus.FAILED, error=error
    )
    job.refresh_from_db(fields=["status", "error"])


def events_settle_pending(job: IngestJob) -> None:
    """Record that the settling of a job's events waits in the queue (`SettleStatus`)."""
    _settle_state(job, settle_status=SettleStatus.PENDING, settle_error="")


def events_settle_done(job: IngestJob) -> None:
    """Record that a job's events are settled."""
    _settle_state(job, settle_status=SettleStatus.DONE, settle_error="")


def events_settle_failed(job: IngestJob, error: str) -> None:
    """Record that the settling of a job's events gave up, and why; the job page queues it again."""
    _settle_state(job, settle_status=SettleStatus.FAILED, settle_error=error)


def _settle_state(job: IngestJob, **fields: Any) -> None:
    IngestJob.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db(fields=list(fields))


def ingest_job_require_edit(user: Any, job: IngestJob) -> None:
    """Raise PermissionDenied unless the user may run or resume the job."""
    scope.owner_require_edit(user, job.owner_unit)


# ---------------------------------------------------------------- events, one document at a time

# The statistic row that counts the library's documents (no term is empty).
_ALL_DOCUMENTS = ""
_TERM_MAX = 255
_SQL_CHUNK = 400


def _terms_storable(features: DocumentFeatures) -> list[str]:
    # A longer "term" is a run of digits or a URL: it is left out of the statistics, counted as rare.
    return sorted(t for t in features.terms if len(t) <= _TERM_MAX)


def _statistics_add(terms: Sequence[str], delta: int) -> None:
    """Add `delta` to the number of documents holding each term (and to the library's total)."""
    table = connection.ops.quote_name(TermStatistic._meta.db_table)
    # Sorted, so that two imports lock the rows in the same order and never deadlock.
    rows = sorted({*terms, _ALL_DOCUMENTS})
    with connection.cursor() as cursor:
        for i in range(0, len(rows), _SQL_CHUNK):
            chunk = rows[i : i + _SQL_CHUNK]
            values = ", ".join(["(%s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} (term, documents) VALUES {values} "
                "ON CONFLICT (term) DO UPDATE SET documents = "
                f"{table}.documents + excluded.documents",
                [value for term in chunk for value in (term, delta)],
            )


def _statistics_get(terms: Sequence[str]) -> tuple[dict[str, int], int]:
    """Return how many documents hold each term, and how many documents there are."""
    wanted = [*terms, _ALL_DOCUMENTS]
    found: dict[str, int] = {}
    for i in range(0, len(wanted), _SQL_CHUNK):
        found.update(
            TermStatistic.objects.filter(term__in=wanted[i : i + _SQL_CHUNK]).values_list("term", "documents")
        )
    return found, max(found.pop(_ALL_DOCUMENTS, 1), 1)


def _candidate_events(
    keys: Sequence[str], anchor: dt.date | None, *, exclude: int, config: GroupingConfig = DEFAULT_CONFIG
) -> list[int]:
    """Return the events sharing the most keys with a document, among documents of nearby days.

    The window is the one in-memory grouping searches: the weeks within
    `date_window_published_days` of the document's day (an undated one's is where it was
    placed), plus documents neither dated nor placed.
    """
    if anchor is None:
        rows = DocumentKey.objects.filter(key__in=keys)
    else:
        window = dt.timedelta(days=config.date_window_published_days)
        first = dt.date.fromordinal(max((anchor - window).toordinal() // 7 * 7, 1))
        last = dt.date.fromordinal(((anchor + window).toordinal() // 7 + 1) * 7 - 1)
        # The key goes into each branch of the OR, so that each is one range of the (key, day)
        # index: with the key outside it, SQLite reads every posting of the key, of all dates,
        # and the cost of an import grows with the library (3.4 → 7.1 ms from 1,000 to 10,000).
        rows = DocumentKey.objects.filter(
            Q(key__in=keys, day__range=(first, last)) | Q(key__in=keys, day__isnull=True)
        )
    event = "document__membership__event"
    # One read of the window's (key, event) pairs; counting them here, not in two grouped
    # queries over the same rows, halves what an import reads as the window fills up.
    pairs = list(
        rows.exclude(document_id=exclude)
        .exclude(**{f"{event}__isnull": True})
        .values_list("key", event)
        .distinct()
    )
    # A key shared by hundreds of events in the window is a topic word, not an event's mark.
    events_per_key = Counter(key for key, _event in pairs)
    common = {key for key, events in events_per_key.items() if events > config.posting_limit}
    hits = Counter(pk for key, pk in pairs if key not in common)
    ranked = sorted(hits.items(), key=lambda item: (-item[1], item[0]))[: config.candidate_events]
    if not ranked:
        return []
    floor = min(config.candidate_min_hits, ranked[0][1])
    return [pk for pk, hits in ranked if hits >= floor]


def _grouping_load(pks: Sequence[int]) -> dict[int, tuple[DocumentFeatures, TermVector]]:
    """Return the stored features and term vectors of some documents: all grouping reads of them."""
    loaded: dict[int, tuple[DocumentFeatures, TermVector]] = {}
    for pk, stored, vector in Document.objects.filter(pk__in=pks).values_list("pk", "features", "vector"):
        features = features_load(stored)
        features.id = str(pk)
        loaded[pk] = (features, vector_load(vector))
    GROUPING_READS.documents += len(loaded)
    return loaded


class _GroupingReads:
    """How many documents' features grouping has read: tests check it stays bounded."""

    documents = 0


GROUPING_READS = _GroupingReads()


def _index_seed(events: Sequence[int], config: GroupingConfig) -> EventIndex:
    """Return an index holding the recent members of some events, as grouping left them."""
    members: dict[int, list[EventMembership]] = {}
    for membership in EventMembership.objects.filter(event_id__in=events).order_by("position"):
        members.setdefault(membership.event_id, []).append(membership)
    founders = dict(Event.objects.filter(pk__in=events).values_list("pk", "founder_id"))
    recent = {pk: rows[-config.members_compared :] for pk, rows in members.items()}
    loaded = _grouping_load([m.document_id for rows in recent.values() for m in rows])
    index = EventIndex(config)
    # Events take the places they had in a replay: in order of their first document.
    for pk in sorted(recent, key=lambda pk: founders.get(pk, 0)):
        for membership in recent[pk]:
            features, vector = loaded[membership.document_id]
            copy_of = str(membership.copy_of_id) if membership.copy_of_id in loaded else None
            event_seed(index, features, vector, str(pk), copy_of)
    return index


def _event_summaries_refresh(events: Sequence[int]) -> None:
    """Store the summaries of some events, computed from their documents now."""
    from doingoai.library.selectors import event_summary

    memberships = (
        EventMembership.objects.filter(event_id__in=events)
        .select_related("document")
        .defer("document__text", "document__features", "document__vector")
        .order_by("event_id", "position")
    )
    documents: dict[int, list[Document]] = {}
    for membership in memberships:
        documents.setdefault(membership.event_id, []).append(membership.document)
    for event in Event.objects.filter(pk__in=events):
        members = documents.get(event.pk, [])
        published = [d for d in members if d.is_published]
        event.summary = event_summary(members)
        event.public_summary = event_summary(published) if published else {}
        event.date = dt.date.fromisoformat(event.summary["date"]) if event.summary.get("date") else None
        event.document_count, event.published_count = len(members), len(published)
        event.save(
            update_fields=[
                "summary",
                "public_summary",
                "date",
                "document_count",
                "published_count",
                "updated_at",
            ]
        )


def _grouping_keys_store(document: Document, features: DocumentFeatures, vector: TermVector) -> None:
    keys = {key[:_TERM_MAX] for key in blocking_keys(features, vector)}
    DocumentKey.objects.bulk_create(
        DocumentKey(document=document, key=key, day=features.day) for key in sorted(keys)
    )


def _document_place(document: Document, features: DocumentFeatures) -> bool:
    """Place an undated document where it arrived: at the date of the last dated one imported before it.

    The rule of `doingoai.events.grouping.arrival_places`, the order of import being the
    input's order: no dated document has come after it yet, so the one before places it. The
    undated documents of a library without a dated one stay unplaced. Return whether the
    place changed.
    """
    placed = features.placed
    features.placed = None
    if features.published is None:
        features.placed = (
            Document.objects.filter(pk__lt=document.pk, published__isnull=False)
            .order_by("-pk")
            .values_list("published", flat=True)
            .first()
        )
        if features.placed is not None and features.lead_day is not None:
            # Its lead names a day without a year ("Ngày 30/12"): the last such day before where it
            # arrived, not the arrival's own week (a report of 30/12/2025 imported after articles of
            # 2026 was never compared with the other report of that conference).
            features.placed = day_before(features.lead_day, features.placed) or features.placed
    return features.placed != placed


def event_document_add(*, document: Document, features: DocumentFeatures) -> Event:
    """Put a newly stored document into the event it reports, or start one; return the event.

    Only the candidate events are read: those whose documents of nearby days share its top
    terms or names. Their recent members go into an index, and `doingoai.events.event_assign`
    decides as it would in a replay of the library. Called inside the document's transaction.
    """
    config = DEFAULT_CONFIG
    terms = _terms_storable(features)
    _statistics_add(terms, +1)
    frequencies, total = _statistics_get(terms)
    vector = vector_weigh(features, frequencies, total, config)
    document.vector = vector_dump(vector)
    document.event_date = features.event_date
    document.anchor_date = features.anchor_date
    saved = ["vector", "event_date", "anchor_date"]
    if _document_place(document, features):
        document.features = features_dump(features)
        saved.append("features")
    document.save(update_fields=saved)
    _grouping_keys_store(document, features, vector)
    keys = blocking_keys(features, vector, config)
    index = _index_seed(_candidate_events(keys, features.day, exclude=document.pk), config)
    features.id = str(document.pk)
    assignment = event_assign(index, features, vector)
    if assignment.created:
        event = Event.objects.create(founder=document)
        position = 0
    else:
        event = Event.objects.get(pk=int(assignment.event))
        _events_absorb(event, [int(pk) for pk in assignment.merged])
        last = event.memberships.order_by("-position").values_list("position", flat=True).first()
        position = (last or 0) + 1
    EventMembership.objects.create(
        event=event,
        document=document,
        position=position,
        copy_of_id=int(assignment.copy_of) if assignment.copy_of else None,
    )
    targets = _members_move(event, assignment.moved, assignment.started)
    _event_summaries_refresh([event.pk, *targets])
    event.refresh_from_db()
    return event


def _members_move(event: Event, moved: Sequence[tuple[str, str]], started: Sequence[str]) -> list[int]:
    """Move the documents grouping took out of `event` to the events it chose; return those events.

    The documents are among the event's recent members, read anyway; an event grouping started
    for them gets a row whose founder is its first moved document. When the event's own founder
    leaves, its next remaining document takes its place, so the event keeps its address.
    """
    if not moved:
        return []
    leaving = {int(document) for document, _target in moved}
    if event.founder_id in leaving:
        event.founder_id = (
            event.memberships.exclude(document_id__in=leaving)
            .order_by("position")
            .values_list("document_id", flat=True)
            .first()
        )
        event.save(update_fields=["founder", "updated_at"])
    rows: dict[str, Event] = {}
    for document, target in moved:
        if target not in rows:
            rows[target] = (
                Event.objects.create(founder_id=int(document))
                if target in started
                else Event.objects.get(pk=int(target))
            )
    memberships = {
        m.document_id: m for m in EventMembership.objects.filter(event=event, document_id__in=leaving)
    }
    for document, target in moved:
        membership = memberships[int(document)]
        last = rows[target].memberships.order_by("-position").values_list("position", flat=True).first()
        membership.event = rows[target]
        membership.position = 0 if last is None else last + 1
        membership.copy_of = None
        membership.save(update_fields=["event", "position", "copy_of"])
    # A copy of a document that left is no longer a copy of a member.
    EventMembership.objects.filter(event=event, copy_of_id__in=leaving).update(copy_of=None)
    return sorted({row.pk for row in rows.values()})


def _events_absorb(event: Event, merged: Sequence[int]) -> None:
    """Move the documents of events grouping merged into `event` after its own, and delete those events.

    Grouping merges only candidate events of the new document, so these are few and all within
    its window of dates.
    """
    if not merged:
        return
    last = event.memberships.order_by("-position").values_list("position", flat=True).first() or 0
    moved = list(EventMembership.objects.filter(event_id__in=merged).order_by("document_id"))
    for offset, membership in enumerate(moved, start=1):
        membership.event = event
        membership.position = last + offset
    EventMembership.objects.bulk_update(moved, ["event", "position"])
    founders = dict(Event.objects.filter(pk__in=merged).values_list("pk", "founder_id"))
    addresses = _event_addresses_hold(founders)
    Event.objects.filter(pk__in=merged).delete()
    _event_addresses_forward(addresses)


def _event_addresses_hold(anchors: dict[int, int]) -> dict[int, tuple[int, ...]]:
    """Return the addresses to keep of events about to be deleted, each with the documents to follow.

    `anchors` gives, for each event to delete, its first document that lives on in some event.
    An address an earlier merge forwarded to one of these events follows its own first document,
    or, when that one is gone, the event's.
    """
    held: dict[int, tuple[int, ...]] = {pk: (document,) for pk, document in anchors.items()}
    records = EventRedirect.objects.filter(event_id__in=list(anchors))
    for old, event, document in records.values_list("pk", "event_id", "document_id"):
        held[old] = (document, anchors[event]) if document is not None else (anchors[event],)
    return held


def _event_addresses_forward(held: dict[int, tuple[int, ...]]) -> None:
    """Point each held address at the event that now holds its document (see `EventRedirect`).

    Called once the events are deleted and their documents regrouped. An address none of whose
    documents is in an event any more is dropped: there is nothing to show in its place.
    """
    if not held:
        return
    wanted = {document for documents in held.values() for document in documents}
    event_of = dict(
        EventMembership.objects.filter(document_id__in=wanted).values_list("document_id", "event_id")
    )
    records = []
    for old, documents in held.items():
        found = next((d for d in documents if d in event_of), None)
        if found is not None:
            records.append(EventRedirect(id=old, event_id=event_of[found], document_id=documents[0]))
    # A held id is never a live event (ids are not reused); the update covers a record held again.
    EventRedirect.objects.bulk_create(
        records,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["id"],
        update_fields=["event", "document"],
    )


@dataclass(frozen=True)
class _Regrouped:
    """What regrouping some events decided, before anything is written.

    `memberships`: (event, document, copy of) as read, by document; `groups`: each group's
    documents in order of arrival with its copies (copy: source).
    """

    events: tuple[int, ...]
    memberships: tuple[tuple[int, int, int | None], ...]
    groups: tuple[tuple[tuple[int, ...], dict[int, int]], ...]
    touched: int | None  # the event losing a document: it changes, whatever its rest does

    @cached_property
    def unchanged(self) -> set[int]:
        """The events that are one group exactly as they stand (documents, order, copies)."""
        current: dict[int, list[tuple[int, int | None]]] = {}
        for event, document, copy_of in self.memberships:
            current.setdefault(event, []).append((document, copy_of))
        event_of = {document: event for event, document, _copy in self.memberships}
        kept: set[int] = set()
        for documents, copies in self.groups:
            event = event_of[documents[0]]
            if sorted(current.get(event, [])) == sorted((d, copies.get(d)) for d in documents):
                kept.add(event)
        return kept - {self.touched}


def _memberships_read(events: Sequence[int], without: int | None) -> tuple[tuple[int, int, int | None], ...]:
    return tuple(
        EventMembership.objects.filter(event_id__in=events)
        .exclude(document_id=without)
        .order_by("document_id")
        .values_list("event_id", "document_id", "copy_of_id")
    )


def _regrouped(events: Sequence[int], *, without: int | None = None) -> _Regrouped:
    """Regroup the documents of some events among themselves (`events_regroup`); write nothing."""
    memberships = _memberships_read(events, without)
    loaded = _grouping_load([document for _event, document, _copy in memberships])
    index = events_regroup([loaded[pk] for pk in sorted(loaded)])
    groups = tuple(
        (
            tuple(int(member) for member in grouped.members),
            {int(copy): int(source) for source, copy in grouped.copies},
        )
        for grouped in index.events_live()
    )
    touched = (
        EventMembership.objects.filter(document_id=without).values_list("event_id", flat=True).first()
        if without is not None
        else None
    )
    return _Regrouped(tuple(events), memberships, groups, touched)


def _regrouped_store(plan: _Regrouped) -> list[int]:
    """Write what `_regrouped` decided; return the events that remain.

    An event that is one group exactly as it stands is left alone: its rows and summary are not
    written again. Of the others, each group keeps the row of the event its first document was
    in (the earliest group of an event keeps it, so its address stays); further groups become
    new events.
    """
    unchanged = plan.unchanged
    events = [pk for pk in plan.events if pk not in unchanged]
    memberships = [m for m in plan.memberships if m[0] not in unchanged]
    event_of = {document: event for event, document, _copy in memberships}
    rows = {event.pk: event for event in Event.objects.filter(pk__in=events)}
    EventMembership.objects.filter(event_id__in=events).delete()
    groups: list[tuple[Event, tuple[tuple[int, ...], dict[int, int]]]] = []
    for grouped in plan.groups:
        founder = grouped[0][0]
        if founder not in event_of:
            continue  # a group of an event left as it stands
        event = rows.pop(event_of[founder], None) or Event(founder_id=founder)
        event.founder_id = founder
        groups.append((event, grouped))
    # Rows no group kept go first; then kept rows take their new founders (each a member of
    # its own row, so no founder is claimed twice), and only then do new rows claim theirs.
    # Their addresses follow their first remaining document to whichever event it joins.
    firsts: dict[int, int] = {}
    for old_event, document, _copy in memberships:
        firsts.setdefault(old_event, document)
    addresses = _event_addresses_hold({pk: firsts[pk] for pk in rows if pk in firsts})
    Event.objects.filter(pk__in=list(rows)).delete()
    for event, _grouped in groups:
        if event.pk is not None:
            event.save(update_fields=["founder", "updated_at"])
    for event, _grouped in groups:
        if event.pk is None:
            event.save()
    memberships_new: list[EventMembership] = []
    for event, (members, copy_of) in groups:
        memberships_new += [
            EventMembership(
                event=event, document_id=member, position=position, copy_of_id=copy_of.get(member)
            )
            for position, member in enumerate(members)
        ]
    EventMembership.objects.bulk_create(memberships_new)
    _event_addresses_forward(addresses)
    remaining = [event.pk for event, _grouped in groups]
    _event_summaries_refresh(remaining)
    return sorted(unchanged) + remaining


def _events_regroup(events: Sequence[int], *, without: int | None = None) -> list[int]:
    """Regroup the documents of some events among themselves and write it; return the events that remain."""
    return _regrouped_store(_regrouped(events, without=without))


def _window_events(date_from: dt.date, date_to: dt.date) -> list[int]:
    return sorted(
        set(
            EventMembership.objects.filter(document__anchor_date__range=(date_from, date_to)).values_list(
                "event_id", flat=True
            )
        )
    )


@transaction.atomic
def events_regroup_window(*, date_from: dt.date, date_to: dt.date) -> int:
    """Regroup the events with a document dated in a window among themselves; return how many remain.

    For when grouping changes, or evidence arriving later links events that were apart: the
    events touching the window (with all their documents) are regrouped, the rest of the library
    is not read. Returns the number of events the window's documents now form.
    """
    if date_to < date_from:
        raise LibraryError(_("Ngày kết thúc phải sau ngày bắt đầu."))
    events = _window_events(date_from, date_to)
    return len(_events_regroup(events)) if events else 0


# A settling whose events changed while it computed is computed again, this many times at most.
SETTLE_ATTEMPTS = 3


def events_settle_window(*, date_from: dt.date, date_to: dt.date) -> int:
    """Settle the events with a document dated in a window; return how many events it wrote again.

    Their documents are clustered again among themselves, all pairs at once
    (`doingoai.events.events_settle`): reports that the one pass, deciding as each arrived, left
    in separate events are joined, and a report that joined on too little leaves. For the
    background task an import starts (`tasks.events_settle_task`): the work is done outside any
    write, which then takes one short transaction, and only where the events read are still as
    they were (an import or a deletion may change them meanwhile: then it is done again). Events
    that come out as they stand are not written; events left empty are deleted (not counted),
    their addresses forwarded.
    """
    if date_to < date_from:
        raise LibraryError(_("Ngày kết thúc phải sau ngày bắt đầu."))
    for _attempt in range(SETTLE_ATTEMPTS):
        events = _window_events(date_from, date_to)
        if not events:
            return 0
        plan = _regrouped(events)
        unchanged = plan.unchanged
        if unchanged == set(events):
            return 0
        with transaction.atomic():
            # On PostgreSQL the rows are locked from the check to the commit: an import joining
            # one of these events waits (SQLite's write lock does the same for the whole file).
            list(Event.objects.select_for_update().filter(pk__in=events).values_list("pk", flat=True))
            if _memberships_read(events, None) != plan.memberships:
                continue
            return len(_regrouped_store(plan)) - len(unchanged)
    return 0


def _settle_windows(days: Iterable[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Return windows of `settle_days` days that cover some dates, each from the first date it holds.

    A batch of closed events in `doingoai analyze` spans as many days.
    """
    span = dt.timedelta(days=DEFAULT_CONFIG.settle_days - 1)
    starts: list[dt.date] = []
    for day in sorted(set(days)):
        if not starts or day > starts[-1] + span:
            starts.append(day)
    return [(start, start + span) for start in starts]


def job_settle_windows(job: IngestJob) -> list[tuple[dt.date, dt.date]]:
    """Return the windows of dates an import's new documents fall in, for settling their events."""
    return _settle_windows(
        Document.objects.filter(
            pk__in=job.items.filter(document__isnull=False).values("document_id"), anchor_date__isnull=False
        ).values_list("anchor_date", flat=True)
    )


def events_settle_job(*, job: IngestJob) -> int:
    """Settle the events of each window of dates an import's documents fall in; return the events written."""
    windows = job_settle_windows(job)
    return sum(events_settle_window(date_from=start, date_to=end) for start, end in windows)


def _event_document_remove(document: Document) -> None:
    """Take a document out of its event before it is deleted: regroup what is left of that event alone."""
    features = features_load(document.features) if document.features else None
    if features is not None:
        _statistics_add(_terms_storable(features), -1)
    event_id = EventMembership.objects.filter(document=document).values_list("event_id", flat=True).first()
    if event_id is None:
        return
    if not EventMembership.objects.filter(event_id=event_id).exclude(document=document).exists():
        Event.objects.filter(pk=event_id).delete()
        return
    _events_regroup([event_id], without=document.pk)


@transaction.atomic
def events_rebuild() -> int:
    """Regroup the whole library from its stored features in order of arrival, settle it; return the events.

    Not used by imports or deletions (they change one event at a time): for upgrading a library
    stored before incremental grouping, or after a change of the grouping's configuration.
    """
    # Every event gets a new id: the old ones follow their founding document.
    addresses = _event_addresses_hold(dict(Event.objects.values_list("pk", "founder_id")))
    EventMembership.objects.all().delete()
    Event.objects.all().delete()
    DocumentKey.objects.all().delete()
    TermStatistic.objects.all().delete()
    for pk in Document.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=500):
        document = Document.objects.defer("text", "analysis").get(pk=pk)
        features = features_load(document.features)
        features.id = str(pk)
        event_document_add(document=document, features=features)
    _event_addresses_forward(addresses)
    # Then settled week by week, as imports leave them.
    days = Document.objects.filter(anchor_date__isnull=False).values_list("anchor_date", flat=True).distinct()
    for start, end in _settle_windows(days):
        _events_regroup(_window_events(start, end))
    return Event.objects.count()


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
    event_id = EventMembership.objects.filter(document=document).values_list("event_id", flat=True).first()
    if event_id is not None:
        _event_summaries_refresh([event_id])
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
    """Delete a document, its facts and its search entry; its event is regrouped without it.

    `expected_version` is the version the caller saw; an older one raises `StaleEditError`.
    """
    document_require_edit(actor, document)
    version_claim(instance=document, expected=expected_version)
    audit_record(
        actor=actor, action=AuditAction.DELETE, instance=document, before=document_audit_view(document)
    )
    _event_document_remove(document)
    _file_delete_on_commit(document.original.storage, document.original.name)
    document.delete()
