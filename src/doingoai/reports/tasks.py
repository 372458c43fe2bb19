"""Build annual reports as background tasks (Django's Tasks API), never in the web process.

The page records a `ReportJob` and calls `report_job_start`, which puts `report_job_task` in the
task queue (the database backend by default); a worker (`doingoai worker`, started by `doingoai
serve`) runs it, and `services.report_job_run` records each step as the job's progress. Running
a task twice is harmless: one process claims the job, and a finished job is not built again.

As for imports (`doingoai.library.tasks`), a task that fails because the database was busy is
enqueued again, later, up to `background.ATTEMPTS` times; any other failure is final: the job is
marked failed with its reason, which its page shows beside a retry button.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from doingoai import background
from doingoai.reports import services
from doingoai.reports.models import ReportJob

try:  # Django 6 ships the Tasks API; Django 5.2 has it from the django-tasks backport.
    from django.tasks import task  # type: ignore[import-not-found,unused-ignore]
except ImportError:
    from django_tasks import task


@task()
def report_job_task(job_id: int, attempt: int = 1) -> str:
    """Build the report of job `job_id`; retry later if the database was busy. Return the job's status."""
    job = ReportJob.objects.select_related("created_by", "unit", "issuer").filter(pk=job_id).first()
    if job is None:  # deleted while it waited: nothing left to do
        return "missing"
    return background.task_attempt(
        run=lambda: str(services.report_job_run(job=job).status),
        retry=lambda next_attempt: report_job_enqueue(job=job, attempt=next_attempt, now=timezone.now()),
        fail=lambda reason: services.report_job_fail(job=job, error=reason),
        attempt=attempt,
        final=_("Lỗi khi lập báo cáo: %(reason)s"),
    )


def report_job_enqueue(*, job: ReportJob, attempt: int = 1, now: dt.datetime | None = None) -> None:
    """Put the job in the task queue; a retry (attempt > 1) waits first, where the backend can defer."""
    services.report_job_queued(job=job)
    result = background.task_enqueue(report_job_task, job.pk, attempt=attempt, now=now)
    services.report_job_queued(job=job, task_id=result.id)


def report_job_start(*, job: ReportJob) -> None:
    """Queue a new job for a worker; its page shows it waiting, then each step."""
    report_job_enqueue(job=job)


def report_job_retry(*, actor: Any, job: ReportJob) -> None:
    """Queue a failed or interrupted job again (PermissionDenied / ReportError if it may not be)."""
    services.report_job_require_retry(actor, job)
    report_job_enqueue(job=job)
