"""The tasks part of the REST API: conferences, tasks, their status counts and progress reports.

Mounted on the site's API (`doingoai.api.api`), so it uses the same token or session sign-in,
and it calls the same selectors and services as the pages: a caller reads and reports exactly
what their user may in the browser.
"""

# No `from __future__ import annotations`: django-ninja reads the annotations at run time.

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status as HttpStatus
from pydantic import ConfigDict

from doingoai.api.paging import MAX_ID, NO_NUL, BoundedPagination, IsoDate
from doingoai.api.schemas import errors
from doingoai.directory.models import Organization
from doingoai.tasks import selectors, services
from doingoai.tasks.errors import TaskError
from doingoai.tasks.models import Conference, ProgressReport, Task
from doingoai.tasks.status import DUE_SOON, DUE_SOON_DAYS, Status

router = Router(tags=["tasks"])


def _today() -> dt.date:
    """Return today in Vietnam: the one place the API reads the clock (tests replace it)."""
    return timezone.localdate()


class UnitRef(Schema):
    """A unit named by its id and name."""

    id: int
    name: str


class ConferenceOut(Schema):
    """A conference with its number of connection points and tasks."""

    id: int
    title: str
    kind: str
    date: dt.date
    organizer: UnitRef
    chair: str
    connection_points: int
    attendance: int
    tasks: int


class SourceOut(Schema):
    """Where a task was read: the document and the `[start, end]` span in its text."""

    document_id: int
    span: list[int]


class TaskOut(Schema):
    """A task with its status on the day asked.

    `overdue_days`: days late, 0 when not late; `days_left`: days to the deadline of an open task
    due soon (within 14 days, 0 on the day itself), null otherwise.
    """

    id: int
    text: str
    issuer: str
    lead: UnitRef
    coordinating: list[UnitRef]
    deadline: dt.date
    original_deadline: dt.date
    status: str
    overdue_days: int
    overdue_band: str | None
    days_left: int | None
    percent: int | None
    source: SourceOut | None
    conference_id: int | None
    parent_id: int | None
    closed_confirmed: bool
    completed_on: dt.date | None


class ProgressReportOut(Schema):
    """A progress report of one unit."""

    id: int
    unit: UnitRef
    period: str
    text: str
    percent: int
    is_completion: bool
    done_on: dt.date | None
    reported_on: dt.date
    attachments: list[str]


class ProgressReportIn(Schema):
    """A progress report to record: the unit reporting (the lead or a coordinating unit), text and percent."""

    # A misspelt optional key ("is_complete") must be refused, not recorded as its default.
    model_config = ConfigDict(extra="forbid")

    unit_id: int = Field(ge=1, le=MAX_ID)
    text: str = Field(pattern=NO_NUL)
    percent: int
    period: str = Field("", pattern=NO_NUL)
    is_completion: bool = False
    done_on: IsoDate | None = None


class CountsOut(Schema):
    """Counts per status class."""

    done_on_time: int
    done_late: int
    in_progress: int
    overdue: int


class UnitCountsOut(CountsOut):
    """Counts per status class of one lead unit."""

    id: int
    name: str


class SummaryOut(Schema):
    """The four-class counts overall and per lead unit, and the overdue tasks by band."""

    date: dt.date
    overall: CountsOut
    overdue_bands: dict[str, int]
    by_lead_unit: list[UnitCountsOut]


class TaskQuery(Schema):
    """Filters of the task list."""

    status: str = Field(
        "",
        pattern=NO_NUL,
        description=(
            "Tình trạng: done_on_time, done_late, in_progress, overdue; hoặc due_soon (sắp đến hạn: "
            f"chưa hoàn thành, hạn trong {DUE_SOON_DAYS} ngày tới, kể cả hôm nay)."
        ),
    )
    unit_id: int | None = Field(None, ge=1, le=MAX_ID)
    conference_id: int | None = Field(None, ge=1, le=MAX_ID)
    q: str = Field("", pattern=NO_NUL)


QUERY_FILTERS = Query(...)
TASK_ID = Path(..., ge=1, le=MAX_ID, description="Số của nhiệm vụ.")


def _unit(unit: Organization) -> dict[str, Any]:
    return {"id": unit.pk, "name": unit.name}


def _task_out(row: selectors.TaskRow) -> dict[str, Any]:
    task = row.task
    assert task.lead_unit is not None
    span = task.span
    return {
        "id": task.pk,
        "text": task.text,
        "issuer": task.issuer,
        "lead": _unit(task.lead_unit),
        "coordinating": [_unit(u) for u in selectors.task_coordinating_units(task)],
        "deadline": task.deadline,
        "original_deadline": task.original_deadline,
        "status": row.status.status.value,
        "overdue_days": row.status.overdue_days,
        "overdue_band": row.status.band.value if row.status.band else None,
        "days_left": row.status.days_left,
        "percent": row.percent,
        "source": {"document_id": task.document_id, "span": list(span)}
        if task.document_id and span
        else None,
        "conference_id": task.conference_id,
        "parent_id": task.parent_id,
        "closed_confirmed": task.closed_confirmed,
        "completed_on": task.completed_on,
    }


