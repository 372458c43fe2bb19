"""Built annual reports are kept a set number of days, then deleted with their Word files."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from doingoai.reports import services
from doingoai.reports.errors import ReportError
from doingoai.reports.models import ReportJob, ReportJobStatus

NOW = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)


def _job(user: Any, status: str, *, finished_days_ago: int | None, asked_days_ago: int = 0) -> ReportJob:
    """Store a report job in `status`, asked and finished the given number of days before NOW."""
    job = services.report_job_create(user=user, year=2025, today=NOW.date())
    finished = NOW - dt.timedelta(days=finished_days_ago) if finished_days_ago is not None else None
    ReportJob.objects.filter(pk=job.pk).update(
        status=status,
        finished_at=finished,
        created_at=NOW - dt.timedelta(days=asked_days_ago),
        docx=b"PK\x03\x04 word" if status == ReportJobStatus.DONE else None,
    )
    return job


def test_finished_jobs_past_their_keeping_time_are_deleted_and_others_kept(make_user: Any) -> None:
    user = make_user("coordinator", None)
    old_done = _job(user, ReportJobStatus.DONE, finished_days_ago=31, asked_days_ago=31)
    old_failed = _job(user, ReportJobStatus.FAILED, finished_days_ago=45, asked_days_ago=45)
    # Finished before the cutoff is what counts, not when it was asked for.
    recent_done = _job(user, ReportJobStatus.DONE, finished_days_ago=29, asked_days_ago=60)
    # Waiting or being built: never deleted, however old.
    old_running = _job(user, ReportJobStatus.RUNNING, finished_days_ago=None, asked_days_ago=90)
    old_pending = _job(user, ReportJobStatus.PENDING, finished_days_ago=None, asked_days_ago=90)
    # Finished with no time recorded: aged from its request.
    undated_done = _job(user, ReportJobStatus.DONE, finished_days_ago=None, asked_days_ago=40)
    assert services.report_jobs_purge(now=NOW, keep_days=30) == 3
    assert set(ReportJob.objects.values_list("pk", flat=True)) == {
        recent_done.pk,
        old_running.pk,
        old_pending.pk,
    }
    assert not ReportJob.objects.filter(pk__in=[old_done.pk, old_failed.pk, undated_done.pk]).exists()
    assert services.report_jobs_purge(now=NOW, keep_days=30) == 0


def test_keeping_time_of_less_than_a_day_is_refused(db: None) -> None:
    with pytest.raises(ReportError, match="từ 1 trở lên"):
        services.report_jobs_purge(now=NOW, keep_days=0)


def test_purge_command_uses_the_setting_or_its_option(make_user: Any, settings: Any) -> None:
    user = make_user("coordinator", None)
    now = timezone.now()
    for days in (3, 10):
        job = services.report_job_create(user=user, year=2025, today=now.date())
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJobStatus.DONE, finished_at=now - dt.timedelta(days=days)
        )
    settings.REPORT_JOBS_KEEP_DAYS = 7
    out = StringIO()
    call_command("report_jobs_purge", stdout=out)
    assert out.getvalue().strip() == "Đã xóa 1 yêu cầu lập báo cáo quá 7 ngày."
    call_command("report_jobs_purge", "--days", "2", stdout=out)
    assert out.getvalue().strip().endswith("Đã xóa 1 yêu cầu lập báo cáo quá 2 ngày.")
    assert not ReportJob.objects.exists()
    with pytest.raises(CommandError, match="từ 1 trở lên"):
        call_command("report_jobs_purge", "--days", "0")


def test_job_page_says_how_long_a_built_report_is_kept(
    make_user: Any, client_for: Any, settings: Any
) -> None:
    user = make_user("coordinator", None)
    job = _job(user, ReportJobStatus.DONE, finished_days_ago=1)
    settings.REPORT_JOBS_KEEP_DAYS = 45
    page = client_for(user).get(f"/bao-cao/tong-ket/yeu-cau/{job.pk}/").content.decode()
    assert "được giữ 45 ngày" in page
