"""Read reports within scope: who may see, edit and review a report; completeness; comparisons.

The rules of reporting, each in one place, built on `doingoai.accounts.scope`:

- a user reads the reports of their unit and of every unit below it (`scope.units_visible`), and
  the reports (not the drafts) sent to their unit for review (`Report.review_unit`);
- a unit's reports are changed only by the unit's own editors (or a coordinator): the units
  above read them without changing them;
- a reviewer is an editor of a unit strictly above the report's unit, an editor of its review
  unit, or a coordinator; reviewers return, accept and approve;
- unapproving and lock exceptions need their own permissions (`reporting.unapprove_report`,
  `reporting.grant_lock_exception`), whatever the role.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, Q, QuerySet, Value, When
from django.http import Http404
from django.utils.translation import gettext as _

from doingoai.accounts import scope
from doingoai.accounts.models import Role
from doingoai.directory.models import Organization
from doingoai.reporting.formspec import FormSpec
from doingoai.reporting.models import Assignment, LockException, Report, ReportForm, ReportState, Submission
from doingoai.reporting.periods import Period, period_of_kind, periods_of_year
from doingoai.reporting.timeliness import local_date, submitted_on_time


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


# --- forms -------------------------------------------------------------------------------------


def forms_current() -> list[ReportForm]:
    """Return the newest version of each form, ordered by code."""
    newest: dict[str, ReportForm] = {}
    for form in ReportForm.objects.order_by("code", "-version"):
        newest.setdefault(form.code, form)
    return list(newest.values())


def form_in_force(code: str, period: Period) -> ReportForm:
    """Return the version of form `code` in force for `period` (the newest valid on its first day)."""
    form = ReportForm.objects.filter(code=code, valid_from__lte=period.start).order_by("-version").first()
    if form is None:
        form = ReportForm.objects.filter(code=code).order_by("version").first()
    if form is None:
        raise Http404(_("Không có biểu mẫu “%(code)s”.") % {"code": code})
    return form


def form_and_period(code: str, period_code: str) -> tuple[ReportForm, Period]:
    """Return the form in force and the parsed period; raise ReportingError for a period of another kind."""
    newest = ReportForm.objects.filter(code=code).order_by("-version").first()
    if newest is None:
        raise Http404(_("Không có biểu mẫu “%(code)s”.") % {"code": code})
    period = period_of_kind(newest.period_type, period_code)
    return form_in_force(code, period), period


# --- scope -------------------------------------------------------------------------------------


def reports_visible(user: Any) -> QuerySet[Report]:
    """Return the reports the user may read."""
    reports = Report.objects.all()
    if not _active(user):
        return reports.none()
    if scope.user_is_coordinator(user):
        return reports
    units = scope.units_visible(user)
    return reports.filter(Q(unit__in=units) | (Q(review_unit__in=units) & ~Q(state=ReportState.DRAFT)))


def report_get(*, user: Any, pk: int) -> Report:
    """Return a report the user may read, or raise Http404 (never revealing that it exists)."""
    report = reports_visible(user).select_related("form", "unit", "review_unit").filter(pk=pk).first()
    if report is None:
        raise Http404(_("Không tìm thấy báo cáo."))
    return report


def unit_can_report(user: Any, unit: Organization) -> bool:
    """Return whether the user may enter and submit `unit`'s reports (its own editors, coordinators)."""
    if scope.user_is_coordinator(user):
        return _active(user)
    return (
        scope.user_role(user) == Role.EDITOR and user.unit_id == unit.pk and scope.unit_can_edit(user, unit)
    )


def reports_reviewable(user: Any) -> QuerySet[Report]:
    """Return the reports the user may return, accept and approve: the level above, or the reviewing unit.

    A coordinator reviews every report; a unit's editor, the reports of the units below their own
    and those their unit (or a unit below it) is assigned to review, never their own unit's.
    """
    reports = Report.objects.all()
    if scope.user_is_coordinator(user):
        return reports if _active(user) else reports.none()
    if scope.user_role(user) != Role.EDITOR:
        return reports.none()
    units = scope.units_editable(user)
    return reports.filter(Q(unit__in=units) | Q(review_unit__in=units)).exclude(unit_id=user.unit_id)


