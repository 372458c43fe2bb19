"""Make the annual report: one function from (user, year, unit, date) to the Word file and its sources.

`annual_report_build` is the whole generation, so the page, the command and (later) a background
task all call it. It reads only; it writes no record.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import translation

from doingoai.accounts import scope
from doingoai.analysis.admin_units import province_by_code
from doingoai.directory.models import Organization
from doingoai.directory.selectors import organization_by_reference
from doingoai.reports.content import Contribution, Paragraph, ReportContext, Table
from doingoai.reports.numbers import ROMAN, date_line
from doingoai.reports.registry import PARTS, SLOTS, SectionProvider, providers_load
from doingoai.reports.word import Heading, Letterhead, document_fill

# The national report's issuer when none is chosen: a unit's id or abbreviation in the settings
# (DOINGOAI_REPORT_ISSUER), else this description of the coordinating body.
NATIONAL_ISSUER = "Cơ quan điều phối công tác đối ngoại nhân dân"
NATIONAL_SYMBOL = "ĐNND"
CAPITAL = "Hà Nội"


@dataclass
class ReportFile:
    """A generated report: the .docx bytes, the sources file's content, and a file name."""

    docx: bytes
    sources: dict[str, Any]
    filename: str

    @property
    def sources_json(self) -> str:
        """Return the sources file's text."""
        return json.dumps(self.sources, ensure_ascii=False, indent=2) + "\n"


def report_issuer_default(user: Any) -> Organization | None:
    """Return the unit that issues the national report: the settings' choice, else the user's unit."""
    reference = str(getattr(settings, "DOINGOAI_REPORT_ISSUER", "") or "")
    if reference:
        return organization_by_reference(reference)
    return getattr(user, "unit", None)


def _symbol(unit: Organization | None) -> str:
    if unit is None:
        return NATIONAL_SYMBOL
    if unit.abbreviation:
        return re.sub(r"\s+", "", unit.abbreviation).upper()
    return "".join(word[0] for word in unit.name.split() if word[0].isalpha()).upper()


def _place(unit: Organization | None) -> str:
    province = province_by_code(unit.province_code) if unit is not None and unit.province_code else None
    return province.name if province is not None else CAPITAL


def _letterhead(context: ReportContext, issuer: Organization | None) -> Letterhead:
    year = context.year
    if context.unit is not None:
        recipients = ["- Cơ quan điều phối công tác đối ngoại nhân dân (để tổng hợp);", "- Lưu: VT."]
    else:
        recipients = ["- Các cơ quan, đơn vị trong hệ thống (để biết);", "- Lưu: VT."]
    return Letterhead(
        parent=issuer.parent.name if issuer is not None and issuer.parent is not None else "",
        issuer=issuer.name if issuer is not None else NATIONAL_ISSUER,
        # Mục II, khoản 3: the number is given when the report is registered; the symbol is ours.
        number=f"{' ' * 6}/BC-{_symbol(issuer)}",
        place_date=date_line(_place(issuer), context.today),
        kind="Báo cáo",
        summary=f"Tổng kết công tác đối ngoại nhân dân năm {year},\nphương hướng, nhiệm vụ năm {year + 1}",
        recipients=recipients,
    )


def _body(
    context: ReportContext, found: list[tuple[SectionProvider, list[Contribution]]], issuer_name: str
) -> tuple[list[Heading | Paragraph | Table], list[Table]]:
    used = [p for p, contributions in found if contributions]
    opening = (
        f"Số liệu trong báo cáo được tổng hợp từ {'; '.join(p.data_label for p in used)}, tính đến ngày "
        f"{context.today:%d/%m/%Y}. Mỗi số liệu có chú thích [n] dẫn tới các bản ghi gốc (phần "
        "“Nguồn số liệu” ở cuối báo cáo)."
        if used
        else f"Đến ngày {context.today:%d/%m/%Y}, hệ thống chưa có dữ liệu nào của năm {context.year} "
        "để tổng hợp."
    )
    body: list[Heading | Paragraph | Table] = [
        Paragraph(
            [
                f"{issuer_name} báo cáo tổng kết công tác đối ngoại nhân dân năm {context.year}"
                + ("" if context.unit is not None else f" của {context.subject}")
                + f", phương hướng, nhiệm vụ năm {context.year + 1} như sau."
            ]
        ),
        Paragraph([opening]),
    ]
    by_slot: dict[str, list[Contribution]] = {}
    for _provider, contributions in found:
        for contribution in contributions:
            by_slot.setdefault(contribution.slot, []).append(contribution)
    number = 0
    for part, title in PARTS:
        slots = [s for s in SLOTS if s.part == part and by_slot.get(s.key)]
        if not slots:
            continue
        body.append(Heading(f"{ROMAN[number]}. {title.format(next_year=context.year + 1)}"))
        number += 1
        for index, slot in enumerate(slots, start=1):
            if slot.heading:
                body.append(Heading(f"{index}. {slot.heading}", level=2))
            for contribution in by_slot[slot.key]:
                if contribution.heading:
                    body.append(Heading(contribution.heading, level=2))
                body += contribution.blocks
    appendix = [b for c in by_slot.get("appendix", []) for b in c.blocks if isinstance(b, Table)]
    return body, appendix


def annual_report_build(
    *,
    user: Any,
    year: int,
    today: Any,
    unit: Organization | None = None,
    issuer: Organization | None = None,
    site_url: str = "",
    providers: list[SectionProvider] | None = None,
) -> ReportFile:
    """Return the annual report of `year`: national (coordinators), or of `unit` (users who may read it).

    A unit's report holds only the unit's data (its projects, its library, and those of the units
    below it). `today` is the report's date. Raise PermissionDenied for a report out of the
    user's scope.
    """
    if unit is None and not scope.user_is_coordinator(user):
        raise PermissionDenied("Chỉ cơ quan điều phối quốc gia lập được báo cáo toàn quốc.")
    if unit is not None and not scope.unit_can_read(user, unit):
        raise PermissionDenied("Bạn không có quyền lập báo cáo của đơn vị này.")
    issuer = unit if unit is not None else issuer
    context = ReportContext(user=user, year=year, unit=unit, today=today, site_url=site_url)
    with translation.override("vi"):
        found = [(p, p.contributions(context)) for p in (providers or providers_load())]
        letterhead = _letterhead(context, issuer)
        body, appendix = _body(context, found, letterhead.issuer)
        data, notes = document_fill(letterhead=letterhead, body=body, appendix=appendix)
    sources = {
        "year": year,
        "unit": {"id": unit.pk, "name": unit.name} if unit is not None else None,
        "date": today.isoformat(),
        "providers": [p.name for p, contributions in found if contributions],
        "figures": [figure.as_json(note) for figure, note in notes.figures.values()],
    }
    slug = f"-don-vi-{unit.pk}" if unit is not None else ""
    return ReportFile(docx=data, sources=sources, filename=f"bao-cao-tong-ket-{year}{slug}.docx")


def annual_report_write(*, output: Path, **arguments: Any) -> ReportFile:
    """Build the report and write it to `output`, with its sources beside it (`output`.sources.json)."""
    report = annual_report_build(**arguments)
    output.write_bytes(report.docx)
    Path(f"{output}.sources.json").write_text(report.sources_json, encoding="utf-8")
    return report
