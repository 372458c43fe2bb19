"""The reporting API (mounted at /api/reporting/): forms, completeness, reports (list, detail, submit).

Every endpoint calls the reporting selectors and services, so a caller sees and does exactly
what their user may on the pages.
"""

# No `from __future__ import annotations`: django-ninja reads the annotations at run time.

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import ConfigDict

from doingoai.api.paging import MAX_ID, NO_NUL, BoundedPagination
from doingoai.api.schemas import errors
from doingoai.reporting import selectors, services
from doingoai.reporting.errors import ReportingError, ReportValuesError
from doingoai.reporting.models import ReportState

router = Router(tags=["reporting"])

REPORT_ID = Path(..., ge=1, le=MAX_ID, description="Số của báo cáo.")
UNIT_FILTER = Query(
    None, ge=1, le=MAX_ID, description="Số của đơn vị báo cáo; bỏ trống: mọi đơn vị được xem."
)
FORM_FILTER = Query(
    "", pattern=NO_NUL, description="Mã biểu mẫu (xem /api/reporting/forms); bỏ trống: mọi biểu mẫu."
)


def _form_known(form: str) -> None:
    """Refuse a form code that is not a current form's, naming the parameter."""
    if form and form not in {f.code for f in selectors.forms_current()}:
        raise HttpError(400, f"Tham số “form” = {form[:30]} không phải mã biểu mẫu đang dùng.")


class FormOut(Schema):
    """A form as scripts see it."""

    code: str
    name: str
    period_type: str
    version: int


class UnitStateOut(Schema):
    """One expected unit's state."""

    unit_id: int
    unit: str
    state: str
    first_submitted: dt.datetime | None
    on_time: bool | None
    due_date: dt.date | None


class CompletenessOut(Schema):
    """Completeness and timeliness of one form for one period."""

    form: str
    period: str
    expected: int
    complete: int
    on_time: int
    due_date: dt.date | None = Field(description="Hạn nộp sớm nhất của các đơn vị phải nộp.")
    not_yet_due: bool = Field(description="Chưa đến hạn nộp: tỷ lệ chưa có để đánh giá.")
    rate: float | None = Field(description="Tỷ lệ đã nộp / phải nộp; null khi chưa đến hạn.")
    timely_rate: float | None = Field(description="Tỷ lệ nộp đúng hạn / phải nộp; null khi chưa đến hạn.")
    units: list[UnitStateOut]


class AssignmentOut(Schema):
    """A form assigned to a unit."""

    id: int
    form: str
    unit_id: int
    unit: str
    start_date: dt.date
    end_date: dt.date | None
    due_days: int
    expiry_days: int
    review_unit_id: int | None


class PeriodicReportOut(Schema):
    """A report without its values."""

    id: int
    form: str
    version: int = Field(description="Phiên bản của biểu mẫu mà báo cáo dùng (không phải của báo cáo).")
    report_version: int = Field(
        description=(
            "Phiên bản của báo cáo, tăng sau mỗi lần lưu, nộp hay xét duyệt; gửi lại làm “version” khi nộp."
        )
    )
    unit_id: int
    unit: str
    period: str
    state: str
    due_date: dt.date
    first_submitted: dt.datetime | None
    last_submitted: dt.datetime | None
    on_time: bool | None
    return_reason: str


class PeriodicReportDetailOut(PeriodicReportOut):
    """A report with its values (keys are the form's field keys)."""

    values: dict[str, str]


class SubmitIn(Schema):
    """Values to submit; without them, the stored values are submitted."""

    # A misspelt key ("value") must not submit the stored values in place of the ones sent.
    model_config = ConfigDict(extra="forbid")

    values: dict[str, Any] | None = None
    # Optional so that scripts written before it keep working; without it the submission overwrites
    # whatever was saved meanwhile, as it always did.
    version: int | None = Field(
        None,
        ge=1,
        le=2_147_483_647,
        description=(
            "report_version của báo cáo mà bạn đã đọc (nên gửi): nếu từ đó đã có người sửa, báo cáo không "
            "được nộp và trả 409 kèm ai đã sửa, lúc nào. Bỏ trống: nộp đè lên mọi thay đổi."
        ),
    )


def _report_out(report: Any, *, values: bool = False) -> dict[str, Any]:
    data = {
        "id": report.pk,
        "form": report.form_code,
        "version": report.form.version,
        "report_version": report.version,
        "unit_id": report.unit_id,
        "unit": report.unit.name,
        "period": report.period,
        "state": report.state,
        "due_date": report.due_date,
        "first_submitted": report.first_submitted_at,
        "last_submitted": report.submitted_at,
        "on_time": report.on_time,
        "return_reason": report.return_reason,
    }
    if values:
        data["values"] = report.values
    return data


