"""A signed-in request finds its session in the cache and its user with their unit in one query."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from doingoai.accounts.models import User
from tests.django_fixtures import PASSWORD, Units

MakeUser = Callable[..., User]


def _signed_in(user: User) -> Client:
    client = Client()
    assert client.post("/dang-nhap/", {"username": user.username, "password": PASSWORD}).status_code == 302
    return client


def test_a_request_reads_no_session_row_and_the_user_with_their_unit(
    units: Units, make_user: MakeUser
) -> None:
    client = _signed_in(make_user("editor", units.quang_tri, username="bt.qt"))
    assert client.get("/thu-vien/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/thu-vien/").status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    # The session and the user (with the unit) are kept in the cache.
    assert not [s for s in sql if "django_session" in s or 'FROM "accounts_user"' in s]
    assert not [s for s in sql if 'FROM "directory_organization" WHERE "directory_organization"."id" =' in s]
    # Not kept (a restore empties the cache): the user is read with their unit, in one query.
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/thu-vien/").status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    users = [s for s in sql if 'FROM "accounts_user"' in s]
    assert len(users) == 1 and "directory_organization" in users[0]
    assert not [s for s in sql if 'FROM "directory_organization" WHERE "directory_organization"."id" =' in s]


def test_a_session_signed_out_is_refused_though_the_cache_held_it(units: Units, make_user: MakeUser) -> None:
    client = _signed_in(make_user("editor", units.quang_tri, username="bt.qt"))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get("/thu-vien/").status_code == 200
    assert client.post("/dang-xuat/").status_code == 302
    stolen = Client()
    stolen.cookies[settings.SESSION_COOKIE_NAME] = cookie
    assert stolen.get("/thu-vien/").status_code == 302  # to the sign-in page


def test_a_session_the_cache_lost_is_read_from_the_database(units: Units, make_user: MakeUser) -> None:
    client = _signed_in(make_user("editor", units.quang_tri, username="bt.qt"))
    cache.clear()  # a restore empties the cache; an eviction drops a session
    response = client.get("/thu-vien/")
    assert response.status_code == 200 and "bt.qt" in response.content.decode()


def test_the_user_is_kept_until_a_write_changes_them_and_the_bell_counts_live(
    units: Units, make_user: MakeUser
) -> None:
    import datetime as dt

    from doingoai.notifications.services import notification_create, notifications_mark_read

    user = make_user("editor", units.quang_tri, username="bt.qt")
    client = _signed_in(user)
    assert client.get("/thu-vien/su-kien/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/thu-vien/su-kien/").status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    # Kept: the user's row is not read again (the bell still counts: a notification is seen at once).
    assert not [s for s in sql if 'FROM "accounts_user"' in s]
    # A notification: the next page counts it; read, it goes.
    now = dt.datetime.now(dt.UTC)
    notification = notification_create(user=user, kind="test", text="Một việc mới", url="/", now=now)
    assert notification is not None
    assert 'data-unread="1"' in client.get("/thu-vien/su-kien/").content.decode()
    notifications_mark_read(user=user, now=now, pk=notification.pk)
    assert "data-unread" not in client.get("/thu-vien/su-kien/").content.decode()
    # A new name shows on the next page; a deactivated user is signed out at once.
    User.objects.filter(pk=user.pk).update(first_name="Lan", last_name="Hồ Thị")
    assert "Lan Hồ Thị" in client.get("/thu-vien/su-kien/").content.decode()
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get("/thu-vien/su-kien/").status_code == 302


def test_the_signed_in_users_revision_has_its_triggers_after_migrate(db: None) -> None:
    from doingoai.accounts.revision import SIGNED_IN, TABLES

    SIGNED_IN.ensure()  # idempotent: `migrate` lays them again each time
    assert set(TABLES) <= SIGNED_IN.triggered_tables()
