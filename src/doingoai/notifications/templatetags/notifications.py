"""The bell in the header: `{% load notifications %}{% notifications_bell %}`."""

from __future__ import annotations

from typing import Any

from django import template

from doingoai.accounts import revision
from doingoai.notifications.selectors import notifications_unread_count

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notifications_bell(context: dict[str, Any]) -> dict[str, Any]:
    """Render the bell with the signed-in user's unread count."""
    user = context.get("user")
    if user is None or not getattr(user, "is_authenticated", False):
        return {"unread": 0}
    # Kept until the next write to the notifications (or users): a count per page otherwise.
    return {
        "unread": revision.cached(
            "unread", user_id=user.pk, compute=lambda: notifications_unread_count(user=user)
        )
    }
