"""Make the annual report: one function from (user, year, unit, date) to the Word file and its sources.

`annual_report_build` is the whole generation, so the command (in its own process) and the
background task behind the page (`report_job_run`, queued by `doingoai.reports.tasks`) both call
it. It reads only; it writes no record. The report jobs' services (create, run, record progress,
fail, retry) follow it.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from doingoai.accounts import scope
from doingoai.analysis.admin_units import province_by_code
from doingoai.directory.models import Organization, OrganizationKind
from doingoai.directory.selectors import organization_by_reference, organization_head
from doingoai.reports.content import (
    SOURCES_APPENDIX,
    AppendixRef,
    Contribution,
    Paragraph,
    ReportContext,
    Run,
    Table,
)
from doingoai.reports.errors import ReportError
from doingoai.reports.models import ReportJob, ReportJobStatus
from doingoai.reports.numbers import date_line, roman_numeral
from doingoai.reports.registry import PARTS, SLOTS, SectionProvider, providers_load
from doingoai.reports.word import Heading, Letterhead, document_fill

# The national report's issuer when none is chosen: a unit's id or abbreviation in the settings
# (DOINGOAI_REPORT_ISSUER), else this description of the coordinating body.
NATIONAL_ISSUER = "Cơ quan điều phối công tác đối ngoại nhân dân"
NATIONAL_SYMBOL = "ĐNND"
CAPITAL = "Hà Nội"

# Called before each step of a build: the step's label, the steps done, the steps in all.
Progress = Callable[[str, int, int], None]
# The last step of every build, after the providers' data: writing the Word file.
WORD_STEP = "soạn tệp Word theo mẫu"


@dataclass
class ReportFile:
    """A generated report: the .docx bytes, the sources file's content, and a file name."""

    docx: bytes
    sources: dict[str, Any]
    filename: str

    @property
    def sources_json(self) -> str:
        """Return the sources file's text."""
        return json.dumps(self.sources, ensure_ascii=False, indent=2) + "\n"


def report_year_default(today: dt.date) -> int:
    """Return the year an annual report is most likely wanted for on `today`.

    In December the year being closed: the year-end review meets then and its report covers the
    year now ending. From January to November the year last closed.
    """
    return today.year if today.month == 12 else today.year - 1


def report_issuer_default(user: Any) -> Organization | None:
    """Return the unit that issues the national report: the settings' choice, else the user's unit."""
    reference = str(getattr(settings, "DOINGOAI_REPORT_ISSUER", "") or "")
    if reference:
        return organization_by_reference(reference)
    return getattr(user, "unit", None)


# Words of a unit's name that start its place ("tỉnh Quảng Trị", "tại Nhật Bản") or join others:
# neither gives a letter to the abbreviation made from the name.
_PLACE_WORDS = frozenset({"tỉnh", "thành", "huyện", "quận", "thị", "xã", "phường", "đặc", "tại"})
_LINKING_WORDS = frozenset({"các", "và", "của", "về", "với"})


def _symbol(unit: Organization | None) -> str:
    """Return the issuer's part of the number and symbol ("UBND" in "Số: 12/BC-UBND").

    Nghị định 30/2020, Phụ lục I, Mục II, khoản 3b: the abbreviation of the issuing body, in
    capitals. A province's people's committee is "UBND" (its province stands in the issuer's name
    above). Another unit: the words in capitals of its abbreviation in the directory ("VUFO";
    "UBND Quảng Trị" gives "UBND": the place is no part of it), else the initials of its name up
    to its place. Letters lose their marks ("Ủ", "Ư" become U) but Đ stays Đ, as the decree writes
    "QĐ" and "NĐ-CP"; no spaces.
    """
    if unit is None:
        return NATIONAL_SYMBOL
    if unit.kind == OrganizationKind.PROVINCE:
        return "UBND"
    letters = "".join(word for word in unit.abbreviation.split() if word.isupper() and word.isalpha())
    if not letters:
        for word in unit.name.split():
            if word.lower() in _PLACE_WORDS:
                break
            if word[0].isalpha() and word.lower() not in _LINKING_WORDS:
                letters += word[0]
    bare = unicodedata.normalize("NFD", letters.upper())
    return unicodedata.normalize("NFC", "".join(c for c in bare if not unicodedata.combining(c)))


