"""Models of notifications: one message to one person, and the record of each day's digest."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message shown under the bell; `key` (when set) makes it unique per person."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("loại"), max_length=40)
    text = models.CharField(_("nội dung"), max_length=500)
    url = models.CharField(_("liên kết"), max_length=500, blank=True)
    key = models.CharField(_("khóa"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), db_index=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    digested_at = models.DateTimeField(_("đã gửi thư tổng hợp lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ("-created_at", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="notification_key_unique"
            ),
        )
        indexes = (models.Index(fields=["user", "read_at"], name="notification_unread_idx"),)

    def __str__(self) -> str:
        return self.text


class DigestSent(models.Model):
    """The digest sent to one person for one day: at most one per person per day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("ngày"))
    sent_at = models.DateTimeField(_("gửi lúc"))
    items = models.PositiveIntegerField(_("số mục"))

    class Meta:
        verbose_name = _("thư tổng hợp đã gửi")
        verbose_name_plural = _("thư tổng hợp đã gửi")
        constraints = (models.UniqueConstraint(fields=["user", "date"], name="digest_once_per_day"),)
