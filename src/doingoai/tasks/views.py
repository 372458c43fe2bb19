"""Pages of conferences and tasks: parse the request, call one selector or service, render."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from doingoai.accounts import scope
from doingoai.accounts.models import account_name
from doingoai.audit.concurrency import StaleEditError, stale_messages, stored_version, version_expected
from doingoai.formsets import errors_hidden, with_added_row
from doingoai.library import selectors as library_selectors
from doingoai.tasks import exports, selectors, services
from doingoai.tasks.errors import TaskError
from doingoai.tasks.forms import (
    CONFERENCE_ROWS_MAX,
    UNIT_NAMES_LIST,
    AttachmentsInput,
    CompletionReturnForm,
    ConferenceDocumentFormSet,
    ConferenceForm,
    DeadlineChangeForm,
    PointFormSet,
    ProgressForm,
    SubtaskForm,
    TaskCancelForm,
    TaskEditForm,
    TaskFilterForm,
    TaskForm,
    document_number,
    unit_names,
)
from doingoai.tasks.models import (
    Conference,
    DeadlineChange,
    ProgressReport,
    ReportAttachment,
    Task,
    TaskState,
)
from doingoai.tasks.status import Band, Status, due_soon_label
from doingoai.uploads import download_name


def _today() -> dt.date:
    """Return today in Vietnam: the one place the pages read the clock (tests replace it)."""
    return timezone.localdate()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _errors(request: HttpRequest, exc: TaskError, form: Any = None) -> None:
    for field, problems in exc.message_dict.items():
        for problem in problems:
            if form is not None and field in form.fields:
                form.add_error(field, problem)
            else:
                messages.error(request, problem)


def dashboard(request: HttpRequest) -> HttpResponse:
    """Show the follow-up table: counts by status class, by unit and by conference; overdue tasks first.

    The counts follow the filters other than the status class and the overdue band, which they
    break down: the page a report's figure links to (`?year=2026`) shows that figure. Their links
    keep those filters.
    """
    today = _today()
    form = TaskFilterForm(request.GET or None)
    filters = form.filters()
    counted = selectors.task_rows(
        user=request.user, today=today, filters=dataclasses.replace(filters, status="", band="")
    )
    # Without a status class or a band, the rows are those counted: read once.
    rows = (
        selectors.task_rows(user=request.user, today=today, filters=filters)
        if filters.status or filters.band
        else counted
    )
    kept = request.GET.copy()
    for name in ("status", "band", "page"):
        kept.pop(name, None)
    context = {
        "form": form,
        "rows": rows,
        "summary": selectors.tasks_summary(user=request.user, today=today, rows=counted),
        "kept_query": kept.urlencode(),
        "awaiting": list(selectors.tasks_awaiting_decision(user=request.user)),
        "statuses": list(Status),
        "bands": list(Band),
        "due_soon_label": due_soon_label(),
        "today": today,
        "query_string": request.GET.urlencode(),
        "is_coordinator": scope.user_is_coordinator(request.user),
    }
    return render(request, "tasks/dashboard.html", context)


def dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    """Download the follow-up table the user may read, filtered like the page, as XLSX."""
    today = _today()
    form = TaskFilterForm(request.GET or None)
    rows = selectors.task_rows(user=request.user, today=today, filters=form.filters())
    summary = selectors.tasks_summary(user=request.user, today=today, rows=rows)
    response = HttpResponse(exports.tasks_xlsx(rows, summary.by_unit), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="theo-doi-nhiem-vu-{today:%Y%m%d}.xlsx"'
    return response


def my_unit(request: HttpRequest) -> HttpResponse:
    """List "việc của đơn vị tôi": what the user's unit leads or coordinates."""
    today = _today()
    rows = selectors.unit_task_rows(user=request.user, today=today)
    return render(request, "tasks/my_unit.html", {"rows": rows, "today": today})


