"""Change reports: open, save, submit, return, accept, approve, unapprove, lock exceptions.

Every move checks the rules in `doingoai.reporting.selectors`, leaves a `ReportEvent`, and the
moves that lock or unlock a report are written to the audit log. Time is passed in (`now`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doingoai.accounts import scope
from doingoai.accounts.models import Role, User, account_name
from doingoai.analysis.text import text_normalize
from doingoai.audit.concurrency import version_check, version_claim
from doingoai.audit.models import AuditAction
from doingoai.audit.services import audit_record, audit_snapshot, audited_delete
from doingoai.directory.models import Organization
from doingoai.notifications.services import (
    notification_create,
    notification_language,
    notifications_settle,
    notifications_settle_keyless,
)
from doingoai.reporting import selectors
from doingoai.reporting.errors import ReportingError, ReportValuesError
from doingoai.reporting.formspec import spec_parse, values_clean
from doingoai.reporting.goals import formula_parse
from doingoai.reporting.models import (
    Assignment,
    EventAction,
    FieldComment,
    Goal,
    IndicatorYear,
    LockException,
    OverdueReminder,
    Report,
    ReportEvent,
    ReportFile,
    ReportForm,
    ReportState,
    Strategy,
    StrategyIndicator,
    Submission,
    actor_account,
)
from doingoai.reporting.periods import Period, period_parse
from doingoai.reporting.prefill import aid_prefill
from doingoai.uploads import ATTACHMENTS_MAX, AttachmentData, attachment_problem, stored_name

FORMS_PACKAGE = "doingoai.reporting.forms_data"
# The kind of the notes saying that a report was sent back to its unit.
RETURNED = "report_returned"
# The longest a lock exception runs: the page offers 1 to 90 days.
LOCK_EXCEPTION_MAX_DAYS = 90


# --- forms and assignments --------------------------------------------------------------------


@transaction.atomic
def form_load(*, actor: Any, definition: dict[str, Any]) -> ReportForm:
    """Create or update one form version from its definition.

    A version that already has reports is frozen: a changed definition must come as a new version.
    """
    if not scope.user_is_coordinator(actor):
        raise PermissionDenied(_("Chỉ điều phối quốc gia được nạp biểu mẫu."))
    spec = spec_parse(definition)
    form = ReportForm.objects.filter(code=spec.code, version=spec.version).first()
    if form is not None:
        if form.definition == definition:
            return form
        if form.reports.exists():
            raise ReportingError(
                _("Biểu mẫu %(code)s phiên bản %(v)d đã có báo cáo: hãy tạo phiên bản mới thay vì sửa.")
                % {"code": spec.code, "v": spec.version}
            )
        before = audit_snapshot(form)
        form.name, form.period_type, form.valid_from, form.definition = (
            spec.name,
            spec.period_type,
            spec.valid_from,
            definition,
        )
        form.save()
        audit_record(actor=actor, action=AuditAction.UPDATE, instance=form, before=before)
        return form
    form = ReportForm.objects.create(
        code=spec.code,
        version=spec.version,
        name=spec.name,
        period_type=spec.period_type,
        valid_from=spec.valid_from,
        definition=definition,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, instance=form)
    return form


def forms_load_package(*, actor: Any) -> list[ReportForm]:
    """Load the forms shipped in `doingoai/reporting/forms_data/` (the two forms of the project)."""
    loaded = []
    for item in sorted(resources.files(FORMS_PACKAGE).iterdir(), key=lambda p: p.name):
        if item.name.endswith(".json"):
            loaded.append(form_load(actor=actor, definition=json.loads(item.read_text(encoding="utf-8"))))
    return loaded


@transaction.atomic
def assignment_create(
    *,
    actor: Any,
    form_code: str,
    unit: Organization,
    start_date: dt.date,
    end_date: dt.date | None = None,
    due_days: int = 15,
    expiry_days: int = 0,
    review_unit: Organization | None = None,
) -> Assignment:
    """Assign a form to a unit (coordinators, or editors of a unit above it)."""
    if not (
        scope.user_is_coordinator(actor) or (scope.unit_can_edit(actor, unit) and actor.unit_id != unit.pk)
    ):
        raise PermissionDenied(_("Bạn không có quyền phân công báo cáo cho đơn vị này."))
    if not ReportForm.objects.filter(code=form_code).exists():
        raise ReportingError(_("Không có biểu mẫu “%(code)s”.") % {"code": form_code})
    if end_date is not None and end_date < start_date:
        raise ReportingError(_("Ngày kết thúc phân công phải sau ngày bắt đầu."))
    assignment = Assignment.objects.create(
        form_code=form_code,
        unit=unit,
        start_date=start_date,
        end_date=end_date,
        due_days=due_days,
        expiry_days=expiry_days,
        review_unit=review_unit,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, instance=assignment)
    return assignment


@transaction.atomic
def assignment_end(*, actor: Any, assignment: Assignment, end_date: dt.date) -> Assignment:
    """End an assignment (a unit closed or merged): it is not expected for periods ending after `end_date`."""
    if not scope.user_is_coordinator(actor):
        raise PermissionDenied(_("Chỉ điều phối quốc gia được kết thúc phân công."))
    before = audit_snapshot(assignment)
    assignment.end_date = end_date
    assignment.save(update_fields=["end_date"])
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=assignment, before=before)
    return assignment


# --- the path of a report ---------------------------------------------------------------------


def _event(report: Report, action: Any, actor: Any, now: dt.datetime, reason: str = "") -> None:
    ReportEvent.objects.create(
        report=report,
        action=action,
        at=now,
        actor=actor_account(actor),
        actor_name=account_name(actor)[:150],
        reason=reason,
    )


def _notify_unit(report: Report, kind: str, say: Callable[[], str], now: dt.datetime, key: str = "") -> None:
    """Notify the unit's editors: `say` gives the text, worded in each reader's language, not the actor's."""
    url = _report_url(report)
    for user in User.objects.filter(unit=report.unit, role=Role.EDITOR, is_active=True):
        with notification_language(recipient=user):
            text = say()
        notification_create(user=user, kind=kind, text=text, url=url, now=now, key=key)


