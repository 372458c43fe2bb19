"""Load reports from an uploaded workbook: all sheets or none, each loaded sheet a submission.

A unit's editor uploads their own report; a coordinator uploads many units' reports in one
workbook. Every sheet is checked (form, version, unit, period, scope, each value, each rule)
before anything is written; any fault refuses the whole file, with every fault named by sheet,
row and column. A sheet written from a report (its version in cell B4) is refused when the report
was changed since, naming who changed it; a sheet without that cell (an older template) is not.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from doingoai.audit.concurrency import StaleEditError, stale_messages
from doingoai.directory.models import Organization
from doingoai.reporting import selectors, services
from doingoai.reporting.errors import ReportImportError, ReportingError
from doingoai.reporting.formspec import values_clean
from doingoai.reporting.models import Report, ReportForm, ReportState
from doingoai.reporting.periods import Period, period_of_kind
from doingoai.reporting.xlsx_io import SheetData, workbook_read


def _formula_problems(where: str, sheet: SheetData, form: ReportForm | None) -> list[str]:
    """Name each value cell holding a formula, by row and field (its label when the form is known)."""
    problems = []
    for key, row in sheet.formulas.items():
        found = form.spec.field(key) if form is not None else None
        problems.append(
            _("%(where)s, dòng %(row)d, cột C (Giá trị): %(field)s: ô chứa công thức; hãy nhập giá trị.")
            % {"where": where, "row": row, "field": found.label if found is not None else key}
        )
    return problems


def _sheet_head(
    actor: Any, sheet: SheetData, now: dt.datetime, where: str, newest: ReportForm | None
) -> tuple[str, tuple[Organization, Period, ReportForm] | None]:
    """Return the fault of the sheet's head (form, period, version, unit), or its unit, period and form."""
    if newest is None:
        return _("%(where)s, ô B1 (Biểu mẫu): không có biểu mẫu “%(code)s”.") % {
            "where": where,
            "code": sheet.form_code,
        }, None
    try:
        period: Period = period_of_kind(newest.period_type, sheet.period)
    except ReportingError as exc:
        return _("%(where)s, ô B3 (Kỳ báo cáo): %(msg)s") % {"where": where, "msg": exc.messages[0]}, None
    # The upload submits: a period not begun, or not yet in its last month, is refused at its cell.
    refused = selectors.period_submission_refused(period, now=now)
    if refused:
        return _("%(where)s, ô B3 (Kỳ báo cáo): %(msg)s.") % {"where": where, "msg": refused}, None
    form = selectors.form_in_force(sheet.form_code, period)
    if str(sheet.version).strip() != str(form.version):
        return _(
            "%(where)s, ô D1 (Phiên bản): kỳ %(period)s báo cáo theo phiên bản %(v)d; hãy tải mẫu mới."
        ) % {"where": where, "period": period.code, "v": form.version}, None
    unit_id = str(sheet.unit_id or "").strip()
    unit = (
        Organization.objects.filter(pk=int(unit_id)).first()
        if unit_id.isdecimal() and len(unit_id) < 19
        else None
    )
    if unit is None or not selectors.unit_can_report(actor, unit):
        return _("%(where)s, ô B2 (Mã đơn vị): không có đơn vị “%(id)s” mà bạn được nộp báo cáo.") % {
            "where": where,
            "id": unit_id,
        }, None
    if selectors.assignment_for(sheet.form_code, unit, period) is None:
        return _("%(where)s: đơn vị %(unit)s không được phân công báo cáo kỳ %(period)s.") % {
            "where": where,
            "unit": unit.name,
            "period": period.code,
        }, None
    return "", (unit, period, form)


def _stale_problem(name: str, sheet: SheetData, report: Report, current: int) -> str:
    """Say that `report` was changed after the file was written, by whom and when (the entry page's lines)."""
    changes = stale_messages(report, expected=sheet.report_version, current=current)[1:]
    where = _("Tệp “%(name)s”, trang “%(sheet)s”") % {"name": name, "sheet": sheet.title}
    said = _("%(where)s: báo cáo của %(unit)s kỳ %(period)s đã được sửa sau khi tệp được tải về.") % {
        "where": where,
        "unit": report.unit.name,
        "period": report.period,
    }
    then = _(
        "Tệp ghi phiên bản %(old)d, báo cáo nay ở phiên bản %(new)d: chưa nộp gì từ tệp, hãy tải lại báo cáo."
    ) % {
        "old": sheet.report_version or 0,
        "new": current,
    }
    return " ".join([said, then, *changes])


