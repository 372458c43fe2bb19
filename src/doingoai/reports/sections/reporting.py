"""The units' part of the annual report: their approved annual reports of the year (issue 13's forms).

The reports are the approved `DNND-NAM` reports for the year that the user may read
(`doingoai.reporting.selectors.reports_visible`; for a unit's report, that unit's and those of the
units below it). Only approved reports count: a figure the level above has not approved is not
the system's figure yet. Every total's sources are the ids of the reports it sums, with the
indicator named (`basis={"op": "sum", "field": <indicator>}`), so it is recomputed from the
reports' stored values. The units' narrative sections ("tồn tại, hạn chế", "phương hướng")
are quoted under III and IV, each with its unit named.
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from doingoai.analysis.text import name_sort_key
from doingoai.reporting.errors import ReportingError
from doingoai.reporting.models import Report, ReportState
from doingoai.reporting.periods import period_parse
from doingoai.reporting.selectors import form_in_force, reports_visible, value_decimal
from doingoai.reports.content import (
    AppendixRef,
    Contribution,
    Figure,
    Paragraph,
    ReportContext,
    Run,
    Source,
    Table,
)
from doingoai.reports.numbers import number_vi

ANNUAL_FORM = "DNND-NAM"
# (indicator, what it counts, as the report says it)
TOTALS = (
    ("doan_ra", "đoàn", "đoàn ra nước ngoài"),
    ("doan_vao", "đoàn", "đoàn nước ngoài được đón tiếp"),
    ("su_kien", "sự kiện", "sự kiện, hoạt động đối ngoại nhân dân"),
    ("hoi_huu_nghi", "hội", "hội hữu nghị đang hoạt động"),
    ("thoa_thuan", "văn bản", "thỏa thuận, biên bản ghi nhớ được ký"),
    ("nghien_cuu", "đề tài, bài", "đề tài, bài nghiên cứu, tham luận"),
    ("an_pham", "ấn phẩm", "ấn phẩm, sản phẩm truyền thông"),
)
NARRATIVES_LISTED = 20
# The key of the appendix of the activities by kind of unit, for the text that refers to it.
KINDS_APPENDIX = "reporting.kinds"


def indicator_value(report: Report, code: str) -> Decimal:
    """Return a report's number for an indicator (0 when the unit left it empty)."""
    raw = (report.values or {}).get(code)
    return value_decimal(None if raw is None else str(raw)) or Decimal(0)


def _indicator_labels(year: int) -> dict[str, str]:
    """Return the annual form's indicator labels by code, as the form in force for `year` names them."""
    try:
        form = form_in_force(ANNUAL_FORM, period_parse(str(year)))
    except ReportingError:
        return {}
    return {f.key: f.label for f in form.spec.fields()}


def _sum(
    reports: list[Report],
    code: str,
    unit: str,
    label: str,
    link: str,
    labels: dict[str, str],
    suffix: str = "",
) -> Figure:
    """Return the sum of an indicator over reports, traced to them and named as the form names it."""
    value = sum((indicator_value(r, code) for r in reports), Decimal(0))
    key = f"reporting.{code}" + (f".{suffix}" if suffix else "")
    indicator = labels.get(code, code)
    source = Source("report", tuple(r.pk for r in reports), f"{label}, chỉ tiêu “{indicator}”", link)
    return Figure(key, value, unit, number_vi(value), (source,), {"op": "sum", "field": code})


