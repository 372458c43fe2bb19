"""Make admin screens write the audit log through the same `audit_record` as the services.

They also hold the same optimistic concurrency as the pages (`doingoai.audit.concurrency`): the
change form of a record with a `version` carries the version it was opened on, in a hidden field;
a save based on an older one is refused with the other person's changes, and the form keeps what
the user typed, now based on the newer version.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from doingoai.audit.concurrency import (
    StaleEditError,
    stale_messages,
    stored_version,
    version_claim,
    versioned_children,
)
from doingoai.audit.models import AuditAction
from doingoai.audit.services import audit_record, audit_snapshot

# The hidden field of a change form that holds the version the form was opened on. (`version`
# itself is not editable, so a model form may not name it.)
VERSION_FIELD = "based_on_version"


def _versioned(model: type[models.Model]) -> bool:
    return any(f.name == "version" for f in model._meta.concrete_fields)


class _VersionCheckedForm(forms.ModelForm):
    """Refuse, in validation, a change based on a version older than the stored one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[VERSION_FIELD].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk is None:
            return cleaned
        based_on = cleaned.get(VERSION_FIELD)
        current = stored_version(self.instance)
        if based_on != current:
            # Keep the user's input, now based on the version they have just been shown.
            form: Any = self
            form.data = form.data.copy()
            form.data[self.add_prefix(VERSION_FIELD)] = str(current)
            raise ValidationError(
                stale_messages(self.instance, expected=based_on, current=current, input_kept=True)
            )
        return cleaned


def _version_checked(form: Any) -> Any:
    field = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    attrs = {VERSION_FIELD: field, "__module__": __name__}
    return type(form)(f"VersionChecked{form.__name__}", (_VersionCheckedForm, form), attrs)


class AuditedAdminMixin:
    """Log every save and delete made in a `ModelAdmin`, with the values before and after.

    A record with a `version` is changed only from a form based on its stored version.
    """

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        """Give the change form of a versioned record its hidden version field and check."""
        if obj is not None and _versioned(self.model):  # type: ignore[attr-defined]
            kwargs["form"] = _version_checked(kwargs.get("form", self.form))  # type: ignore[attr-defined]
        return super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        """Put the hidden version field on the change form of a versioned record."""
        fieldsets = list(super().get_fieldsets(request, obj))  # type: ignore[misc]
        if obj is None or not _versioned(self.model) or not fieldsets:  # type: ignore[attr-defined]
            return fieldsets
        names = {name for _title, options in fieldsets for name in options.get("fields", ())}
        if VERSION_FIELD in names:
            return fieldsets
        (title, options), *rest = fieldsets
        return [(title, {**options, "fields": (*options["fields"], VERSION_FIELD)}), *rest]

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: Any = None,
    ) -> HttpResponse:
        """Turn a save that lost the race after validation into a message, not an error page."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        except StaleEditError as exc:
            # Validation saw the stored version, but another save landed before this one's write;
            # nothing was written (the admin's transaction rolled back): show the change and reopen.
            for message in exc.messages[1:] or exc.messages:
                messages.error(request, message)
            return HttpResponseRedirect(request.get_full_path())

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        """Save `obj` and log the change; the old values are read from the database first."""
        before = None
        if change and obj.pk is not None:
            # The form has already copied the new values onto `obj`: read the stored row.
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = audit_snapshot(stored) if stored is not None else None
            if stored is not None and _versioned(type(obj)):
                # One conditional write: of two saves based on the same version, one wins.
                version_claim(instance=obj, expected=form.cleaned_data.get(VERSION_FIELD))
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        audit_record(
            actor=request.user,
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            instance=obj,
            before=before,
            via="admin",
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Save inlines and log each inline row created, changed or deleted."""
        deleted: list[tuple[models.Model, dict[str, Any]]] = []
        changed: list[tuple[models.Model, dict[str, Any] | None]] = []
        for formset in formsets:
            for inline_form in formset.forms:
                instance = inline_form.instance
                if not inline_form.has_changed() and not (
                    formset.can_delete and formset._should_delete_form(inline_form)
                ):
                    continue
                stored = (
                    type(instance)._default_manager.filter(pk=instance.pk).first() if instance.pk else None
                )
                snapshot = audit_snapshot(stored) if stored is not None else None
                if formset.can_delete and formset._should_delete_form(inline_form):
                    if stored is not None:
                        deleted.append((stored, snapshot or {}))
                else:
                    changed.append((instance, snapshot))
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        for instance, snapshot in deleted:
            audit_record(
                actor=request.user, action=AuditAction.DELETE, instance=instance, before=snapshot, via="admin"
            )
        for instance, snapshot in changed:
            action = AuditAction.CREATE if snapshot is None else AuditAction.UPDATE
            audit_record(actor=request.user, action=action, instance=instance, before=snapshot, via="admin")
        # A row the record's page shows (an official's title) moves the record's version on, once
        # per logged row, as the services do: a form opened before it is told each change.
        children = {child for child, _field in versioned_children(type(form.instance))}
        for instance, _snapshot in [*deleted, *changed]:
            if type(instance) in children:
                version_claim(instance=form.instance, expected=None)

    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        """Log the values of `obj`, then delete it."""
        before = audit_snapshot(obj)
        pk = obj.pk
        super().delete_model(request, obj)  # type: ignore[misc]
        obj.pk = pk  # deletion clears the key; the log must still name the object
        audit_record(actor=request.user, action=AuditAction.DELETE, instance=obj, before=before, via="admin")

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        """Delete the selected objects one by one, logging each (the admin's bulk "delete" action)."""
        for obj in list(queryset):
            self.delete_model(request, obj)
