"""The audit log in the admin: read-only, for administrators and coordinators."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from doingoai.accounts import scope
from doingoai.audit.models import AuditEntry
from doingoai.audit.selectors import audit_entries_visible


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Show the log; nobody adds, changes or deletes entries."""

    list_display = ("created_at", "actor_username", "action", "content_type", "object_repr", "via")
    list_filter = ("action", "content_type", "via")
    search_fields = ("object_repr", "actor_username", "object_id")
    date_hierarchy = "created_at"
    list_select_related = ("content_type",)

    def get_queryset(self, request: HttpRequest) -> Any:
        """Show only the entries the user may read, as on the log page."""
        return audit_entries_visible(request.user).select_related("content_type")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return scope.user_can_view_audit(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return scope.user_can_view_audit(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
