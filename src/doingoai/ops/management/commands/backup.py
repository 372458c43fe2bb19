"""`doingoai backup FILE`: write the database and the data folder's files into one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from doingoai.ops.backup import backup_write
from doingoai.ops.errors import BackupError


class Command(BaseCommand):
    """Back up a running instance."""

    help = (
        "Write a consistent backup of the database (SQLite online backup, or pg_dump for PostgreSQL) "
        "and of the data folder's files into FILE (.tar.gz). The site may keep running meanwhile."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", metavar="FILE", help="the archive to write, e.g. doingoai-2026-12-03.tar.gz"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_write(archive=Path(options["file"]), now=timezone.now())
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu cơ sở dữ liệu ({summary.engine}) và {summary.files} tệp vào {options['file']}."
            )
        )
