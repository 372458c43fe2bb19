"""Create and change conferences and tasks. Each write checks who may make it and logs it.

Coordinators create conferences and tasks, and confirm or discard the tasks proposed from
documents. The lead unit and the coordinating units report progress; the lead unit asks for a
new deadline; the issuer's side (`selectors.task_is_issuer_side`) decides on it and confirms
completion. Times are passed in (`now`, `today`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doingoai.accounts import scope
from doingoai.accounts.models import Role, User
from doingoai.analysis.document import Directive
from doingoai.analysis.text import entity_key, text_normalize
from doingoai.audit.concurrency import version_check, version_claim
from doingoai.audit.models import AuditAction
from doingoai.audit.services import audit_record, audit_snapshot
from doingoai.directory.models import Organization
from doingoai.library import selectors as library_selectors
from doingoai.library.models import Document
from doingoai.notifications.services import notification_create, notification_language, notifications_settle
from doingoai.tasks import selectors
from doingoai.tasks.errors import TaskError
from doingoai.tasks.models import (
    ChangeState,
    Conference,
    ConferenceDocument,
    ConnectionPoint,
    DeadlineChange,
    ProgressReport,
    ReportAttachment,
    Task,
    TaskState,
)
from doingoai.uploads import ATTACHMENTS_MAX, AttachmentData, attachment_problem, stored_name


def _require_coordinator(actor: Any) -> None:
    if not scope.user_is_coordinator(actor):
        raise PermissionDenied(_("Chỉ cán bộ điều phối mới được thực hiện thao tác này."))


def _clean(value: str, *, field: str, required: bool = True, label: str = "") -> str:
    cleaned = " ".join(text_normalize(value or "").split())
    if required and not cleaned:
        raise TaskError({field: _("Trường này không được để trống.")})
    if "\x00" in cleaned:
        # A box posted without a form's checks (the decision's document): PostgreSQL stores no NUL.
        problem = _("%(label)s có ký tự rỗng (NUL), không lưu được: hãy gõ lại nội dung.")
        raise TaskError({field: problem % {"label": label or _("Nội dung")}})
    return cleaned


def _actor_user(actor: Any) -> Any:
    """Return the user to store as author, or None for the system (management commands)."""
    return actor if getattr(actor, "pk", None) is not None else None


def _deciders(task: Task) -> list[Any]:
    """Return the accounts that decide on a task's requests: its issuer unit's editors, else the coordinators.

    As the model says, the issuer unit's side decides, or the coordinators when there is none (or
    nobody there could); each account is checked with `selectors.task_is_issuer_side`.
    """
    found: list[Any] = []
    if task.issuer_unit is not None:
        above = [int(part) for part in task.issuer_unit.path.strip("/").split("/") if part]
        candidates = User.objects.filter(is_active=True, unit_id__in=above).select_related("unit")
        found = [u for u in candidates if selectors.task_is_issuer_side(u, task)]
    if not found:
        coordinators = User.objects.filter(is_active=True).filter(
            Q(role=Role.COORDINATOR) | Q(is_superuser=True)
        )
        found = [u for u in coordinators.select_related("unit") if selectors.task_is_issuer_side(u, task)]
    return sorted(found, key=lambda u: u.pk)


def _notify(
    users: Iterable[Any],
    *,
    actor: Any,
    task: Task,
    kind: str,
    say: Callable[[], str],
    key: str,
    now: dt.datetime,
) -> None:
    """Put a note under the bell of each of `users` but the actor, linking to the task.

    `say` words the note; it is called once for each reader, in their language (not the actor's).
    """
    url = reverse("tasks:task_detail", args=[task.pk])
    acting = getattr(actor, "pk", None)
    for user in users:
        if user is not None and user.pk != acting:
            with notification_language(recipient=user):
                text = say()
            notification_create(user=user, kind=kind, text=text, url=url, key=key, now=now)


def _ask_deciders(task: Task, *, actor: Any, say: Callable[[], str], key: str, now: dt.datetime) -> None:
    """Put a request for a decision under the bells of those who decide on `task` (`_deciders`)."""
    _notify(_deciders(task), actor=actor, task=task, kind="task_decision", say=say, key=key, now=now)


def _decided(key: str, now: dt.datetime) -> None:
    """Take the note that asked for a decision off every bell: the decision is taken or withdrawn."""
    notifications_settle(key=key, now=now)


@transaction.atomic
def conference_create(
    *,
    actor: Any,
    title: str,
    date: dt.date,
    organizer: Organization,
    kind: str = "conference",
    chair: str = "",
    venue: str = "",
) -> Conference:
    """Create a conference record (coordinators)."""
    data = ConferenceData(title=title, date=date, organizer=organizer, kind=kind, chair=chair, venue=venue)
    return conference_save(actor=actor, data=data)


@dataclass(frozen=True)
class ConferenceData:
    """A conference's own fields, as a form or a command gives them."""

    title: str
    date: dt.date
    organizer: Organization | None
    kind: str = "conference"
    chair: str = ""
    venue: str = ""


@dataclass(frozen=True)
class PointData:
    """A connection point: its name, its unit, on-site or online, and how many attended.

    `pk` names the stored point a form row shows (None: a new one); `line` is the row of the form
    it was typed in, for the messages (None: its place in the list).
    """

    name: str
    unit: Organization
    mode: str
    attendance: int = 0
    pk: int | None = None
    line: int | None = None


@dataclass(frozen=True)
class DocumentData:
    """A library document of a conference, by its number, and its role; `pk` and `line` as in `PointData`."""

    document_id: int
    role: str
    pk: int | None = None
    line: int | None = None


def _conference_values(data: ConferenceData) -> dict[str, Any]:
    """Return the fields to store, cleaned; raise TaskError naming every field that is wrong."""
    problems: dict[str, list[str]] = {}
    values: dict[str, Any] = {"date": data.date, "organizer": data.organizer, "kind": data.kind}
    for name, required, label in (
        ("title", True, _("Tên hội nghị")),
        ("chair", False, capfirst(Conference._meta.get_field("chair").verbose_name)),
        ("venue", False, capfirst(Conference._meta.get_field("venue").verbose_name)),
    ):
        try:
            values[name] = _clean(getattr(data, name), field=name, required=required, label=label)
        except TaskError as exc:
            problems.update(exc.message_dict)
    if data.organizer is None:
        problems["organizer"] = [_("Hãy chọn đơn vị tổ chức hội nghị.")]
    if problems:
        raise TaskError(problems)
    return values


def _conference_twin(values: dict[str, Any], conference: Conference | None) -> Conference | None:
    """Return another conference of the same day whose title is this one's, with or without diacritics.

    A form sent twice (a double click, the page reloaded) would otherwise record the conference twice.
    """
    same_day = Conference.objects.filter(date=values["date"]).exclude(pk=getattr(conference, "pk", None))
    key = entity_key(values["title"])
    return next((other for other in same_day.order_by("pk") if entity_key(other.title) == key), None)


def conference_rows_problems(
    conference: Conference | None, points: list[PointData], documents: list[DocumentData], *, actor: Any
) -> dict[str, list[str]]:
    """Return what is wrong with the rows, by "points" and "documents", each message naming its row.

    `conference_save` refuses a save on them; the form asks them too when other boxes already
    stop it, about the rows it could read, so that one answer names every fault it can.
    """
    stored_points = set(conference.points.values_list("pk", flat=True)) if conference else set()
    stored_links = set(conference.documents.values_list("pk", flat=True)) if conference else set()
    readable = set(
        library_selectors.documents_visible(actor)
        .filter(pk__in=[row.document_id for row in documents])
        .values_list("pk", flat=True)
    )
    problems: dict[str, list[str]] = {"points": [], "documents": []}
    names: dict[str, int] = {}
    for index, point in enumerate(points, start=1):
        line = point.line or index
        name = _point_name(point)
        if not name:
            problems["points"].append(_("Điểm cầu dòng %(n)d: hãy nhập tên điểm cầu.") % {"n": line})
        elif name.casefold() in names:
            said = _("Điểm cầu dòng %(n)d: tên “%(name)s” đã có ở dòng %(first)d.")
            problems["points"].append(said % {"n": line, "name": name, "first": names[name.casefold()]})
        else:
            names[name.casefold()] = line
        if point.attendance < 0:
            problems["points"].append(_("Điểm cầu dòng %(n)d: số người dự không được âm.") % {"n": line})
        if point.pk is not None and point.pk not in stored_points:
            said = _("Điểm cầu dòng %(n)d đã bị xóa khỏi hội nghị trong lúc bạn sửa: hãy mở lại trang.")
            problems["points"].append(said % {"n": line})
    seen: dict[int, int] = {}
    for index, row in enumerate(documents, start=1):
        line = row.line or index
        if row.document_id not in readable:
            said = _("Văn bản dòng %(n)d: không có văn bản số %(pk)d trong thư viện bạn được xem.")
            problems["documents"].append(said % {"n": line, "pk": row.document_id})
        elif row.document_id in seen:
            said = _("Văn bản dòng %(n)d: văn bản này đã có ở dòng %(first)d.")
            problems["documents"].append(said % {"n": line, "first": seen[row.document_id]})
        else:
            seen[row.document_id] = line
        if row.pk is not None and row.pk not in stored_links:
            said = _("Văn bản dòng %(n)d đã bị gỡ khỏi hội nghị trong lúc bạn sửa: hãy mở lại trang.")
            problems["documents"].append(said % {"n": line})
    return {key: found for key, found in problems.items() if found}


@transaction.atomic
def conference_save(
    *,
    actor: Any,
    data: ConferenceData,
    points: Iterable[PointData] | None = None,
    documents: Iterable[DocumentData] | None = None,
    conference: Conference | None = None,
    expected_version: int | None = None,
) -> Conference:
    """Create a conference (`conference` None) or change one, with its connection points and documents.

    Coordinators only. `points` and `documents` are the whole lists as the form shows them: a stored
    row left out is removed, a row with no `pk` is added; None leaves that list as it is. Every
    problem is raised at once (`TaskError`, keyed by field, "points" and "documents"), nothing
    written. A change is refused (`StaleEditError`) when the record moved on from
    `expected_version`; a save that changes nothing keeps the version. Each change is logged and
    moves the version on once, so a form opened before it is told each one.
    """
    _require_coordinator(actor)
    point_rows, document_rows = list(points or ()), list(documents or ())
    problems: dict[str, list[str]] = {}
    try:
        values = _conference_values(data)
    except TaskError as exc:
        problems.update(exc.message_dict)
    if conference is not None:
        version_check(instance=conference, expected=expected_version)
        conference.refresh_from_db()
    problems.update(conference_rows_problems(conference, point_rows, document_rows, actor=actor))
    if not problems and (twin := _conference_twin(values, conference)) is not None:
        said = _(
            "Đã có hội nghị “%(title)s” họp ngày %(date)s: nếu đây là hội nghị khác, hãy ghi tên khác đi."
        )
        problems["title"] = [said % {"title": twin.title, "date": twin.date.strftime("%d/%m/%Y")}]
    if problems:
        raise TaskError(problems)
    if conference is None:
        conference = Conference.objects.create(**values)
        audit_record(actor=actor, action=AuditAction.CREATE, instance=conference)
    else:
        changed = {name: value for name, value in values.items() if getattr(conference, name) != value}
        if changed:
            version_claim(instance=conference, expected=None)
            before = audit_snapshot(conference)
            for name, value in changed.items():
                setattr(conference, name, value)
            conference.save(update_fields=[*changed, "version"])
            audit_record(actor=actor, action=AuditAction.UPDATE, instance=conference, before=before)
    if points is not None:
        _points_write(conference, point_rows, actor=actor)
    if documents is not None:
        _documents_write(conference, document_rows, actor=actor)
    return conference


def _child_changed(conference: Conference, actor: Any, action: Any, row: Any, before: Any = None) -> None:
    """Log a change of one of the conference's rows and move the conference's version on."""
    audit_record(actor=actor, action=action, instance=row, before=before)
    version_claim(instance=conference, expected=None)


def _child_put(
    conference: Conference, actor: Any, model: type[Any], stored: Any, values: dict[str, Any]
) -> Any:
    """Write one of the conference's rows: `stored` given `values`, or a new `model` row when None; log it."""
    if stored is None:
        row = model.objects.create(conference=conference, **values)
        _child_changed(conference, actor, AuditAction.CREATE, row)
        return row
    before = audit_snapshot(stored)
    for name, value in values.items():
        setattr(stored, name, value)
    stored.save(update_fields=list(values))
    _child_changed(conference, actor, AuditAction.UPDATE, stored, before)
    return stored


def _child_remove(conference: Conference, actor: Any, row: Any) -> None:
    """Delete one of the conference's rows and log it under the key it had."""
    before, pk = audit_snapshot(row), row.pk
    row.delete()
    row.pk = pk  # deletion clears the key; the log must still name the row
    _child_changed(conference, actor, AuditAction.DELETE, row, before)


def _point_name(row: PointData) -> str:
    return " ".join(text_normalize(row.name or "").split())


def _points_write(conference: Conference, rows: list[PointData], *, actor: Any) -> None:
    stored = {p.pk: p for p in conference.points.all()}
    kept = {row.pk for row in rows if row.pk is not None}
    for pk, point in stored.items():  # removed first: a new row may take a removed one's name
        if pk not in kept:
            _child_remove(conference, actor, point)
    renamed = [row.pk for row in rows if row.pk is not None and stored[row.pk].name != _point_name(row)]
    # Two points that swap names would meet the one-name rule halfway: the renamed ones step aside first.
    for pk in renamed:
        ConnectionPoint.objects.filter(pk=pk).update(name=f"{uuid.uuid4().hex} {pk}")
    for row in rows:
        values = {
            "name": _point_name(row),
            "unit_id": row.unit.pk,
            "mode": row.mode,
            "attendance": row.attendance,
        }
        point = stored.get(row.pk) if row.pk is not None else None
        if point is None or any(getattr(point, name) != value for name, value in values.items()):
            _child_put(conference, actor, ConnectionPoint, point, values)


def _documents_write(conference: Conference, rows: list[DocumentData], *, actor: Any) -> None:
    stored = {link.pk: link for link in conference.documents.all()}
    # A row whose document was changed is the old link removed and a new one added: two rows that
    # swap their documents would otherwise meet the one-link rule halfway.
    rows = [
        row if row.pk is None or stored[row.pk].document_id == row.document_id else replace(row, pk=None)
        for row in rows
    ]
    kept = {row.pk for row in rows if row.pk is not None}
    for pk, link in stored.items():
        if pk not in kept:
            _child_remove(conference, actor, link)
    for row in rows:
        if row.pk is None:
            values = {"document_id": row.document_id, "role": row.role}
            _child_put(conference, actor, ConferenceDocument, None, values)
        elif stored[row.pk].role != row.role:
            _child_put(conference, actor, ConferenceDocument, stored[row.pk], {"role": row.role})


@transaction.atomic
def connection_points_set(*, actor: Any, conference: Conference, points: Iterable[PointData]) -> int:
    """Add or update the connection points of a conference, by name; return how many there are now."""
    _require_coordinator(actor)
    for index, point in enumerate(points, start=1):
        if point.attendance < 0:
            raise TaskError({"attendance": _("Điểm cầu %(n)d: số người dự không được âm.") % {"n": index}})
        name = _clean(point.name, field="name")
        values = {"name": name, "unit": point.unit, "mode": point.mode, "attendance": point.attendance}
        _child_put(conference, actor, ConnectionPoint, conference.points.filter(name=name).first(), values)
    return conference.points.count()


@transaction.atomic
def conference_document_link(
    *, actor: Any, conference: Conference, document: Document, role: str
) -> ConferenceDocument:
    """Link a library document to a conference as its report, a speech, the conclusions or news."""
    _require_coordinator(actor)
    stored = conference.documents.filter(document=document).first()
    values = {"document": document, "role": role}
    link: ConferenceDocument = _child_put(conference, actor, ConferenceDocument, stored, values)
    return link


def _deadline_check(deadline: dt.date | None, *, parent: Task | None = None) -> dt.date:
    if deadline is None:
        raise TaskError({"deadline": _("Hãy nhập thời hạn hoàn thành (ngày/tháng/năm).")})
    if parent is not None and parent.deadline is not None and deadline > parent.deadline:
        raise TaskError(
            {
                "deadline": _(
                    "Thời hạn của nhiệm vụ con không được sau thời hạn của nhiệm vụ cha (%(date)s)."
                )
                % {"date": parent.deadline.strftime("%d/%m/%Y")}
            }
        )
    return deadline


def task_text_and_lead_problems(text: str, lead_unit: Organization | None) -> dict[str, list[str]]:
    """Return what is wrong with a new task's text and lead unit, by field (empty when nothing is).

    The task form asks it too when another field (a deadline that is not a date) stops the form
    before the services run, so a form sent with several faults names them all at once.
    """
    problems: dict[str, list[str]] = {}
    try:
        _clean(text, field="text")
    except TaskError as exc:
        problems.update(exc.message_dict)
    if lead_unit is None:
        problems["lead_unit"] = [_("Mỗi nhiệm vụ phải có đúng một đơn vị chủ trì: hãy chọn đơn vị.")]
    return problems


def _task_essentials(
    text: str, lead_unit: Organization | None, deadline: dt.date | None, *, parent: Task | None = None
) -> tuple[str, Organization, dt.date]:
    """Return a new task's text, lead unit and deadline checked, every one missing named at once.

    A form sent blank is told of all three in one answer, not one more each time it is sent again.
    """
    problems = task_text_and_lead_problems(text, lead_unit)
    cleaned, checked = (_clean(text, field="text") if "text" not in problems else ""), None
    try:
        checked = _deadline_check(deadline, parent=parent)
    except TaskError as exc:
        problems.update(exc.message_dict)
    if problems or lead_unit is None or checked is None:
        raise TaskError(problems)
    return cleaned, lead_unit, checked


def _coordinating_set(task: Task, units: Iterable[Organization]) -> None:
    chosen = {u.pk: u for u in units if task.lead_unit_id is None or u.pk != task.lead_unit_id}
    task.coordinating_units.set(list(chosen.values()))


@transaction.atomic
def task_create(
    *,
    actor: Any,
    text: str,
    lead_unit: Organization | None,
    deadline: dt.date | None,
    coordinating_units: Iterable[Organization] = (),
    coordinating_note: str = "",
    issuer: str = "",
    issuer_unit: Organization | None = None,
    source_kind: str = "conclusion",
    conference: Conference | None = None,
    priority: str = "normal",
    strategy_goal: str = "",
    parent: Task | None = None,
) -> Task:
    """Create a confirmed task with one lead unit and its deadline (coordinators)."""
    _require_coordinator(actor)
    text, lead_unit, deadline = _task_essentials(text, lead_unit, deadline, parent=parent)
    task = Task.objects.create(
        state=TaskState.CONFIRMED,
        source_kind=source_kind,
        conference=conference,
        issuer=_clean(issuer, field="issuer", required=False),
        issuer_unit=issuer_unit,
        lead_unit=lead_unit,
        coordinating_note=_clean(coordinating_note, field="coordinating_note", required=False),
        text=text,
        original_deadline=deadline,
        deadline=deadline,
        priority=priority,
        strategy_goal=_clean(strategy_goal, field="strategy_goal", required=False),
        parent=parent,
        created_by=_actor_user(actor),
    )
    _coordinating_set(task, coordinating_units)
    audit_record(actor=actor, action=AuditAction.CREATE, instance=task)
    return task


@transaction.atomic
def task_update(
    *,
    actor: Any,
    task: Task,
    text: str,
    lead_unit: Organization | None,
    coordinating_units: Iterable[Organization] = (),
    coordinating_note: str = "",
    priority: str = "normal",
    strategy_goal: str = "",
    expected_version: int,
) -> Task:
    """Correct a confirmed task (coordinators): its text, units, priority and goal, never its deadline.

    The deadline moves only through a deadline change (a request and another person's decision).
    `expected_version` is the version the form was filled from: a save based on an older one raises
    `StaleEditError` and changes nothing. Only the fields changed here are written, so a deadline
    approved or a completion confirmed meanwhile is kept.
    """
    _require_coordinator(actor)
    if task.state != TaskState.CONFIRMED:
        raise TaskError({"task": _("Chỉ sửa được nhiệm vụ đã xác nhận.")})
    if lead_unit is None:
        raise TaskError({"lead_unit": _("Mỗi nhiệm vụ phải có đúng một đơn vị chủ trì: hãy chọn đơn vị.")})
    values = {
        "text": _clean(text, field="text"),
        "lead_unit": lead_unit,
        "coordinating_note": _clean(coordinating_note, field="coordinating_note", required=False),
        "priority": priority,
        "strategy_goal": _clean(strategy_goal, field="strategy_goal", required=False),
    }
    version_claim(instance=task, expected=expected_version)
    before = audit_snapshot(task)
    for name, value in values.items():
        setattr(task, name, value)
    task.save(update_fields=[*values, "version"])
    _coordinating_set(task, coordinating_units)
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=task, before=before)
    return task


