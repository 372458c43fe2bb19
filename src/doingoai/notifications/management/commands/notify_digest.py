"""`doingoai notify_digest --date YYYY-MM-DD`: send the day's digest e-mails."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from doingoai.notifications.services import digest_send_all


class Command(BaseCommand):
    """Send each person one digest for the day (never an empty one, never two)."""

    help = (
        "Send the daily digest e-mail to every active user with an address: reports due in 7 days and "
        "in 1 day, overdue, returned, accepted, approved, and the items other apps add. "
        "Running it twice for a day sends nothing more."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", default="", help="the day of the digest, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--base-url", default="", help="prefix of the links, e.g. https://doingoai.example"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        try:
            today = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate(now)
        except ValueError as exc:
            raise CommandError("Ngày không hợp lệ: viết YYYY-MM-DD, ví dụ 2026-01-08.") from exc
        sent = digest_send_all(today=today, now=now, base_url=options["base_url"].rstrip("/"))
        for username, count in sent.items():
            self.stdout.write(f"{username}: {count}")
        self.stdout.write(f"Đã gửi {len(sent)} thư tổng hợp ngày {today:%d/%m/%Y}.")