def report_can_review(user: Any, report: Report) -> bool:
    """Return whether the user may return, accept and approve `report` (`reports_reviewable`)."""
    return reports_reviewable(user).filter(pk=report.pk).exists()


def user_can_unapprove(user: Any) -> bool:
    """Return whether the user holds the permission to unapprove reports."""
    return _active(user) and (user.is_superuser or user.has_perm("reporting.unapprove_report"))


def user_can_grant_lock_exception(user: Any) -> bool:
    """Return whether the user holds the permission to grant lock exceptions."""
    return _active(user) and (user.is_superuser or user.has_perm("reporting.grant_lock_exception"))


def lock_exception_active(report: Report, *, now: dt.datetime) -> LockException | None:
    """Return the lock exception in force for `report` at `now`, if any."""
    return report.lock_exceptions.filter(expires_at__gt=now).order_by("-expires_at").first()


def report_lock_reason(report: Report, *, now: dt.datetime) -> str:
    """Return why `report` cannot be changed at `now` without a lock exception ("" when it can)."""
    if report.state == ReportState.APPROVED:
        return _("Báo cáo đã được phê duyệt nên bị khóa.")
    if report.entry_until is not None and local_date(now) > report.entry_until:
        return _("Đã hết thời hạn nhập liệu (ngày %(day)s).") % {
            "day": report.entry_until.strftime("%d/%m/%Y")
        }
    return ""


def period_not_begun(period: Period, *, now: dt.datetime) -> str:
    """Return why nothing can be reported yet for `period` at `now` ("" once the period has begun).

    A period not yet begun has nothing to report, and a mistyped year would be "on time" for
    years. One rule for the web form, the Excel upload and the API (`services.report_open`,
    `services.report_submit`).
    """
    if period.start <= local_date(now):
        return ""
    return _("kỳ %(period)s chưa bắt đầu (từ %(start)s)") % {
        "period": period.label(),
        "start": period.start.strftime("%d/%m/%Y"),
    }


def period_submission_opens(period: Period) -> dt.date:
    """Return the first day a report for `period` may be submitted: the first day of its last month.

    A year's report goes in from 1 December, a quarter's from the first day of its third month, a
    month's from its first day. The figures of a whole year are gathered in its last weeks (the
    state's reporting rules close a year's figures in mid-December), so a year's report sent in
    March is no year's report, yet would be counted on time. The home page offers a report to be
    written ahead from the same day (`reports_not_started`); a draft may be kept from the
    period's first day.
    """
    return period.end.replace(day=1)


def period_submission_refused(period: Period, *, now: dt.datetime) -> str:
    """Return why no report for `period` may be submitted at `now` ("" once it may).

    One rule for the web form, the Excel upload and the API (`services.report_submit`,
    `imports.reports_import`); a period not yet begun says so (`period_not_begun`).
    """
    not_begun = period_not_begun(period, now=now)
    if not_begun:
        return not_begun
    opens = period_submission_opens(period)
    if opens <= local_date(now):
        return ""
    return _("báo cáo %(period)s nộp được từ ngày %(day)s (tháng cuối của kỳ)") % {
        "period": period.label(),
        "day": opens.strftime("%d/%m/%Y"),
    }


def report_can_edit(user: Any, report: Report, *, now: dt.datetime) -> bool:
    """Return whether the user may change `report`'s values at `now`.

    The unit's own editors change a draft or a returned report within the entry window; a locked
    report (approved, or past the window) only while a lock exception is in force. A submitted or
    accepted report waits for its reviewer.
    """
    if not unit_can_report(user, report.unit):
        return False
    if report.state in (ReportState.SUBMITTED, ReportState.ACCEPTED):
        return False
    if report_lock_reason(report, now=now):
        return lock_exception_active(report, now=now) is not None
    return True


def units_in_reporting_scope(user: Any) -> QuerySet[Organization]:
    """Return the units whose reporting status the user sees: their subtree and the units they review."""
    if scope.user_is_coordinator(user):
        return Organization.objects.all()
    visible = scope.units_visible(user)
    reviewed = Assignment.objects.filter(review_unit__in=visible).values("unit_id")
    return Organization.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=reviewed))


# --- assignments and completeness --------------------------------------------------------------


