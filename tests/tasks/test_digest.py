from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core import mail

from doingoai.accounts.models import User
from doingoai.notifications.models import Notification
from doingoai.notifications.services import digest_send_all
from doingoai.tasks.models import Task
from tests.tasks.conftest import Tree

DEADLINE = dt.date(2026, 3, 31)


def _user(make_user: Callable[..., User], role: str, unit: Any, name: str) -> User:
    user = make_user(role, unit, username=name)
    user.email = f"{name}@example.invalid"
    user.save(update_fields=["email"])
    return user


def _bodies(name: str) -> list[str]:
    return [m.body for m in mail.outbox if m.to == [f"{name}@example.invalid"]]


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 7, tzinfo=dt.UTC)


def test_task_deadlines_reach_the_editors_of_the_units_it_names_and_the_coordinator(
    tree: Tree, make_user: Callable[..., User]
) -> None:
    units = tree.units
    task = Task.objects.create(
        lead_unit=units.quang_tri,
        text="Tổng kết mô hình kết nghĩa cụm dân cư hai bên biên giới",
        original_deadline=DEADLINE,
        deadline=DEADLINE,
    )
    task.coordinating_units.add(units.ha_noi)
    _user(make_user, "editor", units.quang_tri, "bientap-qt")
    _user(make_user, "editor", units.ha_noi, "bientap-hn")
    _user(make_user, "editor", units.vufo, "bientap-vufo")
    _user(make_user, "viewer", units.quang_tri, "xem-qt")
    _user(make_user, "coordinator", units.vufo, "dieuphoi")

    assert digest_send_all(today=dt.date(2026, 3, 20), now=_at(dt.date(2026, 3, 20))) == {}
    digest_send_all(today=dt.date(2026, 3, 24), now=_at(dt.date(2026, 3, 24)))
    for name in ("bientap-qt", "bientap-hn", "dieuphoi"):
        [body] = _bodies(name)
        assert "Còn 7 ngày đến hạn" in body and "kết nghĩa cụm dân cư" in body, name
    assert _bodies("bientap-vufo") == [] and _bodies("xem-qt") == []

    mail.outbox.clear()
    digest_send_all(today=dt.date(2026, 4, 15), now=_at(dt.date(2026, 4, 15)))
    assert "Đã quá hạn 15 ngày" in _bodies("bientap-qt")[0]
    assert Notification.objects.filter(user__username="bientap-qt", kind="task_overdue").count() == 1
