"""Read conferences and tasks for a user. Every read of tasks goes through `tasks_visible`.

A unit reads the tasks it leads, coordinates or issued, and those of the units below it; a
coordinator reads every task. Conferences, like the directory's structure, are read by every
signed-in user; their tasks are still filtered by `tasks_visible`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doingoai.accounts import scope
from doingoai.accounts.models import account_name
from doingoai.analysis.document import Directive
from doingoai.analysis.text import entity_key, name_sort_key
from doingoai.directory.collation import vietnamese
from doingoai.directory.models import Organization
from doingoai.directory.selectors import organization_by_name
from doingoai.library import selectors as library_selectors
from doingoai.library.models import Document, Event
from doingoai.tasks.deadlines import deadline_resolve, deadline_words
from doingoai.tasks.models import (
    ChangeState,
    Conference,
    ConferenceDocument,
    ConnectionPoint,
    DeadlineChange,
    PointMode,
    ProgressReport,
    ReportAttachment,
    Task,
    TaskState,
)
from doingoai.tasks.status import (
    DUE_SOON,
    Band,
    Status,
    TaskStatus,
    band_filter,
    due_soon_filter,
    lateness_expression,
    status_expression,
    status_rank_expression,
    task_status,
)

# Reminders: days before the deadline, and days after it, on which a task is recalled.
REMINDER_DAYS_BEFORE = (7, 1)
REMINDER_DAYS_AFTER = (1, 15, 30)


def completion_pending_annotated(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Annotate each task with `completion_pending`: `task_pending_completion` as a query.

    The lead unit's latest report is a completion report the issuer's side has neither confirmed
    nor returned. Also `latest_author`: who sent that latest report.
    """
    latest = ProgressReport.objects.filter(task=OuterRef("pk"), unit=OuterRef("lead_unit")).order_by(
        "-created_at", "-id"
    )
    tasks = tasks.annotate(
        latest_is_completion=Subquery(latest.values("is_completion")[:1]),
        latest_returned_at=Subquery(latest.values("returned_at")[:1]),
        latest_author=Subquery(latest.values("author_id")[:1]),
    )
    waiting = Q(closed_confirmed=False, latest_is_completion=True, latest_returned_at__isnull=True)
    return tasks.annotate(
        completion_pending=Case(When(waiting, then=True), default=False, output_field=BooleanField())
    )


def _task_related(tasks: QuerySet[Task]) -> QuerySet[Task]:
    # Every list shows whether the lead's completion report waits for confirmation.
    return completion_pending_annotated(
        tasks.select_related("lead_unit", "issuer_unit", "conference", "document", "parent")
    ).prefetch_related("coordinating_units")


def tasks_visible(user: Any, *, state: Any = TaskState.CONFIRMED) -> QuerySet[Task]:
    """Return the tasks in `state` (confirmed) the user may read: led, coordinated or issued in scope."""
    tasks = Task.objects.filter(state=state)
    if scope.user_is_coordinator(user):
        return tasks
    paths = scope.unit_paths_readable(user)
    if not paths:
        return tasks.none()
    path = paths[0]
    mine = Task.objects.filter(
        Q(lead_unit__path__startswith=path)
        | Q(coordinating_units__path__startswith=path)
        | Q(issuer_unit__path__startswith=path)
    ).values("pk")
    return tasks.filter(pk__in=mine)


def task_get(*, user: Any, pk: int) -> Task:
    """Return one task the user may read, or raise Http404 (to them, other tasks do not exist)."""
    task = _task_related(tasks_visible(user)).filter(pk=pk).first()
    if task is None:
        raise Http404(_("Không tìm thấy nhiệm vụ."))
    return task


def task_cancelled_get(*, user: Any, pk: int) -> Task | None:
    """Return a cancelled task the user could read while it stood, or None.

    Cancelled tasks are counted and listed nowhere; their own page still says what was called
    off and why, for the links the change log keeps.
    """
    return _task_related(tasks_visible(user, state=TaskState.CANCELLED)).filter(pk=pk).first()


