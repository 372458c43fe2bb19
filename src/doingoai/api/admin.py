"""API tokens in the admin, for the users who manage users: list and revoke.

A key is made by its owner only (`services.token_create`, on the account's "Khóa API" page): a
manager who could make one for someone else could act with that person's reach.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from doingoai.accounts.admin import ManagersOnlyMixin
from doingoai.api import services
from doingoai.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(ManagersOnlyMixin, admin.ModelAdmin):
    """Tokens of every user, to find and revoke; the revocation goes through the services, which log it."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    list_select_related = ("user",)
    search_fields = ("name", "user__username", "prefix")
    fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    actions = ("revoke",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A token is created or revoked, never edited.
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=gettext_lazy("Thu hồi các khóa đã chọn"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.select_related("user"):
            services.token_revoke(actor=request.user, token=token)
