"""Read a person's notifications (each person reads only their own)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from doingoai.notifications.models import Notification


def notifications_list(*, user: Any) -> QuerySet[Notification]:
    """Return the user's notifications, newest first."""
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def notifications_unread_count(*, user: Any) -> int:
    """Return how many of the user's notifications are unread."""
    return notifications_list(user=user).filter(read_at__isnull=True).count()