def task_status_of(task: Task, *, today: dt.date) -> TaskStatus:
    """Return the status class of a confirmed task on `today`."""
    assert task.deadline is not None  # a confirmed task always has one (database constraint)
    return task_status(deadline=task.deadline, completed_on=task.completed_on, today=today)


def task_is_issuer_side(user: Any, task: Task) -> bool:
    """Return whether the user speaks for the issuer: approves deadline changes, confirms completion."""
    if scope.user_is_coordinator(user):
        return True
    return task.issuer_unit is not None and scope.unit_can_edit(user, task.issuer_unit)


def task_coordinating_units(task: Task) -> list[Organization]:
    """Return a task's coordinating units in Vietnamese dictionary order (prefetched ones read no query)."""
    return sorted(task.coordinating_units.all(), key=lambda u: name_sort_key(u.name))


def task_reporting_units(user: Any, task: Task) -> list[Organization]:
    """Return the units (lead first, then coordinating) the user may report progress for."""
    if task.closed_confirmed or task.lead_unit is None:
        return []
    units = [task.lead_unit, *task_coordinating_units(task)]
    return [unit for unit in units if scope.unit_can_edit(user, unit)]


def task_can_request_deadline_change(user: Any, task: Task) -> bool:
    """Return whether the user may ask for a new deadline (the lead unit's editors, coordinators)."""
    return not task.closed_confirmed and scope.unit_can_edit(user, task.lead_unit)


@dataclass
class TaskRow:
    """A task with its status on the day asked, and its consolidated progress."""

    task: Task
    status: TaskStatus
    percent: int | None = None


@dataclass
class TaskFilters:
    """The filters of the follow-up table, the unit's list, the exports and the API."""

    status: str = ""  # a status class, or DUE_SOON (open, due within DUE_SOON_DAYS days)
    band: str = ""
    unit: Organization | None = None
    conference: Conference | None = None
    query: str = ""
    year: int | None = None  # the year the current deadline falls in
    awaiting: bool = False  # only the tasks waiting for the user's decision (`tasks_awaiting_decision`)


def _lead_percent(tasks: list[Task]) -> dict[int, int]:
    """Return the latest percent reported by each task's lead unit (the consolidated progress).

    A completion report the deciding side returned does not count: the progress is the lead's
    report before it, until the lead reports again.
    """
    percent: dict[int, int] = {}
    reports = ProgressReport.objects.filter(
        task__in=[t.pk for t in tasks], returned_at__isnull=True
    ).order_by("created_at", "id")
    leads = {t.pk: t.lead_unit_id for t in tasks}
    for task_id, unit_id, value in reports.values_list("task_id", "unit_id", "percent"):
        if leads.get(task_id) == unit_id:
            percent[task_id] = value
    return percent


def _in_follow_up_order(tasks: QuerySet[Task], today: dt.date) -> QuerySet[Task]:
    """Order tasks overdue first (longest late first), then in progress, done late, done on time."""
    return tasks.annotate(
        status_rank=status_rank_expression(today), lateness=lateness_expression(today)
    ).order_by("status_rank", "-lateness", "deadline", "pk")


def tasks_listed(*, user: Any, today: dt.date, filters: TaskFilters | None = None) -> QuerySet[Task]:
    """Return the tasks the user may read that pass `filters`, in follow-up order, filtered in the database.

    A caller that pages the list slices this query, then turns only the page into rows (`task_rows_for`).
    """
    filters = filters or TaskFilters()
    tasks = _task_related(tasks_visible(user))
    if filters.unit is not None:
        path = filters.unit.path
        involved = Task.objects.filter(
            Q(lead_unit__path__startswith=path) | Q(coordinating_units__path__startswith=path)
        ).values("pk")
        tasks = tasks.filter(pk__in=involved)
    if filters.conference is not None:
        tasks = tasks.filter(conference=filters.conference)
    for word in entity_key(filters.query).split():  # every word, with or without diacritics, any case
        tasks = tasks.filter(text_key__contains=word)
    if filters.status == DUE_SOON:
        tasks = tasks.filter(due_soon_filter(today))
    elif filters.status:
        tasks = tasks.annotate(status_class=status_expression(today)).filter(status_class=filters.status)
    if filters.band:
        tasks = tasks.filter(band_filter(Band(filters.band), today))
    if filters.year is not None:
        tasks = tasks.filter(deadline__year=filters.year)
    if filters.awaiting:
        tasks = tasks.filter(pk__in=tasks_awaiting_decision(user=user).values("pk"))
    return _in_follow_up_order(tasks, today)