@transaction.atomic
def task_cancel(*, actor: Any, task: Task, reason: str, expected_version: int) -> Task:
    """Call off a confirmed, unfinished task with a reason (coordinators); then nothing reads or counts it.

    A task with unfinished parts given to other units is refused: those are cancelled first.
    `expected_version` is the version the page showed (`StaleEditError` when older).
    """
    _require_coordinator(actor)
    if task.state != TaskState.CONFIRMED:
        raise TaskError({"task": _("Chỉ hủy được nhiệm vụ đã xác nhận.")})
    if task.closed_confirmed:
        raise TaskError({"task": _("Nhiệm vụ đã được xác nhận hoàn thành nên không hủy được.")})
    open_parts = task.subtasks.filter(state=TaskState.CONFIRMED, closed_confirmed=False).count()
    if open_parts:
        raise TaskError(
            {
                "task": ngettext(
                    "Nhiệm vụ còn %(n)d phần việc chưa hoàn thành: hãy hủy các phần việc đó trước.",
                    "Nhiệm vụ còn %(n)d phần việc chưa hoàn thành: hãy hủy các phần việc đó trước.",
                    open_parts,
                )
                % {"n": open_parts}
            }
        )
    cleaned = _clean(reason, field="reason")
    version_claim(instance=task, expected=expected_version)
    before = audit_snapshot(task)
    task.state = TaskState.CANCELLED
    task.cancel_reason = cleaned
    task.save(update_fields=["state", "cancel_reason", "version"])
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=task, before=before)
    return task


