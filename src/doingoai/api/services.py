"""Create, check and revoke API tokens. A user manages their own; a user manager manages anyone's."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doingoai.accounts import scope
from doingoai.accounts.backends import UserWithUnitBackend
from doingoai.accounts.models import User
from doingoai.api.models import ApiToken
from doingoai.audit.models import AuditAction
from doingoai.audit.services import audit_record

TOKEN_PREFIX = "dgo_"
# Refresh `last_used_at` at most this often, so reads do not write on every call.
LAST_USED_EVERY = 60


def token_hash(secret: str) -> str:
    """Return the stored form of a token: its SHA-256 in hex."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _require_owner_or_manager(actor: Any, user: User) -> None:
    if getattr(actor, "pk", None) != user.pk and not scope.user_can_manage_users(actor):
        raise PermissionDenied(_("Bạn chỉ quản lý được khóa API của chính mình."))


def _password_marker(user: User) -> str:
    # Django's own sign of the password: it changes with the password and ends the sessions too.
    return user.get_session_auth_hash()


def token_refusal(secret: str, *, now: dt.datetime | None = None) -> str:
    """Return why a key that `token_user` refused does not open the API, in words for its holder.

    Only the holder of the secret learns this (a revoked key from an expired one); a string that
    is no key at all gets the same words as an unknown one.
    """
    token = ApiToken.objects.filter(key_hash=token_hash(secret or "")).select_related("user").first()
    if token is None:
        return "Khóa API không đúng: hãy kiểm tra lại khóa, hoặc tạo khóa mới tại /tai-khoan/khoa-api/."
    if token.revoked_at is not None:
        return "Khóa API này đã bị thu hồi (hoặc mật khẩu của người dùng đã đổi): hãy tạo khóa mới."
    if not token.user.is_active:
        return "Tài khoản của khóa API này đã bị khóa."
    if not token.is_usable(now or timezone.now()):
        return "Khóa API này đã hết hạn: hãy tạo khóa mới tại /tai-khoan/khoa-api/."
    return "Khóa API không dùng được."


@transaction.atomic
def token_create(
    *, actor: Any, user: User, name: str, now: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token for `user`; return it with its secret, which is shown this once and never stored.

    The token expires after `API_TOKEN_DAYS` days and is revoked when the user's password changes.
    """
    # Only its owner makes a key: one made by an administrator for someone else would let the
    # administrator act with that person's reach (a coordinator's, say) beyond their own.
    if getattr(actor, "pk", None) != user.pk:
        raise PermissionDenied(_("Mỗi người tự tạo khóa API của mình (trang “Khóa API” trong tài khoản)."))
    now = now or timezone.now()
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Đặt tên cho khóa để nhận ra nó sau này, ví dụ “Báo cáo tự động”.")})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=secret[:12],
        key_hash=token_hash(secret),
        expires_at=now + dt.timedelta(days=settings.API_TOKEN_DAYS),
        password_marker=_password_marker(user),
    )
    audit_record(actor=actor, action=AuditAction.CREATE, instance=token)
    return token, secret


@transaction.atomic
def token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke a token: it stops opening the API at once."""
    _require_owner_or_manager(actor, token.user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, instance=token)
    return token


def token_user(secret: str, *, now: dt.datetime | None = None) -> User | None:
    """Return the active user of an unrevoked, unexpired token, or None.

    A token made before its user's password last changed is revoked here, the first time it is used.
    """
    if not secret or not secret.startswith(TOKEN_PREFIX):
        return None
    # Every API request asks this: the token's few columns, and its user as a signed-in page reads
    # them (with the unit, kept until a user or unit changes: `accounts.backends`). The token with
    # its user and unit joined cost about 0.8 ms of CPU a request, most of it building the statement.
    found = list(
        ApiToken.objects.filter(key_hash=token_hash(secret), revoked_at__isnull=True)
        .order_by()  # the hash is unique: no ordering to build
        .values_list("pk", "user_id", "expires_at", "password_marker", "last_used_at")[:1]
    )
    if not found:
        return None
    pk, user_id, expires_at, password_marker, last_used_at = found[0]
    now = now or timezone.now()
    user = UserWithUnitBackend().get_user(user_id)
    if user is None or (expires_at is not None and expires_at <= now):
        return None
    if password_marker != _password_marker(user):
        ApiToken.objects.filter(pk=pk).update(revoked_at=now)
        return None
    if last_used_at is None or (now - last_used_at).total_seconds() > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=pk).update(last_used_at=now)
    return user


@transaction.atomic
def tokens_revoke_after_password_change(*, user: User, now: dt.datetime | None = None) -> int:
    """Revoke the user's tokens made before their current password; return how many."""
    stale = ApiToken.objects.filter(user=user, revoked_at__isnull=True).exclude(
        password_marker=_password_marker(user)
    )
    return stale.update(revoked_at=now or timezone.now())


def tokens_of(*, user: Any) -> list[ApiToken]:
    """Return the user's tokens, newest first; those made before a password change show as revoked."""
    if not getattr(user, "pk", None):
        return []
    tokens_revoke_after_password_change(user=user)
    return list(ApiToken.objects.filter(user=user))
