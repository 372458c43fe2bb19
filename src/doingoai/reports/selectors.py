"""Reads of the reports app: the report jobs a user may follow and download."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from doingoai.accounts import scope
from doingoai.reports.models import ReportJob


def report_jobs_list(*, user: Any) -> QuerySet[ReportJob]:
    """Return the report jobs the user may follow: their own (every job, for a coordinator).

    A report is built under its requester's scope, so another user of the same unit, who may see
    less (unpublished records), does not get it. The files are left out of the rows.
    """
    jobs = ReportJob.objects.select_related("unit", "created_by").defer("docx", "sources")
    if scope.user_is_coordinator(user):
        return jobs
    if not getattr(user, "is_authenticated", False):
        return jobs.none()
    return jobs.filter(created_by=user)


def report_job_get(*, user: Any, pk: int, with_files: bool = False) -> ReportJob:
    """Return one report job the user may follow, or raise Http404.

    A unit's report stays out of reach of a user who no longer reads that unit, and a national one
    of a user who is no longer a coordinator.
    """
    jobs = report_jobs_list(user=user)
    if with_files:
        jobs = jobs.defer(None)
    job = jobs.filter(pk=pk).first()
    readable = job is not None and (
        scope.unit_can_read(user, job.unit) if job.unit is not None else scope.user_is_coordinator(user)
    )
    if job is None or not readable:
        raise Http404(_("Không tìm thấy yêu cầu lập báo cáo."))
    return job