def _place(unit: Organization | None) -> str:
    province = province_by_code(unit.province_code) if unit is not None and unit.province_code else None
    return province.name if province is not None else CAPITAL


# Where the directory names no head, the block says what to write in, in brackets that the writer
# types over in Word (a line of dots alone left the title as "THỦ TRƯỞNG CƠ QUAN", no one's title).
SIGNER_TITLE_BLANK = "[Chức vụ của người ký]"
SIGNER_NAME_BLANK = "[Họ và tên người ký]"


def _signature(context: ReportContext, issuer: Organization | None) -> tuple[str, str, str]:
    """Return who signs (Mục II, khoản 7): the authority line, the signer's title, and the name line.

    A people's committee decides as a body: its report is signed "TM. ỦY BAN NHÂN DÂN" by its
    chairman. The title and name are those of the unit's head in the directory on the report's
    date; without one, the chairman's title for a province, and for the rest a title to fill in
    ("GIÁM ĐỐC", "CHỦ TỊCH", ... is the head's own), with the name to fill in under it.
    """
    province = issuer is not None and issuer.kind == OrganizationKind.PROVINCE
    authority = "TM. Ủy ban nhân dân" if province else ""
    head = (
        organization_head(user=context.user, organization=issuer, day=context.today)
        if issuer is not None
        else None
    )
    if head is not None:
        return authority, head.title, head.full_name
    return authority, "Chủ tịch" if province else SIGNER_TITLE_BLANK, SIGNER_NAME_BLANK


def _letterhead(context: ReportContext, issuer: Organization | None) -> Letterhead:
    year = context.year
    if context.unit is not None:
        recipients = ["- Cơ quan điều phối công tác đối ngoại nhân dân (để tổng hợp);", "- Lưu: VT."]
    else:
        recipients = ["- Các cơ quan, đơn vị trong hệ thống (để biết);", "- Lưu: VT."]
    authority, position, signer = _signature(context, issuer)
    return Letterhead(
        parent=issuer.parent.name if issuer is not None and issuer.parent is not None else "",
        issuer=issuer.name if issuer is not None else NATIONAL_ISSUER,
        # Mục II, khoản 3: the number is given when the report is registered; the symbol is ours.
        number=f"{' ' * 6}/BC-{_symbol(issuer)}",
        place_date=date_line(_place(issuer), context.today),
        kind="Báo cáo",
        summary=f"Tổng kết công tác đối ngoại nhân dân năm {year},\nphương hướng, nhiệm vụ năm {year + 1}",
        recipients=recipients,
        # Mục II, khoản 7: the authority and the signer's title in capitals, the space for the
        # signature, then the signer's name.
        authority=authority,
        position=position,
        signer=signer,
    )


def _body(
    context: ReportContext, found: list[tuple[SectionProvider, list[Contribution]]], issuer_name: str
) -> tuple[list[Heading | Paragraph | Table], list[Table]]:
    used = [p for p, contributions in found if contributions]
    # Every provider with data states figures, so the notes' appendix the opening names is written.
    opening: list[Run] = (
        [
            f"Số liệu trong báo cáo được tổng hợp từ {'; '.join(p.data_label for p in used)}, tính đến "
            f"ngày {context.today:%d/%m/%Y}. Mỗi số liệu có chú thích [n] dẫn tới các bản ghi gốc, "
            "liệt kê tại ",
            AppendixRef(SOURCES_APPENDIX),
            " (Nguồn số liệu).",
        ]
        if used
        else [
            f"Đến ngày {context.today:%d/%m/%Y}, hệ thống chưa có dữ liệu nào của năm {context.year} "
            "để tổng hợp."
        ]
    )
    body: list[Heading | Paragraph | Table] = [
        Paragraph(
            [
                f"{issuer_name} báo cáo tổng kết công tác đối ngoại nhân dân năm {context.year}"
                + ("" if context.unit is not None else f" của {context.subject}")
                + f", phương hướng, nhiệm vụ năm {context.year + 1} như sau."
            ]
        ),
        Paragraph(opening),
    ]
    by_slot: dict[str, list[Contribution]] = {}
    for _provider, contributions in found:
        for contribution in contributions:
            by_slot.setdefault(contribution.slot, []).append(contribution)
    number = 0
    for part, title in PARTS:
        slots = [s for s in SLOTS if s.part == part and by_slot.get(s.key)]
        if not slots:
            continue
        body.append(Heading(f"{roman_numeral(number + 1)}. {title.format(next_year=context.year + 1)}"))
        number += 1
        for index, slot in enumerate(slots, start=1):
            if slot.heading:
                body.append(Heading(f"{index}. {slot.heading}", level=2))
            for contribution in by_slot[slot.key]:
                if contribution.heading:
                    body.append(Heading(contribution.heading, level=2))
                body += contribution.blocks
    appendix = [b for c in by_slot.get("appendix", []) for b in c.blocks if isinstance(b, Table)]
    return body, appendix


