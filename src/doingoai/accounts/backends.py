"""How a signed-in request finds its user: with the user's unit, which nearly every page reads."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from doingoai.accounts.models import User


class UserWithUnitBackend(ModelBackend):
    """Django's model backend, reading a session's user together with their unit in one query.

    The scope of every page, the menu and the account line read `user.unit`; loaded lazily, it was
    a second query on every request.
    """

    def get_user(self, user_id: Any) -> User | None:
        """Return the active user of a session, with their unit, or None."""
        try:
            user = User._default_manager.select_related("unit").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
