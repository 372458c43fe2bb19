"""Pages of the aid registry: parse the request, call one selector or service, render."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from doingoai import revisions
from doingoai.accounts import scope
from doingoai.aid import (
    charts,
    crosscheck,
    exports,
    iati_io,
    provincemap,
    records,
    revision,
    selectors,
    spreadsheets,
)
from doingoai.aid.currency import rate_max_age
from doingoai.aid.errors import AidImportError, QueryParamError
from doingoai.aid.forms import ImportForm, ProjectFilterForm
from doingoai.aid.models import ActivityStatus, Project, TransactionType
from doingoai.aid.sectors import sector_label
from doingoai.api.web import called_with_key, key_or_session
from doingoai.iati import IatiError
from doingoai.uploads import uploads_refused_messages

PAGE_SIZE = 50
PROBLEMS_SHOWN = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _query_checked(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer a query parameter out of range (a year, an id) with a 400 page naming it."""

    @functools.wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except QueryParamError as exc:
            return render(request, "aid/bad_query.html", {"problems": exc.messages}, status=400)

    return checked


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filters_shown(
    filters: selectors.TransactionFilters, home: str, user: Any, years: list[int] | None = None
) -> list[selectors.ActiveFilter]:
    """Return the filters in force; for a province's user, removing the province shows every province.

    On the dashboard (`years`: the years its records hold), removing the period shows every year:
    without one it falls back to the latest year, so the link would lead to the same page. Once
    every year is shown, removing the period goes back to the latest year.
    """
    shown = selectors.filters_described(filters, user=user)
    if home:
        everywhere = filters.as_query(province=selectors.ALL_PROVINCES)
        shown = [replace(f, remove_query=everywhere) if f.name == "province" else f for f in shown]
    period = (filters.year, filters.year) if filters.year else (filters.year_from, filters.year_to)
    if years and min(years) < max(years) and period != (min(years), max(years)):
        every_year = filters.as_query(year=None, quarter=None, year_from=min(years), year_to=max(years))
        shown = [replace(f, remove_query=every_year) if f.name in ("year", "year_from") else f for f in shown]
    return shown


def _body_cached(request: HttpRequest, name: str, context: Callable[[], dict[str, Any]]) -> SafeString:
    """Return the body `aid/_<name>_body.html`, kept under the records revision."""
    return revisions.page_body(
        request, counter=revision.RECORDS, template=f"aid/_{name}_body.html", context=context
    )


@_query_checked
def dashboard(request: HttpRequest) -> HttpResponse:
    """Show a period's totals every way, its trends and map, each linked to the transactions behind it.

    A province's user sees their province unless they ask for all of them (`province=all`).
    """
    filters = selectors.TransactionFilters.from_query(request.GET)
    if filters.quarter:
        # The dashboard's totals are a year's (its chart of quarters links to each quarter's list).
        raise QueryParamError(
            _("Bảng tổng hợp tính theo năm; để xem quý %(quarter)d, hãy mở danh sách giao dịch của quý đó.")
            % {"quarter": filters.quarter}
        )
    home = selectors.user_home_province(request.user)
    if home and not filters.province:
        filters = replace(filters, province=home)

    def context() -> dict[str, Any]:
        board = selectors.dashboard_build(user=request.user, filters=filters)
        period = board.total.label
        province = "" if board.filters.province in ("", selectors.ALL_PROVINCES) else board.filters.province
        chart = charts.province_chart(board.by_province, year=board.year, province=province)
        trend_year = charts.trend_chart(
            board.by_year, name="trend-year", summary=_("Cam kết và giải ngân theo năm (VND).")
        )
        trend_quarter = charts.trend_chart(
            board.by_quarter,
            name="trend-quarter",
            summary=_("Cam kết và giải ngân theo quý, %(period)s (VND).") % {"period": period},
            cumulative=True,
        )
        unmapped = board.filters.as_query(province=None)
        return {
            "board": board,
            "chart": chart,
            "province_filtered": province,
            "trend_year": trend_year,
            "trend_quarter": trend_quarter,
            "map": provincemap.province_map(board.by_province, dashboard_query=unmapped, period=period),
            "choices": selectors.dashboard_choices(user=request.user),
            "active": _filters_shown(board.filters, home, request.user, board.years),
            "home": home,
            "home_name": selectors.province_name(home),
            "everywhere_query": board.filters.as_query(province=selectors.ALL_PROVINCES),
            "home_query": board.filters.as_query(province=home),
            "rates_stale": records.conversions_stale_count(user=request.user),
        }

    return render(request, "aid/dashboard.html", {"body": _body_cached(request, "dashboard", context)})


