"""Pages of the reports: parse the request, call one service, render or send the file."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from doingoai.library.errors import EventMovedError
from doingoai.reports import briefs, selectors, services, tasks
from doingoai.reports.errors import ReportError
from doingoai.reports.forms import AnnualReportForm
from doingoai.reports.models import ReportJobStatus

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The jobs listed under the form: the latest ones.
JOBS_SHOWN = 20


def _docx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def annual_page(request: HttpRequest) -> HttpResponse:
    """Show the report form and the user's reports; a posted form queues a report for a worker."""
    today = timezone.localdate()
    bound = request.method == "POST"
    initial = {"year": services.report_year_default(today)}
    form = AnnualReportForm(request.POST if bound else None, user=request.user, initial=initial)
    if bound and form.is_valid():
        job = services.report_job_create(
            user=request.user,
            year=form.cleaned_data["year"],
            unit=form.cleaned_data["unit"],
            issuer=services.report_issuer_default(request.user),
            today=today,
            site_url=request.build_absolute_uri("/"),
        )
        tasks.report_job_start(job=job)
        return redirect("reports:job_detail", pk=job.pk)
    jobs = selectors.report_jobs_list(user=request.user).filter(created_by=request.user)[:JOBS_SHOWN]
    return render(request, "reports/annual.html", {"form": form, "jobs": jobs}, status=400 if bound else 200)


def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a report's progress step by step (the page reloads itself), then its downloads."""
    job = selectors.report_job_get(user=request.user, pk=pk)
    context = {
        "job": job,
        "queued": job.status == ReportJobStatus.PENDING and bool(job.task_id),
        "running": job.status == ReportJobStatus.RUNNING and not services.report_job_can_retry(job),
        "done": job.status == ReportJobStatus.DONE,
        "failed": job.status == ReportJobStatus.FAILED,
        "can_retry": services.report_job_can_retry(job),
        "step_number": min(job.steps_done + 1, job.steps_total),
        "keep_days": settings.REPORT_JOBS_KEEP_DAYS,
        "notes": selectors.report_job_notes(job) if job.status == ReportJobStatus.DONE else [],
    }
    return render(request, "reports/job_detail.html", context)


@require_POST
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a failed or interrupted report again."""
    job = selectors.report_job_get(user=request.user, pk=pk)
    try:
        tasks.report_job_retry(actor=request.user, job=job)
    except (ReportError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    return redirect("reports:job_detail", pk=job.pk)


def _job_done(request: HttpRequest, pk: int) -> tuple[bytes, dict[str, object], str]:
    job = selectors.report_job_get(user=request.user, pk=pk, with_files=True)
    if job.status != ReportJobStatus.DONE or job.docx is None:
        raise ReportError
    return bytes(job.docx), job.sources or {}, job.filename


def job_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the report's Word file (once the job is done)."""
    try:
        data, _sources, filename = _job_done(request, pk)
    except ReportError:
        return redirect("reports:job_detail", pk=pk)
    return _docx(data, filename)


def job_sources(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the report's sources file (`FILE.docx.sources.json`: every figure and its records)."""
    try:
        _data, sources, filename = _job_done(request, pk)
    except ReportError:
        return redirect("reports:job_detail", pk=pk)
    text = services.ReportFile(docx=b"", sources=sources, filename=filename).sources_json
    response = HttpResponse(text.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.sources.json"'
    return response


def event_brief(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the Word brief of an event (its outlets side by side and their differences).

    The address of an event merged into another leads to that event's brief.
    """
    try:
        return _docx(briefs.event_brief_docx(user=request.user, pk=pk), f"tom-tat-su-kien-{pk}.docx")
    except EventMovedError as moved:
        return redirect("reports:event_brief", pk=moved.event_id, permanent=True)


def document_brief(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the Word brief of a document's facts."""
    return _docx(briefs.document_brief_docx(user=request.user, pk=pk), f"tom-tat-van-ban-{pk}.docx")
