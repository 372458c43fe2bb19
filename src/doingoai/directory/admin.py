"""Directory screens in the admin, for national coordinators; writes go through the services.

A unit is saved by the services themselves. An official, a partner and a row of titles are saved
by the admin (which logs them and checks their version), from values the services' own checks
have cleaned: a name typed in decomposed Unicode or with doubled spaces is stored as the pages
would store it, and a value the pages refuse is refused on its field here too, not by an error page.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from doingoai.accounts import scope
from doingoai.admin_inlines import HelpShownTabularInline
from doingoai.analysis.text import entity_key
from doingoai.audit.admin_mixins import VERSION_FIELD, AuditedAdminMixin
from doingoai.directory import services
from doingoai.directory.models import Organization, PartnerOrganization, Person, Position


class ServiceCleanedForm(forms.ModelForm):
    """An admin form whose values are checked and cleaned by the directory services' own checks."""

    # The fields the check reads: when one failed its own validation, its error already says why.
    checked_fields: ClassVar[tuple[str, ...]] = ()

    def values_clean(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        """Return the values as the services store them; raise DirectoryError keyed by field."""
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if all(name in cleaned for name in self.checked_fields if name in self.fields):
            # A DirectoryError is keyed by the form's fields: the admin shows each on its field.
            values = self.values_clean(cleaned)
            cleaned.update({name: value for name, value in values.items() if name in self.fields})
        return cleaned


class OrganizationAdminForm(ServiceCleanedForm):
    """A unit's names and codes, checked as `organization_create` and `organization_update` check them."""

    checked_fields = ("name", "kind", "abbreviation", "province_code", "country", "parent")

    def values_clean(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        # On the change form the parent is not a field (`organization_move` changes it).
        parent = cleaned["parent"] if "parent" in self.fields else self.instance.parent
        return services.organization_values_clean(
            name=cleaned["name"],
            kind=cleaned["kind"],
            parent=parent,
            abbreviation=cleaned["abbreviation"],
            province_code=cleaned["province_code"],
            country=cleaned["country"],
            pk=self.instance.pk,
        )


class PartnerAdminForm(ServiceCleanedForm):
    """A partner, checked as `partner_create` and `partner_update` check it."""

    checked_fields = ("name", "kind", "country", "name_vi", "abbreviation", "iati_identifier")

    def values_clean(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        values = services.partner_values_clean(**{name: cleaned[name] for name in self.checked_fields})
        return {
            **values,
            "website": cleaned.get("website", ""),
            "notes": (cleaned.get("notes") or "").strip(),
        }


class PersonAdminForm(ServiceCleanedForm):
    """An official, checked as `person_create` and `person_update` check them."""

    checked_fields = ("full_name", "telephone", "email", "notes")

    def values_clean(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        return {
            "full_name": services.name_clean(cleaned["full_name"], field="full_name"),
            "telephone": services.telephone_clean(cleaned["telephone"]),
            "email": services.email_clean(cleaned["email"]),
            "notes": (cleaned["notes"] or "").strip(),
        }


class PositionAdminForm(ServiceCleanedForm):
    """A row of an official's titles, checked as `position_add` and `position_update` check it."""

    checked_fields = ("title", "start_date", "end_date")

    def values_clean(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        return services.position_values_clean(
            title=cleaned["title"], start_date=cleaned["start_date"], end_date=cleaned["end_date"]
        )


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
    form = OrganizationAdminForm

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
                via="admin",
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
                via="admin",
            )
            obj.pk = created.pk
            obj.path = created.path
            obj.name_key = created.name_key


# Answers to the same rule as the official's screen: without it, Django asks for model permissions
# that coordinators are not given, and hid the titles from the people who keep them.
class PositionInline(CoordinatorsOnlyMixin, HelpShownTabularInline):
    """The titles of an official."""

    model = Position
    form = PositionAdminForm
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
    form = PartnerAdminForm
    formfield_overrides: ClassVar[dict[Any, dict[str, Any]]] = {models.URLField: {"assume_scheme": "https"}}

    def key_text(self, obj: Any) -> str:
        """Search both the original and the Vietnamese name."""
        return f"{obj.name} {obj.name_vi}".strip()

    def delete_model(self, request: HttpRequest, obj: PartnerOrganization) -> None:
        """Delete through the service, which logs each of the partner's contacts deleted with it."""
        services.partner_delete(actor=request.user, partner=obj, via="admin")


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
    form = PersonAdminForm
    inlines = (PositionInline,)

    def delete_model(self, request: HttpRequest, obj: Person) -> None:
        """Delete through the service, which logs each of the official's titles deleted with them."""
        services.person_delete(actor=request.user, person=obj, via="admin")
