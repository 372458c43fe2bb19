from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.test import Client

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.tasks import selectors, services
from tests.tasks.conftest import Tree


def _tasks(tree: Tree) -> dict[str, int]:
    led = services.task_create(
        actor=SYSTEM,
        text="Việc do Bộ chủ trì",
        lead_unit=tree.ministry,
        deadline=dt.date(2026, 12, 31),
        coordinating_units=[tree.units.quang_tri_union],
    )
    mission = services.task_create(
        actor=SYSTEM, text="Việc của cơ quan đại diện", lead_unit=tree.mission, deadline=dt.date(2026, 12, 31)
    )
    hanoi = services.task_create(
        actor=SYSTEM, text="Việc của Hà Nội", lead_unit=tree.units.ha_noi, deadline=dt.date(2026, 12, 31)
    )
    return {"led": led.pk, "mission": mission.pk, "hanoi": hanoi.pk}


def _seen(user: object) -> set[int]:
    return set(selectors.tasks_visible(user).values_list("pk", flat=True))


def test_a_unit_sees_the_tasks_it_leads_coordinates_or_that_fall_below_it(
    tree: Tree, make_user: Callable[..., User]
) -> None:
    ids = _tasks(tree)
    assert _seen(make_user("viewer", tree.ministry)) == {ids["led"], ids["mission"]}
    assert _seen(make_user("editor", tree.mission)) == {ids["mission"]}
    assert _seen(make_user("viewer", tree.units.quang_tri)) == {ids["led"]}  # its union coordinates
    assert _seen(make_user("editor", tree.units.quang_tri_union)) == {ids["led"]}
    assert _seen(make_user("editor", tree.units.ha_noi_union)) == set()
    assert _seen(make_user("coordinator", tree.units.vufo)) == set(ids.values())


def test_task_page_of_another_unit_does_not_exist_for_it(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    ids = _tasks(tree)
    client = client_for(make_user("editor", tree.units.quang_tri))
    assert client.get(f"/nhiem-vu/{ids['led']}/").status_code == 200
    assert client.get(f"/nhiem-vu/{ids['hanoi']}/").status_code == 404


def test_the_unit_list_marks_lead_and_coordinating(tree: Tree, make_user: Callable[..., User]) -> None:
    _tasks(tree)
    rows = selectors.unit_task_rows(user=make_user("viewer", tree.units.quang_tri), today=dt.date(2026, 1, 1))
    assert [(r.task.text, r.role) for r in rows] == [("Việc do Bộ chủ trì", "Phối hợp")]
    rows = selectors.unit_task_rows(user=make_user("viewer", tree.ministry), today=dt.date(2026, 1, 1))
    assert sorted(r.role for r in rows) == ["Chủ trì", "Chủ trì"]


def test_the_audit_log_of_a_task_is_read_within_its_lead_units_scope(
    tree: Tree, make_user: Callable[..., User]
) -> None:
    from doingoai.audit.selectors import audit_entries_list

    ids = _tasks(tree)

    def logged(user: object) -> set[str]:
        entries = audit_entries_list(user=user, model="tasks.task")
        return set(entries.values_list("object_id", flat=True))

    assert logged(make_user("editor", tree.units.ha_noi)) == {str(ids["hanoi"])}
    assert logged(make_user("editor", tree.units.ha_noi_union)) == set()
    assert logged(make_user("editor", tree.mission)) == {str(ids["mission"])}
    assert logged(make_user("coordinator", tree.units.vufo)) == {str(i) for i in ids.values()}
