"""Read the audit log, for the users allowed to (see `doingoai.accounts.scope.user_can_view_audit`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from doingoai.accounts import scope
from doingoai.audit.models import AuditEntry


def audit_entries_list(*, user: Any, action: str = "", model: str = "") -> QuerySet[AuditEntry]:
    """Return the audit entries, newest first, optionally of one action and one model ("app.model")."""
    if not scope.user_can_view_audit(user):
        raise PermissionDenied(_("Chỉ quản trị viên và điều phối viên được xem nhật ký thay đổi."))
    entries = AuditEntry.objects.select_related("actor", "content_type")
    if action:
        entries = entries.filter(action=action)
    if model and "." in model:
        app_label, model_name = model.split(".", 1)
        entries = entries.filter(content_type__app_label=app_label, content_type__model=model_name)
    return entries
