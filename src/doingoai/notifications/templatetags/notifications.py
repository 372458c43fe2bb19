"""The bell in the header: `{% load notifications %}{% notifications_bell %}`."""

from __future__ import annotations

from typing import Any

from django import template

from doingoai.notifications.selectors import notifications_unread_count

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notifications_bell(context: dict[str, Any]) -> dict[str, Any]:
    """Render the bell with the signed-in user's unread count."""
    user = context.get("user")
    return {"unread": notifications_unread_count(user=user) if user is not None else 0}