def _report_url(report: Report) -> str:
    return reverse("reporting:report_detail", args=[report.pk])


def _returned_key(report: Report, submission_number: int) -> str:
    """Return the key of the notes saying that this submission of the report was sent back.

    One submission is returned at most once (a returned report must be submitted again before it
    can be returned again), so each return has its own key and its own notes.
    """
    return f"report-returned:{report.pk}:{submission_number}"


def _label(report: Report) -> str:
    return _("%(form)s %(period)s của %(unit)s") % {
        "form": report.form.name,
        "period": period_parse(report.period).label(),
        "unit": report.unit.name,
    }


@transaction.atomic
def report_open(
    *, actor: Any, form_code: str, unit: Organization, period: Period, now: dt.datetime
) -> Report:
    """Return the unit's report for `period`, creating its draft (with the registry's aid figures)."""
    existing = Report.objects.filter(form_code=form_code, unit=unit, period=period.code).first()
    if existing is not None:
        return existing
    if not selectors.unit_can_report(actor, unit):
        raise PermissionDenied(_("Chỉ biên tập viên của chính đơn vị được lập báo cáo của đơn vị."))
    _require_begun(period, now)
    assignment = selectors.assignment_for(form_code, unit, period)
    if assignment is None:
        raise ReportingError(
            _("Đơn vị %(unit)s không được phân công báo cáo %(form)s kỳ %(period)s.")
            % {"unit": unit.name, "form": form_code, "period": period.code}
        )
    form = selectors.form_in_force(form_code, period)
    values: dict[str, str] = {}
    for prefill in aid_prefill(user=actor, unit=unit, period=period, spec=form.spec):
        values.update(prefill.values)
    report = Report.objects.create(
        form=form,
        form_code=form_code,
        unit=unit,
        review_unit=assignment.review_unit,
        period=period.code,
        period_end=period.end,
        due_date=assignment.due_date(period.end),
        entry_until=period.end + dt.timedelta(days=assignment.expiry_days)
        if assignment.expiry_days
        else None,
        values=values,
        created_at=now,
        updated_at=now,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, instance=report)
    return report


