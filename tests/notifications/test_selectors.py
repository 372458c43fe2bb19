"""The bell's unread count: the user's own notifications not yet read, and nobody else's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doingoai.accounts.models import User
from doingoai.notifications import selectors, services

NOW = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def test_the_unread_count_is_the_users_own_unread_notifications(
    make_user: Callable[..., User], units: Any
) -> None:
    reader = make_user("editor", units.quang_tri)
    other = make_user("editor", units.ha_noi)
    assert selectors.notifications_unread_count(user=reader) == 0
    for number in range(3):
        services.notification_create(user=reader, kind="report", text=f"Thông báo {number}", now=NOW)
    services.notification_create(user=other, kind="report", text="Của người khác", now=NOW)
    first = selectors.notifications_list(user=reader).order_by("pk").first()
    assert first is not None
    services.notifications_mark_read(user=reader, now=NOW, pk=first.pk)

    with CaptureQueriesContext(connection) as queries:
        assert selectors.notifications_unread_count(user=reader) == 2
    assert len(queries) == 1
    assert selectors.notifications_unread_count(user=reader) == (
        selectors.notifications_list(user=reader).filter(read_at__isnull=True).count()
    )
    assert selectors.notifications_unread_count(user=other) == 1
    services.notifications_mark_read(user=reader, now=NOW)
    assert selectors.notifications_unread_count(user=reader) == 0


def test_nobody_signed_in_has_no_unread_notifications(db: None) -> None:
    assert selectors.notifications_unread_count(user=AnonymousUser()) == 0
    assert selectors.notifications_unread_count(user=None) == 0
