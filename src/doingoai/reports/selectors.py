"""Reads of the reports app: the report jobs a user may follow and download."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from doingoai.accounts import scope
from doingoai.reports.models import ReportJob


def report_jobs_list(*, user: Any) -> QuerySet[ReportJob]:
    """Return the report jobs the user may follow: their own (every job, for a coordinator).

    A report is built under its requester's scope, so another user of the same unit, who may see
    less (unpublished records), does not get it. The files are left out of the rows.
    """
    jobs = ReportJob.objects.select_related("unit", "created_by").defer("docx", "sources")
    if scope.user_is_coordinator(user):
        return jobs
    if not getattr(user, "is_authenticated", False):
        return jobs.none()
    return jobs.filter(created_by=user)


def report_job_get(*, user: Any, pk: int, with_files: bool = False) -> ReportJob:
    """Return one report job the user may follow, or raise Http404.

    A unit's report stays out of reach of a user who no longer reads that unit, and a national one
    of a user who is no longer a coordinator.
    """
    jobs = report_jobs_list(user=user)
    if with_files:
        jobs = jobs.defer(None)
    job = jobs.filter(pk=pk).first()
    readable = job is not None and (
        scope.unit_can_read(user, job.unit) if job.unit is not None else scope.user_is_coordinator(user)
    )
    if job is None or not readable:
        raise Http404(_("Không tìm thấy yêu cầu lập báo cáo."))
    return job


@dataclass
class NoteSource:
    """One set of records behind a note: what they are, how many, and the page listing them."""

    label: str
    count: int
    url: str = ""  # the page's path and query, on this site
    url_exact: bool = True
    ids: list[int] = field(default_factory=list)
    # How many records and what they are ("3 giao dịch"): a count of projects rests on transactions.
    counted: str = ""


# The records a note may rest on, as the page counts them (the number is the lazy messages' `n`).
RECORD_KINDS = {
    "transaction": ngettext_lazy("%(n)d giao dịch", "%(n)d giao dịch", "n"),
    "document": ngettext_lazy("%(n)d văn bản", "%(n)d văn bản", "n"),
    "report": ngettext_lazy("%(n)d báo cáo", "%(n)d báo cáo", "n"),
    "task": ngettext_lazy("%(n)d nhiệm vụ", "%(n)d nhiệm vụ", "n"),
}
RECORDS_OTHER = ngettext_lazy("%(n)d bản ghi", "%(n)d bản ghi", "n")


@dataclass
class Note:
    """A note [n] of the report: the figures printed with it and the records behind them."""

    number: int
    figures: list[str] = field(default_factory=list)
    sources: list[NoteSource] = field(default_factory=list)


def report_job_notes(job: ReportJob) -> list[Note]:
    """Return the notes of a built report in order, each with its figures and records, from its sources file.

    The links keep only the path and query: the report was built with the address its requester
    used, and the page is read on this site.
    """
    sources = ReportJob.objects.filter(pk=job.pk).values_list("sources", flat=True).first() or {}
    notes: dict[int, Note] = {}
    for figure in sources.get("figures", []):
        number = figure.get("note")
        if not isinstance(number, int):
            continue
        note = notes.setdefault(number, Note(number=number))
        if figure.get("text") not in note.figures:
            note.figures.append(str(figure.get("text", "")))
        if note.sources:
            continue  # the figures of one note share their records
        for source in figure.get("sources", []):
            parts = urlsplit(str(source.get("url", "")))
            note.sources.append(
                NoteSource(
                    label=str(source.get("label", "")),
                    count=len(source.get("ids", [])),
                    url=f"{parts.path}?{parts.query}" if parts.query else parts.path,
                    url_exact=bool(source.get("url_exact", True)),
                    ids=[int(i) for i in source.get("ids", [])],
                    counted=str(
                        RECORD_KINDS.get(str(source.get("kind", "")), RECORDS_OTHER)
                        % {"n": len(source.get("ids", []))}
                    ),
                )
            )
    return [notes[n] for n in sorted(notes)]
