"""Pages of the reports: parse the request, call one service, send the Word file."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from doingoai.reports import briefs, services
from doingoai.reports.forms import AnnualReportForm

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def annual_page(request: HttpRequest) -> HttpResponse:
    """Show the report form; with a year chosen (`?year=`), send the annual report as .docx."""
    today = timezone.localdate()
    bound = "year" in request.GET
    form = AnnualReportForm(
        request.GET if bound else None, user=request.user, initial={"year": today.year - 1}
    )
    if bound and form.is_valid():
        report = services.annual_report_build(
            user=request.user,
            year=form.cleaned_data["year"],
            unit=form.cleaned_data["unit"],
            issuer=services.report_issuer_default(request.user),
            today=today,
            site_url=request.build_absolute_uri("/"),
        )
        return _docx(report.docx, report.filename)
    return render(request, "reports/annual.html", {"form": form}, status=400 if bound else 200)


def event_brief(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the Word brief of an event (its outlets side by side and their differences)."""
    return _docx(briefs.event_brief_docx(user=request.user, pk=pk), f"tom-tat-su-kien-{pk}.docx")


def document_brief(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the Word brief of a document's facts."""
    return _docx(briefs.document_brief_docx(user=request.user, pk=pk), f"tom-tat-van-ban-{pk}.docx")
