"""`doingoai restore FILE`: bring back a backup into an empty database and data folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from doingoai.ops.backup import restore_read
from doingoai.ops.errors import BackupError


class Command(BaseCommand):
    """Restore a backup made by `doingoai backup`."""

    help = (
        "Restore FILE (made by `doingoai backup`) into an empty database and data folder: every record, "
        "user and password comes back. Refuses a target that already holds data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="the archive written by `doingoai backup`")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = restore_read(archive=Path(options["file"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục cơ sở dữ liệu ({summary.engine}) và {summary.files} tệp "
                f"từ bản sao lưu lúc {summary.created_at}."
            )
        )