def _require_begun(period: Period, now: dt.datetime) -> None:
    reason = selectors.period_not_begun(period, now=now)
    if reason:
        raise ReportingError(_("Chưa lập, nộp được báo cáo: %(reason)s.") % {"reason": reason})


def _require_unit_editor(actor: Any, report: Report) -> None:
    if not selectors.unit_can_report(actor, report.unit):
        raise PermissionDenied(_("Chỉ biên tập viên của chính đơn vị được sửa báo cáo của đơn vị."))


def _require_edit(actor: Any, report: Report, now: dt.datetime) -> None:
    _require_unit_editor(actor, report)
    if report.state in (ReportState.SUBMITTED, ReportState.ACCEPTED):
        raise ReportingError(_("Báo cáo đã nộp đang chờ xem xét: chỉ sửa được khi bị trả lại."))
    reason = selectors.report_lock_reason(report, now=now)
    if reason and selectors.lock_exception_active(report, now=now) is None:
        raise ReportingError(reason + " " + _("Cần một ngoại lệ khóa để sửa."))


@transaction.atomic
def report_files_add(
    *,
    actor: Any,
    report: Report,
    files: Iterable[AttachmentData],
    now: dt.datetime,
    expected_version: int | None = None,
) -> list[ReportFile]:
    """Attach files to a report its unit may still change (the signed report, an annex).

    Each file is checked as every attachment is (`uploads.attachment_problem`); one refused file
    refuses them all, and a report holds at most `ATTACHMENTS_MAX`. Each file added is logged and
    moves the report's version on; a page filled from an older version (`expected_version`) is
    refused with `StaleEditError` and attaches nothing.
    """
    _require_edit(actor, report, now)
    version_check(instance=report, expected=expected_version)
    files = list(files)
    held = report.files.count()
    if held + len(files) > ATTACHMENTS_MAX:
        raise ReportingError(
            ngettext(
                "Mỗi báo cáo đính kèm tối đa %(n)d tệp; báo cáo đã có %(held)d tệp.",
                "Mỗi báo cáo đính kèm tối đa %(n)d tệp; báo cáo đã có %(held)d tệp.",
                ATTACHMENTS_MAX,
            )
            % {"n": ATTACHMENTS_MAX, "held": held}
        )
    for item in files:
        problem = attachment_problem(item)
        if problem:
            raise ReportingError(problem)
    added = []
    for item in files:
        stored = ReportFile.objects.create(
            report=report,
            name=stored_name(item.name),
            content_type=item.content_type[:100],
            size=len(item.data),
            data=item.data,
            uploaded_by=actor_account(actor),
            uploaded_at=now,
        )
        audit_record(actor=actor, action=AuditAction.CREATE, instance=stored)
        # One version per logged change, so that a refused save is told each change it missed.
        version_claim(instance=report, expected=None)
        added.append(stored)
    return added


def _values_clean(report: Report, values: dict[str, Any], *, complete: bool) -> dict[str, Any]:
    clean, errors = values_clean(report.form.spec, values, complete=complete)
    if errors:
        raise ReportValuesError(errors)
    return clean