def task_rows_for(tasks: list[Task], *, today: dt.date) -> list[TaskRow]:
    """Return the rows of tasks already read (a page of `tasks_listed`), keeping their order."""
    percent = _lead_percent(tasks)
    return [TaskRow(t, task_status_of(t, today=today), percent.get(t.pk)) for t in tasks]


def task_rows(*, user: Any, today: dt.date, filters: TaskFilters | None = None) -> list[TaskRow]:
    """Return the tasks the user may read with their status on `today`: overdue first, longest late first."""
    return task_rows_for(list(tasks_listed(user=user, today=today, filters=filters)), today=today)


def task_rows_of(*, user: Any, tasks: QuerySet[Task], today: dt.date) -> list[TaskRow]:
    """Return the rows of some tasks (a task's sub-tasks) that the user may read, in follow-up order."""
    listed = _in_follow_up_order(_task_related(tasks_visible(user).filter(pk__in=tasks.values("pk"))), today)
    return task_rows_for(list(listed), today=today)


def conference_tasks_carried(*, user: Any, conference: Conference, today: dt.date) -> list[TaskRow]:
    """Return the tasks still open on `today` that were due by the end of the conference's year.

    Those of other conferences, or of none: what a year-end review takes stock of and carries into
    the next year, overdue first. The conference's own tasks are listed apart.
    """
    year_end = dt.date(conference.date.year, 12, 31)
    tasks = _task_related(tasks_visible(user)).filter(deadline__lte=year_end).exclude(conference=conference)
    rows = task_rows_for(list(_in_follow_up_order(tasks, today)), today=today)
    return [row for row in rows if row.status.is_open]


def task_percent(task: Task) -> int | None:
    """Return the task's consolidated progress: the latest percent its lead unit reported."""
    return _lead_percent([task]).get(task.pk)


@dataclass
class StatusCounts:
    """The four-class counts of a group of tasks, and the overdue ones by band."""

    label: str = ""
    key: Any = None
    counts: Counter[str] = field(default_factory=Counter)
    bands: Counter[str] = field(default_factory=Counter)
    due_soon: int = 0  # open tasks due within DUE_SOON_DAYS days (counted in progress too)

    def add(self, status: TaskStatus) -> None:
        """Count one task."""
        self.counts[status.status] += 1
        if status.band is not None:
            self.bands[status.band] += 1
        if status.days_left is not None:
            self.due_soon += 1

    @property
    def total(self) -> int:
        """Return the number of tasks counted."""
        return sum(self.counts.values())

    def as_dict(self) -> dict[str, int]:
        """Return the counts keyed by status value, every class present."""
        return {s.value: self.counts[s] for s in Status}

    def cells(self) -> list[int]:
        """Return the counts in the order of the classes, for tables."""
        return [self.counts[s] for s in Status]

    def pairs(self) -> list[tuple[Status, int]]:
        """Return each status class with its count, in order."""
        return [(s, self.counts[s]) for s in Status]

    def band_pairs(self) -> list[tuple[Band, int]]:
        """Return each overdue band with its count, in order."""
        return [(b, self.bands[b]) for b in Band]


@dataclass
class Summary:
    """The follow-up figures: overall, per lead unit, per source conference."""

    overall: StatusCounts
    by_unit: list[StatusCounts]
    by_conference: list[StatusCounts]