@transaction.atomic
def subtask_create(
    *, actor: Any, parent: Task, lead_unit: Organization | None, text: str, deadline: dt.date | None
) -> Task:
    """Split a task: give part of it to a unit, due no later than the task itself."""
    return task_create(
        actor=actor,
        text=text,
        lead_unit=lead_unit,
        deadline=deadline,
        issuer=parent.issuer,
        issuer_unit=parent.issuer_unit,
        source_kind=parent.source_kind,
        conference=parent.conference,
        priority=parent.priority,
        strategy_goal=parent.strategy_goal,
        parent=parent,
    )


def _directive_require(document: Document, span: tuple[int, int]) -> tuple[Directive, str]:
    found = selectors.document_directive_at(document, span)
    if found is None:
        raise TaskError(
            {
                "span": _(
                    "Văn bản “%(doc)s” không có nhiệm vụ nào ở vị trí %(start)d–%(end)d; hãy tải lại trang."
                )
                % {"doc": document, "start": span[0], "end": span[1]}
            }
        )
    return found


@transaction.atomic
def proposal_confirm(
    *,
    actor: Any,
    document: Document,
    span: tuple[int, int],
    text: str,
    lead_unit: Organization | None,
    deadline: dt.date | None,
    coordinating_units: Iterable[Organization] = (),
    coordinating_note: str = "",
    issuer: str = "",
    issuer_unit: Organization | None = None,
    source_kind: str = "directive",
    conference: Conference | None = None,
    priority: str = "normal",
    strategy_goal: str = "",
) -> tuple[Task, bool]:
    """Make the directive at `span` of a document a confirmed task, with the coordinator's edits.

    Return the task and whether it was created. A span already confirmed returns its task
    unchanged (a second click, a second tab, a re-analysis never duplicates it); a discarded
    proposal is confirmed in place.
    """
    _require_coordinator(actor)
    _directive, quote = _directive_require(document, span)
    existing = (
        Task.objects.select_for_update()
        .filter(document=document, span_start=span[0], span_end=span[1])
        .first()
    )
    if existing is not None and existing.state == TaskState.CONFIRMED:
        return existing, False
    if existing is not None and existing.state == TaskState.CANCELLED:
        raise TaskError({"span": _("Nhiệm vụ từ đề xuất này đã bị hủy; không xác nhận lại được.")})
    text, lead_unit, deadline = _task_essentials(text, lead_unit, deadline)
    values = {
        "state": TaskState.CONFIRMED,
        "source_kind": source_kind,
        "conference": conference,
        "source_quote": quote,
        "issuer": _clean(issuer, field="issuer", required=False),
        "issuer_unit": issuer_unit,
        "lead_unit": lead_unit,
        "coordinating_note": _clean(coordinating_note, field="coordinating_note", required=False),
        "text": text,
        "original_deadline": deadline,
        "deadline": deadline,
        "priority": priority,
        "strategy_goal": _clean(strategy_goal, field="strategy_goal", required=False),
        "created_by": _actor_user(actor),
    }
    if existing is not None:
        before = audit_snapshot(existing)
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save()
        _coordinating_set(existing, coordinating_units)
        audit_record(actor=actor, action=AuditAction.UPDATE, instance=existing, before=before)
        return existing, True
    try:
        with transaction.atomic():
            task = Task.objects.create(document=document, span_start=span[0], span_end=span[1], **values)
    except IntegrityError:
        # Another request confirmed the same span between our read and our write.
        return Task.objects.get(document=document, span_start=span[0], span_end=span[1]), False
    _coordinating_set(task, coordinating_units)
    audit_record(actor=actor, action=AuditAction.CREATE, instance=task)
    return task, True


