"""`doingoai iati_refresh --from SOURCE ...`: replace the shipped IATI 2.03 schemas and codelists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from doingoai.iati.refresh import IatiRefreshError, standard_refresh
from doingoai.iati.standard import standard_data_dir


class Command(BaseCommand):
    """Find the needed files in the sources, check them, then replace the shipped copies."""

    help = (
        "Refresh the IATI 2.03 schemas and codelists shipped with doingoai from a downloaded release. "
        "Give each source with --from: a folder or ZIP of IATI-Schemas (branch version-2.03), "
        "IATI-Codelists (version-2.03) and IATI-Codelists-NonEmbedded. Every needed file must be "
        "found once and the schema must compile, or nothing is changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from",
            dest="sources",
            action="append",
            required=True,
            metavar="DIR_OR_ZIP",
            help="a folder or ZIP archive holding schemas and/or codelists (repeat for several)",
        )
        parser.add_argument(
            "--note",
            default="",
            help="where the sources came from (URL, commit or release date), recorded in VERSION.json",
        )
        parser.add_argument(
            "--target",
            default=None,
            help="folder to write (default: the package's own data folder)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sources = [Path(source) for source in options["sources"]]
        target = Path(options["target"]) if options["target"] else standard_data_dir()
        note = options["note"] or ", ".join(source.name for source in sources)
        try:
            metadata = standard_refresh(sources, target=target, source_note=note, today=timezone.localdate())
        except IatiRefreshError as exc:
            raise CommandError("Không cập nhật được chuẩn IATI:\n" + "\n".join(exc.messages)) from exc
        self.stdout.write(
            f"Đã cập nhật {len(metadata['files'])} tệp chuẩn IATI {metadata['version']} vào {target}."
        )