def _values_set(actor: Any, report: Report, clean: dict[str, Any], *, now: dt.datetime) -> None:
    """Store the figures; the change is logged, so that a save refused as stale says who made it."""
    before = audit_snapshot(report)
    report.values = clean
    report.updated_at = now
    report.save(update_fields=["values", "updated_at"])
    if report.state == ReportState.APPROVED or selectors.report_lock_reason(report, now=now):
        # A change under a lock exception is also an event of the report: the exception is the only way in.
        _event(report, EventAction.EDIT_UNLOCKED, actor, now)
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=report, before=before)


@transaction.atomic
def report_save(
    *,
    actor: Any,
    report: Report,
    values: dict[str, Any],
    now: dt.datetime,
    files_remove: Iterable[ReportFile] = (),
    expected_version: int | None = None,
) -> Report:
    """Save the values as a draft (well-formed values only; required fields may wait).

    The files in `files_remove` leave the report with the same save, and only if the values are
    saved: removing a file never costs the figures typed beside it. Each removal is logged.

    `expected_version` is the version the entry page was filled from: a save based on an older
    one raises `StaleEditError` and changes nothing (None: not read from a page, not checked). A
    save that changes nothing keeps the version, so the same report open elsewhere is not refused.
    """
    _require_edit(actor, report, now)
    version_check(instance=report, expected=expected_version)
    clean = _values_clean(report, values, complete=False)
    files_remove = list(files_remove)
    for stored in files_remove:
        if stored.report_id != report.pk:
            raise ReportingError(_("Tệp “%(name)s” không thuộc báo cáo này.") % {"name": stored.name})
    if clean != report.values:
        version_claim(instance=report, expected=None)
        _values_set(actor, report, clean, now=now)
    for stored in files_remove:
        version_claim(instance=report, expected=None)
        audited_delete(actor=actor, instance=stored)
    return report


@transaction.atomic
def report_submit(
    *,
    actor: Any,
    report: Report,
    now: dt.datetime,
    values: dict[str, Any] | None = None,
    via: str = "web",
    expected_version: int | None = None,
) -> Report:
    """Submit (or resubmit) the report with every rule checked.

    The first submission's time is kept for ever: a resubmission never changes timeliness. Nothing
    goes in before the period's last month (`selectors.period_submission_opens`), so a year's
    report sent early in the year is not counted on time. A page filled from an older version
    than `expected_version` is refused (`StaleEditError`): it would submit figures nobody saw.
    That is told before a report submitted meanwhile is refused as closed: who changed it says more.
    """
    _require_unit_editor(actor, report)
    version_check(instance=report, expected=expected_version)
    _require_edit(actor, report, now)
    if report.state == ReportState.APPROVED:
        raise ReportingError(_("Báo cáo đã phê duyệt không nộp lại được; sửa số liệu bằng ngoại lệ khóa."))
    # A draft opened before this rule held (or its period typed wrong) is still refused here.
    period = period_parse(report.period)
    _require_begun(period, now)
    # A draft may be kept from the period's first day; it goes in only from the period's last month.
    refused = selectors.period_submission_refused(period, now=now)
    if refused:
        raise ReportingError(
            _("Chưa nộp được báo cáo: %(reason)s.") % {"reason": refused}
            + " "
            + _("Trước ngày đó chỉ lưu được bản nháp.")
        )
    clean = _values_clean(report, report.values if values is None else values, complete=True)
    version_claim(instance=report, expected=None)
    before = audit_snapshot(report)
    report.values = clean
    report.updated_at = now
    if report.state == ReportState.APPROVED or selectors.report_lock_reason(report, now=now):
        _event(report, EventAction.EDIT_UNLOCKED, actor, now)
    number = report.submissions.count() + 1
    Submission.objects.create(
        report=report,
        number=number,
        submitted_at=now,
        submitted_by=actor_account(actor),
        via=via,
        values=report.values,
    )
    if report.first_submitted_at is None:
        report.first_submitted_at = now
    report.submitted_at = now
    report.state = ReportState.SUBMITTED
    report.return_reason = ""
    report.save(
        update_fields=["values", "first_submitted_at", "submitted_at", "state", "return_reason", "updated_at"]
    )
    _event(report, EventAction.SUBMIT, actor, now)
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=report, before=before)
    if number > 1:
        # Resubmitted: the unit has acted on the return, so its note leaves every editor's bell; so do
        # the notes of returns written before each return had its key (they lead to this report).
        notifications_settle(key=_returned_key(report, number - 1), now=now)
        notifications_settle_keyless(kind=RETURNED, url=_report_url(report), now=now)
    return report


