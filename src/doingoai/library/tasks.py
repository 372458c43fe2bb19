"""Start and run ingest jobs as background tasks (Django's Tasks API), never in the web process.

`ingest_job_start` puts the job in the task queue (by default the database backend, so the queue
lives in the same database); a worker process (`doingoai worker`, started by `doingoai serve`)
runs `ingest_job_task`, which calls `services.ingest_job_run`. Running a task twice is harmless:
the job is claimed by one process at a time, and finished items are never processed again.

A task that fails because the database was busy is enqueued again, later, up to
`background.ATTEMPTS` times; any other failure is final: the job is marked failed with its reason,
which its page shows, with a button that retries it.

A job that ends done starts `events_settle_task` for the windows of dates its documents fall in:
their events are clustered again, all pairs at once (`services.events_settle_window`). Its state
and, if it fails, its reason are kept on the job (`settle_status`, `settle_error`); the job page
shows them and queues a failed settling again.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from doingoai import background
from doingoai.library import services
from doingoai.library.errors import LibraryError
from doingoai.library.models import IngestJob, JobStatus, SettleStatus

try:  # Django 6 ships the Tasks API; Django 5.2 has it from the django-tasks backport.
    from django.tasks import task  # type: ignore[import-not-found,unused-ignore]
except ImportError:
    from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def ingest_job_task(job_id: int, attempt: int = 1) -> str:
    """Run the import job `job_id`; retry later if the database was busy. Return the job's status."""
    job = IngestJob.objects.filter(pk=job_id).first()
    if job is None:  # deleted while it waited: nothing left to do
        return "missing"
    return background.task_attempt(
        run=lambda: _job_run(job),
        retry=lambda next_attempt: ingest_job_enqueue(job=job, attempt=next_attempt, now=timezone.now()),
        fail=lambda reason: services.ingest_job_fail(job=job, error=reason),
        attempt=attempt,
        final=_("Lỗi khi xử lý: %(reason)s"),
    )


def _job_run(job: IngestJob) -> str:
    status = str(services.ingest_job_run(job=job).status)
    if status == JobStatus.DONE:
        events_settle_enqueue(job=job)
    return status


@task()
def events_settle_task(job_id: int, attempt: int = 1) -> str:
    """Settle the events of the windows of dates job `job_id` imported into; retry if the database was busy.

    Return how many events were written. A failure leaves the events as the import grouped them
    (each document joined its event as it was stored): the job records its reason, which the job
    page shows with a button that queues the settling again.
    """
    job = IngestJob.objects.filter(pk=job_id).first()
    if job is None:
        return "missing"
    return background.task_attempt(
        run=lambda: _settle_run(job),
        retry=lambda next_attempt: events_settle_enqueue(job=job, attempt=next_attempt, now=timezone.now()),
        fail=lambda reason: _settle_fail(job, reason),
        attempt=attempt,
        final=_("Lỗi khi xếp lại sự kiện: %(reason)s"),
    )


def _settle_run(job: IngestJob) -> str:
    written = services.events_settle_job(job=job)
    services.events_settle_done(job)
    return str(written)


def _settle_fail(job: IngestJob, reason: str) -> None:
    logger.warning("settling the events of import job %s failed: %s", job.pk, reason)
    services.events_settle_failed(job, reason)


def events_settle_here(job: IngestJob) -> str:
    """Settle a done job's events in this process (`doingoai ingest`); return why it failed, or ""."""
    try:
        _settle_run(job)
    except Exception as exc:  # the documents are stored; their events stay as the import grouped them
        reason = background.job_error(exc, 1, _("Lỗi khi xếp lại sự kiện: %(reason)s"))
        _settle_fail(job, reason)
        return reason
    return ""


def events_settle_enqueue(*, job: IngestJob, attempt: int = 1, now: dt.datetime | None = None) -> None:
    """Queue the settling of the events a done job's documents joined."""
    services.events_settle_pending(job)
    background.task_enqueue(events_settle_task, job.pk, attempt=attempt, now=now)


def events_settle_retry(*, actor: Any, job: IngestJob) -> None:
    """Queue again the settling of a done job's events, after it failed."""
    services.ingest_job_require_edit(actor, job)
    if job.settle_status != SettleStatus.FAILED:
        raise LibraryError(_("Các sự kiện của đợt nhập này không cần xếp lại."))
    events_settle_enqueue(job=job)


def ingest_job_enqueue(*, job: IngestJob, attempt: int = 1, now: dt.datetime | None = None) -> None:
    """Put the job in the task queue; a retry (attempt > 1) waits first, where the backend can defer."""
    services.ingest_job_queued(job=job)
    result = background.task_enqueue(ingest_job_task, job.pk, attempt=attempt, now=now)
    services.ingest_job_queued(job=job, task_id=result.id)


def ingest_job_start(*, actor: Any, job: IngestJob) -> None:
    """Queue the job for a worker; the job page shows it waiting, then its progress."""
    services.ingest_job_require_edit(actor, job)
    ingest_job_enqueue(job=job)


def ingest_job_resume(*, actor: Any, job: IngestJob) -> None:
    """Queue an interrupted or failed job again: it carries on from its first pending item."""
    services.ingest_job_require_edit(actor, job)
    if not services.ingest_job_can_resume(job):
        raise LibraryError(_("Đợt nhập này đã hoàn tất hoặc đang được xử lý."))
    # A job whose worker died (old heartbeat) goes back to waiting; the next run claims it again.
    ingest_job_enqueue(job=job)