def assignments_on(form_code: str, day: dt.date) -> QuerySet[Assignment]:
    """Return the assignments of `form_code` in force on `day` (start on or before, end on or after).

    `Assignment.in_force_on` is the same rule for assignments already read.
    """
    return Assignment.objects.filter(form_code=form_code, start_date__lte=day).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )


def assignment_for(form_code: str, unit: Organization, period: Period) -> Assignment | None:
    """Return the unit's assignment in force on the period's last day, or None (not expected)."""
    return assignments_on(form_code, period.end).filter(unit=unit).order_by("-start_date").first()


def assignments_list(*, user: Any, form_code: str = "") -> QuerySet[Assignment]:
    """Return the assignments of the units whose reporting the user sees."""
    rows = Assignment.objects.filter(unit__in=units_in_reporting_scope(user)).select_related("unit")
    if form_code:
        rows = rows.filter(form_code=form_code)
    return rows.order_by("form_code", "unit__path", "start_date")


@dataclass
class UnitStatus:
    """One expected unit's state for a period."""

    unit: Organization
    state: str
    period: str = ""
    report: Report | None = None
    first_submitted: dt.datetime | None = None
    on_time: bool | None = None
    due_date: dt.date | None = None
    # Overdue and the reader may remind the unit (`units_to_chase`): its cell offers a reminder.
    to_chase: bool = False

    @property
    def state_label(self) -> str:
        """Return the state in words."""
        return str(ReportState(self.state).label)


@dataclass
class Completeness:
    """Reporting rate and timeliness of one form for one period."""

    form_code: str
    period: Period
    expected: int
    complete: int
    on_time: int
    units: list[UnitStatus] = field(default_factory=list)
    # The earliest due date of the expected units, and whether `today` had not passed it: a
    # period not yet due has no rate to judge (a 0% would read as every unit failing).
    due_date: dt.date | None = None
    not_yet_due: bool = False
    # Given `today`: the expected units that have not submitted and whose due date has passed, and
    # those of them the reader may remind (`units_to_chase`).
    overdue: list[UnitStatus] = field(default_factory=list)
    to_chase: list[UnitStatus] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Return complete / expected (0 when nothing is expected); never above 1."""
        return self.complete / self.expected if self.expected else 0.0

    @property
    def timely_rate(self) -> float:
        """Return on time / expected (0 when nothing is expected); never above 1."""
        return self.on_time / self.expected if self.expected else 0.0


def completeness_compute(
    *,
    user: Any,
    form_code: str,
    period: Period,
    level: int | None = None,
    province: str = "",
    today: dt.date | None = None,
) -> Completeness:
    """Return who was expected to report `period`, who did, and who did on time, within scope.

    Expected: the units assigned on the period's last day. Complete: expected units whose report
    was submitted at least once (whatever came after). On time: expected units whose first
    submission fell by the due date. The counts come from the expected units only, so the rates
    stay within 0..1 however units merge or close. Given `today`, a period whose earliest due
    date is today or later is marked `not_yet_due`.
    """
    assignments = (
        assignments_on(form_code, period.end)
        .filter(unit__in=units_in_reporting_scope(user))
        .select_related("unit")
        .order_by("unit__path", "-start_date")
    )
    expected: dict[int, tuple[Organization, Assignment]] = {}
    for assignment in assignments:
        unit = assignment.unit
        if level is not None and unit.depth != level:
            continue
        if province and unit.province_code != province:
            continue
        expected.setdefault(unit.pk, (unit, assignment))
    reports = {
        r.unit_id: r
        for r in Report.objects.filter(form_code=form_code, period=period.code, unit_id__in=list(expected))
    }
    # A reviewing unit sees that a draft exists (its state) but cannot open it.
    openable = set(
        reports_visible(user).filter(pk__in=[r.pk for r in reports.values()]).values_list("pk", flat=True)
    )
    result = Completeness(form_code=form_code, period=period, expected=len(expected), complete=0, on_time=0)
    for unit, assignment in sorted(expected.values(), key=lambda pair: pair[0].path):
        report = reports.get(unit.pk)
        due = report.due_date if report else assignment.due_date(period.end)
        status = UnitStatus(unit=unit, state=str(ReportState.NOT_STARTED), period=period.code, due_date=due)
        if report is not None:
            status.report = report if report.pk in openable else None
            status.state = report.state
            status.first_submitted = report.first_submitted_at
            status.on_time = submitted_on_time(report.first_submitted_at, report.due_date)
        if status.first_submitted is not None:
            result.complete += 1
            if status.on_time:
                result.on_time += 1
        result.units.append(status)
    result.due_date = min((s.due_date for s in result.units if s.due_date is not None), default=None)
    result.not_yet_due = today is not None and result.due_date is not None and today <= result.due_date
    if today is not None:
        unsent = [s for s in result.units if s.first_submitted is None and s.due_date is not None]
        result.overdue = [s for s in unsent if s.due_date is not None and s.due_date < today]
        result.to_chase = units_to_chase(user, result)
        for status in result.to_chase:
            status.to_chase = True
    return result


def units_to_chase(user: Any, completeness: Completeness) -> list[UnitStatus]:
    """Return the overdue units of `completeness` that `user` may remind: all but the user's own."""
    if not user_can_chase(user):
        return []
    return [s for s in completeness.overdue if s.unit.pk != user.unit_id]


