"""Values every template needs: the site title and what the signed-in user may open."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from doingoai import revisions
from doingoai.accounts import scope


def site(request: HttpRequest) -> dict[str, Any]:
    """Return the site title, the navigation permissions of the current user and the code's stamp.

    The stamp keys the menu kept for each user (`base.html`): after an upgrade, a menu written
    by the old templates is not served.
    """
    user = getattr(request, "user", None)
    return {
        "site_title": settings.SITE_TITLE,
        "nav_audit": scope.user_can_view_audit(user),
        "nav_admin": bool(user is not None and user.is_authenticated and user.is_staff),
        "code_stamp": revisions.code_stamp(),
    }