def _report_out(report: ProgressReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "unit": _unit(report.unit),
        "period": report.period,
        "text": report.text,
        "percent": report.percent,
        "is_completion": report.is_completion,
        "done_on": report.done_on,
        "reported_on": report.reported_on,
        "attachments": [a.name for a in report.attachments.all()],
    }


@router.get("/conferences", response={200: list[ConferenceOut], **errors(401)})
def conferences_list(request: HttpRequest) -> Any:
    """List the conferences, latest first, with their connection points and confirmed tasks."""
    conferences = selectors.conferences_annotated(
        selectors.conferences_list(user=request.user), user=request.user
    )
    return [
        {
            "id": c.pk,
            "title": c.title,
            "kind": c.kind,
            "date": c.date,
            "organizer": _unit(c.organizer),
            "chair": c.chair,
            "connection_points": c.points_count,
            "attendance": c.attendance_total or 0,
            "tasks": c.tasks_count,
        }
        for c in conferences
    ]


def _filters(query: TaskQuery) -> selectors.TaskFilters:
    unit = Organization.objects.filter(pk=query.unit_id).first() if query.unit_id else None
    conference = Conference.objects.filter(pk=query.conference_id).first() if query.conference_id else None
    if query.unit_id and unit is None:
        raise HttpError(400, f"Không có đơn vị số {query.unit_id} (tham số unit_id).")
    if query.conference_id and conference is None:
        raise HttpError(400, f"Không có hội nghị số {query.conference_id} (tham số conference_id).")
    if query.status and query.status not in {*(s.value for s in Status), DUE_SOON}:
        raise HttpError(
            400, "Tham số status phải là một trong: done_on_time, done_late, in_progress, overdue, due_soon."
        )
    return selectors.TaskFilters(status=query.status, unit=unit, conference=conference, query=query.q)


class TaskPagination(BoundedPagination):
    """Page the tasks in the database; only the page's tasks are read and given their status."""

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page["items"] = [_task_out(r) for r in selectors.task_rows_for(list(page["items"]), today=_today())]
        return page


@router.get("/tasks", response={200: list[TaskOut], **errors(400, 401, 422)})
@paginate(TaskPagination)
def tasks_list(request: HttpRequest, filters: TaskQuery = QUERY_FILTERS) -> Any:
    """List the tasks the caller may read with their status today: overdue first, longest late first."""
    return selectors.tasks_listed(user=request.user, today=_today(), filters=_filters(filters))


@router.get("/tasks/summary", response={200: SummaryOut, **errors(401)})
def tasks_summary(request: HttpRequest) -> Any:
    """Return the counts per status class, overall and per lead unit, of the tasks the caller may read."""
    today = _today()
    summary = selectors.tasks_summary(user=request.user, today=today)
    return {
        "date": today,
        "overall": summary.overall.as_dict(),
        "overdue_bands": {band.value: count for band, count in summary.overall.band_pairs()},
        "by_lead_unit": [
            {"id": group.key.pk, "name": group.label, **group.as_dict()} for group in summary.by_unit
        ],
    }


@router.get("/tasks/{task_id}", response={200: TaskOut, **errors(401, 404, 422)})
def task_detail(request: HttpRequest, task_id: int = TASK_ID) -> Any:
    """Return one task the caller may read."""
    task = selectors.task_get(user=request.user, pk=task_id)
    [row] = selectors.task_rows_of(user=request.user, tasks=Task.objects.filter(pk=task.pk), today=_today())
    return _task_out(row)


@router.get("/tasks/{task_id}/reports", response={200: list[ProgressReportOut], **errors(401, 404, 422)})
def task_reports(request: HttpRequest, task_id: int = TASK_ID) -> Any:
    """List the progress reports of a task, oldest first."""
    task = selectors.task_get(user=request.user, pk=task_id)
    reports = task.reports.select_related("unit").prefetch_related("attachments").order_by("created_at", "id")
    return [_report_out(r) for r in reports]


@router.post("/tasks/{task_id}/reports", response={201: ProgressReportOut, **errors(400, 401, 403, 404, 422)})
def task_report_create(request: HttpRequest, payload: ProgressReportIn, task_id: int = TASK_ID) -> Any:
    """Record a progress report for the lead or a coordinating unit the caller edits."""
    task = selectors.task_get(user=request.user, pk=task_id)
    unit = Organization.objects.filter(pk=payload.unit_id).first()
    if unit is None:
        raise HttpError(400, f"Không có đơn vị số {payload.unit_id} (trường unit_id).")
    try:
        report = services.progress_report_submit(
            actor=request.user,
            task=task,
            unit=unit,
            text=payload.text,
            percent=payload.percent,
            period=payload.period,
            is_completion=payload.is_completion,
            done_on=payload.done_on,
            today=_today(),
            now=timezone.now(),
        )
    except TaskError as exc:
        raise HttpError(400, " ".join(f"{k}: {'; '.join(v)}" for k, v in exc.message_dict.items())) from exc
    return HttpStatus(201, _report_out(report))