class ReportingProvider:
    """Contribute the units' activities from their approved annual reports, and their narratives."""

    name = "reporting"
    data_label = "báo cáo năm đã được phê duyệt của các đơn vị (biểu mẫu DNND-NAM)"

    def contributions(self, context: ReportContext) -> list[Contribution]:
        """Return the units' totals, the table by kind of unit, and the narratives; [] without reports."""
        reports = reports_visible(context.user).filter(
            form_code=ANNUAL_FORM, period=str(context.year), state=ReportState.APPROVED
        )
        if context.unit is not None:
            reports = reports.filter(unit__path__startswith=context.unit.path)
        # Units in the order of a Vietnamese dictionary ("Đ" after "D"), not by code point.
        approved = sorted(reports.select_related("unit"), key=lambda r: (name_sort_key(r.unit.name), r.pk))
        if not approved:
            return []
        # The list of reports with the same filters lists exactly these: a unit's report, the unit's
        # and those of the units below it (`within`); a row of the table, one kind of unit (`kind`).
        listed = f"?form={ANNUAL_FORM}&state={ReportState.APPROVED}&year={context.year}"
        if context.unit is not None:
            listed += f"&within={context.unit.pk}"
        link = context.link(reverse("reporting:index") + listed)
        label = f"Báo cáo năm {context.year} đã phê duyệt"
        count = Figure(
            "reporting.reports",
            len(approved),
            "báo cáo",
            number_vi(len(approved)),
            (Source("report", tuple(r.pk for r in approved), label, link),),
            {"op": "count"},
        )
        labels = _indicator_labels(context.year)
        totals = {code: _sum(approved, code, unit, label, link, labels) for code, unit, _words in TOTALS}
        runs: list[Run] = [
            "Theo ",
            count,
            f" báo cáo năm {context.year} đã được phê duyệt, các đơn vị đã tổ chức ",
        ]
        for position, (code, _unit, words) in enumerate(TOTALS):
            runs += [("; " if position else ""), totals[code], f" {words}"]
        runs += [" (chi tiết theo loại đơn vị tại ", AppendixRef(KINDS_APPENDIX), ")."]
        results: list[Paragraph | Table] = [Paragraph(runs)]
        kinds: dict[str, list[Report]] = {}
        kind_links: dict[str, str] = {}
        for report in approved:
            kinds.setdefault(report.unit.get_kind_display(), []).append(report)
            kind_links[report.unit.get_kind_display()] = f"{link}&kind={report.unit.kind}"
        table = Table(
            title=f"Hoạt động đối ngoại nhân dân năm {context.year} theo loại đơn vị",
            headers=["Loại đơn vị", "Số báo cáo", "Đoàn ra", "Đoàn vào", "Sự kiện"],
            rows=[
                [
                    kind,
                    # Only the first letter is lowered: proper names in a kind ("Việt Nam") keep theirs.
                    Figure(
                        f"reporting.reports.{kind}",
                        len(group),
                        "báo cáo",
                        number_vi(len(group)),
                        (
                            Source(
                                "report",
                                tuple(r.pk for r in group),
                                f"{label} của {kind[:1].lower()}{kind[1:]}",
                                kind_links[kind],
                            ),
                        ),
                        {"op": "count"},
                    ),
                    *(
                        _sum(
                            group,
                            code,
                            unit,
                            f"{label} của {kind[:1].lower()}{kind[1:]}",
                            kind_links[kind],
                            labels,
                            suffix=kind,
                        )
                        for code, unit in (("doan_ra", "đoàn"), ("doan_vao", "đoàn"), ("su_kien", "sự kiện"))
                    ),
                ]
                for kind, group in sorted(kinds.items())
            ],
            widths=[4.0, 1.6, 1.6, 1.6, 1.6],
            key=KINDS_APPENDIX,
        )
        out = [
            Contribution(
                "situation",
                "",
                [Paragraph([count, f" đơn vị có báo cáo năm {context.year} được phê duyệt."])],
            ),
            Contribution("results.units", "", results),
            Contribution("appendix", "", [table]),
        ]
        for slot, code, words in (
            ("shortcomings", "ton_tai", "tồn tại, hạn chế"),
            ("directions", "phuong_huong", "phương hướng, nhiệm vụ"),
        ):
            written = [r for r in approved if str((r.values or {}).get(code) or "").strip()]
            quoted: list[Paragraph | Table] = [
                Paragraph([f"{r.unit.name}: {str(r.values[code]).strip()}"], style="item")
                for r in written[:NARRATIVES_LISTED]
            ]
            rest = written[NARRATIVES_LISTED:]
            if rest:
                # The units not quoted are named and counted, so none is dropped without a word.
                others = Figure(
                    f"reporting.{code}.others",
                    len(rest),
                    "đơn vị",
                    number_vi(len(rest)),
                    (
                        # No filter of the list picks the units not quoted: it shows them among others.
                        Source(
                            "report",
                            tuple(r.pk for r in rest),
                            f"{label}, mục “{words}” không trích",
                            link,
                            url_exact=False,
                        ),
                    ),
                    {"op": "count"},
                )
                names = "; ".join(r.unit.name for r in rest)
                quoted.append(
                    Paragraph(
                        ["Ngoài ra, ", others, f" đơn vị khác cũng nêu {words} trong báo cáo năm: {names}."]
                    )
                )
            if quoted:
                out.append(Contribution(slot, "", quoted))
        return out


provider = ReportingProvider()
