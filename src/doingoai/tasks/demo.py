"""Demo conferences and tasks: the 30 December 2025 review conference with its connection points.

The conference is a real event (its date, organizer and the units that followed it are facts);
the attendance figures and the tasks' reports are invented for the demo and say so. Task dates
are set from `today`, so every status class shows whatever day the demo is loaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from doingoai.directory.models import Organization
from doingoai.library import selectors as library_selectors
from doingoai.library.models import Document
from doingoai.tasks import selectors, services
from doingoai.tasks.models import Conference, Task

CONFERENCE_TITLE = "Hội nghị tổng kết công tác đối ngoại nhân dân năm 2025, triển khai nhiệm vụ năm 2026"
CONFERENCE_DATE = dt.date(2025, 12, 30)
DEMO_NOTE = "Dữ liệu minh họa"

# Missions that followed the conference online but are not in the demo directory: their point
# belongs to the Ministry of Foreign Affairs.
EXTRA_MISSIONS = (
    "Singapore",
    "Thái Lan",
    "Trung Quốc",
    "Ấn Độ",
    "Ô-xtrây-li-a",
    "Vương quốc Anh",
    "I-ta-li-a",
    "Cu-ba",
    "Ca-na-đa",
    "In-đô-nê-xi-a",
    "Ma-lai-xi-a",
    "Mi-an-ma",
    "Phi-líp-pin",
    "Ba Lan",
    "Séc",
)


@dataclass(frozen=True)
class DemoTask:
    """A demo task: its text, lead (a key of the directory demo's units), dates relative to today."""

    text: str
    lead: str
    deadline_days: int
    done_days: int | None = None
    percent: int | None = None
    coordinating: tuple[str, ...] = ()


# One or more per status class: done on time, done late, in progress, overdue in several bands.
DEMO_TASKS = (
    DemoTask("Tổng hợp kết quả điểm cầu và danh sách đại biểu dự hội nghị", "BNG", -60, done_days=-65),
    DemoTask(
        "Xây dựng kế hoạch phối hợp thông tin đối ngoại nhân dân năm 2026",
        "VUFO",
        -100,
        done_days=-80,
        coordinating=("BNG",),
    ),
    DemoTask(
        "Đề xuất sáng kiến giao lưu nhân dân với các nước láng giềng",
        "MTTQ",
        120,
        percent=30,
        coordinating=("VUFO", "BĐNTW"),
    ),
    DemoTask("Báo cáo kết quả giao lưu hữu nghị vùng biên giới", "union-44", -12, percent=70),
    DemoTask(
        "Rà soát các thỏa thuận hợp tác nhân dân đã ký với địa phương nước ngoài", "01", -45, percent=50
    ),
    DemoTask("Tổ chức tập huấn nghiệp vụ đối ngoại nhân dân cho cán bộ trẻ", "TƯ Đoàn", -140, percent=20),
)


# The task the conference's conclusion assigns (review Directive 12, then propose the strategy to
# 2045) has no deadline in the news: the demo gives it one, and says so on the task.
CONCLUSION_DEADLINE_DAYS = 180


def _conclusion_confirm(
    actor: Any, conference: Conference, document: Document, units: dict[str, Organization], today: dt.date
) -> None:
    """Confirm a seed report's proposal that assigns the review of Directive 12, traced to its words."""
    analysed = library_selectors.document_analysis(Document.objects.get(pk=document.pk))
    for directive in analysed.directives:
        if "Chỉ thị số 12" not in directive.references:
            continue
        task = directive.task[:1].upper() + directive.task[1:]
        confirmed, created = services.proposal_confirm(
            actor=actor,
            document=document,
            span=directive.span,
            text=task,
            lead_unit=units["BNG"],
            deadline=directive.deadline or today + dt.timedelta(days=CONCLUSION_DEADLINE_DAYS),
            coordinating_note=", ".join(directive.coordinating),
            issuer="Thường trực Ban Bí thư",
            issuer_unit=units["BNG"],
            conference=conference,
            priority="high",
            strategy_goal="Chiến lược đối ngoại nhân dân đến năm 2045",
        )
        if created:
            services.progress_report_submit(
                actor=actor,
                task=confirmed,
                unit=units["BNG"],
                text=f"{DEMO_NOTE}: đã lập kế hoạch sơ kết; thời hạn của nhiệm vụ do dữ liệu mẫu đặt, "
                "bài báo không nêu.",
                percent=10,
                today=today,
                now=max(timezone.now(), confirmed.created_at),  # after the confirmation, never before
            )


def _points(units: dict[str, Organization]) -> list[services.PointData]:
    """Return the 100+ connection points: the main hall, central bodies, provinces, unions, missions."""
    ministry = units["BNG"]
    points = [services.PointData("Điểm cầu chính tại Bộ Ngoại giao (Hà Nội)", ministry, "onsite", 260)]
    others = Organization.objects.exclude(pk=ministry.pk).order_by("path")
    for index, unit in enumerate(others):
        attendance = 25 + (index * 7) % 40  # invented for the demo
        points.append(services.PointData(f"Điểm cầu {unit.name}", unit, "online", attendance))
    for index, country in enumerate(EXTRA_MISSIONS):
        name = f"Điểm cầu Đại sứ quán Việt Nam tại {country}"
        points.append(services.PointData(name, ministry, "online", 8 + index % 9))
    return points


def _unit(units: dict[str, Organization], key: str) -> Organization:
    if key in units:
        return units[key]
    return Organization.objects.get(abbreviation=key)


def _sample_directive_confirm(*, actor: Any, units: dict[str, Organization], today: dt.date) -> Task | None:
    """Confirm one directive of the 9 January 2026 sample article (the other stays a proposal)."""
    document = Document.objects.filter(
        file_name__endswith="2026-01-09-ha-noi-lien-hiep-trien-khai-nhiem-vu.txt"
    ).first()
    if document is None:
        return None
    proposals = selectors.document_proposals(user=actor, document=document)
    chosen = next((p for p in proposals if p.lead_unit == units["VUFO"] and p.deadline is None), None)
    if chosen is None:
        return None
    task, _created = services.proposal_confirm(
        actor=actor,
        document=document,
        span=chosen.span,
        text=chosen.text,
        lead_unit=chosen.lead_unit,
        deadline=today + dt.timedelta(days=180),
        issuer=chosen.directive.issuer or "",
        issuer_unit=units["BNG"],
        coordinating_units=[units["BNG"]],
    )
    return task


@transaction.atomic
def tasks_demo_load(*, actor: Any, units: dict[str, Organization], today: dt.date) -> Conference:
    """Create the demo conference, its connection points and tasks (skipping them if they exist)."""
    existing = Conference.objects.filter(title=CONFERENCE_TITLE, date=CONFERENCE_DATE).first()
    if existing is not None:
        return existing
    ministry = units["BNG"]
    conference = services.conference_create(
        actor=actor,
        title=CONFERENCE_TITLE,
        date=CONFERENCE_DATE,
        organizer=ministry,
        chair="Thường trực Ban Bí thư",
        venue="Hà Nội, kết nối trực tuyến",
    )
    services.connection_points_set(actor=actor, conference=conference, points=_points(units))
    # The seed articles, when ingested (`doingoai ingest ../shared/seeds`), are the conference's news.
    around = Q(published=CONFERENCE_DATE) | Q(published__isnull=True)
    for document in Document.objects.filter(around).only("pk", "text"):
        if "đối ngoại nhân dân năm 2025" in document.text[:600]:
            services.conference_document_link(
                actor=actor, conference=conference, document=document, role="news"
            )
            _conclusion_confirm(actor, conference, document, units, today)
    # The sample reports were written the day before the data is loaded: a time later today would
    # stay "the latest report" over what a user reports this morning.
    now = dt.datetime.combine(today - dt.timedelta(days=1), dt.time(9), tzinfo=dt.UTC)
    for spec in DEMO_TASKS:
        lead = _unit(units, spec.lead)
        task = services.task_create(
            actor=actor,
            text=spec.text,
            lead_unit=lead,
            deadline=today + dt.timedelta(days=spec.deadline_days),
            coordinating_units=[_unit(units, key) for key in spec.coordinating],
            issuer="Thường trực Ban Bí thư",
            issuer_unit=ministry,
            conference=conference,
        )
        # Confirmed before the sample reports were made, so that the task's history reads in order.
        Task.objects.filter(pk=task.pk).update(created_at=now - dt.timedelta(hours=1))
        if spec.percent is not None:
            services.progress_report_submit(
                actor=actor,
                task=task,
                unit=lead,
                text=f"{DEMO_NOTE}: đã triển khai {spec.percent}% khối lượng công việc.",
                percent=spec.percent,
                period="Kỳ báo cáo gần nhất",
                today=today,
                now=now,
            )
        if spec.done_days is not None:
            services.progress_report_submit(
                actor=actor,
                task=task,
                unit=lead,
                text=f"{DEMO_NOTE}: đã hoàn thành và gửi báo cáo.",
                percent=100,
                is_completion=True,
                done_on=today + dt.timedelta(days=spec.done_days),
                today=today,
                now=now,
            )
            services.task_completion_confirm(actor=actor, task=task, now=now)
    moved = Task.objects.get(conference=conference, lead_unit=units["MTTQ"])
    change = services.deadline_change_request(
        actor=actor,
        task=moved,
        new_deadline=today + dt.timedelta(days=150),
        reason=f"{DEMO_NOTE}: chờ ý kiến của các tổ chức thành viên.",
        decision_reference="Công văn đồng ý gia hạn (dữ liệu minh họa)",
        now=now,
    )
    services.deadline_change_decide(actor=actor, change=change, approve=True, now=now)
    overdue = Task.objects.get(conference=conference, lead_unit=units["01"])
    services.subtask_create(
        actor=actor,
        parent=overdue,
        lead_unit=units["union-01"],
        text="Lập danh mục thỏa thuận hợp tác do Liên hiệp thành phố quản lý",
        deadline=overdue.deadline,
    )
    _sample_directive_confirm(actor=actor, units=units, today=today)
    return conference