@transaction.atomic
def proposal_discard(*, actor: Any, document: Document, span: tuple[int, int]) -> Task:
    """Set aside the directive at `span` of a document: it is no longer proposed. A confirmed task stays."""
    _require_coordinator(actor)
    directive, quote = _directive_require(document, span)
    task, created = Task.objects.get_or_create(
        document=document,
        span_start=span[0],
        span_end=span[1],
        defaults={
            "state": TaskState.DISCARDED,
            "text": directive.task or quote,
            "source_quote": quote,
            "issuer": directive.issuer or "",
            "created_by": _actor_user(actor),
        },
    )
    if not created and task.state == TaskState.CONFIRMED:
        raise TaskError({"span": _("Nhiệm vụ này đã được xác nhận; không thể loại bỏ đề xuất.")})
    if not created and task.state == TaskState.CANCELLED:
        raise TaskError({"span": _("Nhiệm vụ từ đề xuất này đã bị hủy; không thể loại bỏ đề xuất.")})
    if created:
        audit_record(actor=actor, action=AuditAction.CREATE, instance=task)
    return task


@transaction.atomic
def deadline_change_request(
    *,
    actor: Any,
    task: Task,
    new_deadline: dt.date | None,
    reason: str,
    now: dt.datetime,
    decision_reference: str = "",
    today: dt.date | None = None,
) -> DeadlineChange:
    """Ask for a later deadline: the lead unit gives a reason; the issuer's side, the permitting document.

    A `decision_reference` already known (a permission given on paper first) may be recorded now.

    An extension only moves the deadline later, and not to a day already past (`now`'s day in
    Vietnam, or `today` when given): an earlier date would turn a request for more time into a
    silent shortening.
    """
    if not selectors.task_can_request_deadline_change(actor, task):
        raise PermissionDenied(_("Chỉ đơn vị chủ trì mới được đề nghị gia hạn nhiệm vụ này."))
    if new_deadline is None:
        raise TaskError({"new_deadline": _("Hãy nhập thời hạn mới (ngày/tháng/năm).")})
    assert task.deadline is not None
    if new_deadline <= task.deadline:
        raise TaskError(
            {
                "new_deadline": _(
                    "Thời hạn mới phải sau thời hạn hiện hành (%(date)s): gia hạn chỉ lùi thời hạn về sau."
                )
                % {"date": task.deadline.strftime("%d/%m/%Y")}
            }
        )
    today = today or timezone.localdate(now)
    if new_deadline < today:
        raise TaskError(
            {
                "new_deadline": _("Thời hạn mới (%(date)s) đã qua: hãy chọn một ngày từ hôm nay (%(today)s).")
                % {"date": new_deadline.strftime("%d/%m/%Y"), "today": today.strftime("%d/%m/%Y")}
            }
        )
    if selectors.deadline_changes_pending(task).exists():
        raise TaskError({"new_deadline": _("Đã có một đề nghị gia hạn đang chờ duyệt.")})
    change = DeadlineChange.objects.create(
        task=task,
        old_deadline=task.deadline,
        new_deadline=new_deadline,
        reason=_clean(reason, field="reason"),
        decision_reference=_clean(decision_reference, field="decision_reference", required=False),
        requested_by=_actor_user(actor),
        requested_at=now,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, instance=change)

    def say() -> str:
        return _("Đề nghị gia hạn chờ bạn duyệt (%(old)s → %(new)s): %(task)s") % {
            "old": change.old_deadline.strftime("%d/%m/%Y"),
            "new": change.new_deadline.strftime("%d/%m/%Y"),
            "task": task.text[:120],
        }

    _ask_deciders(task, actor=actor, say=say, key=f"task-extension:{change.pk}", now=now)
    return change


