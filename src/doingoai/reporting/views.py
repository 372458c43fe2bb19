"""Pages of periodic reporting: parse the request, call one selector or service, render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from doingoai.accounts import scope
from doingoai.accounts.models import Role
from doingoai.analysis.text import name_sort_key
from doingoai.audit.concurrency import (
    StaleEditError,
    stale_messages,
    stale_messages_input_kept,
    version_expected,
)
from doingoai.date_fields import YEAR_MAX, YEAR_MIN, YearOutOfRange, query_year
from doingoai.directory.models import Organization, OrganizationKind
from doingoai.reporting import exports, imports, selectors, services
from doingoai.reporting import goals as goals_module
from doingoai.reporting.errors import ReportImportError, ReportingError, ReportValuesError
from doingoai.reporting.forms import ReportUploadForm
from doingoai.reporting.formspec import TABLE, FormSpec, value_entry, value_shown
from doingoai.reporting.models import EventAction, Report, ReportState, Strategy, StrategyIndicator
from doingoai.reporting.periods import period_parse
from doingoai.reporting.prefill import aid_prefill
from doingoai.uploads import (
    ATTACHMENT_SUFFIXES,
    ATTACHMENTS_MAX,
    AttachmentData,
    download_name,
    uploads_refused_messages,
)
from doingoai.widgets import MultipleFilePicker

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


REPORTS_PAGE = 50


def index(request: HttpRequest) -> HttpResponse:
    """List the forms and the reports the user may read, by form, state and year (a reviewer's queue)."""
    forms = selectors.forms_current()
    codes = {f.code for f in forms}
    form_code = request.GET.get("form", "")
    form_code = form_code if form_code in codes else ""
    state = request.GET.get("state", "")
    states = [(value, label) for value, label in ReportState.choices if value != ReportState.NOT_STARTED]
    state = state if state in dict(states) else ""
    year = _int(request.GET.get("year"))
    year = year if year is not None and YEAR_MIN <= year <= YEAR_MAX else None
    # Set by the annual report's notes: the reports of one kind of unit, or of one unit and below.
    kind = request.GET.get("kind", "")
    kind = kind if kind in OrganizationKind.values else ""
    within_id = _int(request.GET.get("within"))
    within = (
        selectors.units_in_reporting_scope(request.user).filter(pk=within_id).first() if within_id else None
    )
    # The home page's "Báo cáo chờ bạn xem xét" in full: the reports waiting for this user's decision.
    awaiting = request.GET.get("awaiting") == "on"
    reports = selectors.reports_list(
        user=request.user,
        form_code=form_code,
        state=state,
        year=year,
        unit_kind=kind,
        within=within,
        awaiting_review=awaiting,
    )
    today = timezone.localdate()
    this_year = today.year
    # What the home page lists for a unit's people: this period's report is found from "Báo cáo" too.
    unit = getattr(request.user, "unit", None)
    owed_shown = (
        not scope.user_is_coordinator(request.user)
        and unit is not None
        and selectors.unit_can_report(request.user, unit)
    )
    context = {
        "owed_shown": owed_shown,
        "to_send": selectors.reports_to_send(user=request.user) if owed_shown else [],
        "owed": selectors.reports_not_started(user=request.user, today=today) if owed_shown else [],
        "today": today,
        "kind": kind,
        "kind_label": OrganizationKind(kind).label if kind else "",
        "within": within,
        "forms": forms,
        "page": Paginator(reports, REPORTS_PAGE).get_page(request.GET.get("page")),
        "form_code": form_code,
        "state": state,
        "states": states,
        "year": year,
        "years": list(range(this_year + 1, this_year - 6, -1)),
        "can_upload": _can_upload(request.user),
        "awaiting": awaiting,
        "reviews": awaiting or selectors.reports_reviewable(request.user).exists(),
    }
    return render(request, "reporting/index.html", context)


def _int(value: str | None) -> int | None:
    # Decimal digits only ("²" is a digit to Python, not to int()), and no more than a database holds.
    return int(value) if value and value.isdecimal() and len(value) <= 9 else None


def _lock_exception_days(value: str | None) -> int:
    """Return the days a lock exception is asked for, or refuse what is not a whole number of days, by name.

    Any number past the longest is refused by the service, named; it is capped here first, since a
    date 999,999,999 days away is beyond what Python can count.
    """
    typed = (value or "").strip()
    if not typed:
        raise ReportingError(_("Hãy ghi số ngày của ngoại lệ khóa (ví dụ 7)."))
    if not typed.isdecimal() or int(typed[:12]) < 1:
        raise ReportingError(
            _("Số ngày ngoại lệ khóa phải là số nguyên từ 1 trở lên (ví dụ 7), không phải “%(value)s”.")
            % {"value": typed[:20]}
        )
    return min(int(typed[:12]), services.LOCK_EXCEPTION_MAX_DAYS + 1)


def completeness(request: HttpRequest, code: str) -> HttpResponse:
    """Show units × periods coloured by state; `?format=xlsx` exports the same grid."""
    forms = {f.code: f for f in selectors.forms_current()}
    form = forms.get(code)
    if form is None:
        raise Http404(_("Không có biểu mẫu “%(code)s”.") % {"code": code})
    today = timezone.localdate()
    try:
        # By default the year of the latest period whose reports may be sent: last year's for an
        # annual form until 1 December, this year's from then on, when its reports start coming in.
        current = selectors.period_submitting(form.period_type, today)
        year = query_year(request.GET) or (current.year if current else today.year - 1)
    except YearOutOfRange as exc:
        raise BadRequest(str(exc)) from exc
    level = _int(request.GET.get("level"))
    province = request.GET.get("province", "").strip()[:2]
    periods = selectors.periods_choices(form.period_type, year)
    columns, rows = selectors.completeness_grid(
        user=request.user,
        form_code=code,
        periods=periods,
        level=level,
        province=province,
        today=today,
    )
    if request.GET.get("format") == "xlsx":
        return _xlsx(exports.completeness_xlsx(columns, rows), f"tinh-hinh-nop-{code}-{year}.xlsx")
    provinces = (
        selectors.units_in_reporting_scope(request.user)
        .exclude(province_code="")
        .filter(kind="province")
        .order_by("province_code")
    )
    context = {
        "form": form,
        "year": year,
        "can_chase": selectors.user_can_chase(request.user),
        "years": list(range(year - 3, year + 2)),
        "level": level,
        "province": province,
        "provinces": provinces,
        "columns": columns,
        "rows": rows,
        "export_query": request.GET.copy().urlencode(),
    }
    return render(request, "reporting/completeness.html", context)


@require_POST
def completeness_remind(request: HttpRequest, code: str) -> HttpResponse:
    """Remind the units overdue for one period (the completeness page's button), then show the page again."""
    period_code = request.POST.get("period", "").strip()[:20]
    level = _int(request.POST.get("level"))
    province = request.POST.get("province", "").strip()[:2]
    unit_id = _int(request.POST.get("unit"))
    try:
        chased = services.reports_overdue_remind(
            actor=request.user,
            form_code=code,
            period_code=period_code,
            today=timezone.localdate(),
            now=timezone.now(),
            level=level,
            province=province,
            unit_id=unit_id,
        )
    except ReportingError as exc:
        messages.error(request, exc.messages[0])
        chased = None
    if chased is not None:
        label = {"form": code, "period": period_parse(period_code).label()}
        if chased.reminded:
            units = ngettext(
                "Đã nhắc %(n)d đơn vị quá hạn nộp báo cáo %(form)s %(period)s",
                "Đã nhắc %(n)d đơn vị quá hạn nộp báo cáo %(form)s %(period)s",
                len(chased.reminded),
            ) % {**label, "n": len(chased.reminded)}
            people = ngettext("(%(people)d người nhận).", "(%(people)d người nhận).", chased.people) % {
                "people": chased.people
            }
            messages.success(request, f"{units} {people}")
        if chased.already:
            head = ngettext(
                "%(n)d đơn vị đã được nhắc hôm nay rồi, không nhắc lại.",
                "%(n)d đơn vị đã được nhắc hôm nay rồi, không nhắc lại.",
                len(chased.already),
            ) % {"n": len(chased.already)}
            messages.info(request, _units_said(request, head, chased.already))
        if chased.nobody:
            head = ngettext(
                "%(n)d đơn vị chưa có biên tập viên nên không ai nhận được lời nhắc.",
                "%(n)d đơn vị chưa có biên tập viên nên không ai nhận được lời nhắc.",
                len(chased.nobody),
            ) % {"n": len(chased.nobody)}
            messages.warning(request, _units_said(request, head, chased.nobody, lacking_editor=True))
        if not (chased.reminded or chased.already or chased.nobody):
            messages.info(request, _("Không có đơn vị nào quá hạn nộp báo cáo %(form)s %(period)s.") % label)
    # Back to the year the page showed: a period two years back is a column of it, not a page of its own.
    shown = _int(request.POST.get("year"))
    query = {"year": str(shown) if shown else period_code[:4]} | (
        {"level": str(level)} if level is not None else {}
    )
    query |= {"province": province} if province else {}
    return redirect(f"{reverse('reporting:completeness', args=[code])}?{urlencode(query)}")


def _units_said(
    request: HttpRequest, head: str, units: list[Organization], *, lacking_editor: bool = False
) -> SafeString:
    """Return a message of the reminder naming many units: a count, then the units as a list to open.

    Units without an editor need an account before any reminder reaches them: the message says so,
    and to whoever may create accounts it links each unit to the new-account form, filled in.
    """
    context = {
        "head": head,
        "units": sorted(units, key=lambda unit: name_sort_key(unit.name)),
        "lacking_editor": lacking_editor,
        "editor_role": Role(Role.EDITOR).label,
        "can_add_user": lacking_editor and scope.user_can_manage_users(request.user),
    }
    return SafeString(render_to_string("reporting/_remind_units.html", context, request=request))


@require_http_methods(["GET", "POST"])
def report_start(request: HttpRequest, code: str, unit_id: int, period: str) -> HttpResponse:
    """Open a unit's report for a period: its page when it exists, else a page to start it."""
    unit = get_object_or_404(selectors.units_in_reporting_scope(request.user), pk=unit_id)
    try:
        form, parsed = selectors.form_and_period(code, period)
    except ReportingError as exc:
        raise Http404(exc.messages[0]) from exc
    existing = (
        selectors.reports_visible(request.user).filter(form_code=code, unit=unit, period=parsed.code).first()
    )
    if existing is not None:
        return redirect("reporting:report_detail", existing.pk)
    if request.method == "POST":
        try:
            report = services.report_open(
                actor=request.user, form_code=code, unit=unit, period=parsed, now=timezone.now()
            )
        except ReportingError as exc:
            messages.error(request, exc.messages[0])
            return redirect("reporting:report_start", code, unit.pk, parsed.code)
        return redirect("reporting:report_edit", report.pk)
    assignment = selectors.assignment_for(code, unit, parsed)
    due = assignment.due_date(parsed.end) if assignment is not None else None
    context = {
        "form": form,
        "unit": unit,
        "period": parsed,
        "expected": assignment is not None,
        "due_date": due,
        "overdue": due is not None and due < timezone.localdate(),
        "can_start": selectors.unit_can_report(request.user, unit),
        "not_begun": selectors.period_not_begun(parsed, now=timezone.now()),
        # A draft may be started before the report may go in: the page says from when it may.
        "submit_refused": selectors.period_submission_refused(parsed, now=timezone.now()),
        "drafting": Report.objects.filter(form_code=code, unit=unit, period=parsed.code).exists(),
    }
    return render(request, "reporting/report_start.html", context)


def _entry_sections(
    spec: FormSpec,
    values: dict[str, Any],
    errors: dict[str, list[str]],
    comments: dict[str, list[Any]] | None = None,
) -> list[dict[str, Any]]:
    """Arrange the fields for the entry page: scalars as rows, tables as grids, each with its comments."""
    comments = comments or {}

    def cell(f: Any) -> dict[str, Any]:
        return {
            "field": f,
            "value": values.get(f.key, ""),
            "errors": errors.get(f.key, []),
            "comments": comments.get(f.key, []),
        }

    sections = []
    for section in spec.sections:
        items = []
        for indicator in section.indicators:
            if indicator.kind == TABLE:
                grid = [
                    (label, [cell(indicator.cell(row, column)) for column, _c in indicator.columns])
                    for row, label in indicator.rows
                ]
                items.append({"indicator": indicator, "table": grid, "columns": indicator.columns})
            else:
                items.append({"indicator": indicator, "cell": cell(indicator.fields[0])})
        sections.append({"section": section, "items": items})
    return sections


@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill in a report: save a draft or submit."""
    report = selectors.report_get(user=request.user, pk=pk)
    now = timezone.now()
    if not selectors.unit_can_report(request.user, report.unit):
        # Said first: a reader of the unit is refused for who they are, whatever the report's state.
        raise PermissionDenied(_("Chỉ biên tập viên của đơn vị lập báo cáo mới được nhập, sửa báo cáo này."))
    # A page read before someone else submitted the report (or it was locked) is stale too: what
    # its user typed is shown once more, to copy, with who changed the report; nothing is saved.
    closed_meanwhile = False
    if not selectors.report_can_edit(request.user, report, now=now):
        sent = _int(request.POST.get("version")) if request.method == "POST" else None
        if sent is None or sent >= report.version:
            raise PermissionDenied(
                selectors.report_lock_reason(report, now=now)
                or _("Bạn không được sửa báo cáo này ở trạng thái hiện tại.")
            )
        closed_meanwhile = True
    spec = report.form.spec
    # Stored numbers are shown as a user types them; what a user typed is shown back unchanged.
    values: dict[str, Any] = {
        key: value_entry(spec.by_key[key], value) if key in spec.by_key else value
        for key, value in report.values.items()
    }
    errors: dict[str, list[str]] = {}
    file_problems: list[str] = []
    # The page carries the version its figures were read at; a save based on an older one (someone
    # saved meanwhile) is refused, showing who changed what, and the input stays on the page.
    stale: list[str] = []
    if closed_meanwhile:
        values = {f.key: request.POST.get(f.key, "") for f in spec.fields()}
        sent = _int(request.POST.get("version")) or 0
        stale = [
            *stale_messages(report, expected=sent, current=report.version),
            _("Báo cáo không còn sửa được: nội dung bạn nhập vẫn hiện dưới đây để sao chép."),
        ]
    elif request.method == "POST":
        # What the user typed is shown back as typed whatever happens below.
        values = {f.key: request.POST.get(f.key, "") for f in spec.fields()}
        # "Gỡ" beside a file is a button of this form: the removal goes with a draft save of the
        # figures typed meanwhile, never alone (a separate request lost them).
        removing = "remove_file" in request.POST
        submitting = request.POST.get("action") == "submit" and not removing
        try:
            expected = version_expected(_int(request.POST.get("version")))
            file_problems = _files_attach(request, report, now, expected)
            # Files just attached moved the version on: the save below is based on that one.
            expected = report.version if request.FILES.getlist("files") and not file_problems else expected
            if removing:
                _file_remove_with_draft(request, report, values, now, expected)
                if not file_problems:
                    return redirect("reporting:report_edit", report.pk)
            elif file_problems:
                # The figures are kept as a draft; nothing is submitted until the files are chosen again.
                services.report_save(
                    actor=request.user, report=report, values=values, now=now, expected_version=expected
                )
                said = _("Chưa nộp, tệp chưa lưu: xem phần tệp đính kèm. Số liệu đã lưu nháp.")
                messages.error(request, said)
            elif submitting:
                services.report_submit(
                    actor=request.user, report=report, values=values, now=now, expected_version=expected
                )
                messages.success(request, _("Đã nộp báo cáo."))
                return redirect("reporting:report_detail", report.pk)
            else:
                services.report_save(
                    actor=request.user, report=report, values=values, now=now, expected_version=expected
                )
                messages.success(request, _("Đã lưu bản nháp."))
                return redirect("reporting:report_edit", report.pk)
        except StaleEditError as exc:
            stale = stale_messages_input_kept(exc)
            if request.FILES.getlist("files") and not file_problems:
                stale.append(_("Tệp vừa chọn chưa được đính kèm: hãy chọn lại tệp trước khi lưu."))
            # The page shows the report as it is now, except the figures typed, which stay as typed;
            # saving again is then a deliberate choice, made with the other change in view.
            report.refresh_from_db()
            report.version = exc.current_version
        except ReportValuesError as exc:
            errors = exc.errors
            if submitting:
                messages.error(request, _submit_refused(request, report, values, now, expected))
            elif removing:
                said = _("Chưa gỡ tệp, chưa lưu: báo cáo có ô chưa hợp lệ, xem các ô được đánh dấu.")
                messages.error(request, said)
            else:
                messages.error(request, _("Chưa lưu: báo cáo có ô chưa hợp lệ, xem các ô được đánh dấu."))
            if request.FILES.getlist("files"):
                # The files went in before the figures were refused: said, so that nobody chooses them
                # again and attaches each twice.
                messages.info(request, _("Tệp đính kèm vừa chọn đã được lưu, không cần chọn lại."))
        except ValidationError as exc:
            # A domain refusal (`ReportingError`), or a page sent without its version.
            messages.error(request, exc.messages[0])
    # The review's rows hold each field's comments and last year's figure: read once for both.
    review = selectors.report_review(report)
    unusual = [
        {
            "label": row.label,
            "value": value_shown(spec.by_key[row.key], row.value),
            "last_year": value_shown(spec.by_key[row.key], row.last_year or ""),
        }
        for row in review
        if selectors.figure_unusual(row)
    ]
    context = {
        "report": report,
        "period": period_parse(report.period),
        # Before the period's last month the draft is kept, and the page says when it may go in.
        "submit_refused": selectors.period_submission_refused(period_parse(report.period), now=now),
        "unusual": unusual,
        # The reviewer's comments stand beside the fields to correct, not only on the report's page.
        "sections": _entry_sections(spec, values, errors, {row.key: row.comments for row in review}),
        "prefills": {
            p.indicator: p
            for p in aid_prefill(
                user=request.user, unit=report.unit, period=period_parse(report.period), spec=spec
            )
        },
        "errors": errors,
        "stale": stale,
        "closed_meanwhile": closed_meanwhile,
        "version": report.version,
        "files": report.files.defer("data"),
        "file_problems": file_problems,
        "files_max": ATTACHMENTS_MAX,
        # Drawn by the site's one file picker, as every upload is (doingoai.widgets).
        "files_box": MultipleFilePicker().render(
            "files",
            None,
            attrs={
                "id": "report-files-input",
                "accept": ",".join(ATTACHMENT_SUFFIXES),
                "aria-describedby": "report-files-kinds",
            },
        ),
    }
    return render(request, "reporting/report_edit.html", context)


def _files_attach(request: HttpRequest, report: Report, now: dt.datetime, expected: int) -> list[str]:
    """Attach the files sent with the entry form; return what refused them (nothing is attached then).

    A page based on an older version than `expected` raises `StaleEditError`, attaching nothing.
    """
    problems = uploads_refused_messages(request)
    chosen = request.FILES.getlist("files")
    if problems or not chosen:
        return problems
    files = [AttachmentData(f.name, f.content_type or "", f.read()) for f in chosen]
    try:
        services.report_files_add(
            actor=request.user, report=report, files=files, now=now, expected_version=expected
        )
    except ReportingError as exc:
        return list(exc.messages)
    return []


def report_file_download(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    """Download a file attached to a report the user may read."""
    report = selectors.report_get(user=request.user, pk=pk)
    stored = get_object_or_404(report.files, pk=file_pk)
    response = HttpResponse(bytes(stored.data), content_type="application/octet-stream")
    # RFC 6266/5987: an ASCII name quoted, any other as filename*=utf-8''…, so Vietnamese letters survive.
    response["Content-Disposition"] = content_disposition_header(True, download_name(stored.name))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _file_remove_with_draft(
    request: HttpRequest, report: Report, values: dict[str, Any], now: dt.datetime, expected: int
) -> None:
    """Save the figures as a draft and remove the file the pressed "Gỡ" names; say what was done.

    Figures a draft cannot hold raise `ReportValuesError` and remove nothing. A file no longer
    on the report (removed from another tab) does not stop the save.
    """
    file_pk = _int(request.POST.get("remove_file"))
    stored = report.files.defer("data").filter(pk=file_pk).first() if file_pk is not None else None
    services.report_save(
        actor=request.user,
        report=report,
        values=values,
        now=now,
        files_remove=[stored] if stored else [],
        expected_version=expected,
    )
    if stored is None:
        messages.info(request, _("Tệp cần gỡ không còn trong báo cáo; số liệu đã lưu nháp."))
    else:
        said = _("Đã gỡ tệp “%(name)s” khỏi báo cáo; số liệu đã lưu nháp.") % {"name": stored.name}
        messages.success(request, said)


def _submit_refused(
    request: HttpRequest, report: Report, values: dict[str, Any], now: dt.datetime, expected: int
) -> str:
    """Keep what a refused submission typed as the draft when it is well formed; say what happened.

    A submission refused for a missing field or a rule would otherwise lose everything typed on
    the next reload. Values a draft cannot hold either ("mười lăm" for a number) stay on the page
    only, and the message says nothing was saved.
    """
    try:
        services.report_save(
            actor=request.user, report=report, values=values, now=now, expected_version=expected
        )
    except ReportingError:
        return " ".join(
            (
                _("Chưa nộp, chưa lưu: báo cáo có ô chưa hợp lệ, xem các ô được đánh dấu."),
                _("Số liệu vừa nhập vẫn hiện dưới đây nhưng chưa được lưu."),
            )
        )
    return " ".join(
        (
            _("Chưa nộp: báo cáo có ô chưa hợp lệ, xem các ô được đánh dấu."),
            _("Số liệu vừa nhập đã được lưu vào bản nháp."),
        )
    )


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a report for reading and review: changes, last year's figures, comments, actions, history."""
    report = selectors.report_get(user=request.user, pk=pk)
    now = timezone.now()
    spec = report.form.spec
    rows = selectors.report_review(report)
    for row in rows:
        f = spec.by_key[row.key]
        row.unusual = selectors.figure_unusual(row)  # type: ignore[attr-defined]
        row.shown = value_shown(f, row.value)  # type: ignore[attr-defined]
        # An amount's currency beside its label, as on the entry page (a table's columns name theirs).
        row.currency = "" if f.column else f.currency  # type: ignore[attr-defined]
        row.previous_shown = value_shown(f, row.previous or "")  # type: ignore[attr-defined]
        row.last_year_shown = value_shown(f, row.last_year or "")  # type: ignore[attr-defined]
        row.difference_shown = value_shown(f, str(row.difference) if row.difference is not None else "")  # type: ignore[attr-defined]
    titles = {s.code: s.title for s in spec.sections}
    can_review = selectors.report_can_review(request.user, report)
    can_unapprove = can_review and selectors.user_can_unapprove(request.user)
    can_grant = can_review and selectors.user_can_grant_lock_exception(request.user)
    lock_reason = selectors.report_lock_reason(report, now=now)
    waiting = services.units_below_not_approved(report) if report.state == ReportState.ACCEPTED else []
    # Each unit holding the approval back leads to its report, where the user may see that unit.
    reachable = set(
        selectors.units_in_reporting_scope(request.user)
        .filter(pk__in=[u.pk for u in waiting])
        .values_list("pk", flat=True)
    )
    context = {
        "report": report,
        "period": period_parse(report.period),
        "rows": rows,
        "titles": titles,
        "events": report.events.select_related("actor").all(),
        "submissions": selectors.submissions_of(report),
        "can_edit": selectors.report_can_edit(request.user, report, now=now),
        "can_review": can_review,
        "can_unapprove": can_unapprove,
        "can_grant": can_grant,
        "lock_reason": lock_reason,
        "show_review": can_review
        and (
            report.state in (ReportState.SUBMITTED, ReportState.ACCEPTED)
            or (report.state == ReportState.APPROVED and can_unapprove)
            or (bool(lock_reason) and can_grant)
        ),
        "lock_exception": selectors.lock_exception_active(report, now=now),
        "waiting": [(u, u.pk in reachable) for u in waiting],
        "states": ReportState,
        "has_previous": any(r.previous is not None for r in rows),
        "has_last_year": any(r.last_year is not None for r in rows),
        "files": report.files.defer("data"),
    }
    return render(request, "reporting/report_detail.html", context)


@require_POST
def report_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Return, accept, approve, unapprove, grant a lock exception or comment on a field."""
    report = selectors.report_get(user=request.user, pk=pk)
    action = request.POST.get("action", "")
    now = timezone.now()
    reason = request.POST.get("reason", "")
    try:
        # A decision is about the figures and state the page showed: refused if either changed since.
        decisions: list[tuple[Any, Callable[..., Report], dict[str, str], str]] = [
            (EventAction.RETURN, services.report_return, {"reason": reason}, _("Đã trả lại báo cáo.")),
            (EventAction.ACCEPT, services.report_accept, {}, _("Đã tiếp nhận báo cáo.")),
            (EventAction.APPROVE, services.report_approve, {}, _("Đã phê duyệt báo cáo.")),
            (
                EventAction.UNAPPROVE,
                services.report_unapprove,
                {"reason": reason},
                _("Đã hủy phê duyệt báo cáo."),
            ),
        ]
        decision = next((d for d in decisions if d[0] == action), None)
        if decision is not None:
            _action, decide, given, said = decision
            shown = _version_shown(request)
            decide(actor=request.user, report=report, now=now, expected_version=shown, **given)
            messages.success(request, said)
        elif action == EventAction.LOCK_EXCEPTION:
            days = _lock_exception_days(request.POST.get("days"))
            services.lock_exception_grant(
                actor=request.user,
                report=report,
                reason=reason,
                expires_at=now + dt.timedelta(days=days),
                now=now,
            )
            messages.success(request, _("Đã cấp ngoại lệ khóa."))
        elif action == "comment":
            services.field_comment_add(
                actor=request.user,
                report=report,
                field_key=request.POST.get("field", ""),
                text=request.POST.get("text", ""),
                now=now,
            )
            messages.success(request, _("Đã thêm nhận xét."))
        else:
            messages.error(request, _("Thao tác không hợp lệ."))
    except StaleEditError as exc:
        for line in exc.messages:
            messages.error(request, line)
        messages.info(request, _("Hãy xem lại báo cáo như hiện có rồi quyết định lại."))
        if reason.strip():
            # The reason typed is not lost with the refusal: it can be copied into the box again.
            messages.info(request, _("Lý do bạn đã ghi (chưa lưu): %(reason)s") % {"reason": reason.strip()})
    except ValidationError as exc:
        # A domain refusal (`ReportingError`), or a page sent without its version.
        messages.error(request, exc.messages[0])
    return redirect("reporting:report_detail", report.pk)


def _version_shown(request: HttpRequest) -> int:
    """Return the version of the report the review page showed (refused when the page sent none)."""
    return version_expected(_int(request.POST.get("version")))


def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the report, filled in, in the upload layout."""
    report = selectors.report_get(user=request.user, pk=pk)
    return _xlsx(
        exports.reports_xlsx([report]), f"bao-cao-{report.form_code}-{report.period}-{report.unit_id}.xlsx"
    )


def form_blank_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    """Download a blank form for a period: for one unit (`?unit=`), or every unit the user reports for."""
    try:
        form, period = selectors.form_and_period(code, request.GET.get("period", ""))
    except ReportingError as exc:
        # Back to the upload page, where the period is typed, to type it again.
        messages.error(request, exc.messages[0])
        return redirect("reporting:upload")
    unit_id = _int(request.GET.get("unit"))
    candidates = [a.unit for a in selectors.assignments_on(code, period.end).select_related("unit")]
    units = [
        u
        for u in sorted({u.pk: u for u in candidates}.values(), key=lambda u: u.path)
        if selectors.unit_can_report(request.user, u) and (unit_id is None or u.pk == unit_id)
    ]
    if not units:
        messages.error(
            request, _("Bạn không lập báo cáo này cho đơn vị nào trong kỳ %(p)s.") % {"p": period.code}
        )
        return redirect("reporting:index")
    return _xlsx(exports.blank_xlsx(form.spec, units, period.code), f"mau-{code}-{period.code}.xlsx")


def _can_upload(user: Any) -> bool:
    """Return whether the user submits reports for some unit (a viewer reads them only)."""
    return scope.user_is_coordinator(user) or scope.units_editable(user).exists()


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Upload a workbook of one or many reports; all are submitted, or none."""
    if not _can_upload(request.user):
        raise PermissionDenied(_("Bạn chỉ được xem báo cáo, không nộp báo cáo cho đơn vị nào."))
    upload_file = request.FILES.get("file")  # read first: reading the body is what drops a file too large
    # A file dropped for its size is named as such, not answered "choose a file".
    problems: list[str] = uploads_refused_messages(request)
    if request.method == "POST" and not problems:
        if upload_file is None:
            problems = [_("Hãy chọn một tệp Excel .xlsx.")]
        else:
            try:
                loaded = imports.reports_import(
                    actor=request.user,
                    name=upload_file.name or "",
                    data=upload_file.read(),
                    now=timezone.now(),
                )
            except ReportImportError as exc:
                problems = exc.problems
            else:
                messages.success(
                    request,
                    ngettext(
                        "Đã nộp %(n)d báo cáo từ tệp Excel.",
                        "Đã nộp %(n)d báo cáo từ tệp Excel.",
                        len(loaded),
                    )
                    % {"n": len(loaded)},
                )
                if len(loaded) == 1:
                    return redirect("reporting:report_detail", loaded[0].pk)
                return redirect("reporting:index")
    context = {"problems": problems, "forms": selectors.forms_current(), "upload_form": ReportUploadForm()}
    # A refused file is a bad request, as the other imports answer it; the page lists why.
    return render(request, "reporting/upload.html", context, status=400 if problems else 200)


def unit_history(request: HttpRequest, unit_id: int, code: str) -> HttpResponse:
    """Show one unit's reports on a form across periods, with every step."""
    unit = get_object_or_404(Organization, pk=unit_id)
    reports = selectors.unit_history(user=request.user, unit=unit, form_code=code)
    return render(request, "reporting/unit_history.html", {"unit": unit, "code": code, "reports": reports})


def goals(request: HttpRequest) -> HttpResponse:
    """Show each strategy indicator's actual against its target per year (approved reports in scope)."""
    strategies = [
        (strategy, goals_module.strategy_progress(user=request.user, strategy=strategy))
        for strategy in Strategy.objects.all()
    ]
    return render(request, "reporting/goals.html", {"strategies": strategies})


def goal_indicator_year(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """List the approved reports behind one indicator's actual for one year, each with its value."""
    indicator = get_object_or_404(StrategyIndicator.objects.select_related("goal__strategy"), pk=pk)
    strategy = indicator.goal.strategy
    if not strategy.start_year <= year <= strategy.end_year:
        raise BadRequest(
            _("Chiến lược “%(name)s” từ năm %(start)d đến năm %(end)d: năm %(year)d nằm ngoài.")
            % {"name": strategy.name, "start": strategy.start_year, "end": strategy.end_year, "year": year}
        )
    behind = goals_module.indicator_reports(user=request.user, indicator=indicator, year=year)
    total = sum((value for _report, value in behind), Decimal(0))
    # A manual indicator adds up no report: its actual is the value entered for the year.
    entry = None if indicator.formula else indicator.years.filter(year=year).first()
    context = {
        "indicator": indicator,
        "year": year,
        "behind": behind,
        "total": total,
        "manual_value": entry.manual_value if entry is not None else None,
        "formula_text": goals_module.indicator_formula_text(indicator),
    }
    return render(request, "reporting/goal_indicator_year.html", context)
