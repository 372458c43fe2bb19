"""Models of the accounts app: the user (with a unit and a role) and the login failure counter."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user may do; the rules themselves live in `doingoai.accounts.scope`."""

    COORDINATOR = "coordinator", _("Điều phối quốc gia")
    EDITOR = "editor", _("Biên tập viên đơn vị")
    VIEWER = "viewer", _("Người xem của đơn vị")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")


class DataRole(models.TextChoices):
    """How an administrator reads and changes their unit's records; granted by another administrator."""

    NONE = "", _("Không có quyền dữ liệu")
    VIEWER = "viewer", _("Xem dữ liệu của đơn vị")
    EDITOR = "editor", _("Biên tập dữ liệu của đơn vị")


class User(AbstractUser):
    """A person who signs in: they belong to one unit and have one role."""

    unit = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    # A Vietnamese name is written family name first: "Nguyễn Thị" + "Lan". Django's `get_full_name`
    # joins first_name and last_name in that order, and `services.user_create` stores a full name
    # so; the labels say which part goes where (Django's own call them "Tên" and "Họ", the other way).
    first_name = models.CharField(_("họ và tên đệm"), max_length=150, blank=True)
    last_name = models.CharField(_("tên"), max_length=150, blank=True)
    # Administration is separate from data: an administrator reads their unit's unpublished
    # records only with a data role, which another administrator grants.
    data_role = models.CharField(
        _("quyền dữ liệu"), max_length=20, choices=DataRole.choices, default=DataRole.NONE, blank=True
    )
    data_role_granted_by = models.ForeignKey(
        "self",
        verbose_name=_("người cấp quyền dữ liệu"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # When the password was last set: the audit log shows a reset by this field (the password
    # itself, even hashed, is never logged).
    password_changed_at = models.DateTimeField(_("đổi mật khẩu lúc"), null=True, blank=True, editable=False)

    # The language the person last chose with the site's switcher, signed in or on the sign-in page
    # just before signing in (`user_language_at_sign_in`), "" until then:
    # the notes and digests written for them are worded in it (`notification_language`); the
    # switcher's cookie alone is one browser's, unknown to a reminder written by another person.
    language = models.CharField(_("ngôn ngữ"), max_length=10, blank=True, default="", editable=False)

    audit_shown = ("password_changed_at",)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ("username",)

    def set_password(self, raw_password: str | None) -> None:
        """Set the password, and note when."""
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()


def account_name(user: Any) -> str:
    """Return how pages name an account: its full name, or its user name ("" for none or the system)."""
    if user is None or not hasattr(user, "get_username"):
        return ""
    full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return str(full_name or user.get_username())


class LoginFailure(models.Model):
    """Failed sign-ins for one user name from one address, to lock out password guessing."""

    username_key = models.CharField(_("tên đăng nhập"), max_length=150)
    address = models.CharField(_("địa chỉ IP"), max_length=45)
    failures = models.PositiveIntegerField(_("số lần sai"), default=0)
    first_failure_at = models.DateTimeField(_("lần sai đầu tiên"))
    locked_until = models.DateTimeField(_("khóa đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần đăng nhập sai")
        verbose_name_plural = _("lần đăng nhập sai")
        constraints = (
            models.UniqueConstraint(fields=["username_key", "address"], name="login_failure_unique"),
        )


class Revision(models.Model):
    """A counter the database raises on every write to the users and the units.

    The user a session names is kept under it (`doingoai.accounts.revision`): a sign-in, a role or
    unit changed, a deactivation or a unit moved raises it. One row (pk 1).
    """

    counter = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("phiên bản dữ liệu người dùng")
        verbose_name_plural = _("phiên bản dữ liệu người dùng")
