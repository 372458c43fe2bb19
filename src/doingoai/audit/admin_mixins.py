"""Make admin screens write the audit log through the same `audit_record` as the services."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.http import HttpRequest

from doingoai.audit.models import AuditAction
from doingoai.audit.services import audit_record, audit_snapshot


class AuditedAdminMixin:
    """Log every save and delete made in a `ModelAdmin`, with the values before and after."""

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        """Save `obj` and log the change; the old values are read from the database first."""
        before = None
        if change and obj.pk is not None:
            # The form has already copied the new values onto `obj`: read the stored row.
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = audit_snapshot(stored) if stored is not None else None
            if stored is not None and hasattr(stored, "version"):
                # A change in the admin is a new version too: forms open elsewhere notice it.
                obj.version = stored.version + 1
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