def tasks_summary(*, user: Any, today: dt.date, rows: list[TaskRow] | None = None) -> Summary:
    """Return the four-class counts of the user's tasks on `today`: overall, by lead, by conference."""
    rows = task_rows(user=user, today=today) if rows is None else rows
    overall = StatusCounts(label=_("Tất cả"))
    units: dict[int, StatusCounts] = {}
    conferences: dict[int | None, StatusCounts] = {}
    for row in rows:
        overall.add(row.status)
        lead = row.task.lead_unit
        if lead is not None:
            units.setdefault(lead.pk, StatusCounts(label=lead.name, key=lead)).add(row.status)
        conference = row.task.conference
        key = conference.pk if conference else None
        label = conference.title if conference else _("Không gắn với hội nghị")
        conferences.setdefault(key, StatusCounts(label=label, key=conference)).add(row.status)
    return Summary(
        overall=overall,
        by_unit=sorted(units.values(), key=lambda c: (-c.counts[Status.OVERDUE], c.label)),
        by_conference=sorted(conferences.values(), key=lambda c: c.label),
    )


@dataclass
class UnitTaskRow(TaskRow):
    """A task on a unit's own list, with the unit's part in it."""

    role: str = ""


def unit_task_rows(*, user: Any, today: dt.date) -> list[UnitTaskRow]:
    """Return "việc của đơn vị tôi": the tasks the user's unit (or a unit below it) leads or coordinates."""
    unit = getattr(user, "unit", None) if scope.user_role(user) else None
    if unit is None:
        return []
    rows = task_rows(user=user, today=today, filters=TaskFilters(unit=unit))
    out: list[UnitTaskRow] = []
    for row in rows:
        lead = row.task.lead_unit
        role = _("Chủ trì") if lead is not None and lead.path.startswith(unit.path) else _("Phối hợp")
        out.append(UnitTaskRow(row.task, row.status, row.percent, role=role))
    return out


@dataclass
class Proposal:
    """A directive read from a document, prefilled as a task for a coordinator to confirm or discard."""

    directive: Directive
    quote: str
    lead_unit: Organization | None
    coordinating_units: list[Organization]
    coordinating_unresolved: list[str]
    deadline: dt.date | None
    task: Task | None

    @property
    def span(self) -> tuple[int, int]:
        """Return the directive's span in the document."""
        return (self.directive.span[0], self.directive.span[1])

    @property
    def key(self) -> str:
        """Return the span as "start-end", to name the proposal in forms and anchors."""
        return f"{self.directive.span[0]}-{self.directive.span[1]}"

    @property
    def deadline_read(self) -> str:
        """Return the deadline the analysis read, as a person writes it ("quý 2/2027", not "2027-Q2")."""
        return deadline_words(self.directive.deadline)

    @property
    def text(self) -> str:
        """Return the task as a list of tasks writes it: the directive's words, opening with a capital."""
        task = self.directive.task.strip()
        return task[:1].upper() + task[1:]


def document_proposals(*, user: Any, document: Document) -> list[Proposal]:
    """Return every directive of a document the user may read as a proposal, with the task made of it if any.

    The lead and coordinating bodies are resolved to directory units by name or abbreviation;
    those that name no one unit are kept as written. The deadline is resolved to a date.
    """
    analysed = library_selectors.document_analysis(document)
    existing = {
        (t.span_start, t.span_end): t
        for t in Task.objects.filter(document=document).select_related("lead_unit")
    }
    found: dict[str, Organization | None] = {}

    def resolve(name: str) -> Organization | None:
        if name not in found:  # a document names the same bodies again and again
            found[name] = organization_by_name(name)
        return found[name]

    proposals = []
    for directive in analysed.directives:
        lead = resolve(directive.lead) if directive.lead else None
        resolved: list[Organization] = []
        unresolved: list[str] = []
        for name in directive.coordinating:
            unit = resolve(name)
            if unit is not None and unit != lead:
                resolved.append(unit)
            elif unit is None:
                unresolved.append(name)
        proposals.append(
            Proposal(
                directive=directive,
                quote=analysed.span_text(directive.span),
                lead_unit=lead,
                coordinating_units=resolved,
                coordinating_unresolved=unresolved,
                deadline=deadline_resolve(directive.deadline),
                task=existing.get((directive.span[0], directive.span[1])),
            )
        )
    return proposals


