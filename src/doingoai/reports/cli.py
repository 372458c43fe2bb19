"""The `doingoai report annual` command: write the annual report (.docx) and its sources (.sources.json)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any


def report_parser_add(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `report` command (with its `annual` subcommand) to the `doingoai` subparsers."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "report",
        help="Write reports in Word (the annual summary report).",
        description="Write reports in Word, in the administrative format of Nghị định 30/2020/NĐ-CP.",
    )
    kinds = parser.add_subparsers(dest="report", metavar="REPORT")
    kinds.required = True
    annual = kinds.add_parser(
        "annual",
        help="The annual summary report, national or of one unit.",
        description=(
            "Write the annual summary report of YEAR as a Word file, and FILE.sources.json beside it: "
            "every figure of the report with the records it was computed from. Without --unit the "
            "report is national; with --unit it holds only that unit's data (and its sub-units')."
        ),
    )
    annual.add_argument("--year", type=int, required=True, help="the year reported on, e.g. 2025")
    annual.add_argument("--unit", default="", help="id or abbreviation of the unit (default: national)")
    annual.add_argument(
        "--issuer", default="", help="id or abbreviation of the unit issuing the national report"
    )
    annual.add_argument("--date", default="", help="the report's date, YYYY-MM-DD (default: today)")
    annual.add_argument(
        "--site-url", default="", help="the site's address, to make the notes' links absolute"
    )
    annual.add_argument("--output", "-o", required=True, metavar="FILE.docx", help="the Word file to write")
    annual.set_defaults(func=cmd_report_annual)
    return parser


def cmd_report_annual(args: argparse.Namespace) -> int:
    """Write the annual report and its sources; a bad option gets a one-line message and exit code 2."""
    from doingoai.cli import django_setup

    django_setup()
    from django.utils import timezone

    from doingoai.accounts.scope import SYSTEM
    from doingoai.directory.selectors import organization_by_reference
    from doingoai.reports.services import annual_report_write, report_issuer_default

    err = sys.stderr
    units = {}
    for option in ("unit", "issuer"):
        value = getattr(args, option)
        units[option] = organization_by_reference(value) if value else None
        if value and units[option] is None:
            err.write(
                f"doingoai: lỗi: --{option}: không có đơn vị “{value}” (no such unit: id or abbreviation)\n"
            )
            return 2
    try:
        today = dt.date.fromisoformat(args.date) if args.date else timezone.localdate()
    except ValueError:
        err.write(f"doingoai: lỗi: --date: “{args.date}” không phải ngày dạng YYYY-MM-DD\n")
        return 2
    if not 1900 <= args.year <= 9999:
        err.write(f"doingoai: lỗi: --year: năm “{args.year}” không hợp lệ\n")
        return 2
    output = Path(args.output)
    if output.suffix.lower() != ".docx":
        err.write(f"doingoai: lỗi: --output: “{output}” phải là tệp .docx\n")
        return 2
    started = time.monotonic()
    report = annual_report_write(
        output=output,
        user=SYSTEM,
        year=args.year,
        unit=units["unit"],
        issuer=units["issuer"] or report_issuer_default(SYSTEM),
        today=today,
        site_url=args.site_url,
    )
    err.write(
        f"{output} · {output}.sources.json · {len(report.sources['figures'])} số liệu · "
        f"{time.monotonic() - started:.1f} s\n"
    )
    return 0