def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a task: its source sentence, units, deadlines, status, timeline, and the allowed actions.

    A cancelled task gets a page that says so, with the reason and its history, and no actions.
    """
    cancelled = selectors.task_cancelled_get(user=request.user, pk=pk)
    if cancelled is not None:
        context = {"task": cancelled, "timeline": selectors.task_timeline(cancelled)}
        return render(request, "tasks/task_cancelled.html", context)
    task = selectors.task_get(user=request.user, pk=pk)
    return _task_page(request, task)


def _task_page(
    request: HttpRequest,
    task: Any,
    *,
    progress_form: ProgressForm | None = None,
    change_form: DeadlineChangeForm | None = None,
    subtask_form: SubtaskForm | None = None,
    return_form: CompletionReturnForm | None = None,
    attachment_errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    if status == 400:
        messages.error(request, _("Chưa gửi được: xem các ô được đánh dấu."))
    today = _today()
    units = selectors.task_reporting_units(request.user, task)
    is_issuer = selectors.task_is_issuer_side(request.user, task)
    pending_changes = list(selectors.deadline_changes_pending(task))
    # One request waits at a time (`deadline_change_request`): no form for a second one meanwhile.
    may_request = not pending_changes and selectors.task_can_request_deadline_change(request.user, task)
    context = {
        "task": task,
        "status": selectors.task_status_of(task, today=today),
        "today": today,
        "timeline": selectors.task_timeline(task),
        "coordinating": selectors.task_coordinating_units(task),
        "subtasks": selectors.task_rows_of(user=request.user, tasks=task.subtasks.all(), today=today),
        "document_readable": task.document_id is not None
        and library_selectors.documents_visible(request.user).filter(pk=task.document_id).exists(),
        "attachment_errors": attachment_errors or [],
        "attachments_input": AttachmentsInput(),
        "progress_form": progress_form or (ProgressForm(units=units, lead=task.lead_unit) if units else None),
        "change_form": change_form or (DeadlineChangeForm() if may_request else None),
        "subtask_form": subtask_form
        or (
            SubtaskForm(auto_id="subtask_%s")
            if scope.user_is_coordinator(request.user) and not task.closed_confirmed
            else None
        ),
        "pending_changes": pending_changes,
        "pending_completion": selectors.task_pending_completion(task),
        "returned_completion": selectors.task_returned_completion(task),
        "return_form": return_form or (CompletionReturnForm() if is_issuer else None),
        "is_issuer": is_issuer,
        "can_edit": scope.user_is_coordinator(request.user),
        "percent": selectors.task_percent(task),
    }
    return render(request, "tasks/task_detail.html", context, status=status)


@require_POST
def progress_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a progress report of one of the task's units."""
    task = selectors.task_get(user=request.user, pk=pk)
    units = selectors.task_reporting_units(request.user, task)
    if not units:
        raise PermissionDenied(_("Bạn không báo cáo được tiến độ nhiệm vụ này."))
    form = ProgressForm(request.POST, units=units, lead=task.lead_unit)
    if form.is_valid():
        data = form.cleaned_data
        files = [
            services.AttachmentData(f.name, f.content_type or "", f.read())
            for f in request.FILES.getlist("attachments")
        ]
        try:
            services.progress_report_submit(
                actor=request.user,
                task=task,
                unit=data["unit"],
                text=data["text"],
                percent=data["percent"],
                period=data["period"],
                is_completion=data.get("is_completion", False),  # absent: a coordinating unit's form
                done_on=data.get("done_on"),
                attachments=files,
                today=_today(),
                now=timezone.now(),
            )
        except TaskError as exc:
            problems = exc.message_dict
            # A refused file is said beside the file box, where it has to be chosen again.
            attachment_errors = problems.pop("attachments", [])
            if problems:
                _errors(request, TaskError(problems), form)
            return _task_page(
                request, task, progress_form=form, attachment_errors=attachment_errors, status=400
            )
        else:
            if data.get("is_completion", False):
                messages.success(
                    request, _("Đã gửi báo cáo hoàn thành: nhiệm vụ chờ phía giao nhiệm vụ xác nhận.")
                )
            else:
                messages.success(request, _("Đã ghi báo cáo tiến độ."))
            return redirect("tasks:task_detail", pk=task.pk)
    return _task_page(request, task, progress_form=form, status=400)


