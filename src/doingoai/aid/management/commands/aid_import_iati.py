"""`doingoai aid_import_iati FILE [--unit UNIT]`: import an IATI 2.03 activities file into the registry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from doingoai.accounts.scope import SYSTEM
from doingoai.aid.errors import AidImportError
from doingoai.aid.iati_io import MAX_BYTES, aid_iati_import
from doingoai.directory.selectors import UnitNames, UnitRefusal


class Command(BaseCommand):
    """Read the file, import it all or nothing, print what was written or every problem."""

    help = (
        "Import an IATI 2.03 activities XML file into the aid registry, all of it or nothing: "
        "projects are matched by IATI identifier, transactions by project, type, date and provider. "
        "New projects belong to --unit (default: VUFO) and are unpublished."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="the IATI XML file")
        parser.add_argument(
            "--unit",
            default="VUFO",
            help="id, name or abbreviation of the unit owning new projects (default: VUFO); a name two units"
            " share is refused: give the id",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        value = str(options["unit"]).strip()
        # The directory's rule: a code, or a name or abbreviation of one unit alone, never a first of several.
        code, name = (value, "") if value.isdecimal() else ("", value)
        found = UnitNames().resolve(
            name, code, advice=lambda unit: f"Hãy ghi mã của đơn vị: --unit {unit.pk}."
        )
        if isinstance(found, UnitRefusal):
            raise CommandError(f"--unit: {found.message} (give the unit's id, its name or its abbreviation)")
        unit = found
        path = Path(options["file"])
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"không đọc được tệp {path}: {exc.strerror}") from exc
        try:
            result = aid_iati_import(actor=SYSTEM, data=data, source_name=path.name, owner_unit=unit)
        except AidImportError as exc:
            raise CommandError("\n".join(exc.problems)) from exc
        self.stdout.write(result.summary())
        # An import that changed existing records says which (a re-import of unchanged rows lists none).
        if result.projects_updated:
            self.stdout.write("Dự án đã thay đổi: " + ", ".join(result.projects_updated))
        if result.transactions_updated:
            self.stdout.write("Giao dịch đã thay đổi: " + ", ".join(result.transactions_updated))