def document_conference(document: Document) -> Conference | None:
    """Return the latest conference a document belongs to, to preselect it for the document's tasks."""
    link = ConferenceDocument.objects.filter(document=document).select_related("conference")
    found = link.order_by("-conference__date", "-id").first()
    return found.conference if found is not None else None


def document_directive_at(document: Document, span: tuple[int, int]) -> tuple[Directive, str] | None:
    """Return the directive of a document at exactly `span` with the words it covers, or None."""
    analysed = library_selectors.document_analysis(document)
    for directive in analysed.directives:
        if (directive.span[0], directive.span[1]) == span:
            return directive, analysed.span_text(directive.span)
    return None


@dataclass
class TimelineEntry:
    """One dated line of a task's history: a report, a deadline change, the confirmation, the closure."""

    at: dt.datetime
    kind: str
    title: str
    report: ProgressReport | None = None
    change: DeadlineChange | None = None
    actor: str = ""  # who acted: the account's full name, or its user name


def task_timeline(task: Task) -> list[TimelineEntry]:
    """Return the history of a task, oldest first."""
    entries = [TimelineEntry(task.created_at, "created", _("Nhiệm vụ được xác nhận"))]
    reports = task.reports.select_related("unit", "author", "returned_by").prefetch_related(
        Prefetch("attachments", queryset=ReportAttachment.objects.defer("data"))
    )
    for report in reports:
        title = _("Báo cáo hoàn thành") if report.is_completion else _("Báo cáo tiến độ")
        entries.append(
            TimelineEntry(
                report.created_at, "report", title, report=report, actor=account_name(report.author)
            )
        )
        if report.returned_at is not None:
            entries.append(
                TimelineEntry(
                    report.returned_at,
                    "returned",
                    _("Phía giao trả lại báo cáo hoàn thành"),
                    report=report,
                    actor=account_name(report.returned_by),
                )
            )
    for change in task.deadline_changes.select_related("requested_by", "decided_by"):
        entries.append(
            TimelineEntry(
                change.requested_at,
                "change",
                _("Đề nghị gia hạn"),
                change=change,
                actor=account_name(change.requested_by),
            )
        )
        if change.decided_at is not None:
            title = _("Đồng ý gia hạn") if change.state == ChangeState.APPROVED else _("Không đồng ý gia hạn")
            entries.append(
                TimelineEntry(
                    change.decided_at, "decision", title, change=change, actor=account_name(change.decided_by)
                )
            )
    if task.closed_confirmed and task.closed_at is not None:
        entries.append(TimelineEntry(task.closed_at, "closed", _("Phía giao xác nhận hoàn thành")))
    return sorted(entries, key=lambda e: e.at)


def task_closure_text(task: Task) -> str:
    """Return who confirmed a closed task's completion and when, in words."""
    when = timezone.localtime(task.closed_at).strftime("%d/%m/%Y %H:%M") if task.closed_at else ""
    return _("Nhiệm vụ này đã được xác nhận hoàn thành lúc %(when)s, bởi %(who)s.") % {
        "when": when,
        "who": account_name(task.closed_by) or _("hệ thống"),
    }


def _lead_latest_report(task: Task) -> ProgressReport | None:
    return (
        task.reports.filter(unit_id=task.lead_unit_id)
        .select_related("unit", "author", "returned_by")
        .order_by("-created_at", "-id")
        .first()
    )


def task_pending_completion(task: Task) -> ProgressReport | None:
    """Return the lead's completion report waiting for the issuer's side, or None.

    Only the lead's latest report can wait: a progress report sent after it ("60 %" after
    "done") withdraws it, and a report the issuer's side returned waits no more.
    """
    if task.closed_confirmed:
        return None
    latest = _lead_latest_report(task)
    if latest is None or not latest.is_completion or latest.returned_at is not None:
        return None
    return latest


def task_returned_completion(task: Task) -> ProgressReport | None:
    """Return the lead's latest report if it is a completion report the issuer's side returned."""
    if task.closed_confirmed:
        return None
    latest = _lead_latest_report(task)
    if latest is None or not latest.is_completion or latest.returned_at is None:
        return None
    return latest


