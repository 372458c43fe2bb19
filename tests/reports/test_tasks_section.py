from __future__ import annotations

import datetime as dt
import io
from typing import Any
from urllib.parse import urlsplit

from docx import Document

from doingoai.accounts.scope import SYSTEM
from doingoai.reports.services import annual_report_build
from doingoai.tasks.models import Task
from doingoai.tasks.selectors import task_status_of
from doingoai.tasks.status import Status
from tests.reports.world import TODAY


def _task(lead: Any, text: str, deadline: dt.date, completed_on: dt.date | None = None) -> Task:
    return Task.objects.create(
        lead_unit=lead,
        text=text,
        original_deadline=deadline,
        deadline=deadline,
        completed_on=completed_on,
        closed_confirmed=completed_on is not None,
    )


def _report(unit: Any = None) -> tuple[str, dict[str, Any]]:
    report = annual_report_build(user=SYSTEM, year=2025, today=TODAY, unit=unit)
    document = Document(io.BytesIO(report.docx))
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    return text, {f["id"]: f for f in report.sources["figures"]}


def test_tasks_due_in_the_year_are_counted_by_status_class_and_recomputed_from_their_ids(units: Any) -> None:
    _task(units.quang_tri, "Tổng kết mô hình giao lưu biên giới", dt.date(2025, 6, 30), dt.date(2025, 6, 20))
    _task(units.quang_tri, "Xuất bản kỷ yếu hữu nghị", dt.date(2025, 9, 30), dt.date(2025, 10, 15))
    _task(units.ha_noi, "Rà soát quy chế quản lý đoàn vào", dt.date(2025, 11, 30))
    _task(units.ha_noi, "Xây dựng đề án giao lưu thanh niên", dt.date(2026, 6, 30))
    text, figures = _report()
    expected = {"due": 3, "done_on_time": 1, "done_late": 1, "in_progress": 0, "overdue": 1, "next_year": 1}
    assert {key: figures[f"tasks.{key}"]["value"] for key in expected} == expected
    for key in expected:
        figure = figures[f"tasks.{key}"]
        [source] = figure["sources"]
        assert source["kind"] == "task" and figure["basis"] == {"op": "count"}
        tasks = list(Task.objects.filter(pk__in=source["ids"]))
        assert len(tasks) == len(source["ids"]) == figure["value"]
        if key in {s.value for s in Status}:
            assert {task_status_of(t, today=TODAY).status.value for t in tasks} <= {key}
    assert "Xây dựng đề án giao lưu thanh niên" in text  # a direction for the next year
    assert "Rà soát quy chế quản lý đoàn vào" in text  # overdue, named in the results
    # The list of the year's tasks is the first appendix, named so in the text (Roman, as its heading).
    assert " (danh sách tại Phụ lục I).\n" in text
    assert "Phụ lục I\nNHIỆM VỤ CÓ THỜI HẠN TRONG NĂM 2025\n" in text
    # The next year's open tasks have no list of their own: the note says its list holds others too.
    assert figures["tasks.next_year"]["sources"][0]["url_exact"] is False
    assert "url_exact" not in figures["tasks.due"]["sources"][0]


def test_a_units_report_counts_only_the_tasks_it_leads(units: Any) -> None:
    _task(units.quang_tri, "Tổng kết mô hình giao lưu biên giới", dt.date(2025, 6, 30), dt.date(2025, 6, 20))
    _task(units.ha_noi, "Rà soát quy chế quản lý đoàn vào", dt.date(2025, 11, 30))
    text, figures = _report(unit=units.quang_tri)
    assert figures["tasks.due"]["value"] == 1
    assert "Rà soát quy chế" not in text


def test_the_note_of_the_tasks_due_opens_the_follow_up_table_listing_exactly_them(
    units: Any, make_user: Any, client_for: Any
) -> None:
    _task(units.quang_tri, "Tổng kết mô hình giao lưu biên giới", dt.date(2025, 6, 30), dt.date(2025, 6, 20))
    _task(units.ha_noi, "Rà soát quy chế quản lý đoàn vào", dt.date(2025, 11, 30))
    _task(units.ha_noi, "Xây dựng đề án giao lưu thanh niên", dt.date(2026, 6, 30))
    _text, figures = _report()
    [source] = figures["tasks.due"]["sources"]
    address = urlsplit(source["url"])
    response = client_for(make_user("coordinator", units.vufo)).get(f"{address.path}?{address.query}")
    assert sorted(r.task.pk for r in response.context["rows"]) == sorted(source["ids"])
