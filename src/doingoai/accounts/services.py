"""Create and change users. Only administrators may; each change is written to the audit log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from doingoai.accounts import scope
from doingoai.accounts.models import DataRole, Role, User
from doingoai.audit.models import AuditAction
from doingoai.audit.services import audit_record, audit_snapshot
from doingoai.directory.models import Organization

# Roles that sign in to the admin screens: administrators manage users there, coordinators
# edit the directory there.
STAFF_ROLES = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR})


def user_role_apply(*, user: User) -> None:
    """Set the flags that follow from the user's role (admin access); does not save."""
    user.is_staff = bool(user.is_superuser or user.role in STAFF_ROLES)


def _require_manager(actor: Any) -> None:
    if not scope.user_can_manage_users(actor):
        raise PermissionDenied(_("Chỉ quản trị viên được quản lý người dùng."))


COORDINATOR_ACCOUNTS_REFUSED = _(
    "Chỉ quản trị viên cấp cao nhất (lệnh createsuperuser) tạo và sửa tài khoản điều phối toàn quốc."
)


def _require_account_manager(actor: Any, *, role: str, target: User | None = None) -> None:
    """Refuse an administrator who would make or change an account that reads everything."""
    _require_manager(actor)
    if not scope.user_can_manage_account(actor, role=role, target=target):
        raise PermissionDenied(COORDINATOR_ACCOUNTS_REFUSED)


def user_role_check(*, role: str, unit: Organization | None, data_role: str = "") -> None:
    """Raise ValidationError, keyed by field, unless the role, unit and data role fit together.

    Editors and viewers belong to a unit; only an administrator has a data role, and only over a
    unit of their own. The pages, the commands and the admin's user screens all check this.
    """
    if role not in Role.values:
        raise ValidationError({"role": _("Chọn một vai trò trong danh sách.")})
    if role in {Role.EDITOR, Role.VIEWER} and unit is None:
        raise ValidationError(
            {"unit": _("Biên tập viên và người xem phải thuộc một đơn vị: hãy chọn đơn vị.")}
        )
    if data_role not in DataRole.values:
        raise ValidationError({"data_role": _("Chọn một quyền dữ liệu trong danh sách.")})
    if data_role and role != Role.ADMINISTRATOR:
        raise ValidationError(
            {"data_role": _("Chỉ quản trị viên cần quyền dữ liệu; vai trò khác đã có sẵn.")}
        )
    if data_role and unit is None:
        raise ValidationError({"data_role": _("Quản trị viên cần thuộc một đơn vị để có quyền dữ liệu.")})


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str,
    role: str,
    unit: Organization | None,
    full_name: str = "",
    email: str = "",
    check_password: bool = True,
) -> User:
    """Create a user with a role and a unit (`actor` is an administrator, or `scope.SYSTEM` in commands)."""
    _require_account_manager(actor, role=role)
    user_role_check(role=role, unit=unit)
    username = username.strip()
    if not username:
        raise ValidationError({"username": _("Nhập tên đăng nhập.")})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("Tên đăng nhập “%(name)s” đã có.") % {"name": username}})
    first, _sep, last = full_name.strip().rpartition(" ")
    user = User(
        username=username, email=email.strip(), role=role, unit=unit, first_name=first, last_name=last
    )
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user_role_apply(user=user)
    user.save()
    audit_record(actor=actor, action=AuditAction.CREATE, instance=user)
    return user


@transaction.atomic
def user_update(
    *, actor: Any, user: User, role: str, unit: Organization | None, is_active: bool = True
) -> User:
    """Change a user's role, unit and whether they may sign in."""
    _require_account_manager(actor, role=role, target=user)
    user_role_check(role=role, unit=unit)
    if getattr(actor, "pk", None) == user.pk and role != user.role:
        # Otherwise an administrator could make themselves national coordinator and read everything.
        raise PermissionDenied(
            _("Bạn không thể tự đổi vai trò của chính mình: hãy nhờ một quản trị viên khác.")
        )
    before = audit_snapshot(user)
    user.role = role
    if role != Role.ADMINISTRATOR or unit is None or unit.pk != user.unit_id:
        # A data role was granted over one unit, to an administrator: it ends with either.
        user.data_role = DataRole.NONE
        user.data_role_granted_by = None
    user.unit = unit
    user.is_active = is_active
    user_role_apply(user=user)
    user.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=user, before=before)
    return user


@transaction.atomic
def user_data_role_grant(*, actor: Any, user: User, data_role: str) -> User:
    """Give an administrator a data role over their unit (or take it away with ""), as another administrator.

    Administration is separate from data: an administrator reads their unit's unpublished records
    only through this role, and never grants it to themselves.
    """
    _require_manager(actor)
    if getattr(actor, "pk", None) == user.pk:
        raise PermissionDenied(_("Quyền dữ liệu phải do một quản trị viên khác cấp."))
    if data_role and user.role != Role.ADMINISTRATOR:
        raise ValidationError(
            {"data_role": _("Chỉ quản trị viên cần quyền dữ liệu; vai trò khác đã có sẵn.")}
        )
    user_role_check(role=user.role, unit=user.unit, data_role=data_role)
    before = audit_snapshot(user)
    user.data_role = data_role
    user.data_role_granted_by = actor if data_role and getattr(actor, "pk", None) else None
    user.save(update_fields=["data_role", "data_role_granted_by"])
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=user, before=before)
    return user


@transaction.atomic
def user_password_change(*, actor: Any, user: User, password: str) -> User:
    """Set a user's own new password (the form has checked the old one and the rules); log when, never what.

    The user's other sessions and API keys end with the old password (Django's session hash, the
    keys' password marker).
    """
    if getattr(actor, "pk", None) != user.pk:
        raise PermissionDenied(
            _("Mỗi người chỉ tự đổi mật khẩu của mình; quản trị viên đặt lại trong trang quản trị.")
        )
    before = audit_snapshot(user)
    user.set_password(password)
    user.save(update_fields=["password", "password_changed_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=user, before=before)
    return user


def language_offered(code: str) -> bool:
    """Return whether `code` is one of the interface languages the site offers (`settings.LANGUAGES`)."""
    return any(code == offered for offered, _name in settings.LANGUAGES)


def user_language_set(*, user: Any, language: str) -> bool:
    """Keep the interface language a signed-in person chose; return whether it changed.

    Notes written for them by others' actions, and their digest, are then worded in it. A code
    the site does not offer, or an anonymous visitor, changes nothing.
    """
    if getattr(user, "pk", None) is None or not getattr(user, "is_authenticated", False):
        return False
    if not language_offered(language) or user.language == language:
        return False
    user.language = language
    user.save(update_fields=["language"])
    return True


# The session key holding a language chosen with the switcher before signing in (`web.views.language_set`).
LANGUAGE_CHOSEN_SIGNED_OUT = "language_chosen_signed_out"


def user_language_at_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Keep the language chosen with the switcher before signing in as the person's own (`user_logged_in`).

    The switcher on the sign-in page can only set the browser's language cookie; without this the
    person's stored choice, older, would word their notes and open their next browser. Only a choice
    made in this visit counts, kept in the session (which signing in carries over and signing out
    empties): the cookie a colleague left on a shared computer changes nobody's language.
    """
    session = getattr(request, "session", None)
    if session is not None:
        user_language_set(user=user, language=session.pop(LANGUAGE_CHOSEN_SIGNED_OUT, ""))