def _require_review(actor: Any, report: Report) -> None:
    if not selectors.report_can_review(actor, report):
        raise PermissionDenied(_("Chỉ cấp trên hoặc đơn vị xem xét được xử lý báo cáo này."))


def _note(text: str, *, label: str, missing: str) -> str:
    """Return a reviewer's reason or comment as stored (NFC, trimmed); refuse an empty one or a NUL.

    These boxes reach the database without a form's checks: a NUL byte would be stored on SQLite
    and make PostgreSQL fail the whole request, and text pasted in decomposed form (NFD) would not
    match the same words typed.
    """
    note = text_normalize(text or "").strip()
    if not note:
        raise ReportingError(missing)
    if "\x00" in note:
        raise ReportingError(
            _("%(label)s có ký tự rỗng (NUL), không lưu được: hãy gõ lại nội dung.") % {"label": label}
        )
    return note


@transaction.atomic
def report_return(
    *, actor: Any, report: Report, reason: str, now: dt.datetime, expected_version: int | None = None
) -> Report:
    """Return a submitted or accepted report to its unit; the reason is required.

    `expected_version`, here and in the other decisions of a reviewer, is the version the review
    page showed: a decision on figures or a state that changed since is refused (`StaleEditError`).
    """
    _require_review(actor, report)
    version_claim(instance=report, expected=expected_version)
    reason = _note(reason, label=_("Lý do trả lại"), missing=_("Hãy ghi lý do trả lại báo cáo."))
    if report.state not in (ReportState.SUBMITTED, ReportState.ACCEPTED):
        raise ReportingError(_("Chỉ trả lại được báo cáo đã nộp hoặc đã tiếp nhận."))
    before = audit_snapshot(report)
    report.state = ReportState.RETURNED
    report.return_reason = reason
    report.updated_at = now
    report.save(update_fields=["state", "return_reason", "updated_at"])
    _event(report, EventAction.RETURN, actor, now, reason)
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=report, before=before)
    _notify_unit(
        report,
        RETURNED,
        lambda: _("Bị trả lại: %(r)s. Lý do: %(why)s") % {"r": _label(report), "why": reason},
        now,
        key=_returned_key(report, report.submissions.count()),
    )
    return report


@transaction.atomic
def report_accept(
    *, actor: Any, report: Report, now: dt.datetime, expected_version: int | None = None
) -> Report:
    """Accept a submitted report (the level above)."""
    _require_review(actor, report)
    version_claim(instance=report, expected=expected_version)
    if report.state != ReportState.SUBMITTED:
        raise ReportingError(_("Chỉ tiếp nhận được báo cáo đã nộp."))
    before = audit_snapshot(report)
    report.state = ReportState.ACCEPTED
    report.updated_at = now
    report.save(update_fields=["state", "updated_at"])
    _event(report, EventAction.ACCEPT, actor, now)
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=report, before=before)
    _notify_unit(report, "report_accepted", lambda: _("Đã tiếp nhận: %(r)s.") % {"r": _label(report)}, now)
    return report


def _chased_text(
    *, form_code: str, period: Period, unit: Organization, due_date: dt.date, sender: str
) -> str:
    """Word the reminder of an overdue report, in the language active (its reader's)."""
    late_text = _("Nhắc nộp: báo cáo %(form)s %(period)s của %(unit)s đã quá hạn (hạn ngày %(day)s).")
    late = late_text % {
        "form": form_code,
        "period": period.label(),
        "unit": unit.name,
        "day": due_date.strftime("%d/%m/%Y"),
    }
    return " ".join([late, _("%(sender)s đề nghị đơn vị hoàn thành và nộp sớm.") % {"sender": sender}])


