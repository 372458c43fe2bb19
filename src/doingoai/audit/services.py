"""Write the audit log. Services and the admin call `audit_record`; nothing is logged by signals.

Usage in a service::

    before = audit_snapshot(obj)
    ... change and save obj ...
    audit_record(actor=user, action=AuditAction.UPDATE, instance=obj, before=before)
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from doingoai.audit.models import AuditAction, AuditEntry

# Never copy secrets into the log, even hashed.
_HIDDEN_FIELDS = frozenset({"password"})


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return value


def audit_snapshot(instance: models.Model) -> dict[str, Any]:
    """Return the stored field values of `instance` as JSON-ready data (foreign keys as ids)."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        # A file's bytes are not copied into the log: its name and size say which file it was.
        if field.name in _HIDDEN_FIELDS or field.get_internal_type() == "BinaryField":
            continue
        value = getattr(instance, field.attname)
        if isinstance(field, models.DecimalField) and isinstance(value, Decimal) and value.is_finite():
            # As stored: 1200000 just assigned and 1200000.00 read back are one amount, not a change.
            value = value.quantize(Decimal(1).scaleb(-(field.decimal_places or 0)))
        data[field.name] = _json_value(value)
    for field in instance._meta.many_to_many:
        if instance.pk is not None:
            data[field.name] = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    return data


# Apps whose records are accounts and settings, not unit data: administrators read their entries.
_ADMINISTRATION_APPS = frozenset({"accounts", "api", "auth", "sessions"})
# Records that a unit owns through their parent (a title through its official, a transaction
# through its project, an item through its ingest job).
_PARENT_FIELDS = ("person", "project", "document", "job", "report", "task")


def _record_scope(instance: models.Model) -> tuple[str, bool]:
    """Return the owning unit's path ("" for none) and whether the record is published.

    A model whose records are scoped otherwise says so with `audit_scope()` (a unit's periodic
    report belongs to its unit and is never public).
    """
    audit_scope = getattr(instance, "audit_scope", None)
    if callable(audit_scope):
        path, published = audit_scope()
        return str(path), bool(published)
    if hasattr(instance, "owner_unit_id"):
        owner = instance.owner_unit if instance.owner_unit_id else None
        return (owner.path if owner is not None else ""), bool(getattr(instance, "is_published", False))
    if instance._meta.model_name == "organization" and hasattr(instance, "path"):
        return str(instance.path), True  # the units themselves are listed to every user
    for name in _PARENT_FIELDS:
        field = next((f for f in instance._meta.concrete_fields if f.name == name), None)
        if field is not None and field.is_relation and getattr(instance, field.attname, None) is not None:
            return _record_scope(getattr(instance, name))
    return "", True  # national reference tables (exchange rates, programmes) are read by everyone


@transaction.atomic
def audit_record(
    *,
    actor: Any,
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    via: str = "service",
) -> AuditEntry:
    """Log one change of `instance` by `actor`.

    `after` defaults to the current values of `instance`, except for a delete, whose `after` is
    null; `before` is null for a create.
    """
    if after is None and action != AuditAction.DELETE:
        after = audit_snapshot(instance)
    if action == AuditAction.CREATE:
        before = None
    signed_in = actor is not None and getattr(actor, "is_authenticated", False)
    # The system actor of management commands has no account: only its (empty) name is kept.
    account_id = getattr(actor, "pk", None) if signed_in else None
    unit_path, is_published = _record_scope(instance)
    for snapshot in (before, after):
        if isinstance(snapshot, dict) and snapshot.get("is_published") is False:
            is_published = False
    return AuditEntry.objects.create(
        is_data=instance._meta.app_label not in _ADMINISTRATION_APPS,
        unit_path=unit_path[:255],
        is_published=is_published,
        actor_id=account_id,
        actor_username=actor.get_username() if signed_in else "",
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        before=before,
        after=after,
        via=via,
    )


def audited_delete(*, actor: Any, instance: models.Model, via: str = "service") -> None:
    """Delete `instance` and log its last values; the caller has already checked the scope."""
    before = audit_snapshot(instance)
    pk = instance.pk
    instance.delete()
    instance.pk = pk  # deletion clears the key; the log must still name the object
    audit_record(actor=actor, action=AuditAction.DELETE, instance=instance, before=before, via=via)
