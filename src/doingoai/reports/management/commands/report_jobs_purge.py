"""`doingoai report_jobs_purge [--days N]`: delete the finished report jobs older than N days."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from doingoai.reports.errors import ReportError
from doingoai.reports.services import report_jobs_purge


class Command(BaseCommand):
    """Delete built or failed annual-report jobs, and their Word files, past their keeping time."""

    help = (
        "Delete the annual-report jobs built or failed more than N days ago, with their Word files "
        "and sources (default: REPORT_JOBS_KEEP_DAYS, set by DOINGOAI_REPORT_JOBS_KEEP_DAYS, 30). "
        "Jobs waiting or being built are kept. Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="keep the jobs of the last N days")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] if options["days"] is not None else settings.REPORT_JOBS_KEEP_DAYS
        try:
            deleted = report_jobs_purge(now=timezone.now(), keep_days=days)
        except ReportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã xóa {deleted} yêu cầu lập báo cáo quá {days} ngày.")
