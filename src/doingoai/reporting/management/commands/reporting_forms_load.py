"""`doingoai reporting_forms_load [FILE.json ...]`: load report form definitions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from doingoai.accounts.scope import SYSTEM
from doingoai.reporting import services
from doingoai.reporting.errors import ReportingError


class Command(BaseCommand):
    """Load the forms shipped with doingoai, or the given definition files."""

    help = (
        "Load report forms: without arguments, the two forms shipped with doingoai (the annual "
        "people-to-people diplomacy report, the quarterly foreign NGO aid report); with files, those "
        "JSON definitions. A version that already has reports cannot change: give it a new version."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "files", nargs="*", help="JSON form definitions (see doingoai.reporting.formspec)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["files"]:
                forms = [
                    services.form_load(
                        actor=SYSTEM, definition=json.loads(Path(f).read_text(encoding="utf-8"))
                    )
                    for f in options["files"]
                ]
            else:
                forms = services.forms_load_package(actor=SYSTEM)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Không đọc được định nghĩa biểu mẫu: {exc}") from exc
        except ReportingError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for form in forms:
            self.stdout.write(f"{form.code} v{form.version}: {form.name}")
