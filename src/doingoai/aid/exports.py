"""Build the XLSX exports of the aid lists; the rows come from the same selectors as the pages.

The files are for people: Vietnamese headers, a frozen header row, fitting widths, amounts as
numbers (#,##0 for VND and the currencies without cents, two decimals for USD and the others),
dates as dates shown dd/mm/yyyy, and each sector on its own row as "code – name".
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from doingoai.aid.currency import conversion_stale_rates
from doingoai.aid.sectors import sector_label
from doingoai.aid.selectors import ProjectTotals, projects_totals, sector_share
from doingoai.aid.spreadsheets import Column, workbook_from_sheets


def projects_xlsx(projects: Any) -> bytes:
    """Return the projects as XLSX: the projects with their funders, dates and totals; their sectors."""
    project_columns = [
        Column(_("Mã IATI")),
        Column(_("Tên dự án")),
        Column(_("Trạng thái")),
        Column(_("Chương trình")),
        Column(_("Đơn vị quản lý")),
        Column(_("Đã công bố")),
        Column(_("Lĩnh vực")),
        Column(_("Địa bàn")),
        Column(_("Nhà tài trợ")),
        Column(_("Ngày bắt đầu"), "date"),
        Column(_("Ngày kết thúc"), "date"),
        Column(_("Cam kết (VND)"), "vnd"),
        Column(_("Giải ngân (VND)"), "vnd"),
        Column(_("Cam kết (USD)"), "usd"),
        Column(_("Giải ngân (USD)"), "usd"),
    ]
    sector_columns = [
        Column(_("Mã IATI")),
        Column(_("Tên dự án")),
        Column(_("Lĩnh vực")),
        Column(_("Tỷ lệ (%)"), "percent"),
    ]
    project_rows: list[list[Any]] = []
    sector_rows: list[list[Any]] = []
    totals = projects_totals(projects)
    for p in projects:
        sectors = list(p.sectors.all())
        money = totals.get(p.pk, ProjectTotals())
        project_rows.append(
            [
                p.iati_identifier,
                p.title,
                p.get_status_display(),
                p.programme.name if p.programme else "",
                p.owner_unit.name,
                _("có") if p.is_published else _("không"),
                "\n".join(f"{sector_label(s.code)} ({_percent(s.percentage)}%)" for s in sectors),
                "; ".join(loc.name for loc in p.locations.all()),
                "; ".join(money.funders),
                # The dates that happened, else the ones planned.
                p.actual_start or p.planned_start,
                p.actual_end or p.planned_end,
                money.commitment_vnd,
                money.disbursement_vnd,
                money.commitment_usd,
                money.disbursement_usd,
            ]
        )
        sector_rows += [[p.iati_identifier, p.title, sector_label(s.code), s.percentage] for s in sectors]
    return workbook_from_sheets(
        [(_("Dự án"), project_columns, project_rows), (_("Lĩnh vực"), sector_columns, sector_rows)]
    )


def _percent(value: Any) -> str:
    """Return a percentage as written in Vietnamese: 80, 33,33 (never 8E+1)."""
    return f"{value.normalize():f}".replace(".", ",")


def transactions_xlsx(transactions: Any, *, sector: str = "") -> bytes:
    """Return the transactions as an XLSX sheet with their stored conversion (and sector share if any)."""
    columns = [
        Column(_("Mã IATI dự án")),
        Column(_("Tên dự án")),
        Column(_("Loại giao dịch")),
        Column(_("Ngày"), "date"),
        Column(_("Bên cấp vốn")),
        Column(_("Số tiền"), "money", currency_of=6),
        Column(_("Tiền tệ")),
        Column(_("Tỷ giá ra VND"), "rate"),
        Column(_("Ngày của tỷ giá"), "date"),
        Column(_("Quy đổi VND"), "vnd"),
        Column(_("Tỷ giá USD"), "rate"),
        Column(_("Quy đổi USD"), "usd"),
        Column(_("Ngày của tỷ giá USD"), "date"),
        Column(_("Tỷ giá quá cũ")),
    ]
    if sector:
        columns.append(Column(_("Tỷ lệ của lĩnh vực (%)"), "percent"))
    rows = []
    for t in transactions:
        row = [
            t.project.iati_identifier,
            t.project.title,
            t.get_transaction_type_display(),
            t.date,
            t.provider.name,
            t.value,
            t.currency,
            t.rate,
            t.rate_date,
            t.value_vnd,
            t.usd_rate,
            t.value_usd,
            t.usd_rate_date,
            # Flagged as on the pages: a rate older than AID_RATE_MAX_AGE_DAYS before the transaction.
            ", ".join(f"{code} {day:%d/%m/%Y}" for code, day in conversion_stale_rates(t)),
        ]
        if sector:
            row.append(sector_share(t, sector) * 100)
        rows.append(row)
    return workbook_from_sheets([(_("Giao dịch"), columns, rows)])
