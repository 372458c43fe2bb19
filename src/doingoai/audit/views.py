"""The audit log page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from doingoai.audit.models import AuditAction
from doingoai.audit.selectors import audit_entries_list


def audit_list(request: HttpRequest) -> HttpResponse:
    """List the changes, newest first, optionally of one action."""
    action = request.GET.get("action", "")
    if action not in AuditAction.values:
        action = ""
    entries = audit_entries_list(user=request.user, action=action)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request, "audit/audit_list.html", {"page": page, "action": action, "actions": AuditAction.choices}
    )