@require_POST
def deadline_request(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask the issuer's side for a new deadline."""
    task = selectors.task_get(user=request.user, pk=pk)
    form = DeadlineChangeForm(request.POST)
    if form.is_valid():
        try:
            services.deadline_change_request(
                actor=request.user, task=task, now=timezone.now(), today=_today(), **form.cleaned_data
            )
        except TaskError as exc:
            _errors(request, exc, form)
        else:
            messages.success(request, _("Đã gửi đề nghị gia hạn; chờ phía giao nhiệm vụ duyệt."))
            return redirect("tasks:task_detail", pk=task.pk)
    return _task_page(request, task, change_form=form, status=400)


@require_POST
def deadline_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve or reject a deadline change (the issuer's side)."""
    change = get_object_or_404(DeadlineChange, pk=pk)
    task = selectors.task_get(user=request.user, pk=change.task_id)
    approve = request.POST.get("approve") == "1"
    try:
        services.deadline_change_decide(
            actor=request.user,
            change=change,
            approve=approve,
            now=timezone.now(),
            decision_reference=request.POST.get("decision_reference", "")[:255],
        )
    except TaskError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Đã đồng ý gia hạn.") if approve else _("Đã không đồng ý gia hạn."))
    return redirect("tasks:task_detail", pk=task.pk)


@require_POST
def completion_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a task by confirming the lead's completion report (the issuer's side)."""
    task = selectors.task_get(user=request.user, pk=pk)
    try:
        services.task_completion_confirm(actor=request.user, task=task, now=timezone.now())
    except TaskError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Đã xác nhận hoàn thành nhiệm vụ."))
    return redirect("tasks:task_detail", pk=task.pk)


@require_POST
def completion_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the lead's completion report back with a reason (the issuer's side)."""
    task = selectors.task_get(user=request.user, pk=pk)
    report_id = request.POST.get("report", "")
    if not (report_id.isdigit() and len(report_id) < 12):
        raise Http404(_("Không tìm thấy báo cáo này."))
    report = get_object_or_404(ProgressReport, pk=int(report_id), task=task)
    form = CompletionReturnForm(request.POST)
    if form.is_valid():
        try:
            services.completion_report_return(
                actor=request.user, report=report, reason=form.cleaned_data["reason"], now=timezone.now()
            )
        except TaskError as exc:
            _errors(request, exc, form)
        else:
            messages.success(request, _("Đã trả lại báo cáo hoàn thành cho đơn vị chủ trì."))
            # Posted to "#hoan-thanh", a section the returned report no longer has: see document_proposals.
            return redirect(f"{reverse('tasks:task_detail', args=[task.pk])}#noi-dung")
    return _task_page(request, task, return_form=form, status=400)


def _edit_initial(task: Task) -> dict[str, Any]:
    """Return the edit form's values as the task stands, with the version they come from."""
    return {
        "text": task.text,
        "lead_unit": task.lead_unit_id,
        "coordinating_units": [u.pk for u in task.coordinating_units.all()],
        "coordinating_note": task.coordinating_note,
        "priority": task.priority,
        "strategy_goal": task.strategy_goal,
        "version": task.version,
    }


@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a confirmed task: text, units, priority, goal; not its deadline (coordinators)."""
    task = selectors.task_get(user=request.user, pk=pk)
    if not scope.user_is_coordinator(request.user):
        raise PermissionDenied(_("Chỉ cán bộ điều phối mới được sửa nhiệm vụ."))
    initial = _edit_initial(task)
    form = TaskEditForm(request.POST or None, initial=initial)
    cancel_form = TaskCancelForm(initial={"version": task.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.task_update(
                actor=request.user,
                task=task,
                text=data["text"],
                lead_unit=data["lead_unit"],
                coordinating_units=data["coordinating_units"],
                coordinating_note=data["coordinating_note"],
                priority=data["priority"],
                strategy_goal=data["strategy_goal"],
                expected_version=version_expected(data["version"]),
            )
        except StaleEditError as exc:
            form.stale_show(exc)
        except TaskError as exc:
            _errors(request, exc, form)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu nhiệm vụ."))
            return redirect("tasks:task_detail", pk=task.pk)
    status = 400 if request.method == "POST" else 200
    return _task_edit_page(request, task, form, cancel_form, status=status)


def _task_edit_page(
    request: HttpRequest, task: Any, form: TaskEditForm, cancel_form: TaskCancelForm, *, status: int
) -> HttpResponse:
    context = {"form": form, "cancel_form": cancel_form, "task": task}
    return render(request, "tasks/task_edit.html", context, status=status)


@require_POST
def task_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Call off a task with a reason (coordinators)."""
    task = selectors.task_get(user=request.user, pk=pk)
    if not scope.user_is_coordinator(request.user):
        raise PermissionDenied(_("Chỉ cán bộ điều phối mới được hủy nhiệm vụ."))
    form = TaskCancelForm(request.POST)
    if form.is_valid():
        try:
            services.task_cancel(
                actor=request.user,
                task=task,
                reason=form.cleaned_data["reason"],
                expected_version=version_expected(form.cleaned_data["version"]),
            )
        except StaleEditError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("tasks:task_edit", pk=task.pk)
        except TaskError as exc:
            _errors(request, exc, form)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã hủy nhiệm vụ “%(task)s”.") % {"task": task.text[:80]})
            # Posted to "#huy" of the edit page, which the list has not: see document_proposals.
            return redirect(f"{reverse('tasks:dashboard')}#noi-dung")
    edit = TaskEditForm(initial=_edit_initial(task))
    return _task_edit_page(request, task, edit, form, status=400)


@require_POST
def subtask_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Give part of a task to a unit (coordinators)."""
    task = selectors.task_get(user=request.user, pk=pk)
    form = SubtaskForm(request.POST, auto_id="subtask_%s")
    if form.is_valid():
        try:
            child = services.subtask_create(actor=request.user, parent=task, **form.cleaned_data)
        except TaskError as exc:
            _errors(request, exc, form)
        else:
            messages.success(request, _("Đã giao phần việc cho %(unit)s.") % {"unit": child.lead_unit})
            return redirect("tasks:task_detail", pk=task.pk)
    return _task_page(request, task, subtask_form=form, status=400)


def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Download a report's attachment, if the user may read its task."""
    attachment = get_object_or_404(ReportAttachment.objects.select_related("report"), pk=pk)
    selectors.task_get(user=request.user, pk=attachment.report.task_id)
    response = HttpResponse(bytes(attachment.data), content_type="application/octet-stream")
    # RFC 6266/5987: an ASCII name quoted, any other as filename*=utf-8''…, so Vietnamese letters survive.
    response["Content-Disposition"] = content_disposition_header(True, download_name(attachment.name))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _say_already_confirmed(request: HttpRequest, task: Task, chosen: dict[str, Any]) -> None:
    """Say that a proposal was confirmed before, by whom, and which of this form's choices were not kept.

    A second tab or a colleague confirmed it first: nothing is created or overwritten, and the
    choices of this form that differ from the saved task are listed, so they can be carried over
    by correcting the task.
    """
    who = account_name(task.created_by)
    said = (
        _("Nhiệm vụ này đã được %(who)s xác nhận trước đó; không tạo thêm.") % {"who": who}
        if who
        else _("Nhiệm vụ này đã được xác nhận trước đó; không tạo thêm.")
    )
    differing = _choices_kept_apart(task, chosen)
    if not differing:
        messages.info(request, said)
        return
    messages.warning(
        request,
        _("%(said)s Lựa chọn của bạn không được lưu ở: %(fields)s. Nếu cần, hãy bấm «Sửa nhiệm vụ».")
        % {"said": said, "fields": "; ".join(differing)},
    )


def _warn_if_past(request: HttpRequest, task: Any) -> None:
    """Say at once that a task just confirmed is already overdue: often a year typed wrong."""
    if task.deadline and task.deadline < _today():
        messages.warning(
            request,
            _("Hạn %(deadline)s đã qua: nhiệm vụ được tính là quá hạn ngay từ bây giờ.")
            % {"deadline": task.deadline.strftime("%d/%m/%Y")},
        )


def _shown(value: Any) -> str:
    """Return a task field's value as a page shows it (a date dd/mm/yyyy, units by name)."""
    if value is None or value == "" or value == []:
        return _("(trống)")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (list, tuple, set)):
        return ", ".join(sorted(str(v) for v in value))
    return str(value)


