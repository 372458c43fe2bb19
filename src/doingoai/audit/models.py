"""The audit entry: one create, update or delete of one object."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    """What happened to the object."""

    CREATE = "create", _("Tạo mới")
    UPDATE = "update", _("Cập nhật")
    DELETE = "delete", _("Xóa")


class AuditEntry(models.Model):
    """One change: who, when, which object, the values before and after (JSON; null when absent)."""

    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as text too, so the log still names the person after their account is deleted.
    actor_username = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)
    action = models.CharField(_("thao tác"), max_length=10, choices=AuditAction.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("loại dữ liệu"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("mã đối tượng"), max_length=64, db_index=True)
    object_repr = models.CharField(_("đối tượng"), max_length=255)
    before = models.JSONField(_("giá trị trước"), null=True, blank=True)
    after = models.JSONField(_("giá trị sau"), null=True, blank=True)
    via = models.CharField(_("qua"), max_length=20, default="service")
    # Who may read the entry: the same scope as the record it describes (doingoai.audit.selectors).
    # `is_data` is false for accounts and settings (users, API tokens), which administrators read;
    # a data entry is read like its record: everyone if the record was published before and after,
    # otherwise within the owning unit's path ("" for records of no unit: coordinators only).
    is_data = models.BooleanField(default=True, editable=False)
    unit_path = models.CharField(max_length=255, blank=True, default="", editable=False)
    is_published = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("mục nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ("-created_at", "-id")
        indexes = (models.Index(fields=["content_type", "object_id"], name="audit_object_idx"),)

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def changed_fields(self) -> list[tuple[str, object, object]]:
        """Return (field, before, after) for each field whose value differs, sorted by field name."""
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