def annual_report_require(user: Any, unit: Organization | None) -> None:
    """Raise PermissionDenied unless the user may make the report of `unit` (None: national)."""
    if unit is None and not scope.user_is_coordinator(user):
        raise PermissionDenied("Chỉ cơ quan điều phối quốc gia lập được báo cáo toàn quốc.")
    if unit is not None and not scope.unit_can_read(user, unit):
        raise PermissionDenied("Bạn không có quyền lập báo cáo của đơn vị này.")


def annual_report_build(
    *,
    user: Any,
    year: int,
    today: Any,
    unit: Organization | None = None,
    issuer: Organization | None = None,
    site_url: str = "",
    providers: list[SectionProvider] | None = None,
    progress: Progress | None = None,
) -> ReportFile:
    """Return the annual report of `year`: national (coordinators), or of `unit` (users who may read it).

    A unit's report holds only the unit's data (its projects, its library, and those of the units
    below it). `today` is the report's date. Raise PermissionDenied for a report out of the
    user's scope. `progress`, if given, is told of each step (one per provider, then the Word file).
    """
    annual_report_require(user, unit)
    issuer = unit if unit is not None else issuer
    context = ReportContext(user=user, year=year, unit=unit, today=today, site_url=site_url)
    providers = providers or providers_load()
    total = len(providers) + 1
    with translation.override("vi"):
        found = []
        for done, provider in enumerate(providers):
            if progress is not None:
                progress(provider.data_label, done, total)
            found.append((provider, provider.contributions(context)))
        if progress is not None:
            progress(WORD_STEP, len(providers), total)
        letterhead = _letterhead(context, issuer)
        body, appendix = _body(context, found, letterhead.issuer)
        data, notes = document_fill(letterhead=letterhead, body=body, appendix=appendix)
    sources = {
        "year": year,
        "unit": {"id": unit.pk, "name": unit.name} if unit is not None else None,
        "date": today.isoformat(),
        "providers": [p.name for p, contributions in found if contributions],
        "figures": [figure.as_json(note) for figure, note in notes.figures.values()],
    }
    slug = f"-don-vi-{unit.pk}" if unit is not None else ""
    return ReportFile(docx=data, sources=sources, filename=f"bao-cao-tong-ket-{year}{slug}.docx")


def annual_report_write(*, output: Path, **arguments: Any) -> ReportFile:
    """Build the report and write it to `output`, with its sources beside it (`output`.sources.json)."""
    report = annual_report_build(**arguments)
    output.write_bytes(report.docx)
    Path(f"{output}.sources.json").write_text(report.sources_json, encoding="utf-8")
    return report


# ---------------------------------------------------------------- report jobs (the page's path)

# A running job whose heartbeat is older than this was interrupted (its worker stopped): it may
# be claimed again. A build writes a heartbeat at each step, each of which takes seconds.
JOB_STALE_AFTER = dt.timedelta(minutes=10)


def report_job_create(
    *,
    user: Any,
    year: int,
    today: dt.date,
    unit: Organization | None = None,
    issuer: Organization | None = None,
    site_url: str = "",
) -> ReportJob:
    """Record a request for the annual report; raise PermissionDenied if it is out of the user's scope."""
    annual_report_require(user, unit)
    return ReportJob.objects.create(
        created_by=user,
        year=year,
        unit=unit,
        issuer=unit if unit is not None else issuer,
        report_date=today,
        site_url=site_url[:500],
    )


