"""The aid registry's part of the annual report: totals by sector, province, partner country and programme.

Every figure comes from `doingoai.aid.selectors.dashboard_build`, the function the dashboard
uses, for the same user and year, so the report's total is the dashboard's total. A unit's
report counts what the unit answers for (`doingoai.aid.selectors.unit_aid_province`): a
province's people's committee, the projects located in its province (the figure of its report
form, its home page and the national report's row for the province), and says so; any other
unit, the projects it and the units below it manage. Each figure's sources are the ids of the
transactions it adds up and the link of the transaction list with the same filters (whose total
is the figure).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse

from doingoai.aid.models import COMMITMENT_TYPES, DISBURSEMENT_TYPES, Transaction
from doingoai.aid.selectors import (
    NO_PROGRAMME,
    Cell,
    Total,
    TransactionFilters,
    dashboard_build,
    unit_aid_province,
)
from doingoai.analysis.admin_units import province_by_code
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
from doingoai.reports.numbers import money_rounded, money_vi, number_vi

MEASURE_WORDS = {"commitment": "cam kết", "disbursement": "giải ngân"}
# How to read a group's table, printed under its appendix's name (in capitals, unlike this).
NOTES = {
    # As on the dashboard, a project in several provinces counts in full for each of them.
    "province": "(Dự án ở nhiều tỉnh được tính đủ cho mỗi tỉnh, nên cộng các dòng có thể lớn hơn tổng cộng.)",
}
GROUPS = (
    ("sector", "lĩnh vực", "Viện trợ theo lĩnh vực (mã DAC)"),
    ("province", "địa bàn", "Viện trợ theo tỉnh, thành phố"),
    ("country", "quốc gia của đối tác", "Viện trợ theo quốc gia của đối tác"),
    ("programme", "chương trình", "Viện trợ theo chương trình"),
)
TOP = 3


class AidProvider:
    """Contribute the aid results, the appendix tables, and the gaps in disbursement."""

    name = "aid"
    data_label = "sổ đăng ký viện trợ phi chính phủ nước ngoài (các giao dịch cam kết và giải ngân)"

    def contributions(self, context: ReportContext) -> list[Contribution]:
        """Return the aid paragraphs and tables of the year, or [] when the year has no transaction."""
        province = unit_aid_province(context.unit) if context.unit is not None else ""
        if province:
            board = dashboard_build(
                user=context.user,
                year=context.year,
                filters=TransactionFilters(province=province),
                with_ids=True,
            )
        else:
            unit = context.unit.pk if context.unit is not None else None
            board = dashboard_build(user=context.user, year=context.year, unit=unit, with_ids=True)
        if board.year != context.year or not (board.total.commitment.count or board.total.disbursement.count):
            return []
        book = _Figures(context)
        national = board.total
        commit_vnd, commit_usd = book.money("aid.total.commitment", national, "commitment", "tổng")
        paid_vnd, paid_usd = book.money("aid.total.disbursement", national, "disbursement", "tổng")
        commit_ids = sorted(set(national.commitment.ids))
        projects = book.count(
            "aid.total.commitment.projects",
            commit_ids,
            "dự án",
            {"op": "projects"},
            f"Các dự án có cam kết năm {context.year}",
            national.query,
        )
        partners = book.count(
            "aid.total.commitment.partners",
            commit_ids,
            "đối tác",
            {"op": "partners"},
            f"Các đối tác có cam kết năm {context.year}",
            national.query,
        )
        if national.disbursement.count:
            paid: list[Run] = [
                "giá trị giải ngân trong năm đạt ",
                paid_vnd,
                " (tương đương ",
                paid_usd,
                ").",
            ]
        else:
            paid = ["trong năm chưa có khoản giải ngân nào được ghi nhận."]
        place = _place_words(province)
        if national.commitment.count and place:
            # Counted by place, not by who raised it: the sentence must not credit the committee.
            committed: list[Run] = [
                f"Năm {context.year}, các dự án viện trợ phi chính phủ nước ngoài thực hiện {place} "
                "(kể cả dự án do cơ quan, tổ chức khác quản lý) được cam kết với tổng giá trị ",
                commit_vnd,
                " (tương đương ",
                commit_usd,
                "), gồm ",
                projects,
                " dự án của ",
                partners,
                " đối tác nước ngoài; ",
            ]
        elif national.commitment.count:
            committed = [
                f"Năm {context.year}, {context.subject} đã vận động được các khoản viện trợ phi chính "
                "phủ nước ngoài với tổng giá trị cam kết ",
                commit_vnd,
                " (tương đương ",
                commit_usd,
                ") cho ",
                projects,
                " dự án của ",
                partners,
                " đối tác nước ngoài; ",
            ]
        else:
            committed = [f"Năm {context.year}, sổ đăng ký không ghi nhận khoản cam kết viện trợ mới nào; "]
        results: list[Paragraph | Table] = [Paragraph(committed + paid)]
        tables: list[Paragraph | Table] = []
        for group, word, title in GROUPS:
            cells = board.by_key.get(group, [])
            if not cells:
                continue
            labelled = [(c.label, c) for c in cells]
            results.append(self._leaders(book, group, word, labelled))
            tables.append(self._table(book, group, title, labelled, national))
        gaps = self._gaps(context, book, commit_vnd, paid_vnd, national)
        situation = [
            Contribution(
                "situation",
                "",
                [
                    Paragraph(
                        [
                            "Về viện trợ phi chính phủ nước ngoài, sổ đăng ký ghi nhận ",
                            projects,
                            f" dự án{' thực hiện ' + place if place else ''} được cam kết tài trợ"
                            f" trong năm {context.year}, với tổng giá trị ",
                            commit_vnd,
                            ".",
                        ]
                    )
                ],
            )
        ]
        contributions = [
            *(situation if national.commitment.count else []),
            Contribution("results.aid", "", results),
            Contribution("appendix", "", tables),
        ]
        return contributions + gaps

    def _leaders(self, book: _Figures, group: str, word: str, cells: list[tuple[str, Cell]]) -> Paragraph:
        runs: list[Run] = [f"Theo {word}, giá trị cam kết lớn nhất thuộc về "]
        # "No programme" is a row of the table, not a programme to name among the largest.
        ranked = [(label, c) for label, c in cells if c.commitment.count and c.key != NO_PROGRAMME][:TOP]
        for position, (label, cell) in enumerate(ranked):
            vnd, _usd = book.money(f"aid.{group}.{cell.key}.commitment", cell, "commitment", label, group)
            runs += [("; " if position else "") + f"{_in_sentence(label, group)} (", vnd, ")"]
        if not ranked and any(c.commitment.count for _label, c in cells):
            runs = [f"Theo {word}, các khoản cam kết trong năm không thuộc chương trình quốc gia nào"]
        elif not ranked:
            runs = [f"Theo {word}, trong năm không có khoản cam kết nào"]
        runs += [" (chi tiết tại ", AppendixRef(f"aid.{group}"), ")."]
        return Paragraph(runs)

    def _table(
        self, book: _Figures, group: str, title: str, cells: list[tuple[str, Cell]], national: Cell
    ) -> Table:
        rows: list[list[Run]] = []
        for label, cell in cells:
            row: list[Run] = [label]
            for measure in ("commitment", "disbursement"):
                if not getattr(cell, measure).count:
                    row += ["—", "—"]  # nothing recorded: no figure, so no figure without a source
                    continue
                vnd, usd = book.money(f"aid.{group}.{cell.key}.{measure}", cell, measure, label, group)
                row += [vnd, usd]
            rows.append(row)
        # The last row is the year's total, each transaction once (the figures of the report's text).
        total: list[Run] = ["Tổng cộng"]
        for measure in ("commitment", "disbursement"):
            if getattr(national, measure).count:
                total += list(book.money(f"aid.total.{measure}", national, measure, "tổng"))
            else:
                total += ["—", "—"]
        rows.append(total)
        headers = [
            "Nhóm",
            "Cam kết (VND)",
            "Cam kết (USD)",
            "Giải ngân (VND)",
            "Giải ngân (USD)",
        ]
        return Table(
            title=title,
            headers=headers,
            rows=rows,
            widths=[2.8, 2.6, 2.3, 2.6, 2.3],
            key=f"aid.{group}",
            note=NOTES.get(group, ""),
        )

    def _gaps(
        self, context: ReportContext, book: _Figures, commit_vnd: Figure, paid_vnd: Figure, national: Cell
    ) -> list[Contribution]:
        """Return the disbursement rate and the projects committed but not disbursed in the year."""
        committed = sorted(set(national.commitment.ids))
        paid = sorted(set(national.disbursement.ids))
        shortcomings: list[Run] = []
        directions: list[Run] = []
        if committed and paid:
            rate = book.percent(
                "aid.total.disbursement.rate",
                committed,
                paid,
                context,
                national.query,
            )
            shortcomings += ["Tỷ lệ giải ngân viện trợ trong năm mới đạt ", rate, " giá trị cam kết"]
        rows = Transaction.objects.filter(pk__in=committed + paid).values_list(
            "pk", "project_id", "transaction_type"
        )
        paid_projects = {p for _pk, p, kind in rows if kind in DISBURSEMENT_TYPES}
        waiting = sorted(pk for pk, p, kind in rows if kind in COMMITMENT_TYPES and p not in paid_projects)
        if waiting:
            count = book.count(
                "aid.undisbursed.projects",
                waiting,
                "dự án",
                {"op": "projects"},
                f"Cam kết năm {context.year} của các dự án chưa giải ngân trong năm",
                f"{national.query}&undisbursed=1",
            )
            shortcomings += [
                ("; " if shortcomings else "") + "còn ",
                count,
                " dự án có cam kết nhưng chưa giải ngân trong năm",
            ]
            directions = [
                "Theo dõi, đôn đốc các đối tác giải ngân khoản cam kết của ",
                count,
                f" dự án chưa giải ngân trong năm {context.year}; cập nhật đầy đủ giao dịch vào sổ "
                "đăng ký viện trợ để số liệu tổng hợp phản ánh đúng tiến độ.",
            ]
        result: list[Contribution] = []
        if shortcomings:
            result.append(Contribution("shortcomings", "", [Paragraph([*shortcomings, "."])]))
        if directions:
            result.append(Contribution("directions", "", [Paragraph(directions)]))
        return result


def _in_sentence(label: str, group: str) -> str:
    """Return a row's label as written inside a sentence: "tỉnh Cà Mau", not "Tỉnh Cà Mau".

    The decree's rules of capitals (Nghị định 30/2020/NĐ-CP) write the kind of an administrative
    unit in lower case before its name ("tỉnh Nam Định", "thành phố Thái Nguyên"); the table's row,
    which starts its cell, keeps its capital.
    """
    return f"{label[:1].lower()}{label[1:]}" if group == "province" else label


def _place_words(province: str) -> str:
    """Return "trên địa bàn tỉnh Quảng Trị" for a province's code, "" for none."""
    info = province_by_code(province) if province else None
    if info is None:
        return ""
    return f"trên địa bàn {_in_sentence(info.full_name, 'province')}"