@transaction.atomic
def deadline_change_decide(
    *, actor: Any, change: DeadlineChange, approve: bool, now: dt.datetime, decision_reference: str = ""
) -> DeadlineChange:
    """Approve or reject a deadline change (the issuer's side); the original deadline is never changed.

    Approving names the permitting document (`decision_reference`: number, symbol and date),
    unless the request already recorded one.
    """
    task = Task.objects.select_for_update().get(pk=change.task_id)
    if not selectors.task_is_issuer_side(actor, task):
        raise PermissionDenied(_("Chỉ phía giao nhiệm vụ mới được duyệt gia hạn."))
    if change.state != ChangeState.PENDING:
        raise TaskError({"state": _("Đề nghị gia hạn này đã được xử lý.")})
    account = _actor_user(actor)
    if account is not None and change.requested_by_id == account.pk:
        # Asking and granting are two people's acts, even for a coordinator who may do either.
        raise PermissionDenied(_("Người đề nghị gia hạn không tự duyệt đề nghị của mình."))
    reference = _clean(
        decision_reference, field="decision_reference", required=False, label=_("Văn bản cho phép gia hạn")
    )
    if approve and not (reference or change.decision_reference):
        raise TaskError(
            {"decision_reference": _("Hãy ghi văn bản cho phép gia hạn (số, ký hiệu, ngày) rồi mới đồng ý.")}
        )
    before = audit_snapshot(change)
    change.state = ChangeState.APPROVED if approve else ChangeState.REJECTED
    change.decided_by = _actor_user(actor)
    change.decided_at = now
    if reference:
        change.decision_reference = reference
    change.save(update_fields=["state", "decided_by", "decided_at", "decision_reference"])
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=change, before=before)
    _decided(f"task-extension:{change.pk}", now)  # the other deciders' bells no longer ask
    if approve:
        task_before = audit_snapshot(task)
        task.deadline = change.new_deadline
        task.save(update_fields=["deadline"])
        audit_record(actor=actor, action=AuditAction.UPDATE, instance=task, before=task_before)
    dates = {
        "old": change.old_deadline.strftime("%d/%m/%Y"),
        "new": change.new_deadline.strftime("%d/%m/%Y"),
        "task": task.text[:120],
    }

    def say() -> str:
        if approve:
            return _("Đề nghị gia hạn được đồng ý (%(old)s → %(new)s, theo %(reference)s): %(task)s") % {
                **dates,
                "reference": change.decision_reference[:120],
            }
        return _("Đề nghị gia hạn không được đồng ý (%(old)s → %(new)s): %(task)s") % dates

    _notify(
        [change.requested_by],
        actor=actor,
        task=task,
        kind="task_extension_decided",
        say=say,
        key=f"task-extension-decided:{change.pk}",
        now=now,
    )
    return change