def _job_claim(job: ReportJob, now: dt.datetime) -> bool:
    waiting = Q(status=ReportJobStatus.PENDING)
    stale = Q(status=ReportJobStatus.RUNNING, heartbeat_at__lt=now - JOB_STALE_AFTER)
    claimed = (
        ReportJob.objects.filter(pk=job.pk)
        .filter(waiting | stale)
        .update(status=ReportJobStatus.RUNNING, heartbeat_at=now, steps_done=0, error="")
    )
    return claimed == 1


def report_job_run(*, job: ReportJob) -> ReportJob:
    """Build the job's report, recording each step, and keep the files; return the job.

    The report is built under the scope of the user who asked for it. A job that another process
    holds (or that is done) is left alone, so a task run twice builds the report once.
    """
    if not _job_claim(job, timezone.now()):
        job.refresh_from_db()
        return job
    jobs = ReportJob.objects.filter(pk=job.pk)

    def progress(step: str, done: int, total: int) -> None:
        jobs.update(step=step[:200], steps_done=done, steps_total=total, heartbeat_at=timezone.now())

    report = annual_report_build(
        user=job.created_by,
        year=job.year,
        unit=job.unit,
        issuer=job.issuer,
        today=job.report_date,
        site_url=job.site_url,
        progress=progress,
    )
    with transaction.atomic():
        job.refresh_from_db(fields=["steps_total"])
        job.status, job.finished_at, job.error, job.step = ReportJobStatus.DONE, timezone.now(), "", ""
        job.steps_done = job.steps_total
        job.docx, job.sources, job.filename = report.docx, report.sources, report.filename
        job.save(
            update_fields=[
                "status",
                "finished_at",
                "error",
                "step",
                "steps_done",
                "docx",
                "sources",
                "filename",
            ]
        )
    return job


def report_job_queued(*, job: ReportJob, task_id: str = "") -> None:
    """Record that a background task will run the job (before enqueueing), then the task's id."""
    jobs = ReportJob.objects.filter(pk=job.pk)
    if task_id:
        jobs.update(task_id=str(task_id)[:64])
    else:
        jobs.exclude(status=ReportJobStatus.DONE).update(
            status=ReportJobStatus.PENDING, error="", task_id="", step="", steps_done=0
        )
    job.refresh_from_db(fields=["status", "task_id", "error", "step", "steps_done"])


def report_job_fail(*, job: ReportJob, error: str) -> None:
    """Mark the job failed with the reason its task gave up; its page shows it, with a retry button."""
    ReportJob.objects.filter(pk=job.pk).exclude(status=ReportJobStatus.DONE).update(
        status=ReportJobStatus.FAILED, error=error, finished_at=timezone.now()
    )
    job.refresh_from_db(fields=["status", "error", "finished_at"])


def report_jobs_purge(*, now: dt.datetime, keep_days: int) -> int:
    """Delete the finished report jobs older than `keep_days`, with their files; return how many.

    A job built or failed keeps its Word file and sources in the database; without this they pile up.
    A job is aged from when it finished (from its request if that was never recorded); a pending
    or running one is never touched.
    """
    if keep_days < 1:
        raise ReportError("Số ngày giữ báo cáo phải từ 1 trở lên.")
    cutoff = now - dt.timedelta(days=keep_days)
    finished = ReportJob.objects.filter(status__in=(ReportJobStatus.DONE, ReportJobStatus.FAILED))
    old = finished.filter(Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff))
    deleted, _per_model = old.delete()
    return deleted


def report_job_can_retry(job: ReportJob, *, now: dt.datetime | None = None) -> bool:
    """Return whether the job may be queued again: failed, never queued, or its worker stopped."""
    now = now or timezone.now()
    if job.status == ReportJobStatus.FAILED:
        return True
    if job.status == ReportJobStatus.PENDING:
        return not job.task_id
    if job.status == ReportJobStatus.RUNNING:
        return job.heartbeat_at is None or job.heartbeat_at < now - JOB_STALE_AFTER
    return False


def report_job_require_retry(user: Any, job: ReportJob) -> None:
    """Raise PermissionDenied unless the user may retry the job, ReportError if it needs no retry."""
    if job.created_by_id != user.pk and not scope.user_is_coordinator(user):
        raise PermissionDenied("Chỉ người yêu cầu lập báo cáo này được thử lại.")
    if not report_job_can_retry(job):
        raise ReportError("Báo cáo này đã lập xong hoặc đang được lập.")
