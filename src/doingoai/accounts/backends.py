"""How a signed-in request finds its user: with the user's unit, kept until the user's records change."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from doingoai.accounts.models import User
from doingoai.accounts.revision import cached


class UserWithUnitBackend(ModelBackend):
    """Django's model backend, reading a session's user together with their unit, kept in the cache.

    The scope of every page, the menu and the account line read `user.unit`; loaded lazily, it was
    a second query on every request. The user is kept under the signed-in user's revision
    (`accounts.revision`): a write to any user or unit (a password, a role, a deactivation) raises
    it, so the next request reads the row again.
    """

    def get_user(self, user_id: Any) -> User | None:
        """Return the active user of a session, with their unit, or None."""

        def read() -> User | None:
            return User._default_manager.select_related("unit").filter(pk=user_id).first()

        user = cached("user", user_id=user_id, compute=read)
        return user if user is not None and self.user_can_authenticate(user) else None