@transaction.atomic
def progress_report_submit(
    *,
    actor: Any,
    task: Task,
    unit: Organization,
    text: str,
    percent: int | None,
    today: dt.date,
    now: dt.datetime,
    period: str = "",
    is_completion: bool = False,
    done_on: dt.date | None = None,
    attachments: Iterable[AttachmentData] = (),
) -> ProgressReport:
    """Record a unit's progress on a task; a lead's completion report awaits the issuer."""
    if unit not in selectors.task_reporting_units(actor, task):
        raise PermissionDenied(_("Bạn không báo cáo được cho đơn vị này về nhiệm vụ này."))
    if percent is None or not 0 <= percent <= 100:
        raise TaskError({"percent": _("Tiến độ là một số phần trăm từ 0 đến 100.")})
    files = list(attachments)
    if len(files) > ATTACHMENTS_MAX:
        raise TaskError(
            {
                "attachments": ngettext(
                    "Mỗi báo cáo đính kèm tối đa %(n)d tệp.",
                    "Mỗi báo cáo đính kèm tối đa %(n)d tệp.",
                    ATTACHMENTS_MAX,
                )
                % {"n": ATTACHMENTS_MAX}
            }
        )
    for item in files:
        problem = attachment_problem(item)
        if problem:
            raise TaskError({"attachments": problem})
    if is_completion:
        if unit.pk != task.lead_unit_id:
            raise TaskError({"is_completion": _("Chỉ đơn vị chủ trì mới báo cáo hoàn thành nhiệm vụ.")})
        done_on = done_on or today
        if done_on > today:
            raise TaskError({"done_on": _("Ngày hoàn thành không được sau hôm nay.")})
        if percent != 100:
            # The lead's latest report is the task's progress: a completion at 50% would both claim
            # the task done and show it half done, and raising it to 100% would change what was typed.
            typed = _("Báo cáo hoàn thành ghi tiến độ 100%%, không phải %(typed)d%%.") % {"typed": percent}
            hint = _("Nếu việc chưa xong, hãy bỏ chọn “Báo cáo hoàn thành nhiệm vụ”.")
            raise TaskError({"percent": f"{typed} {hint}"})
    report = ProgressReport.objects.create(
        task=task,
        unit=unit,
        period=_clean(period, field="period", required=False),
        text=_clean(text, field="text"),
        percent=percent,
        is_completion=is_completion,
        done_on=done_on if is_completion else None,
        author=_actor_user(actor),
        reported_on=today,
        created_at=now,
    )
    for item in files:
        ReportAttachment.objects.create(
            report=report,
            name=stored_name(item.name),
            content_type=item.content_type[:100],
            size=len(item.data),
            data=item.data,
        )
    audit_record(actor=actor, action=AuditAction.CREATE, instance=report)
    if unit.pk == task.lead_unit_id:
        # The lead reports again, progress or a new completion: only its latest report can wait
        # (`task_pending_completion`), so the notes asking about the earlier ones come off the bells.
        for earlier in (
            task.reports.filter(is_completion=True).exclude(pk=report.pk).values_list("pk", flat=True)
        ):
            _decided(f"task-completion:{earlier}", now)
    if is_completion:
        _ask_deciders(
            task,
            actor=actor,
            say=lambda: (
                _("Báo cáo hoàn thành chờ bạn xác nhận (%(unit)s): %(task)s")
                % {"unit": unit.name, "task": task.text[:120]}
            ),
            key=f"task-completion:{report.pk}",
            now=now,
        )
    return report