def user_can_chase(user: Any) -> bool:
    """Return whether the user may remind units of their overdue reports: coordinators and editors.

    Which units: those of `units_in_reporting_scope` (the user's subtree and the units they review),
    never the user's own.
    """
    return _active(user) and (scope.user_is_coordinator(user) or user.role == Role.EDITOR)


@dataclass
class GridRow:
    """One unit's row of the completeness page: a status per period (None where not expected)."""

    unit: Organization
    cells: list[UnitStatus | None]


def completeness_grid(
    *,
    user: Any,
    form_code: str,
    periods: list[Period],
    level: int | None = None,
    province: str = "",
    today: dt.date | None = None,
) -> tuple[list[Completeness], list[GridRow]]:
    """Return the completeness of each period (marked not yet due on `today`) and the units × periods grid."""
    columns = [
        completeness_compute(
            user=user, form_code=form_code, period=p, level=level, province=province, today=today
        )
        for p in periods
    ]
    units: dict[int, Organization] = {}
    by_unit: dict[int, dict[str, UnitStatus]] = defaultdict(dict)
    for column in columns:
        for status in column.units:
            units.setdefault(status.unit.pk, status.unit)
            by_unit[status.unit.pk][column.period.code] = status
    rows = [
        GridRow(unit=unit, cells=[by_unit[unit.pk].get(p.code) for p in periods])
        for unit in sorted(units.values(), key=lambda u: u.path)
    ]
    return columns, rows


def reports_list(
    *,
    user: Any,
    form_code: str = "",
    state: str = "",
    unit: int | None = None,
    year: int | None = None,
    unit_kind: str = "",
    within: Organization | None = None,
    awaiting_review: bool = False,
) -> QuerySet[Report]:
    """Return the reports the user may read, filtered.

    `year`: the periods of that year (2025, 2025-Q3...); `unit`: one unit's; `unit_kind`: the
    units of that kind's; `within`: that unit's and those of the units below it (what a unit's
    annual report counts), so the annual report's notes link to exactly their reports;
    `awaiting_review`: only those waiting for the user's decision (`reports_awaiting_review`, the
    home page's list), the longest waiting first.
    """
    reports = reports_visible(user).select_related("unit", "form")
    if awaiting_review:
        reports = reports.filter(pk__in=reports_awaiting_review(user).values("pk"))
    if unit_kind:
        reports = reports.filter(unit__kind=unit_kind)
    if within is not None:
        reports = reports.filter(unit__path__startswith=within.path)
    if form_code:
        reports = reports.filter(form_code=form_code)
    if state:
        reports = reports.filter(state=state)
    if year is not None:
        reports = reports.filter(period__startswith=str(year))
    if unit:
        reports = reports.filter(unit_id=unit)
    if awaiting_review:
        return reports.order_by("submitted_at", "pk")
    return reports.order_by("form_code", "-period", "unit__path")


def unit_history(*, user: Any, unit: Organization, form_code: str) -> list[Report]:
    """Return a unit's reports on a form, newest period first, with their steps (within scope)."""
    if not units_in_reporting_scope(user).filter(pk=unit.pk).exists():
        raise Http404(_("Không tìm thấy đơn vị."))
    return list(
        reports_visible(user)
        .filter(unit=unit, form_code=form_code)
        .prefetch_related("events", "submissions")
        .order_by("-period")
    )


