"""API tokens in the admin, for the users who manage users: create (the secret is shown once) and revoke."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from doingoai.accounts.admin import ManagersOnlyMixin
from doingoai.api import services
from doingoai.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(ManagersOnlyMixin, admin.ModelAdmin):
    """Tokens of every user; writes go through the services, which log them."""

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

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        token, secret = services.token_create(actor=request.user, user=obj.user, name=obj.name)
        obj.pk, obj.prefix, obj.key_hash = token.pk, token.prefix, token.key_hash
        messages.warning(
            request,
            _("Khóa mới của %(user)s (chỉ hiện một lần này): %(secret)s")
            % {"user": obj.user, "secret": secret},
        )

    @admin.action(description=gettext_lazy("Thu hồi các khóa đã chọn"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.select_related("user"):
            services.token_revoke(actor=request.user, token=token)
