"""`doingoai events_rebuild`: regroup the whole library once, or the events of a window of dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from doingoai.library import services
from doingoai.library.errors import LibraryError


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ: “{value}” (cần dạng YYYY-MM-DD).") from exc


class Command(BaseCommand):
    """Rebuild the events from the stored features: all of them, or those of a window of dates."""

    help = (
        "Regroup the documents into events. Imports and deletions keep the events up to date one "
        "document at a time; run this once after upgrading a library stored before that, or with "
        "--from and --to to regroup only the events with a document dated in that window."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="date_from", default="", help="first day (YYYY-MM-DD)")
        parser.add_argument("--to", dest="date_to", default="", help="last day (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        if bool(options["date_from"]) != bool(options["date_to"]):
            raise CommandError("Cần cả --from và --to, hoặc không tham số nào.")
        try:
            if options["date_from"]:
                count = services.events_regroup_window(
                    date_from=_day(options["date_from"]), date_to=_day(options["date_to"])
                )
            else:
                count = services.events_rebuild()
        except LibraryError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{count} sự kiện.")