@router.get("/forms", response={200: list[FormOut], **errors(401)})
def forms_list(request: HttpRequest) -> Any:
    """List the forms (newest version of each)."""
    return [
        {"code": f.code, "name": f.name, "period_type": f.period_type, "version": f.version}
        for f in selectors.forms_current()
    ]


@router.get("/assignments", response={200: list[AssignmentOut], **errors(400, 401, 422)})
@paginate(BoundedPagination)
def assignments_list(request: HttpRequest, form: str = FORM_FILTER) -> Any:
    """List the assignments of the units within the caller's reporting scope."""
    _form_known(form)
    return [
        {
            "id": a.pk,
            "form": a.form_code,
            "unit_id": a.unit_id,
            "unit": a.unit.name,
            "start_date": a.start_date,
            "end_date": a.end_date,
            "due_days": a.due_days,
            "expiry_days": a.expiry_days,
            "review_unit_id": a.review_unit_id,
        }
        for a in selectors.assignments_list(user=request.user, form_code=form)
    ]


@router.get("/completeness", response={200: CompletenessOut, **errors(400, 401, 422)})
def completeness(request: HttpRequest, form: str, period: str) -> Any:
    """Return who was expected, who reported, who reported on time, for units within the caller's scope."""
    _form_known(form)
    try:
        _form, parsed = selectors.form_and_period(form, period)
    except ReportingError as exc:
        raise HttpError(400, exc.messages[0]) from exc
    result = selectors.completeness_compute(
        user=request.user, form_code=form, period=parsed, today=timezone.localdate()
    )
    # Before the due date a rate judges nothing (a 0 would read as every unit failing), as the
    # page and its export say "Chưa đến hạn".
    judged = not result.not_yet_due
    return {
        "form": form,
        "period": parsed.code,
        "expected": result.expected,
        "complete": result.complete,
        "on_time": result.on_time,
        "due_date": result.due_date,
        "not_yet_due": result.not_yet_due,
        "rate": result.rate if judged else None,
        "timely_rate": result.timely_rate if judged else None,
        "units": [
            {
                "unit_id": s.unit.pk,
                "unit": s.unit.name,
                "state": s.state,
                "first_submitted": s.first_submitted,
                "on_time": s.on_time,
                "due_date": s.due_date,
            }
            for s in result.units
        ],
    }


@router.get("/reports", response={200: list[PeriodicReportOut], **errors(400, 401, 422)})
@paginate(BoundedPagination)
def reports_list(
    request: HttpRequest,
    form: str = FORM_FILTER,
    state: str = Query("", pattern=NO_NUL),
    unit: int | None = UNIT_FILTER,
) -> Any:
    """List the reports the caller may read; an unknown form or state is refused, not answered with none."""
    if state and state not in ReportState.values:
        raise HttpError(
            400,
            f"Tham số “state” = {state[:30]} không phải trạng thái của báo cáo; "
            f"hãy dùng một trong: {', '.join(ReportState.values)}.",
        )
    _form_known(form)
    return [
        _report_out(r)
        for r in selectors.reports_list(user=request.user, form_code=form, state=state, unit=unit)
    ]


@router.get("/reports/{report_id}", response={200: PeriodicReportDetailOut, **errors(401, 404, 422)})
def report_detail(request: HttpRequest, report_id: int = REPORT_ID) -> Any:
    """Return a report with its values."""
    return _report_out(selectors.report_get(user=request.user, pk=report_id), values=True)


@router.post(
    "/reports/{report_id}/submit",
    response={200: PeriodicReportDetailOut, **errors(400, 401, 403, 404, 409, 422)},
)
def report_submit(request: HttpRequest, payload: SubmitIn, report_id: int = REPORT_ID) -> Any:
    """Submit a report as its unit (with new values, or the stored ones); 400 lists each field's faults.

    A `version` older than the report's is answered 409 (the API's `StaleEditError` handler): who
    changed the report, when, and the version to base a retry on.
    """
    report = selectors.report_get(user=request.user, pk=report_id)
    try:
        services.report_submit(
            actor=request.user,
            report=report,
            values=payload.values,
            now=timezone.now(),
            via="api",
            expected_version=payload.version,
        )
    except ReportValuesError as exc:
        raise HttpError(400, "; ".join(m for ms in exc.errors.values() for m in ms)) from exc
    except ReportingError as exc:
        raise HttpError(400, exc.messages[0]) from exc
    return _report_out(report, values=True)
