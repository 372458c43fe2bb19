"""Correcting a confirmed task: who may, what may change (never the deadline), two tabs, the audit log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.audit.concurrency import StaleEditError
from doingoai.audit.models import AuditEntry
from doingoai.tasks import services
from doingoai.tasks.errors import TaskError
from doingoai.tasks.models import Task
from tests.tasks.conftest import Tree, task_made

NOW = dt.datetime(2026, 9, 1, 9, 0, tzinfo=dt.UTC)


def _task(tree: Tree, **changes: object) -> Task:
    return task_made(tree, **{"text": "Tổ chức diễn đàn nhân dân biên giới", **changes})


def _form(task: Task, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "text": task.text,
        "lead_unit": task.lead_unit_id,
        "coordinating_units": [u.pk for u in task.coordinating_units.all()],
        "coordinating_note": task.coordinating_note,
        "priority": task.priority,
        "strategy_goal": task.strategy_goal,
        "version": task.version,
    }
    data.update(changes)
    return data


def test_a_coordinator_corrects_a_task_but_not_its_deadline(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    task = _task(tree)
    coordinator = client_for(make_user("coordinator", tree.units.vufo, username="dieuphoi"))
    page = coordinator.get(f"/nhiem-vu/{task.pk}/sua/")
    assert page.status_code == 200 and "deadline" not in page.context["form"].fields
    assert f'href="/nhiem-vu/{task.pk}/sua/"' in coordinator.get(f"/nhiem-vu/{task.pk}/").content.decode()
    response = coordinator.post(
        f"/nhiem-vu/{task.pk}/sua/",
        _form(
            task,
            text="Tổ chức diễn đàn nhân dân biên giới Việt – Lào",
            lead_unit=tree.units.quang_tri.pk,
            coordinating_units=[tree.ministry.pk, tree.units.quang_tri.pk],
            priority="urgent",
            strategy_goal="Biên giới hòa bình",
            deadline="01/01/2030",  # not a field of the form: ignored
        ),
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.text, task.lead_unit, task.priority, task.strategy_goal, task.deadline) == (
        "Tổ chức diễn đàn nhân dân biên giới Việt – Lào",
        tree.units.quang_tri,
        "urgent",
        "Biên giới hòa bình",
        dt.date(2026, 12, 31),
    )
    assert list(task.coordinating_units.all()) == [tree.ministry]  # the lead is never also coordinating
    entry = AuditEntry.objects.filter(object_id=str(task.pk), action="update").get()
    assert entry.actor_username == "dieuphoi" and entry.after["priority"] == "urgent"
    assert entry.unit_path == tree.units.quang_tri.path


def test_only_coordinators_may_correct_a_task(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    task = _task(tree)
    for user in (make_user("editor", tree.ministry), make_user("editor", tree.units.vufo)):
        client = client_for(user)
        assert client.get(f"/nhiem-vu/{task.pk}/sua/").status_code == 403
        assert client.post(f"/nhiem-vu/{task.pk}/sua/", _form(task, text="Sửa lén")).status_code == 403
        assert "/sua/" not in client.get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert (
        client_for(make_user("editor", tree.units.ha_noi)).get(f"/nhiem-vu/{task.pk}/sua/").status_code == 404
    )
    with pytest.raises(PermissionDenied):
        services.task_update(
            actor=make_user("editor", tree.ministry),
            task=task,
            text="x",
            lead_unit=tree.ministry,
            expected_version=task.version,
        )
    task.refresh_from_db()
    assert task.text == "Tổ chức diễn đàn nhân dân biên giới"


def test_a_save_based_on_an_older_version_is_refused_showing_the_other_change(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    task = _task(tree)
    first = client_for(make_user("coordinator", tree.units.vufo, username="dieuphoi.a"))
    second = client_for(make_user("coordinator", tree.units.vufo, username="dieuphoi.b"))
    stale = _form(task)
    assert first.post(f"/nhiem-vu/{task.pk}/sua/", _form(task, priority="high")).status_code == 302
    refused = second.post(f"/nhiem-vu/{task.pk}/sua/", {**stale, "text": "Bản của tab thứ hai"})
    assert refused.status_code == 400
    errors = " ".join(refused.context["form"].non_field_errors())
    assert "Người khác đã sửa bản ghi này" in errors and "dieuphoi.a" in errors
    task.refresh_from_db()
    assert (task.priority, task.text) == ("high", "Tổ chức diễn đàn nhân dân biên giới")
    # The kept input is now based on the newer version: saving again goes through.
    assert refused.context["form"].data["version"] == str(task.version)
    again = second.post(f"/nhiem-vu/{task.pk}/sua/", dict(refused.context["form"].data.lists()))
    assert again.status_code == 302
    task.refresh_from_db()
    assert task.text == "Bản của tab thứ hai"
    with pytest.raises(StaleEditError):
        services.task_update(actor=SYSTEM, task=task, text="x", lead_unit=tree.ministry, expected_version=1)


def test_an_edit_keeps_a_deadline_approved_meanwhile(tree: Tree, make_user: Callable[..., User]) -> None:
    task = _task(tree)
    opened = Task.objects.get(pk=task.pk)  # the edit page read the task before the approval
    change = services.deadline_change_request(
        actor=make_user("editor", tree.ministry),
        task=task,
        new_deadline=dt.date(2027, 3, 31),
        reason="Chờ số liệu",
        decision_reference="Công văn",
        now=NOW,
        today=NOW.date(),
    )
    services.deadline_change_decide(actor=SYSTEM, change=change, approve=True, now=NOW)
    services.task_update(
        actor=SYSTEM,
        task=opened,
        text="Sửa nội dung",
        lead_unit=tree.ministry,
        expected_version=opened.version,
    )
    task.refresh_from_db()
    assert (task.text, task.deadline) == ("Sửa nội dung", dt.date(2027, 3, 31))


def test_a_coordinator_cancels_an_open_task_with_a_reason_and_it_is_counted_nowhere(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    task = _task(tree)
    kept = _task(tree, text="Việc vẫn theo dõi")
    url = f"/nhiem-vu/{task.pk}/huy/"
    assert (
        client_for(make_user("editor", tree.ministry)).post(url, {"reason": "x", "version": 1}).status_code
        == 403
    )
    coordinator = client_for(make_user("coordinator", tree.units.vufo, username="dieuphoi"))
    edit = coordinator.get(f"/nhiem-vu/{task.pk}/sua/").content.decode()
    assert 'id="cancel-form"' in edit and "data-confirm=" in edit.split('id="cancel-form"')[1].split(">")[0]
    empty = coordinator.post(url, {"reason": "", "version": task.version})
    assert empty.status_code == 400 and empty.context["cancel_form"].errors["reason"]
    done = coordinator.post(url, {"reason": "Trùng với nhiệm vụ số 12", "version": task.version})
    # The form posted to "#huy": the list is opened at its message, not at an anchor it lacks.
    assert done.status_code == 302 and done["Location"] == "/nhiem-vu/#noi-dung"
    task.refresh_from_db()
    assert (task.state, task.cancel_reason) == ("cancelled", "Trùng với nhiệm vụ số 12")
    assert (
        AuditEntry.objects.filter(object_id=str(task.pk), action="update").get().after["state"] == "cancelled"
    )
    assert [r.task for r in coordinator.get("/nhiem-vu/").context["rows"]] == [kept]
    # Its page stays, for the change log's links: what was called off, and why; no actions.
    page = coordinator.get(f"/nhiem-vu/{task.pk}/")
    body = page.content.decode()
    assert page.status_code == 200 and 'id="task-cancelled"' in body and "Trùng với nhiệm vụ số 12" in body
    assert "<form" not in body.split('id="noi-dung"', 1)[1].split("</main>", 1)[0]
    outsider = client_for(make_user("editor", tree.units.ha_noi))
    assert outsider.get(f"/nhiem-vu/{task.pk}/").status_code == 404


def test_a_task_done_or_with_open_parts_is_not_cancelled(tree: Tree, make_user: Callable[..., User]) -> None:
    parent = _task(tree)
    services.subtask_create(
        actor=SYSTEM, parent=parent, lead_unit=tree.mission, text="Phần việc", deadline=dt.date(2026, 9, 30)
    )
    with pytest.raises(TaskError) as parts:
        services.task_cancel(actor=SYSTEM, task=parent, reason="Thôi", expected_version=parent.version)
    assert "1 phần việc chưa hoàn thành" in parts.value.message_dict["task"][0]
    done = _task(tree, text="Việc đã xong")
    lead = make_user("editor", tree.ministry)
    services.progress_report_submit(
        actor=lead,
        task=done,
        unit=tree.ministry,
        text="Xong",
        percent=100,
        is_completion=True,
        today=NOW.date(),
        now=NOW,
    )
    services.task_completion_confirm(actor=SYSTEM, task=done, now=NOW)
    done.refresh_from_db()
    with pytest.raises(TaskError):
        services.task_cancel(actor=SYSTEM, task=done, reason="Thôi", expected_version=done.version)
    stale = _task(tree, text="Việc sửa ở tab khác")
    services.task_update(actor=SYSTEM, task=stale, text="Đã sửa", lead_unit=tree.ministry, expected_version=1)
    with pytest.raises(StaleEditError):
        services.task_cancel(actor=SYSTEM, task=stale, reason="Thôi", expected_version=1)


@pytest.mark.parametrize("value", ["99999999999999999999", "-99999999999999999999"])
def test_a_coordinating_unit_beyond_any_key_is_refused_in_words_not_a_server_error(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client], value: str
) -> None:
    task = _task(tree)
    coordinator = client_for(make_user("coordinator", tree.units.vufo, username="dieuphoi"))
    before = task.version
    response = coordinator.post(
        f"/nhiem-vu/{task.pk}/sua/", _form(task, coordinating_units=[tree.ministry.pk, value])
    )
    assert response.status_code == 400
    assert "không phải là giá trị hợp lệ" in str(response.context["form"].errors["coordinating_units"])
    task.refresh_from_db()
    assert task.version == before