def _choices_kept_apart(task: Task, chosen: dict[str, Any]) -> list[str]:
    """Return, field by field, where a second confirmation's choices differ from the task already saved."""
    saved = {
        "text": task.text,
        "lead_unit": task.lead_unit,
        "deadline": task.deadline,
        "coordinating_units": list(task.coordinating_units.all()),
        "priority": task.get_priority_display(),
        "issuer": task.issuer,
        "conference": task.conference,
    }
    typed = {**chosen, "coordinating_units": list(chosen.get("coordinating_units") or [])}
    if "priority" in typed:
        typed["priority"] = dict(TaskForm.base_fields["priority"].choices).get(typed["priority"], "")
    lines = []
    for name, value in saved.items():
        if name in typed and _shown(typed[name]) != _shown(value):
            lines.append(
                _("%(field)s: đã lưu «%(saved)s», bạn chọn «%(chosen)s»")
                % {
                    "field": TaskForm.base_fields[name].label,
                    "saved": _shown(value),
                    "chosen": _shown(typed[name]),
                }
            )
    return lines


def _proposal_form(proposal: selectors.Proposal, data: Any = None, conference: Any = None) -> TaskForm:
    directive = proposal.directive
    initial = {
        "conference": conference,
        "text": proposal.text,
        "lead_unit": proposal.lead_unit,
        "coordinating_units": proposal.coordinating_units,
        "coordinating_note": "; ".join(proposal.coordinating_unresolved),
        "deadline": proposal.deadline,
        "issuer": directive.issuer or "",
    }
    return TaskForm(data, initial=initial, prefix_key=f"p{proposal.key}")