def _check_sheet(actor: Any, sheet: SheetData, now: dt.datetime, name: str) -> tuple[list[str], Any]:
    """Return every fault of one sheet, and its (unit, period, stored report or None) when its head is right.

    A fault in the sheet's head (form, period, version, unit) stops the check of its values,
    which mean nothing without it; the cells the reader found wrong are named all the same.
    """
    where = _("Trang “%(sheet)s”") % {"sheet": sheet.title}
    newest = ReportForm.objects.filter(code=sheet.form_code).order_by("-version").first()
    problems = sheet.problems + _formula_problems(where, sheet, newest)
    fault, head = _sheet_head(actor, sheet, now, where, newest)
    if head is None:
        return [*problems, fault], None
    unit, period, form = head
    for key, row in sheet.rows.items():
        if form.spec.field(key) is None:
            problems.append(
                _("%(where)s, dòng %(row)d, cột A (Mã chỉ tiêu): không có chỉ tiêu “%(key)s” trong biểu mẫu.")
                % {"where": where, "row": row, "key": key}
            )
    _clean, errors = values_clean(form.spec, sheet.values, complete=True)
    for key, messages in errors.items():
        if key in sheet.formulas:
            continue  # named above: its value is missing because it is a formula
        line = sheet.rows.get(key)
        place = (
            _("dòng %(row)d, cột C (Giá trị)") % {"row": line}
            if line
            else _("thiếu dòng của chỉ tiêu “%(key)s”") % {"key": key}
        )
        for message in messages:
            problems.append(f"{where}, {place}: {message}")
    existing = Report.objects.filter(form_code=sheet.form_code, unit=unit, period=period.code).first()
    # A sheet written from an older version of the report would overwrite what was saved since.
    if existing is not None and sheet.report_version is not None and existing.version != sheet.report_version:
        problems.append(_stale_problem(name, sheet, existing, existing.version))
    elif existing is not None and not selectors.report_can_edit(actor, existing, now=now):
        state = ReportState(existing.state).label
        problems.append(
            _("%(where)s: báo cáo của %(unit)s kỳ %(period)s đang “%(state)s”, không nộp lại được.")
            % {"where": where, "unit": unit.name, "period": period.code, "state": state}
        )
    return problems, (unit, period, existing)


@transaction.atomic
def reports_import(*, actor: Any, name: str, data: bytes, now: dt.datetime) -> list[Report]:
    """Check every sheet, then submit each one's report (via "xlsx"); refuse the whole file on any fault."""
    sheets = workbook_read(name, data)
    problems: list[str] = []
    targets: list[tuple[SheetData, Any]] = []
    seen: dict[tuple[str, int, str], str] = {}
    for sheet in sheets:
        sheet_problems, target = _check_sheet(actor, sheet, now, name)
        problems.extend(sheet_problems)
        if target is not None:
            unit, period, _existing = target
            slot = (sheet.form_code, unit.pk, period.code)
            if slot in seen:
                problems.append(
                    _("Trang “%(sheet)s”: trùng đơn vị và kỳ với trang “%(other)s”.")
                    % {"sheet": sheet.title, "other": seen[slot]}
                )
            seen[slot] = sheet.title
            targets.append((sheet, target))
    if problems:
        raise ReportImportError(problems)
    loaded: list[Report] = []
    for sheet, (unit, period, existing) in targets:
        report = services.report_open(
            actor=actor, form_code=sheet.form_code, unit=unit, period=period, now=now
        )
        # Checked again under the row's lock: a save made since the check above is not overwritten.
        expected = sheet.report_version if existing is not None else None
        try:
            submitted = services.report_submit(
                actor=actor,
                report=report,
                values=sheet.values,
                now=now,
                via="xlsx",
                expected_version=expected,
            )
        except StaleEditError as exc:
            raise ReportImportError([_stale_problem(name, sheet, report, exc.current_version)]) from exc
        loaded.append(submitted)
    return loaded
