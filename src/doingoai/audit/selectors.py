"""Read the audit log, for the users allowed to (see `doingoai.accounts.scope.user_can_view_audit`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from doingoai.accounts import scope
from doingoai.audit.models import AuditEntry


def audit_entries_visible(user: Any) -> QuerySet[AuditEntry]:
    """Return the entries the user may read, under the scope of the records they describe.

    A coordinator reads everything. An entry of unit data is read like its record: by everyone
    when the record was published before and after the change, otherwise within the owning unit
    (an administrator only through a data role). Entries of accounts and settings are read by
    administrators.
    """
    entries = AuditEntry.objects.all()
    if scope.user_is_coordinator(user):
        return entries
    data = scope.records_visible(user, entries.filter(is_data=True), unit_path_field="unit_path")
    if scope.user_can_manage_users(user):
        return entries.filter(Q(is_data=False) | Q(pk__in=data.values("pk")))
    return data


@dataclass(frozen=True)
class AuditFilters:
    """What the audit page is narrowed to; every field optional.

    `unit_path`: records owned by that unit or a unit below it. `model`: "app_label.model".
    `date_from`/`date_to`: days in Asia/Ho_Chi_Minh, both included.
    """

    action: str = ""
    model: str = ""
    actor: str = ""
    unit_path: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_default_timezone())


def audit_entries_list(
    *, user: Any, action: str = "", model: str = "", filters: AuditFilters | None = None
) -> QuerySet[AuditEntry]:
    """Return the audit entries the user may read, newest first, narrowed by `filters`."""
    if not scope.user_can_view_audit(user):
        raise PermissionDenied(_("Chỉ người dùng đã đăng nhập được xem nhật ký thay đổi."))
    filters = filters or AuditFilters(action=action, model=model)
    entries = audit_entries_visible(user).select_related("actor", "content_type")
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.model and "." in filters.model:
        app_label, model_name = filters.model.split(".", 1)
        entries = entries.filter(content_type__app_label=app_label, content_type__model=model_name)
    if filters.actor:
        entries = entries.filter(actor_username=filters.actor)
    if filters.unit_path:
        entries = entries.filter(unit_path__startswith=filters.unit_path)
    if filters.date_from:
        entries = entries.filter(created_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        entries = entries.filter(created_at__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
    return entries


def audit_filter_choices(*, user: Any) -> tuple[list[str], list[tuple[str, str]]]:
    """Return the people and the kinds of record ("app.model", label) in the entries the user reads."""
    visible = audit_entries_visible(user)
    # order_by() drops the entries' default ordering, which would make every row distinct.
    names = visible.exclude(actor_username="").order_by().values_list("actor_username", flat=True).distinct()
    actors = sorted(set(names))
    kinds: list[tuple[str, str]] = []
    type_ids = visible.order_by().values("content_type_id").distinct()
    for kind in ContentType.objects.filter(pk__in=type_ids):
        model = kind.model_class()
        label = str(model._meta.verbose_name) if model is not None else kind.model
        kinds.append((f"{kind.app_label}.{kind.model}", label[:1].upper() + label[1:]))
    return actors, sorted(kinds, key=lambda k: k[1])
