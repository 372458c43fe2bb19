"""`doingoai chores [--every SECONDS]`: the daily chores, once or in a loop (the compose file's `chores`).

- the day's digest e-mails (`notify_digest`), from 07:00 Vietnam time, sent once a day whatever
  the number of runs;
- the finished annual-report jobs past their keeping time (`report_jobs_purge`);
- the task queue's finished results past the same time (`prune_db_task_results`).

With `--every`, it runs them, sleeps, and runs them again, so one container keeps them going; a
chore that fails is reported and the others still run.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
DIGEST_FROM_HOUR = 7  # no e-mail in the night


class Command(BaseCommand):
    """Run the daily chores once, or every N seconds."""

    help = (
        "Run the daily chores: the digest e-mails (from 07:00 Vietnam time, once a day), and the "
        "clean-up of finished report jobs and task results older than REPORT_JOBS_KEEP_DAYS. "
        "With --every N, run them every N seconds."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=int, default=0, help="run again every N seconds (0: once)")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            self.chores_run(timezone.now())
            if options["every"] <= 0:
                return
            time.sleep(options["every"])

    def chores_run(self, now: dt.datetime) -> None:
        """Run each chore due at `now`; report a failure and go on with the others."""
        days = str(settings.REPORT_JOBS_KEEP_DAYS)
        local = now.astimezone(VIETNAM)
        chores: list[tuple[str, list[str]]] = []
        if local.hour >= DIGEST_FROM_HOUR:
            chores.append(("notify_digest", ["--date", local.date().isoformat()]))
        chores += [
            ("report_jobs_purge", ["--days", days]),
            ("prune_db_task_results", ["--min-age-days", days, "--queue-name", "*"]),
        ]
        for name, arguments in chores:
            try:
                call_command(name, *arguments, stdout=self.stdout, stderr=self.stderr)
            except Exception as exc:
                self.stderr.write(f"{name}: {exc}")
