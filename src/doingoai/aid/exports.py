"""Build the XLSX exports of the aid lists; the rows come from the same selectors as the pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from doingoai.aid.selectors import sector_share
from doingoai.aid.spreadsheets import workbook_from_rows


def projects_xlsx(projects: Any) -> bytes:
    """Return the projects as an XLSX sheet, one row per project."""
    headers = [
        _("Mã IATI"),
        _("Tên dự án"),
        _("Trạng thái"),
        _("Chương trình"),
        _("Đơn vị quản lý"),
        _("Đã công bố"),
        _("Lĩnh vực"),
        _("Địa bàn"),
    ]
    rows = (
        [
            p.iati_identifier,
            p.title,
            p.get_status_display(),
            p.programme.name if p.programme else "",
            p.owner_unit.name,
            _("có") if p.is_published else _("không"),
            "; ".join(f"{s.code}:{s.percentage.normalize()}" for s in p.sectors.all()),
            "; ".join(loc.name for loc in p.locations.all()),
        ]
        for p in projects
    )
    return workbook_from_rows(_("Dự án"), headers, rows)


def transactions_xlsx(transactions: Any, *, sector: str = "") -> bytes:
    """Return the transactions as an XLSX sheet with their stored conversion (and sector share if any)."""
    headers = [
        _("Mã IATI dự án"),
        _("Tên dự án"),
        _("Loại giao dịch"),
        _("Ngày"),
        _("Bên cấp vốn"),
        _("Số tiền"),
        _("Tiền tệ"),
        _("Tỷ giá ra VND"),
        _("Ngày của tỷ giá"),
        _("Quy đổi VND"),
        _("Tỷ giá USD"),
        _("Quy đổi USD"),
    ]
    if sector:
        headers.append(_("Tỷ lệ của lĩnh vực"))
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
        ]
        if sector:
            row.append(sector_share(t, sector))
        rows.append(row)
    return workbook_from_rows(_("Giao dịch"), headers, rows)
