"""Create, check and revoke API tokens. A user manages their own; a user manager manages anyone's."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doingoai.accounts import scope
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


@transaction.atomic
def token_create(*, actor: Any, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for `user`; return it with its secret, which is shown this once and never stored."""
    _require_owner_or_manager(actor, user)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Đặt tên cho khóa để nhận ra nó sau này, ví dụ “Báo cáo tự động”.")})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=secret[:12], key_hash=token_hash(secret)
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


def token_user(secret: str) -> User | None:
    """Return the active user of an unrevoked token, or None."""
    if not secret or not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user", "user__unit")
        .filter(key_hash=token_hash(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def tokens_of(*, user: Any) -> list[ApiToken]:
    """Return the user's tokens, newest first."""
    return list(ApiToken.objects.filter(user=user)) if getattr(user, "pk", None) else []