@require_http_methods(["GET", "POST"])
def document_proposals(request: HttpRequest, pk: int) -> HttpResponse:
    """Show each directive of a document beside its sentence as a draft task, to confirm or discard."""
    document = library_selectors.document_get(user=request.user, pk=pk)
    proposals = selectors.document_proposals(user=request.user, document=document)
    conference = selectors.document_conference(document)
    can_decide = scope.user_is_coordinator(request.user)
    bound_key = request.POST.get("proposal", "") if request.method == "POST" else ""
    forms: dict[str, TaskForm] = {}
    status = 200
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied(_("Chỉ cán bộ điều phối mới được xác nhận nhiệm vụ."))
        proposal = next((p for p in proposals if p.key == bound_key), None)
        if proposal is None:
            raise Http404(_("Không tìm thấy đề xuất này trong văn bản."))
        if request.POST.get("action") == "discard":
            try:
                services.proposal_discard(actor=request.user, document=document, span=proposal.span)
            except TaskError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("Đã loại bỏ đề xuất."))
            return redirect(f"{request.path}#de-xuat-{proposal.key}")
        form = _proposal_form(proposal, request.POST, conference)
        if form.is_valid():
            try:
                task, created = services.proposal_confirm(
                    actor=request.user, document=document, span=proposal.span, **form.cleaned_data
                )
            except TaskError as exc:
                _errors(request, exc, form)
            else:
                if created:
                    messages.success(request, _("Đã xác nhận nhiệm vụ."))
                    _warn_if_past(request, task)
                else:
                    _say_already_confirmed(request, task, form.cleaned_data)
                # The form was posted to "#de-xuat-…", and a browser keeps that fragment through a
                # redirect that names none: the task's page is opened at its message instead.
                return redirect(f"{reverse('tasks:task_detail', args=[task.pk])}#noi-dung")
        forms[proposal.key] = form
        messages.error(request, _("Chưa xác nhận được nhiệm vụ: xem các ô được đánh dấu ở đề xuất."))
        status = 400
    # A task made of a proposal is linked only for those who may open it (else its page is a 404).
    readable = set(
        selectors.tasks_visible(request.user)
        .filter(pk__in=[p.task.pk for p in proposals if p.task is not None])
        .values_list("pk", flat=True)
    )
    items = [
        {
            "proposal": p,
            "readable": p.task is not None and p.task.pk in readable,
            # A discarded proposal keeps its form: confirming it restores it (`proposal_confirm`).
            "form": (forms.get(p.key) or _proposal_form(p, conference=conference))
            if can_decide and (p.task is None or p.task.state == TaskState.DISCARDED)
            else None,
        }
        for p in proposals
    ]
    context = {"document": document, "items": items, "can_decide": can_decide}
    return render(request, "tasks/document_proposals.html", context, status=status)


def conference_list(request: HttpRequest) -> HttpResponse:
    """List the conferences with their connection points and task counts.

    Coordinators get the button that records a new one (`conference_edit`).
    """
    conferences = selectors.conferences_list(user=request.user)
    context = {
        "conferences": selectors.conferences_annotated(conferences, user=request.user),
        "can_add": scope.user_is_coordinator(request.user),
    }
    return render(request, "tasks/conference_list.html", context)


# The rows edited beside a conference's own fields: formset prefix -> (formset class, "add row" button).
_CONFERENCE_ROWS = {
    "points": (PointFormSet, "add_point"),
    "documents": (ConferenceDocumentFormSet, "add_document"),
}