@dataclass(frozen=True)
class Chased:
    """What one reminder of overdue reports did."""

    reminded: list[Organization]  # units whose editors were told (this time)
    already: list[Organization]  # units reminded earlier the same day
    nobody: list[Organization]  # units with no active editor to tell
    people: int  # notifications written


@transaction.atomic
def reports_overdue_remind(
    *,
    actor: Any,
    form_code: str,
    period_code: str,
    today: dt.date,
    now: dt.datetime,
    level: int | None = None,
    province: str = "",
    unit_id: int | None = None,
) -> Chased:
    """Remind the editors of each unit that has not sent `period` by its due date, within the actor's scope.

    The units are those the completeness page lists as overdue with the same filters, less the actor's
    own; with `unit_id`, that one unit only (its cell's button), when it is one of them. Each unit's
    editors get one notification under the bell (and in the next digest) per unit, period and day:
    pressing again the same day reminds no one twice. Each unit reached is an
    `OverdueReminder`, written to the audit log under the actor's name. The note is worded in the
    site's language, which its readers get, not in the language of the sender's page.
    """
    if not selectors.user_can_chase(actor):
        raise PermissionDenied(_("Chỉ cán bộ điều phối và biên tập viên đơn vị cấp trên được nhắc nộp."))
    _form, period = selectors.form_and_period(form_code, period_code)
    completeness = selectors.completeness_compute(
        user=actor, form_code=form_code, period=period, level=level, province=province, today=today
    )
    late = completeness.to_chase
    if unit_id is not None:
        late = [status for status in late if status.unit.pk == unit_id]
    editors: dict[int, list[User]] = {}
    for user in User.objects.filter(unit__in=[s.unit for s in late], role=Role.EDITOR, is_active=True):
        editors.setdefault(user.unit_id, []).append(user)
    # The unit asks, as an administrative reminder does; a person without a unit asks in their own name.
    sender = actor.unit.name if actor.unit_id else (actor.get_full_name() or actor.get_username())
    reminded: list[Organization] = []
    already: list[Organization] = []
    nobody: list[Organization] = []
    people = 0
    for status in late:
        unit = status.unit
        if not editors.get(unit.pk):
            nobody.append(unit)
            continue
        due_date = status.due_date
        assert due_date is not None  # overdue units have one
        url = reverse("reporting:report_start", args=[form_code, unit.pk, period.code])
        key = f"report_chased:{form_code}:{unit.pk}:{period.code}:{today.isoformat()}"
        written = []
        for user in editors[unit.pk]:
            with notification_language(recipient=user):  # the editor's language, not the sender's
                text = _chased_text(
                    form_code=form_code, period=period, unit=unit, due_date=due_date, sender=sender
                )
            written.append(
                notification_create(user=user, kind="report_chased", text=text, url=url, key=key, now=now)
            )
        told = sum(1 for n in written if n is not None)
        people += told
        if told:
            reminder = OverdueReminder.objects.create(
                form_code=form_code,
                period=period.code,
                unit=unit,
                due_date=due_date,
                recipients=told,
                sent_by=actor_account(actor),
                sent_at=now,
            )
            audit_record(actor=actor, action=AuditAction.CREATE, instance=reminder)
        (reminded if told else already).append(unit)
    return Chased(reminded=reminded, already=already, nobody=nobody, people=people)


