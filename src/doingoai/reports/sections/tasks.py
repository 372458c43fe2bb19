"""The tasks' part of the annual report: the assigned tasks due in the year, in the four status classes.

The tasks are those the user may read (`doingoai.tasks.selectors.task_rows`, led by `context.unit`
or a unit below it for a unit's report) whose current deadline falls in the report's year; their
status is taken on the day the report is made (`context.today`), as the government's follow-up
reports count them. Every count's sources are the ids of the tasks it counts. The directions part
lists the open tasks due in the next year.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

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
from doingoai.tasks.selectors import TaskFilters, TaskRow, task_rows
from doingoai.tasks.status import Status

DIRECTIONS_LISTED = 10
# The key of the appendix listing the tasks due in the year, for the text that refers to it.
TASKS_APPENDIX = "tasks.due"


class TasksProvider:
    """Contribute the tasks due in the year by status class, and the tasks of the next year."""

    name = "tasks"
    data_label = "theo dõi nhiệm vụ được giao (kết luận hội nghị, chỉ thị, kế hoạch)"

    def contributions(self, context: ReportContext) -> list[Contribution]:
        """Return the tasks' paragraphs and table, or [] when no task is due in the year or the next."""
        filters = TaskFilters(unit=context.unit)
        rows = task_rows(user=context.user, today=context.today, filters=filters)
        due = [r for r in rows if r.task.deadline is not None and r.task.deadline.year == context.year]
        following = [
            r
            for r in rows
            if r.task.deadline is not None and r.task.deadline.year == context.year + 1 and r.status.is_open
        ]
        out: list[Contribution] = []
        if due:
            out += self._results(context, due)
        if following:
            out.append(self._directions(context, following))
        return out

    def _figure(
        self,
        context: ReportContext,
        key: str,
        rows: list[TaskRow],
        label: str,
        *,
        url_exact: bool = True,
        **listed: Any,
    ) -> Figure:
        ids = tuple(sorted(r.task.pk for r in rows))
        # The follow-up table with the same filters lists these tasks (`listed`: year, status).
        query = {**({"unit": context.unit.pk} if context.unit is not None else {}), **listed}
        link = context.link(f"{reverse('tasks:dashboard')}?{urlencode(query)}")
        return Figure(
            f"tasks.{key}",
            len(ids),
            "nhiệm vụ",
            number_vi(len(ids)),
            (Source("task", ids, label, link, url_exact=url_exact),),
            {"op": "count"},
        )

    def _results(self, context: ReportContext, due: list[TaskRow]) -> list[Contribution]:
        when = f"ngày {context.today:%d/%m/%Y}"
        total = self._figure(
            context,
            "due",
            due,
            f"Các nhiệm vụ có thời hạn trong năm {context.year}, tình trạng tại {when}",
            year=context.year,
        )
        by_class = {
            status: self._figure(
                context,
                status.value,
                [r for r in due if r.status.status == status],
                f"Các nhiệm vụ hạn năm {context.year} ở tình trạng “{status.label}” tại {when}",
                year=context.year,
                status=status.value,
            )
            for status in Status
        }
        runs: list[Run] = [
            f"Trong năm {context.year}, {context.subject} có ",
            total,
            " nhiệm vụ đến hạn; tính đến ",
        ]
        runs += [f"{when}: "]
        for position, status in enumerate(Status):
            runs += [("; " if position else "") + f"{status.label.lower()} ", by_class[status]]
        runs += [" (danh sách tại ", AppendixRef(TASKS_APPENDIX), ")."]
        results: list[Paragraph | Table] = [Paragraph(runs)]
        overdue = [r for r in due if r.status.status == Status.OVERDUE]
        if overdue:
            results.append(
                Paragraph(
                    [
                        "Các nhiệm vụ quá hạn cần tập trung xử lý: "
                        + "; ".join(
                            f"“{r.task.text[:120]}” ({r.task.lead_unit.name if r.task.lead_unit else ''}, "
                            f"quá hạn {r.status.overdue_days} ngày)"
                            for r in overdue[:DIRECTIONS_LISTED]
                        )
                        + "."
                    ]
                )
            )
        table = Table(
            title=f"Nhiệm vụ có thời hạn trong năm {context.year}",
            headers=["Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Tình trạng"],
            rows=[
                [
                    r.task.text[:300],
                    r.task.lead_unit.name if r.task.lead_unit else "",
                    f"{r.task.deadline:%d/%m/%Y}" if r.task.deadline else "",
                    r.status.status.label,
                ]
                for r in due
            ],
            widths=[6.0, 3.0, 1.6, 2.4],
            key=TASKS_APPENDIX,
        )
        situation = Paragraph(
            ["Về thực hiện nhiệm vụ được giao, ", total, f" nhiệm vụ có thời hạn trong năm {context.year}."]
        )
        return [
            Contribution("situation", "", [situation]),
            Contribution("results.tasks", "", results),
            Contribution("appendix", "", [table]),
        ]

    def _directions(self, context: ReportContext, following: list[TaskRow]) -> Contribution:
        count = self._figure(
            context,
            "next_year",
            following,
            f"Các nhiệm vụ chưa hoàn thành có thời hạn trong năm {context.year + 1}",
            year=context.year + 1,
            url_exact=False,  # the list of that year's tasks holds the finished ones too
        )
        blocks: list[Paragraph | Table] = [
            Paragraph(
                [
                    "Tiếp tục triển khai ",
                    count,
                    f" nhiệm vụ có thời hạn trong năm {context.year + 1}, trong đó:",
                ]
            )
        ]
        for row in following[:DIRECTIONS_LISTED]:
            lead = row.task.lead_unit.name if row.task.lead_unit else ""
            blocks.append(
                Paragraph(
                    [f"{row.task.text[:300]} ({lead} chủ trì, hạn {row.task.deadline:%d/%m/%Y})."],
                    style="item",
                )
            )
        return Contribution("directions", "", blocks)


provider = TasksProvider()
