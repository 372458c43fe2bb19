"""XLSX exports of reporting: the completeness grid, and reports (filled or blank) for offline work."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from doingoai.directory.models import Organization
from doingoai.reporting.formspec import FormSpec
from doingoai.reporting.models import Report
from doingoai.reporting.selectors import Completeness, GridRow
from doingoai.reporting.timeliness import local_date
from doingoai.reporting.xlsx_io import report_sheet, rows_sheet
from doingoai.spreadsheet_cells import FORMAT_DAY, FORMAT_PERCENT, FORMAT_WHOLE, book_bytes, new_book


def completeness_xlsx(columns: list[Completeness], rows: list[GridRow]) -> bytes:
    """Return the grid (one row per unit and period) and the rates of each period."""
    book = new_book()
    headers = [
        _("Kỳ"),
        _("Mã đơn vị"),
        _("Đơn vị"),
        _("Mã tỉnh"),
        _("Trạng thái"),
        _("Nộp lần đầu"),
        _("Hạn nộp"),
        _("Đúng hạn"),
    ]
    lines: list[list[Any]] = []
    for row in rows:
        for column, cell in zip(columns, row.cells, strict=True):
            if cell is None:
                continue
            lines.append(
                [
                    column.period.code,
                    row.unit.pk,
                    row.unit.name,
                    row.unit.province_code,
                    cell.state_label,
                    local_date(cell.first_submitted) if cell.first_submitted else None,
                    cell.due_date,
                    "" if cell.on_time is None else (_("có") if cell.on_time else _("không")),
                ]
            )
    rows_sheet(book, _("Tình hình nộp"), headers, lines, formats={5: FORMAT_DAY, 6: FORMAT_DAY})
    # A period no unit had to report, or not yet due, has no rate (the page shows "—"), not 0.
    summary = [
        [
            c.period.code,
            c.expected,
            c.complete,
            c.on_time,
            round(c.rate, 4) if c.expected and not c.not_yet_due else None,
            round(c.timely_rate, 4) if c.expected and not c.not_yet_due else None,
            c.due_date,
            _("chưa đến hạn") if c.not_yet_due else "",
        ]
        for c in columns
    ]
    rows_sheet(
        book,
        _("Tỷ lệ"),
        [
            _("Kỳ"),
            _("Phải nộp"),
            _("Đã nộp"),
            _("Đúng hạn"),
            _("Tỷ lệ nộp"),
            _("Tỷ lệ đúng hạn"),
            _("Hạn nộp"),
            _("Ghi chú"),
        ],
        summary,
        # The counts grouped (3.321 communes read 3.321 in a Vietnamese Excel), as every export's are.
        formats={
            1: FORMAT_WHOLE,
            2: FORMAT_WHOLE,
            3: FORMAT_WHOLE,
            4: FORMAT_PERCENT,
            5: FORMAT_PERCENT,
            6: FORMAT_DAY,
        },
    )
    return book_bytes(book)


def reports_xlsx(reports: list[Report]) -> bytes:
    """Return the reports' values, one sheet each, in the upload layout."""
    book = new_book()
    for report in reports:
        report_sheet(
            book,
            spec=report.form.spec,
            unit_id=report.unit_id,
            unit_name=report.unit.name,
            period=report.period,
            values=report.values,
            report_version=report.version,
        )
    return book_bytes(book)


def blank_xlsx(spec: FormSpec, units: list[Organization], period: str) -> bytes:
    """Return blank sheets of `spec` for `units` and `period` (a coordinator's bulk template)."""
    book = new_book()
    # A unit whose report is already begun gets its version, so that an upload made after a
    # colleague changed that report is refused instead of overwriting their figures.
    versions = dict(
        Report.objects.filter(form_code=spec.code, period=period, unit__in=units).values_list(
            "unit_id", "version"
        )
    )
    for unit in units:
        report_sheet(
            book,
            spec=spec,
            unit_id=unit.pk,
            unit_name=unit.name,
            period=period,
            values={},
            report_version=versions.get(unit.pk),
        )
    return book_bytes(book)