def _conference_initial(conference: Conference | None, user: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the form's first values and each row formset's, as the conference stands."""
    if conference is None:
        return {"organizer": getattr(user, "unit_id", None)}, {"points": [], "documents": []}
    fields = ("title", "kind", "date", "organizer_id", "chair", "venue", "version")
    initial = {name.removesuffix("_id"): getattr(conference, name) for name in fields}
    points = [
        {"id": p.pk, "name": p.name, "unit": p.unit.name, "mode": p.mode, "attendance": p.attendance}
        for p in conference.points.select_related("unit").order_by("mode", "name")
    ]
    documents = [
        {"id": link.pk, "document": str(link.document_id), "role": link.role}
        for link in conference.documents.order_by("role", "id")
    ]
    return initial, {"points": points, "documents": documents}


def _conference_rows(rows: dict[str, Any]) -> tuple[list[services.PointData], list[services.DocumentData]]:
    """Return the filled-in rows of the formsets, numbered as the page shows them."""
    points, documents = [], []
    for line, row in enumerate(rows["points"].forms, start=1):
        data = getattr(row, "cleaned_data", {})
        if row.errors or data.get("DELETE") or not data.get("filled"):
            continue
        points.append(
            services.PointData(
                name=data["name"],
                unit=data["unit"],
                mode=data["mode"],
                attendance=data["attendance"] or 0,
                pk=data.get("id"),
                line=line,
            )
        )
    for line, row in enumerate(rows["documents"].forms, start=1):
        data = getattr(row, "cleaned_data", {})
        if row.errors or data.get("DELETE") or data.get("document") is None:
            continue
        documents.append(
            services.DocumentData(
                document_id=data["document"], role=data["role"], pk=data.get("id"), line=line
            )
        )
    return points, documents


def _document_titles(rows: Any, user: Any) -> None:
    """Give each document row the title of the document it names, where the user may read it."""
    numbers = {}
    for row in rows.forms:
        typed = row.data.get(row.add_prefix("document"), "") if row.is_bound else row.initial.get("document")
        with contextlib.suppress(ValueError):
            number = document_number(str(typed or ""))
            if number is not None:
                numbers[row] = number
    titles = dict(
        library_selectors.documents_visible(user)
        .filter(pk__in=set(numbers.values()))
        .values_list("pk", "title")
    )
    for row, number in numbers.items():
        row.document_title = titles.get(number, "")


@require_http_methods(["GET", "POST"])
def conference_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Record a conference, or change one, with its connection points and documents (coordinators)."""
    conference = selectors.conference_get(user=request.user, pk=pk) if pk is not None else None
    if not scope.user_is_coordinator(request.user):
        raise PermissionDenied(_("Chỉ cán bộ điều phối mới được ghi hội nghị."))
    initial, first = _conference_initial(conference, request.user)
    added = None
    if request.method == "POST":
        data = request.POST
        for prefix, (_formset, button) in _CONFERENCE_ROWS.items():
            if button in data:
                data, added = with_added_row(data, prefix, most=CONFERENCE_ROWS_MAX), prefix
        form = ConferenceForm(data)
        rows = {prefix: formset(data, prefix=prefix) for prefix, (formset, _b) in _CONFERENCE_ROWS.items()}
    else:
        form = ConferenceForm(initial=initial)
        rows = {
            prefix: formset(initial=first[prefix], prefix=prefix)
            for prefix, (formset, _b) in _CONFERENCE_ROWS.items()
        }
    status = 200
    if added is not None:
        for shown in (form, *rows.values()):
            errors_hidden(shown)
    elif request.method == "POST":
        status = 400
        if form.is_valid() & all([formset.is_valid() for formset in rows.values()]):
            saved = _conference_save(request, form, rows, conference)
            if saved is not None:
                messages.success(request, _("Đã lưu hội nghị “%(title)s”.") % {"title": saved.title})
                return redirect("tasks:conference_detail", pk=saved.pk)
        else:
            _conference_more_problems(request, form, rows, conference)
    _document_titles(rows["documents"], request.user)
    context = {
        "form": form,
        **rows,
        "conference": conference,
        "refused": status == 400,
        "unit_names": unit_names(),
        "unit_names_list": UNIT_NAMES_LIST,
    }
    return render(request, "tasks/conference_form.html", context, status=status)


def _rows_errors_add(rows: dict[str, Any], problems: dict[str, list[str]]) -> None:
    """Put the rows' problems (by "points" and "documents") at the top of their tables."""
    for field, said in problems.items():
        if field in rows and not rows[field].management_form.errors:
            rows[field]._non_form_errors = rows[field].error_class([*rows[field].non_form_errors(), *said])


def _conference_more_problems(
    request: HttpRequest, form: ConferenceForm, rows: dict[str, Any], conference: Conference | None
) -> None:
    """Name, beside the boxes already refused, what the save would refuse next.

    The rows that could be read are checked as the save checks them (names twice, documents), and a
    form based on an older version is told of the change now rather than on the next try.
    """
    points, documents = _conference_rows(rows)
    _rows_errors_add(
        rows, services.conference_rows_problems(conference, points, documents, actor=request.user)
    )
    version = form.cleaned_data.get("version") if "version" not in form.errors else None
    if conference is not None and version is not None:
        current = stored_version(conference)
        if current != version:
            form.stale_show(
                StaleEditError(stale_messages(conference, expected=version, current=current), current)
            )


def _conference_save(
    request: HttpRequest, form: ConferenceForm, rows: dict[str, Any], conference: Conference | None
) -> Conference | None:
    """Save what the valid forms hold; on a refusal, put its messages beside the boxes and return None."""
    data = form.cleaned_data
    points, documents = _conference_rows(rows)
    fields = ("title", "date", "organizer", "kind", "chair", "venue")
    record = services.ConferenceData(**{name: data[name] for name in fields})
    try:
        return services.conference_save(
            actor=request.user,
            data=record,
            points=points,
            documents=documents,
            conference=conference,
            expected_version=version_expected(data["version"]) if conference is not None else None,
        )
    except StaleEditError as exc:
        form.stale_show(exc)
    except TaskError as exc:
        for field, problems in exc.message_dict.items():
            if field in rows:
                _rows_errors_add(rows, {field: problems})
            elif field in form.fields:
                form.add_error(field, problems)
            else:
                form.add_error(None, problems)
    except ValidationError as exc:
        form.add_error(None, exc)
    return None


def conference_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a conference: organizer, chair, connection points and attendance, documents, news, tasks."""
    conference = selectors.conference_get(user=request.user, pk=pk)
    today = _today()
    rows = selectors.task_rows(
        user=request.user, today=today, filters=selectors.TaskFilters(conference=conference)
    )
    context = {
        "conference": conference,
        "points": selectors.conference_points(conference),
        "documents": selectors.conference_documents(user=request.user, conference=conference),
        "events": selectors.conference_events(user=request.user, conference=conference),
        "rows": rows,
        "summary": selectors.tasks_summary(user=request.user, today=today, rows=rows),
        "carried": selectors.conference_tasks_carried(user=request.user, conference=conference, today=today),
        "statuses": list(Status),
        "is_coordinator": scope.user_is_coordinator(request.user),
    }
    return render(request, "tasks/conference_detail.html", context)


@require_http_methods(["GET", "POST"])
def conference_task_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a task from a conference's conclusions that no library document carries (coordinators)."""
    conference = selectors.conference_get(user=request.user, pk=pk)
    if not scope.user_is_coordinator(request.user):
        raise PermissionDenied(_("Chỉ cán bộ điều phối mới được thực hiện thao tác này."))
    form = TaskForm(request.POST or None, initial={"conference": conference, "source_kind": "conclusion"})
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(actor=request.user, **form.cleaned_data)
        except TaskError as exc:
            _errors(request, exc, form)
        else:
            messages.success(request, _("Đã thêm nhiệm vụ."))  # typed in, not a proposal confirmed
            _warn_if_past(request, task)
            return redirect("tasks:task_detail", pk=task.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "tasks/task_form.html", {"form": form, "conference": conference}, status=status)


def conference_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the tasks of a conference that the user may read, as a Word appendix."""
    conference = selectors.conference_get(user=request.user, pk=pk)
    today = _today()
    rows = selectors.task_rows(
        user=request.user, today=today, filters=selectors.TaskFilters(conference=conference)
    )
    response = HttpResponse(exports.conference_docx(conference, rows, today=today), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="phu-luc-nhiem-vu-hoi-nghi-{conference.pk}.docx"'
    return response
