"""API tokens: a user creates and revokes their own; an administrator can too. Only a hash is stored."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A secret that lets a program call the API as its user, with the user's scope.

    The secret is shown once, when it is created; the database keeps its SHA-256 (the secret is
    random and long, so a slow hash adds nothing) and its first characters to recognize it.
    """

    # Set by the services, never by a form; the audit log shows them all the same.
    audit_shown = ("revoked_at", "expires_at")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("tên gợi nhớ"), max_length=100)
    prefix = models.CharField(_("phần đầu"), max_length=12, editable=False)
    key_hash = models.CharField(_("mã băm"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("lần dùng gần nhất"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("ngày thu hồi"), null=True, blank=True, editable=False)
    # A token stops working on this date (None only for tokens made before tokens expired).
    expires_at = models.DateTimeField(_("ngày hết hạn"), null=True, blank=True, editable=False)
    # The user's session hash when the token was made: a new password changes it, as it ends sessions.
    password_marker = models.CharField(max_length=128, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        """Return whether the token was not revoked (it may still have expired: see `is_usable`)."""
        return self.revoked_at is None

    def is_usable(self, now: dt.datetime) -> bool:
        """Return whether the token still opens the API at `now`: not revoked, not expired."""
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