@_query_checked
def crosscheck_page(request: HttpRequest) -> HttpResponse:
    """Set the amounts the news reports for registry partners and programmes beside the registry's."""
    report = crosscheck.crosscheck_rows(user=request.user, year=selectors.query_year(request.GET))
    add_url = reverse("aid:transaction_add") if scope.user_can_create(request.user) else None
    # The button is offered only where it can succeed: on a project the user may edit.
    named = {row.record.project_pk for row in report.missing if row.record is not None}
    editable = set(
        Project.objects.filter(pk__in=named, owner_unit__in=scope.units_editable(request.user)).values_list(
            "pk", flat=True
        )
    )
    context = {"report": report, "add_url": add_url, "editable": editable}
    return render(request, "aid/crosscheck.html", context)


def _projects_filtered(request: HttpRequest) -> tuple[ProjectFilterForm, Any]:
    form = ProjectFilterForm(request.GET or None)
    status = str(request.GET.get("status", "")).strip()
    if status and status not in ActivityStatus.values:
        raise QueryParamError(
            _("Tham số “status” = %(value)s không phải mã trạng thái IATI (1 đến 6).")
            % {"value": status[:30]}
        )
    data = form.cleaned_data if form.is_valid() else {}
    province = selectors.query_province(request.GET)
    projects = selectors.projects_list(
        user=request.user,
        query=data.get("q", ""),
        status=data.get("status", ""),
        programme=selectors.query_programme(request.GET),
        province="" if province == selectors.ALL_PROVINCES else province,
    )
    if data.get("editable"):
        projects = scope.records_editable(request.user, projects)
    return form, projects


@key_or_session
@_query_checked
def project_list(request: HttpRequest) -> HttpResponse:
    """List the projects the user may read; `?format=xlsx` exports the filtered list.

    `?format=mau-nhap` exports it as a filled-in import template, to edit and import back: only the
    projects the user may change, since the import refuses the whole file for a row of another unit's.
    """
    form, projects = _projects_filtered(request)
    if request.GET.get("format") == "xlsx":
        return _xlsx(exports.projects_xlsx(projects), "du-an-vien-tro.xlsx")
    if request.GET.get("format") == "mau-nhap":
        related = ("sectors", "locations", "participants", "transactions__provider")
        editable = scope.records_editable(request.user, projects)
        if not editable.exists():
            return _template_export_empty(request, projects)
        data = spreadsheets.projects_template_workbook(editable.prefetch_related(*related))
        return _xlsx(data, "du-an-vien-tro-de-nhap-lai.xlsx")
    context = {
        "form": form,
        "page": Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page")),
        "export_query": request.GET.urlencode(),
        "can_import": scope.user_can_create(request.user),
    }
    return render(request, "aid/project_list.html", context)


def _template_export_empty(request: HttpRequest, projects: QuerySet[Project]) -> HttpResponse:
    """Say why "Xuất theo mẫu nhập" holds no project, instead of sending a workbook with none.

    A browser goes back to the list it came from (same filters) with the reason on top; a script
    called with its key gets the reason as text.
    """
    if not scope.user_can_create(request.user):
        reason = _("tài khoản của bạn chỉ được xem dự án, không sửa được dự án nào.")
    elif projects.exists():
        reason = _("danh sách đang lọc chỉ có dự án của đơn vị khác, bạn không được sửa.")
    else:
        reason = _("danh sách đang lọc không có dự án nào.")
    said = _("Không có gì để xuất theo mẫu nhập: %(reason)s") % {"reason": reason}
    if called_with_key(request):
        return HttpResponse(said, status=422, content_type="text/plain; charset=utf-8")
    messages.warning(request, said)
    query = request.GET.copy()
    query.pop("format", None)
    return redirect(reverse("aid:project_list") + (f"?{query.urlencode()}" if query else ""))