@transaction.atomic
def task_completion_confirm(*, actor: Any, task: Task, now: dt.datetime) -> Task:
    """Close a task: the issuer's side confirms the lead's completion report and its date."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    if not selectors.task_is_issuer_side(actor, task):
        raise PermissionDenied(_("Chỉ phía giao nhiệm vụ mới được xác nhận hoàn thành."))
    if task.closed_confirmed:
        # A second tab, or a colleague quicker: say what happened, not that nothing was reported.
        raise TaskError({"task": selectors.task_closure_text(task)})
    report = selectors.task_pending_completion(task)
    if report is None:
        raise TaskError({"task": _("Đơn vị chủ trì chưa gửi báo cáo hoàn thành nhiệm vụ này.")})
    account = _actor_user(actor)
    if account is not None and report.author_id == account.pk:
        # Reporting a task done and accepting it are two people's acts, as for a deadline change.
        raise PermissionDenied(_("Người báo cáo hoàn thành không tự xác nhận báo cáo của mình."))
    before = audit_snapshot(task)
    task.completed_on = report.done_on
    task.closed_confirmed = True
    task.closed_by = _actor_user(actor)
    task.closed_at = now
    task.save(update_fields=["completed_on", "closed_confirmed", "closed_by", "closed_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=task, before=before)
    _decided(f"task-completion:{report.pk}", now)
    done_on = report.done_on.strftime("%d/%m/%Y") if report.done_on else "—"
    _notify(
        [report.author],
        actor=actor,
        task=task,
        kind="task_completed",
        say=lambda: (
            _("Đã xác nhận hoàn thành nhiệm vụ (ngày hoàn thành %(day)s): %(task)s")
            % {"day": done_on, "task": task.text[:120]}
        ),
        key=f"task-completion-confirmed:{report.pk}",
        now=now,
    )
    return task


@transaction.atomic
def completion_report_return(
    *, actor: Any, report: ProgressReport, reason: str, now: dt.datetime
) -> ProgressReport:
    """Send the lead's completion report back unconfirmed, with a reason the lead unit reads (issuer's side).

    Only the report still waiting (`selectors.task_pending_completion`) can be returned; the task
    stays open and the lead unit reports again.
    """
    task = Task.objects.select_for_update().get(pk=report.task_id)
    if not selectors.task_is_issuer_side(actor, task):
        raise PermissionDenied(_("Chỉ phía giao nhiệm vụ mới được trả lại báo cáo hoàn thành."))
    pending = selectors.task_pending_completion(task)
    if pending is None or pending.pk != report.pk:
        raise TaskError(
            {
                "report": _(
                    "Báo cáo hoàn thành này không còn chờ xác nhận: đã được xử lý, "
                    "hoặc đơn vị chủ trì đã gửi báo cáo mới hơn."
                )
            }
        )
    account = _actor_user(actor)
    if account is not None and pending.author_id == account.pk:
        raise PermissionDenied(_("Người báo cáo hoàn thành không tự xác nhận báo cáo của mình."))
    cleaned = _clean(reason, field="reason")
    before = audit_snapshot(pending)
    pending.returned_at = now
    pending.returned_by = account
    pending.return_reason = cleaned
    pending.save(update_fields=["returned_at", "returned_by", "return_reason"])
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=pending, before=before)
    _decided(f"task-completion:{pending.pk}", now)
    _notify(
        [pending.author],
        actor=actor,
        task=task,
        kind="task_returned",
        say=lambda: (
            _("Báo cáo hoàn thành bị trả lại (%(reason)s): %(task)s")
            % {"reason": cleaned[:200], "task": task.text[:120]}
        ),
        key=f"task-returned:{pending.pk}",
        now=now,
    )
    return pending