def tasks_issuer_side(user: Any, tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Return those of `tasks` on whose issuer's side the user is: `task_is_issuer_side` as a query."""
    if scope.user_is_coordinator(user):
        return tasks
    return tasks.filter(issuer_unit__in=scope.units_editable(user))


def tasks_awaiting_decision(*, user: Any) -> QuerySet[Task]:
    """Return the open tasks waiting for this user's decision, nearest deadline first.

    A task waits for the user when the user speaks for its issuer (`task_is_issuer_side`) and
    an extension request is pending, or the lead's completion report waits for confirmation
    (`task_pending_completion`), and someone else made that request: nobody decides their own.
    Each task carries two booleans, `awaits_deadline_change` and `awaits_completion`; the lead
    and issuer units are read with it (no query per task). For the task list's box and filter,
    and for the home page ("chờ bạn quyết định").
    """
    own = getattr(user, "pk", None)
    changes = DeadlineChange.objects.filter(task=OuterRef("pk"), state=ChangeState.PENDING)
    if own is not None:
        changes = changes.exclude(requested_by=own)
    completion = Q(completion_pending=True) & (
        Q(latest_author__isnull=True) | ~Q(latest_author=own) if own is not None else Q()
    )
    tasks = completion_pending_annotated(
        tasks_issuer_side(user, tasks_visible(user).filter(closed_confirmed=False))
    ).annotate(awaits_deadline_change=Exists(changes))
    tasks = tasks.annotate(awaits_completion=Case(When(completion, then=True), default=False))
    return (
        tasks.filter(Q(awaits_deadline_change=True) | completion)
        .select_related("lead_unit", "issuer_unit")
        .order_by("deadline", "pk")
    )


def deadline_changes_pending(task: Task) -> QuerySet[DeadlineChange]:
    """Return the deadline changes of a task waiting for a decision."""
    return task.deadline_changes.filter(state=ChangeState.PENDING)


def conferences_list(*, user: Any) -> QuerySet[Conference]:
    """Return the conferences, latest first, with their organizer (every signed-in user reads them)."""
    if scope.user_role(user) is None:
        return Conference.objects.none()
    return Conference.objects.select_related("organizer").order_by("-date", "-id")


def conferences_annotated(conferences: QuerySet[Conference], *, user: Any) -> QuerySet[Conference]:
    """Return the conferences with their connection points, attendance and the tasks `user` may read.

    Every signed-in user reads the conferences, but the task count is that of `tasks_visible`:
    a number the user could not open would tell them about other units' work.
    """
    # The attendance is summed in a subquery: summed over the join with the tasks, each point
    # would count once per task.
    attendance = (
        ConnectionPoint.objects.filter(conference=OuterRef("pk"))
        .order_by()
        .values("conference")
        .annotate(total=Sum("attendance"))
        .values("total")
    )
    readable = (
        tasks_visible(user)
        .filter(conference=OuterRef("pk"))
        .order_by()
        .values("conference")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return conferences.annotate(
        points_count=Count("points", distinct=True),
        attendance_total=Coalesce(Subquery(attendance), 0),
        tasks_count=Coalesce(Subquery(readable), 0),
    )


@dataclass
class PointsView:
    """A conference's connection points, with the counts by mode and the total attendance."""

    points: list[ConnectionPoint]
    onsite: int
    online: int
    attendance: int


def conference_points(conference: Conference) -> PointsView:
    """Return the connection points of a conference and their counts."""
    points = list(conference.points.select_related("unit").order_by("mode", "name"))
    onsite = sum(1 for p in points if p.mode == PointMode.ONSITE)
    return PointsView(points, onsite, len(points) - onsite, sum(p.attendance for p in points))


def conference_get(*, user: Any, pk: int) -> Conference:
    """Return one conference, or raise Http404."""
    conference = conferences_list(user=user).filter(pk=pk).first()
    if conference is None:
        raise Http404(_("Không tìm thấy hội nghị."))
    return conference


def conference_documents(*, user: Any, conference: Conference) -> list[ConferenceDocument]:
    """Return the documents of a conference that the user may read."""
    documents = library_selectors.rows_of_readable_documents(user, conference.documents.all())
    return list(documents.select_related("document").order_by("role", "id"))


def conference_events(*, user: Any, conference: Conference) -> list[Event]:
    """Return the library's events (news grouped across outlets) that report the conference's documents."""
    documents = library_selectors.rows_of_readable_documents(user, conference.documents.all()).values(
        "document_id"
    )
    return list(Event.objects.filter(memberships__document__in=documents).distinct().order_by("-date", "-id"))


@dataclass(frozen=True)
class TaskReminder:
    """A reminder of one task for a daily digest: `days` before (negative) or after the deadline."""

    task: Task
    days: int
    status: TaskStatus

    @property
    def is_before(self) -> bool:
        """Return whether the deadline is still ahead."""
        return self.days < 0

    @property
    def message(self) -> str:
        """Return the reminder's line in Vietnamese."""
        if self.days < 0:
            return ngettext(
                "Còn %(days)d ngày đến hạn: %(task)s", "Còn %(days)d ngày đến hạn: %(task)s", -self.days
            ) % {"days": -self.days, "task": self.task.text[:120]}
        return ngettext(
            "Đã quá hạn %(days)d ngày: %(task)s", "Đã quá hạn %(days)d ngày: %(task)s", self.days
        ) % {
            "days": self.days,
            "task": self.task.text[:120],
        }


def task_reminders(*, user: Any, today: dt.date) -> list[TaskReminder]:
    """Return the reminders due `today` for the open tasks the user may read.

    A task is recalled 7 and 1 days before its deadline and 1, 15 and 30 days after it, until
    the issuer's side confirms its completion. Closest deadline first; empty when nothing is due,
    so a digest built on it is never sent empty.
    """
    wanted = [today + dt.timedelta(days=d) for d in REMINDER_DAYS_BEFORE]
    wanted += [today - dt.timedelta(days=d) for d in REMINDER_DAYS_AFTER]
    tasks = _task_related(tasks_visible(user)).filter(deadline__in=wanted, completed_on__isnull=True)
    reminders = []
    for task in tasks:
        assert task.deadline is not None
        reminders.append(TaskReminder(task, (today - task.deadline).days, task_status_of(task, today=today)))
    return sorted(reminders, key=lambda r: (r.days, r.task.pk))


# --- the home page's blocks --------------------------------------------------------------------


def tasks_led_open(*, user: Any, today: dt.date, limit: int = 8) -> list[TaskRow]:
    """Return the unfinished tasks led by the user's unit (or a unit below it), nearest deadline first.

    One query.
    """
    unit = getattr(user, "unit", None) if scope.user_role(user) else None
    if unit is None or not unit.path:
        return []
    tasks = (
        completion_pending_annotated(tasks_visible(user))
        .filter(lead_unit__path__startswith=unit.path, completed_on__isnull=True)
        .select_related("lead_unit")
        .order_by("deadline", "pk")[:limit]
    )
    return [TaskRow(t, task_status_of(t, today=today)) for t in tasks]


@dataclass(frozen=True)
class UnitOverdue:
    """How many tasks a lead unit has overdue, and the oldest deadline among them."""

    unit_id: int
    unit_name: str
    count: int
    oldest: dt.date


def tasks_overdue_by_unit(*, user: Any, today: dt.date) -> list[UnitOverdue]:
    """Return the overdue tasks counted by lead unit, most first (one query).

    Overdue as `task_status` says: not completed, and the deadline is before `today`.
    """
    rows = (
        tasks_visible(user)
        .filter(completed_on__isnull=True, deadline__lt=today, lead_unit__isnull=False)
        .values("lead_unit_id", "lead_unit__name")
        .annotate(count=Count("pk", distinct=True), oldest=Min("deadline"))
        .order_by("-count", "oldest", vietnamese("lead_unit__name"))
    )
    return [UnitOverdue(r["lead_unit_id"], r["lead_unit__name"], r["count"], r["oldest"]) for r in rows]
