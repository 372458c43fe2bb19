"""Directory screens in the admin, for national coordinators; writes go through the services."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from doingoai.accounts import scope
from doingoai.admin_inlines import HelpShownTabularInline
from doingoai.analysis.text import entity_key
from doingoai.audit.admin_mixins import VERSION_FIELD, AuditedAdminMixin
from doingoai.directory import services
from doingoai.directory.models import Organization, PartnerOrganization, Person, Position


class CoordinatorsOnlyMixin:
    """Show the screen to coordinators, who read and change the whole directory."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return scope.user_is_coordinator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return scope.user_is_coordinator(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return scope.user_is_coordinator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return scope.user_is_coordinator(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return scope.user_is_coordinator(request.user)


@admin.register(Organization)
class OrganizationAdmin(CoordinatorsOnlyMixin, AuditedAdminMixin, admin.ModelAdmin):
    """Units of the system; a new unit gets its place in the tree from `organization_create`."""

    list_display = ("name", "abbreviation", "kind", "parent", "province_code")
    list_filter = ("kind",)
    list_select_related = ("parent",)
    search_fields = ("name", "name_key", "abbreviation")
    autocomplete_fields = ("parent",)
    fields = ("name", "abbreviation", "kind", "parent", "province_code", "country")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Administrators pick a user's unit in the user screen, through this admin's autocomplete.
        return scope.user_is_coordinator(request.user) or scope.user_can_manage_users(request.user)

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        """Name what still holds on to the unit (users, officials, units below it), not a missing permission.

        A unit with users, officials, partners or units below it cannot be deleted by anyone;
        Django would first say the coordinator may not delete users, and hide that list.
        """
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            perms_needed = set()
        return deleted, model_count, perms_needed, protected

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Moving a unit rewrites the paths below it: that is `organization_move`, not a form field.
        return ("parent",) if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Organization, form: Any, change: bool) -> None:
        """Save through the services, which keep the search key and the tree path and write the log."""
        if change:
            services.organization_update(
                actor=request.user,
                organization=Organization.objects.get(pk=obj.pk),
                name=obj.name,
                kind=obj.kind,
                abbreviation=obj.abbreviation,
                province_code=obj.province_code,
                country=obj.country,
                expected_version=form.cleaned_data.get(VERSION_FIELD),
            )
        else:
            created = services.organization_create(
                actor=request.user,
                name=obj.name,
                kind=obj.kind,
                parent=obj.parent,
                abbreviation=obj.abbreviation,
                province_code=obj.province_code,
                country=obj.country,
            )
            obj.pk = created.pk
            obj.path = created.path
            obj.name_key = created.name_key


# Answers to the same rule as the official's screen: without it, Django asks for model permissions
# that coordinators are not given, and hid the titles from the people who keep them.
class PositionInline(CoordinatorsOnlyMixin, HelpShownTabularInline):
    """The titles of an official."""

    model = Position
    extra = 1
    autocomplete_fields = ("organization",)


class KeyedRecordAdmin(CoordinatorsOnlyMixin, AuditedAdminMixin, admin.ModelAdmin):
    """A record with a folded search key, recomputed before every save."""

    def key_text(self, obj: Any) -> str:
        """Return the text the search key is folded from."""
        return str(obj.name)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Refresh the search key, then save and log."""
        obj.name_key = entity_key(self.key_text(obj))
        super().save_model(request, obj, form, change)


@admin.register(PartnerOrganization)
class PartnerOrganizationAdmin(KeyedRecordAdmin):
    """Foreign partners."""

    list_display = ("name", "kind", "country", "iati_identifier", "owner_unit", "is_published")
    list_filter = ("kind", "is_published", "country")
    list_select_related = ("owner_unit",)
    search_fields = ("name", "name_vi", "name_key", "abbreviation", "iati_identifier")
    autocomplete_fields = ("owner_unit",)
    formfield_overrides: ClassVar[dict[Any, dict[str, Any]]] = {models.URLField: {"assume_scheme": "https"}}

    def key_text(self, obj: Any) -> str:
        """Search both the original and the Vietnamese name."""
        return f"{obj.name} {obj.name_vi}".strip()


@admin.register(Person)
class PersonAdmin(KeyedRecordAdmin):
    """Officials and their titles over time."""

    def key_text(self, obj: Any) -> str:
        """Search the full name."""
        return str(obj.full_name)

    list_display = ("full_name", "owner_unit", "is_published")
    list_filter = ("is_published",)
    list_select_related = ("owner_unit",)
    search_fields = ("full_name", "name_key")
    autocomplete_fields = ("owner_unit",)
    inlines = (PositionInline,)