def units_below_not_approved(report: Report) -> list[Organization]:
    """Return the units directly below the report's unit, expected for the same period, not yet approved."""
    children = Organization.objects.filter(parent=report.unit)
    period_day = report.period_end
    expected = selectors.assignments_on(report.form_code, period_day).filter(unit__in=children)
    approved = set(
        Report.objects.filter(
            form_code=report.form_code, period=report.period, unit__in=children, state=ReportState.APPROVED
        ).values_list("unit_id", flat=True)
    )
    return sorted(
        {a.unit for a in expected.select_related("unit") if a.unit_id not in approved}, key=lambda u: u.name
    )


@transaction.atomic
def report_approve(
    *, actor: Any, report: Report, now: dt.datetime, expected_version: int | None = None
) -> Report:
    """Approve an accepted report once every unit below it is approved; the report is then locked."""
    _require_review(actor, report)
    version_claim(instance=report, expected=expected_version)
    if report.state != ReportState.ACCEPTED:
        raise ReportingError(_("Chỉ phê duyệt được báo cáo đã tiếp nhận."))
    waiting = units_below_not_approved(report)
    if waiting:
        raise ReportingError(
            ngettext(
                "Chưa phê duyệt được: báo cáo của các đơn vị cấp dưới chưa được phê duyệt: %(units)s.",
                "Chưa phê duyệt được: báo cáo của các đơn vị cấp dưới chưa được phê duyệt: %(units)s.",
                len(waiting),
            )
            % {"units": ", ".join(u.name for u in waiting)}
        )
    before = audit_snapshot(report)
    report.state = ReportState.APPROVED
    report.updated_at = now
    report.save(update_fields=["state", "updated_at"])
    _event(report, EventAction.APPROVE, actor, now)
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=report, before=before)
    _notify_unit(report, "report_approved", lambda: _("Đã phê duyệt: %(r)s.") % {"r": _label(report)}, now)
    return report


@transaction.atomic
def report_unapprove(
    *, actor: Any, report: Report, reason: str, now: dt.datetime, expected_version: int | None = None
) -> Report:
    """Take back an approval (back to accepted): needs the permission and a reason, and is audited."""
    if not selectors.user_can_unapprove(actor) or not selectors.report_can_review(actor, report):
        raise PermissionDenied(_("Bạn không có quyền hủy phê duyệt báo cáo."))
    version_claim(instance=report, expected=expected_version)
    reason = _note(reason, label=_("Lý do hủy phê duyệt"), missing=_("Hãy ghi lý do hủy phê duyệt."))
    if report.state != ReportState.APPROVED:
        raise ReportingError(_("Báo cáo chưa được phê duyệt."))
    parent = report.unit.parent
    if (
        parent is not None
        and Report.objects.filter(
            form_code=report.form_code, period=report.period, unit=parent, state=ReportState.APPROVED
        ).exists()
    ):
        raise ReportingError(
            _("Đơn vị cấp trên đã được phê duyệt: hãy hủy phê duyệt báo cáo của cấp trên trước.")
        )
    before = audit_snapshot(report)
    report.state = ReportState.ACCEPTED
    report.updated_at = now
    report.save(update_fields=["state", "updated_at"])
    _event(report, EventAction.UNAPPROVE, actor, now, reason)
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=report, before=before)
    _notify_unit(
        report,
        "report_unapproved",
        lambda: _("Đã hủy phê duyệt: %(r)s. Lý do: %(why)s") % {"r": _label(report), "why": reason},
        now,
    )
    return report