# --- review comparisons -----------------------------------------------------------------------


@dataclass
class FieldReview:
    """One field on the review page: now, at the previous submission, and last year (approved)."""

    key: str
    label: str
    section: str
    value: str
    previous: str | None
    changed: bool
    last_year: str | None
    difference: Decimal | None = None
    percent: Decimal | None = None
    comments: list[Any] = field(default_factory=list)


def value_decimal(value: str | None) -> Decimal | None:
    """Return a stored report value as a number (None when empty or not a number)."""
    try:
        return Decimal(value) if value not in (None, "") else None
    except ArithmeticError:
        return None


def report_review(report: Report) -> list[FieldReview]:
    """Return each field of `report` against its previous submission and last year's approved report."""
    spec: FormSpec = report.form.spec
    submissions = list(report.submissions.order_by("-number")[:2])
    previous = submissions[1].values if len(submissions) > 1 else None
    last_year_report = (
        Report.objects.filter(
            form_code=report.form_code,
            unit=report.unit,
            period=period_of_kind(spec.period_type, report.period).same_period_last_year().code,
            state=ReportState.APPROVED,
        ).first()
        if report.period[:4].isdigit()
        else None
    )
    last_year = last_year_report.values if last_year_report else None
    comments: dict[str, list[Any]] = defaultdict(list)
    for comment in report.comments.all():
        comments[comment.field_key].append(comment)
    rows: list[FieldReview] = []
    for f in spec.fields():
        value = report.values.get(f.key, "")
        row = FieldReview(
            key=f.key,
            label=f.label,
            section=f.section,
            value=value,
            previous=previous.get(f.key, "") if previous is not None else None,
            changed=previous is not None and previous.get(f.key, "") != value,
            last_year=last_year.get(f.key, "") if last_year is not None else None,
            comments=comments.get(f.key, []),
        )
        now_value, old_value = value_decimal(value), value_decimal(row.last_year)
        if f.is_numeric and now_value is not None and old_value is not None:
            row.difference = now_value - old_value
            row.percent = (row.difference * 100 / old_value).quantize(Decimal("0.1")) if old_value else None
        rows.append(row)
    return rows


# A figure ten times last year's, or a tenth of it, is more often a typing slip (a unit, a
# thousands mark) than a change: the unit is asked to check it, the reviewer sees it marked.
UNUSUAL_RATIO = Decimal(10)


def figure_unusual(row: FieldReview) -> bool:
    """Return whether a field's figure is ten times last year's approved one, or a tenth of it."""
    now_value, old_value = value_decimal(row.value), value_decimal(row.last_year)
    if row.difference is None or not now_value or not old_value or now_value < 0 or old_value < 0:
        return False
    ratio = now_value / old_value
    return ratio >= UNUSUAL_RATIO or ratio * UNUSUAL_RATIO <= 1


def submissions_of(report: Report) -> QuerySet[Submission]:
    """Return a report's submissions, first to last."""
    return report.submissions.order_by("number")


def periods_choices(kind: str, year: int) -> list[Period]:
    """Return the periods shown on the completeness page for `year` (three years for annual forms)."""
    from doingoai.reporting.periods import YEAR, periods_of_year

    if kind == YEAR:
        return [p for y in (year - 2, year - 1, year) for p in periods_of_year(YEAR, y)]
    return periods_of_year(kind, year)


# --- the home page's blocks --------------------------------------------------------------------


def reports_to_send(*, user: Any, limit: int = 8) -> list[Report]:
    """Return the reports of the user's unit and the units below it still to send: drafts and returned ones.

    Earliest due first, returned ones first on the same day; one query.
    """
    if not _active(user) or scope.user_is_coordinator(user):
        return []
    returned_first = Case(When(state=ReportState.RETURNED, then=Value(0)), default=Value(1))
    reports = (
        reports_visible(user)
        .filter(unit__in=scope.units_visible(user), state__in=(ReportState.DRAFT, ReportState.RETURNED))
        .select_related("unit")
        .defer("values")
        .order_by("due_date", returned_first, "pk")
    )
    return list(reports[:limit])


