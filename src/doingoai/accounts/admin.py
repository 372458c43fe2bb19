"""Manage users in the admin (administrators only); every change is written to the audit log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from doingoai.accounts import scope
from doingoai.accounts.forms import AdminLoginForm
from doingoai.accounts.models import LoginFailure, User
from doingoai.accounts.services import COORDINATOR_ACCOUNTS_REFUSED, user_role_apply, user_role_check
from doingoai.audit.admin_mixins import AuditedAdminMixin
from doingoai.audit.models import AuditAction
from doingoai.audit.services import audit_record, audit_snapshot

admin.site.login_form = AdminLoginForm
admin.site.site_header = _("Quản trị doingoai")
admin.site.site_title = _("Quản trị doingoai")
admin.site.index_title = _("Quản trị hệ thống")


def _own_password_change_audited(view: Any) -> Any:
    """Wrap the admin's "change my password" view so a change is logged: who, when, never the password."""

    def audited(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        user = request.user
        before = audit_snapshot(user) if isinstance(user, User) else None
        response = view(request, extra_context)
        if request.method == "POST" and response.status_code == 302 and isinstance(user, User):
            user.refresh_from_db()
            audit_record(actor=user, action=AuditAction.UPDATE, instance=user, before=before, via="admin")
        return response

    return audited


# Set before the admin's URLs are made (the admin imports this module while it discovers them).
admin.site.password_change = _own_password_change_audited(admin.site.password_change)


class ManagersOnlyMixin:
    """Show the screen to the users who manage users (`scope.user_can_manage_users`)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return scope.user_can_manage_users(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return scope.user_can_manage_users(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return scope.user_can_manage_users(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return scope.user_can_manage_users(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return scope.user_can_manage_users(request.user)


class _RoleCheckedForm(forms.ModelForm):
    """Refuse a role, unit and data role that do not fit together, as the services refuse them."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        # A field the form does not show (one's own role is read-only) keeps the stored value.
        values = {
            name: cleaned[name] if name in self.fields else getattr(self.instance, name)
            for name in ("role", "unit", "data_role")
        }
        try:
            user_role_check(role=values["role"], unit=values["unit"], data_role=values["data_role"] or "")
        except ValidationError as exc:
            for field, errors in exc.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        actor = getattr(self, "actor", None)
        if actor is not None and not scope.user_can_manage_account(actor, role=values["role"]):
            self.add_error("role" if "role" in self.fields else None, COORDINATOR_ACCOUNTS_REFUSED)
        return cleaned


class UserCreationForm(_RoleCheckedForm, AdminUserCreationForm):
    """The admin's new-user form, with the role checks."""


class UserEditForm(_RoleCheckedForm, UserChangeForm):
    """The admin's user form, with the role checks."""


@admin.register(User)
class UserAdmin(ManagersOnlyMixin, AuditedAdminMixin, BaseUserAdmin):
    """Users with their unit and role; admin access follows the role."""

    form = UserEditForm
    add_form = UserCreationForm
    list_display = ("username", "first_name", "last_name", "role", "unit", "is_active", "last_login")
    list_filter = ("role", "is_active", "unit__kind")
    list_select_related = ("unit",)
    search_fields = ("username", "first_name", "last_name", "email", "unit__name")
    autocomplete_fields = ("unit",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("first_name", "last_name", "email")}),
        (
            _("Đơn vị và vai trò"),
            {"fields": ("unit", "role", "data_role", "data_role_granted_by", "is_active")},
        ),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2", "unit", "role")}),
    )
    readonly_fields = ("last_login", "date_joined", "data_role_granted_by")

    @staticmethod
    def _beyond_reach(request: HttpRequest, obj: Any) -> bool:
        """Return whether `obj` is an account beyond the user's reach (see `user_can_manage_account`)."""
        return obj is not None and not scope.user_can_manage_account(request.user, role=obj.role, target=obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A coordinator's or a superuser's account (its password included) is a superuser's to change.
        return not self._beyond_reach(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._beyond_reach(request, obj) and super().has_delete_permission(request, obj)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if self._beyond_reach(request, obj):
            # Read only: no "Đặt lại mật khẩu" button leading to a refusal.
            return [
                (name, {**options, "fields": tuple(f for f in options["fields"] if f != "password")})
                for name, options in fieldsets
            ]
        return fieldsets

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Nobody changes their own role or data role: another administrator must (see
        # `services.user_update` and `services.user_data_role_grant`).
        fields = tuple(self.readonly_fields)
        if obj is not None and obj.pk == getattr(request.user, "pk", None):
            fields += ("role", "data_role", "is_active")
        return fields

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """Set another user's password, and log who did it and when (never the password)."""
        user = self.get_object(request, unquote(id))
        before = audit_snapshot(user) if user is not None else None
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302 and user is not None:
            user.refresh_from_db()
            audit_record(
                actor=request.user, action=AuditAction.UPDATE, instance=user, before=before, via="admin"
            )
        return response

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        """Derive admin access from the role, note who granted a data role, then save and log."""
        if "data_role" in form.changed_data:
            if obj.pk == request.user.pk:
                raise PermissionDenied(_("Quyền dữ liệu phải do một quản trị viên khác cấp."))
            obj.data_role_granted_by = request.user if obj.data_role else None
        user_role_apply(user=obj)
        super().save_model(request, obj, form, change)


@admin.register(LoginFailure)
class LoginFailureAdmin(ManagersOnlyMixin, admin.ModelAdmin):
    """Failed sign-ins; deleting a row lifts the lock."""

    list_display = ("username_key", "address", "failures", "first_failure_at", "locked_until")
    search_fields = ("username_key", "address")
    readonly_fields = ("username_key", "address", "failures", "first_failure_at", "locked_until")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
