"""The audit log page and its XLSX export."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from doingoai.audit import exports
from doingoai.audit.display import entries_shown
from doingoai.audit.forms import AuditFilterForm
from doingoai.audit.selectors import audit_entries_list, audit_filter_choices

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def audit_list(request: HttpRequest) -> HttpResponse:
    """List the changes as the forms show them, newest first, filtered; `?format=xlsx` exports them."""
    actors, kinds = audit_filter_choices(user=request.user)
    query = request.GET.copy()
    wants_xlsx = query.pop("format", [""])[-1] == "xlsx"
    query.pop("page", None)
    form = AuditFilterForm(query, user=request.user, actors=actors, kinds=kinds)
    if not form.is_valid():
        # A bad filter never widens the list to everything: the page names the parameter to fix.
        return render(request, "audit/audit_list.html", {"form": form, "page": None}, status=400)
    entries = audit_entries_list(user=request.user, filters=form.filters())
    if wants_xlsx:
        data = exports.audit_xlsx(entries_shown(entries[: exports.EXPORT_MAX_ROWS]))
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="nhat-ky-thay-doi.xlsx"'
        return response
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "shown": entries_shown(page.object_list),
        "query": query.urlencode(),
    }
    return render(request, "audit/audit_list.html", context)
