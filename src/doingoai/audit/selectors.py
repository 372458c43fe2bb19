"""Read the audit log, for the users allowed to (see `doingoai.accounts.scope.user_can_view_audit`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
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


def audit_entries_list(*, user: Any, action: str = "", model: str = "") -> QuerySet[AuditEntry]:
    """Return the audit entries the user may read, newest first, optionally of one action and one model."""
    if not scope.user_can_view_audit(user):
        raise PermissionDenied(_("Chỉ người dùng đã đăng nhập được xem nhật ký thay đổi."))
    entries = audit_entries_visible(user).select_related("actor", "content_type")
    if action:
        entries = entries.filter(action=action)
    if model and "." in model:
        app_label, model_name = model.split(".", 1)
        entries = entries.filter(content_type__app_label=app_label, content_type__model=model_name)
    return entries