@transaction.atomic
def lock_exception_grant(
    *, actor: Any, report: Report, reason: str, expires_at: dt.datetime, now: dt.datetime
) -> LockException:
    """Let the unit change a locked report until `expires_at`: needs the permission and a reason; audited."""
    if not selectors.user_can_grant_lock_exception(actor) or not selectors.report_can_review(actor, report):
        raise PermissionDenied(_("Bạn không có quyền cấp ngoại lệ khóa."))
    reason = _note(reason, label=_("Lý do cấp ngoại lệ khóa"), missing=_("Hãy ghi lý do cấp ngoại lệ khóa."))
    if expires_at <= now:
        raise ReportingError(_("Thời hạn của ngoại lệ khóa phải ở sau thời điểm hiện tại."))
    if expires_at > now + dt.timedelta(days=LOCK_EXCEPTION_MAX_DAYS):
        raise ReportingError(
            ngettext(
                "Số ngày của ngoại lệ khóa tối đa là %(n)d ngày.",
                "Số ngày của ngoại lệ khóa tối đa là %(n)d ngày.",
                LOCK_EXCEPTION_MAX_DAYS,
            )
            % {"n": LOCK_EXCEPTION_MAX_DAYS}
        )
    exception = LockException.objects.create(
        report=report, reason=reason, expires_at=expires_at, granted_by=actor_account(actor), created_at=now
    )
    _event(report, EventAction.LOCK_EXCEPTION, actor, now, reason)
    audit_record(actor=actor, action=AuditAction.CREATE, instance=exception)
    return exception


@transaction.atomic
def field_comment_add(
    *, actor: Any, report: Report, field_key: str, text: str, now: dt.datetime
) -> FieldComment:
    """Add a reviewer's comment on one field."""
    _require_review(actor, report)
    if report.form.spec.field(field_key) is None:
        raise ReportingError(_("Không có chỉ tiêu “%(key)s” trong biểu mẫu.") % {"key": field_key})
    text = _note(text, label=_("Nhận xét"), missing=_("Hãy nhập nội dung nhận xét."))
    return FieldComment.objects.create(
        report=report,
        field_key=field_key,
        text=text,
        author=actor_account(actor),
        author_name=account_name(actor)[:150],
        created_at=now,
    )


# --- the strategy's goals and indicators ------------------------------------------------------


@transaction.atomic
def strategy_create(*, actor: Any, name: str, start_year: int, end_year: int) -> Strategy:
    """Create a strategy (coordinators)."""
    if not scope.user_is_coordinator(actor):
        raise PermissionDenied(_("Chỉ điều phối quốc gia được lập chiến lược."))
    strategy = Strategy.objects.create(name=name, start_year=start_year, end_year=end_year)
    audit_record(actor=actor, action=AuditAction.CREATE, instance=strategy)
    return strategy


@transaction.atomic
def goal_indicator_add(
    *,
    actor: Any,
    strategy: Strategy,
    goal_code: str,
    goal_name: str,
    code: str,
    name: str,
    unit_label: str = "",
    form_code: str = "",
    formula: str = "",
    baseline: tuple[int, Decimal] | None = None,
    targets: dict[int, Decimal] | None = None,
    manual: dict[int, Decimal] | None = None,
) -> StrategyIndicator:
    """Add an indicator (and its goal when new), with its baseline, yearly targets and manual values."""
    if not scope.user_is_coordinator(actor):
        raise PermissionDenied(_("Chỉ điều phối quốc gia được lập chiến lược."))
    if formula:
        formula_parse(formula)
        if not ReportForm.objects.filter(code=form_code).exists():
            raise ReportingError(_("Chỉ tiêu theo công thức phải gắn với một biểu mẫu có sẵn."))
    goal, created = Goal.objects.get_or_create(
        strategy=strategy, code=goal_code, defaults={"name": goal_name}
    )
    if created:
        audit_record(actor=actor, action=AuditAction.CREATE, instance=goal)
    indicator = StrategyIndicator.objects.create(
        goal=goal,
        code=code,
        name=name,
        unit_label=unit_label,
        form_code=form_code,
        formula=formula,
        baseline_year=baseline[0] if baseline else None,
        baseline_value=baseline[1] if baseline else None,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, instance=indicator)
    for year in sorted(set(targets or {}) | set(manual or {})):
        IndicatorYear.objects.create(
            indicator=indicator,
            year=year,
            target=(targets or {}).get(year),
            manual_value=(manual or {}).get(year),
        )
    return indicator