@key_or_session
@_query_checked
def projects_iati(request: HttpRequest) -> HttpResponse:
    """Download the filtered project list as an IATI 2.03 file (validated before it is sent).

    `?editable=1` keeps only the projects the user may edit: the file a unit edits and imports back
    (the whole list holds other units' projects, which the import refuses).
    """
    _form, projects = _projects_filtered(request)
    if request.GET.get("editable") == "1":
        projects = scope.records_editable(request.user, projects)
    try:
        data = iati_io.projects_iati_xml(
            projects.prefetch_related("participants__partner", "transactions__provider")
        )
    except IatiError as exc:
        if called_with_key(request):
            # A script called with its key: the reason in words, not a page it cannot read.
            return HttpResponse("\n".join(exc.messages), status=422, content_type="text/plain; charset=utf-8")
        for message in exc.messages:
            messages.error(request, message)
        query = request.GET.urlencode()
        return redirect(reverse("aid:project_list") + (f"?{query}" if query else ""))
    response = HttpResponse(data, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="du-an-vien-tro-iati.xml"'
    return response


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a project with its sectors, locations, organizations and transactions."""
    project = selectors.project_get(user=request.user, pk=pk)
    filters = selectors.TransactionFilters(project=project.pk)
    transactions = list(selectors.transactions_list(user=request.user, filters=filters))
    context = {
        "project": project,
        "transactions": transactions,
        "query": filters.as_query(),
        "stale": selectors.conversions_flag_stale(transactions),
        "rate_max_age": rate_max_age(),
        "can_enter_rates": scope.user_is_coordinator(request.user),
        "can_edit": scope.unit_can_edit(request.user, project.owner_unit),
        "news": records.project_news(user=request.user, project=project),
        "map": provincemap.project_map(project.locations.all()),
    }
    return render(request, "aid/project_detail.html", context)


@key_or_session
@_query_checked
def transaction_list(request: HttpRequest) -> HttpResponse:
    """List the transactions behind a figure, with their total; `?format=xlsx` exports them."""
    filters = selectors.TransactionFilters.from_query(request.GET)
    rows = selectors.transactions_list(user=request.user, filters=filters)
    if request.GET.get("format") == "xlsx":
        return _xlsx(exports.transactions_xlsx(rows, sector=filters.sector), "giao-dich-vien-tro.xlsx")

    def context() -> dict[str, Any]:
        total, by_type = selectors.transactions_totals(rows, filters=filters)
        paginator = Paginator(rows, PAGE_SIZE)
        paginator.count = total.count  # known already: no second pass over the rows to count them
        page = paginator.get_page(request.GET.get("page"))
        for row in page:
            row.share = selectors.sector_share(row, filters.sector)
        selectors.conversions_flag_stale(page)  # the ⚠ beside each row of this page
        return {
            # Among all the filtered transactions the totals add up, not only this page's.
            "stale": selectors.transactions_stale_count(rows),
            "rate_max_age": rate_max_age(),
            # Only the coordinator enters rates; the others are told whom to ask.
            "can_enter_rates": scope.user_is_coordinator(request.user),
            "filters": filters,
            "page": page,
            "total": total,
            "by_type": by_type,
            "active": selectors.filters_described(filters, user=request.user),
            "sector_label": sector_label(filters.sector) if filters.sector else "",
            "export_query": filters.as_query(format="xlsx"),
            "types": TransactionType.choices,
        }

    body = _body_cached(request, "transaction_list", context)
    return render(request, "aid/transaction_list.html", {"body": body})


def import_template(request: HttpRequest) -> HttpResponse:
    """Download the import template."""
    return _xlsx(spreadsheets.template_workbook(), "mau-nhap-vien-tro.xlsx")


@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Import a filled-in template: all of it, or nothing and every problem listed."""
    scope.user_require_create(request.user)
    units = scope.units_editable(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, units=units)
    problems: list[str] = uploads_refused_messages(request)
    if request.method == "POST" and not problems and form.is_valid():
        upload: Any = form.cleaned_data["file"]
        is_xml = upload.name.lower().endswith(".xml")
        data = upload.read((iati_io.MAX_BYTES if is_xml else spreadsheets.MAX_BYTES) + 1)
        owner = form.cleaned_data["unit"] or getattr(request.user, "unit", None) or units.first()
        try:
            if is_xml:
                result = iati_io.aid_iati_import(
                    actor=request.user, data=data, source_name=upload.name, owner_unit=owner
                )
            else:
                result = spreadsheets.spreadsheet_import(actor=request.user, name=upload.name, data=data)
        except AidImportError as exc:
            problems = exc.problems
        else:
            messages.success(request, result.summary())
            changed = []
            if result.projects_updated:
                changed.append(
                    ngettext("dự án %(list)s", "dự án %(list)s", len(result.projects_updated))
                    % {"list": ", ".join(result.projects_updated)}
                )
            if result.transactions_updated:
                changed.append(
                    ngettext("giao dịch %(list)s", "giao dịch %(list)s", len(result.transactions_updated))
                    % {"list": ", ".join(result.transactions_updated)}
                )
            if changed:
                messages.warning(
                    request,
                    _("Tệp này đã thay đổi dữ liệu có sẵn: %(changed)s.") % {"changed": "; ".join(changed)},
                )
            return redirect("aid:project_list")
    status = 400 if problems else 200
    # A file of thousands of faulty activities lists the first problems, and how many more there are.
    context = {
        "form": form,
        "problems": problems[:PROBLEMS_SHOWN],
        "problems_more": max(len(problems) - PROBLEMS_SHOWN, 0),
    }
    return render(request, "aid/import.html", context, status=status)