def reports_awaiting_review(user: Any) -> QuerySet[Report]:
    """Return the reports waiting for the user's decision: submitted to accept or return, accepted to approve.

    Those waiting longest first. A coordinator's are the country's.
    """
    return (
        reports_reviewable(user)
        .filter(state__in=(ReportState.SUBMITTED, ReportState.ACCEPTED))
        .order_by("submitted_at", "pk")
    )


@dataclass(frozen=True)
class ReviewQueue:
    """The first reports waiting for a user's decision, and how many wait in all."""

    reports: list[Report]
    total: int


def reports_to_review(*, user: Any, limit: int = 8) -> ReviewQueue:
    """Return the `limit` reports waiting longest for the user's decision, and their total.

    One query when fewer than `limit` wait; a count besides when the list is full.
    """
    first = list(reports_awaiting_review(user).select_related("unit").defer("values")[:limit])
    total = len(first) if len(first) < limit else reports_awaiting_review(user).count()
    return ReviewQueue(first, total)


def period_current(kind: str, today: dt.date) -> Period | None:
    """Return the latest period of `kind` that has ended before `today` (the cycle now being reported)."""
    ended = [p for year in (today.year - 1, today.year) for p in periods_of_year(kind, year) if p.end < today]
    return ended[-1] if ended else None


def period_submitting(kind: str, today: dt.date) -> Period | None:
    """Return the latest period of `kind` whose reports may be sent on `today` (`period_submission_opens`).

    From 1 December that is this year's annual report, which the units are sending in: the
    completeness page opens on it, not on last year's, long judged.
    """
    opened = [
        p
        for year in (today.year - 1, today.year)
        for p in periods_of_year(kind, year)
        if period_submission_opens(p) <= today
    ]
    return opened[-1] if opened else None


def completeness_current(*, user: Any, today: dt.date) -> list[Completeness]:
    """Return, for each current form, the completeness of its latest ended period, within scope.

    A form that no unit in scope was expected to report for that period is left out.
    """
    rows = []
    for form in forms_current():
        period = period_current(form.period_type, today)
        if period is not None:
            completeness = completeness_compute(user=user, form_code=form.code, period=period, today=today)
            if completeness.expected:
                rows.append(completeness)
    return rows


@dataclass(frozen=True)
class ReportOwed:
    """A report a unit owes for a period and has not opened yet."""

    form: ReportForm
    period: Period
    unit: Organization
    due_date: dt.date
    ending: bool = False  # the period has not ended yet: the report may be written ahead


# The home page looks back over the periods ended this year and in the two years before it.
OWED_YEARS = 3
OWED_LIMIT = 12


def reports_not_started(*, user: Any, today: dt.date, limit: int = OWED_LIMIT) -> list[ReportOwed]:
    """Return the reports the user's unit owes and has not opened, newest period first.

    For each current form, every period ended before `today` (this year and the two before it)
    for which the user's own unit was assigned the form and has no report: the cycle now being
    reported, due or not, and every earlier one, overdue; and the period not yet ended whose
    report may be submitted already (`period_submission_opens`: a year's from 1 December), marked
    `ending`, to be written ahead. At most `limit`. Only a
    user who may write the unit's reports gets any (coordinators follow completeness instead).
    Two queries per form, however many periods.
    """
    unit = getattr(user, "unit", None)
    if (
        not _active(user)
        or unit is None
        or scope.user_is_coordinator(user)
        or not unit_can_report(user, unit)
    ):
        return []
    first_year = today.year - OWED_YEARS + 1
    owed = []
    for form in forms_current():
        assignments = list(Assignment.objects.filter(form_code=form.code, unit=unit).order_by("-start_date"))
        if not assignments:
            continue
        opened = set(
            Report.objects.filter(form_code=form.code, unit=unit, period__gte=str(first_year)).values_list(
                "period", flat=True
            )
        )
        for year in range(first_year, today.year + 1):
            for period in periods_of_year(form.period_type, year):
                ending = period.end >= today
                if period.code in opened or (ending and period_submission_opens(period) > today):
                    continue
                assignment = next((a for a in assignments if a.in_force_on(period.end)), None)
                if assignment is not None:
                    owed.append(ReportOwed(form, period, unit, assignment.due_date(period.end), ending))
    owed.sort(key=lambda row: (row.period.end, row.due_date), reverse=True)
    return owed[:limit]