class _Figures:
    """Make the aid figures of one report, each once: a figure asked twice is the same object."""

    def __init__(self, context: ReportContext) -> None:
        self.context = context
        self.made: dict[str, Figure] = {}

    def _source(self, ids: Iterable[int], label: str, query: str, measure: str = "") -> Source:
        path = reverse("aid:transaction_list") + "?" + query + (f"&measure={measure}" if measure else "")
        return Source("transaction", tuple(sorted(set(ids))), label, self.context.link(path))

    def money(self, key: str, cell: Cell, measure: str, label: str, group: str = "") -> tuple[Figure, Figure]:
        """Return the VND and USD figures of one measure of a dashboard cell."""
        if f"{key}.vnd" in self.made:
            return self.made[f"{key}.vnd"], self.made[f"{key}.usd"]
        total: Total = getattr(cell, measure)
        what = f"{MEASURE_WORDS[measure].capitalize()} năm {self.context.year}"
        named = f"{what}, {_in_sentence(label, group)}" if label != "tổng" else what
        source = self._source(total.ids, named, cell.query, measure)
        sector = cell.key if group == "sector" else ""
        figures = []
        for currency, value, field in (("VND", total.vnd, "value_vnd"), ("USD", total.usd, "value_usd")):
            printed = money_rounded(value, currency)
            figure = Figure(
                id=f"{key}.{currency.lower()}",
                value=printed,
                unit=currency,
                text=money_vi(printed, currency),
                sources=(source,),
                basis={"op": "sum", "field": field, "sector": sector},
            )
            self.made[figure.id] = figure
            figures.append(figure)
        return figures[0], figures[1]

    def count(
        self, key: str, ids: list[int], unit: str, basis: dict[str, str], label: str, query: str
    ) -> Figure:
        """Return a count over transactions (projects, partners) as a figure."""
        if key in self.made:
            return self.made[key]
        rows = Transaction.objects.filter(pk__in=ids)
        value = (
            rows.values("project_id").distinct().count()
            if basis["op"] == "projects"
            else rows.values("provider_id").distinct().count()
        )
        source = self._source(ids, label, query, "commitment" if query else "")
        if not query:
            source = Source("transaction", tuple(sorted(set(ids))), label)
        figure = Figure(key, value, unit, number_vi(value), (source,), basis)
        self.made[key] = figure
        return figure

    def percent(
        self, key: str, committed: list[int], paid: list[int], context: ReportContext, query: str
    ) -> Figure:
        """Return the disbursements of the year as a percentage of its commitments (in VND)."""
        rows = dict(Transaction.objects.filter(pk__in=committed + paid).values_list("pk", "value_vnd"))
        base = sum((rows[i] for i in committed), Decimal(0))
        part = sum((rows[i] for i in paid), Decimal(0))
        value = (part * 100 / base).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if base else Decimal(0)
        sources = (
            self._source(committed, f"Cam kết năm {context.year}", query, "commitment"),
            self._source(paid, f"Giải ngân năm {context.year}", query, "disbursement"),
        )
        figure = Figure(
            key, value, "%", f"{number_vi(value, 1)}%", sources, {"op": "percent", "field": "value_vnd"}
        )
        self.made[key] = figure
        return figure


provider = AidProvider()
