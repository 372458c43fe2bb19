from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.api.services import token_create
from doingoai.tasks import services
from doingoai.tasks.models import Conference, ConnectionPoint, PointMode, Task
from tests.tasks.conftest import Tree

TODAY = dt.date(2026, 9, 1)


@pytest.fixture(autouse=True)
def _fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("doingoai.tasks.api._today", lambda: TODAY)


def _auth(user: User) -> dict[str, str]:
    _token, secret = token_create(actor=user, user=user, name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _setup(tree: Tree) -> dict[str, int]:
    conference = services.conference_create(
        actor=SYSTEM, title="Hội nghị tổng kết", date=dt.date(2025, 12, 30), organizer=tree.ministry
    )
    ConnectionPoint.objects.create(
        conference=conference, name="Hội trường", unit=tree.ministry, mode=PointMode.ONSITE, attendance=120
    )
    ConnectionPoint.objects.create(
        conference=conference,
        name="Điểm cầu Quảng Trị",
        unit=tree.units.quang_tri,
        mode=PointMode.ONLINE,
        attendance=40,
    )
    late = services.task_create(
        actor=SYSTEM,
        text="Việc quá hạn",
        lead_unit=tree.units.quang_tri,
        deadline=dt.date(2026, 7, 1),
        coordinating_units=[tree.ministry],
        conference=conference,
    )
    open_task = services.task_create(
        actor=SYSTEM, text="Việc trong hạn", lead_unit=tree.ministry, deadline=dt.date(2026, 12, 31)
    )
    hanoi = services.task_create(
        actor=SYSTEM, text="Việc của Hà Nội", lead_unit=tree.units.ha_noi, deadline=dt.date(2026, 8, 15)
    )
    return {"conference": conference.pk, "late": late.pk, "open": open_task.pk, "hanoi": hanoi.pk}


def test_conferences_list_counts_the_connection_points(
    tree: Tree, client: Client, make_user: Callable[..., User]
) -> None:
    ids = _setup(tree)
    [item] = client.get("/api/conferences", **_auth(make_user("viewer", tree.ministry))).json()
    assert item["id"] == ids["conference"] and item["date"] == "2025-12-30"
    assert (item["connection_points"], item["attendance"], item["tasks"]) == (2, 160, 1)
    assert item["organizer"] == {"id": tree.ministry.pk, "name": "Bộ Ngoại giao"}
    # Hà Nội reads the conference, not Quảng Trị's task: it is not counted for them.
    [seen] = client.get("/api/conferences", **_auth(make_user("viewer", tree.units.ha_noi))).json()
    assert (seen["connection_points"], seen["attendance"], seen["tasks"]) == (2, 160, 0)


def test_conferences_list_attendance_does_not_grow_with_the_tasks(
    tree: Tree, client: Client, make_user: Callable[..., User]
) -> None:
    ids = _setup(tree)
    services.task_create(
        actor=SYSTEM,
        text="Việc thứ hai của hội nghị",
        lead_unit=tree.ministry,
        deadline=dt.date(2026, 12, 31),
        conference=Conference.objects.get(pk=ids["conference"]),
    )
    [item] = client.get("/api/conferences", **_auth(make_user("viewer", tree.ministry))).json()
    assert (item["connection_points"], item["attendance"], item["tasks"]) == (2, 160, 2)


def test_tasks_list_is_paginated_scoped_and_overdue_first(
    tree: Tree, client: Client, make_user: Callable[..., User]
) -> None:
    ids = _setup(tree)
    body = client.get("/api/tasks", **_auth(make_user("editor", tree.ministry))).json()
    assert body["count"] == 2
    first, second = body["items"]
    assert (first["id"], first["status"], first["overdue_days"]) == (ids["late"], "overdue", 62)
    assert first["lead"] == {"id": tree.units.quang_tri.pk, "name": tree.units.quang_tri.name}
    assert first["coordinating"] == [{"id": tree.ministry.pk, "name": "Bộ Ngoại giao"}]
    assert (first["deadline"], first["original_deadline"], first["source"]) == (
        "2026-07-01",
        "2026-07-01",
        None,
    )
    assert first["conference_id"] == ids["conference"]
    assert (second["id"], second["status"], second["overdue_days"]) == (ids["open"], "in_progress", 0)
    paged = client.get(
        "/api/tasks?limit=1&offset=1", **_auth(make_user("coordinator", tree.units.vufo))
    ).json()
    assert paged["count"] == 3 and len(paged["items"]) == 1
    assert (
        client.get("/api/tasks?status=late", **_auth(make_user("coordinator", tree.units.vufo))).status_code
        == 400
    )


def test_summary_counts_per_class_overall_and_per_lead_unit(
    tree: Tree, client: Client, make_user: Callable[..., User]
) -> None:
    _setup(tree)
    body = client.get("/api/tasks/summary", **_auth(make_user("coordinator", tree.units.vufo))).json()
    assert body["overall"] == {"done_on_time": 0, "done_late": 0, "in_progress": 1, "overdue": 2}
    assert body["overdue_bands"] == {"1-30": 1, "31-90": 1, "91-120": 0, "120+": 0}
    by_unit = {u["name"]: u for u in body["by_lead_unit"]}
    assert by_unit["Bộ Ngoại giao"]["in_progress"] == 1
    assert by_unit[tree.units.ha_noi.name]["overdue"] == 1


def test_reports_through_the_api_within_scope(
    tree: Tree, client: Client, make_user: Callable[..., User]
) -> None:
    ids = _setup(tree)
    editor = _auth(make_user("editor", tree.ministry))
    created = client.post(
        f"/api/tasks/{ids['open']}/reports",
        {"unit_id": tree.ministry.pk, "text": "Đã lập đề cương", "percent": 40},
        content_type="application/json",
        **editor,
    )
    assert created.status_code == 201 and created.json()["percent"] == 40
    assert client.get(f"/api/tasks/{ids['open']}", **editor).json()["percent"] == 40
    refused = client.post(
        f"/api/tasks/{ids['open']}/reports",
        {"unit_id": tree.ministry.pk, "text": "x", "percent": 140},
        content_type="application/json",
        **editor,
    )
    assert refused.status_code == 400 and "percent" in refused.json()["detail"]
    half_done = client.post(
        f"/api/tasks/{ids['open']}/reports",
        {"unit_id": tree.ministry.pk, "text": "Xong một nửa", "percent": 50, "is_completion": True},
        content_type="application/json",
        **editor,
    )
    assert (
        half_done.status_code == 400
        and "percent: Báo cáo hoàn thành ghi tiến độ 100%" in (half_done.json()["detail"])
    )
    assert client.get(f"/api/tasks/{ids['open']}", **editor).json()["percent"] == 40
    assert client.get(f"/api/tasks/{ids['hanoi']}/reports", **editor).status_code == 404
    assert (
        client.get(f"/api/tasks/{ids['open']}/reports", **editor).json()[0]["unit"]["name"] == "Bộ Ngoại giao"
    )


def _list_queries(client: Client, headers: dict[str, str], url: str) -> tuple[dict[str, Any], list[str]]:
    with CaptureQueriesContext(connection) as queries:
        body = client.get(url, **headers).json()
    return body, [q["sql"] for q in queries.captured_queries]


def test_tasks_list_pages_in_the_database_so_a_page_costs_the_same_however_many_tasks(
    tree: Tree, client: Client, make_user: Callable[..., User]
) -> None:
    headers = _auth(make_user("coordinator", tree.units.vufo))
    for n in range(3):
        services.task_create(
            actor=SYSTEM,
            text=f"Việc {n}",
            lead_unit=tree.units.quang_tri,
            deadline=dt.date(2026, 8, 1) + dt.timedelta(days=n),
            coordinating_units=[tree.ministry],
        )
    client.get("/api/tasks", **headers)  # the token's first use is recorded once
    small, small_sql = _list_queries(client, headers, "/api/tasks?limit=2&offset=1")
    for n in range(3, 60):
        services.task_create(
            actor=SYSTEM,
            text=f"Việc {n}",
            lead_unit=tree.units.ha_noi,
            deadline=dt.date(2026, 8, 1) + dt.timedelta(days=n),
            coordinating_units=[tree.ministry, tree.front],
        )
    large, large_sql = _list_queries(client, headers, "/api/tasks?limit=2&offset=1")
    assert (small["count"], len(small["items"])) == (3, 2)
    assert (large["count"], len(large["items"])) == (60, 2)
    assert len(large_sql) == len(small_sql)
    # The tasks are read a page at a time: the query that reads them is limited to the page.
    [read] = [sql for sql in large_sql if '"tasks_task"."text"' in sql and "COUNT(" not in sql.upper()]
    assert "LIMIT 2" in read
    # Overdue first, the longest late first: 1 August is 31 days before TODAY, 2 August 30.
    assert [i["text"] for i in large["items"]] == ["Việc 1", "Việc 2"]
    assert [i["overdue_days"] for i in large["items"]] == [30, 29]


def test_tasks_list_filters_a_status_class_in_the_database(
    tree: Tree, client: Client, make_user: Callable[..., User]
) -> None:
    ids = _setup(tree)
    headers = _auth(make_user("coordinator", tree.units.vufo))
    Task.objects.filter(pk=ids["hanoi"]).update(completed_on=dt.date(2026, 8, 20), closed_confirmed=True)
    late = client.get("/api/tasks?status=done_late", **headers).json()
    assert late["count"] == 1 and late["items"][0]["id"] == ids["hanoi"]
    assert late["items"][0]["overdue_days"] == 5
    overdue = client.get("/api/tasks?status=overdue", **headers).json()
    assert [i["id"] for i in overdue["items"]] == [ids["late"]]
    assert client.get("/api/tasks?limit=101", **headers).status_code == 422


def test_a_progress_report_with_a_misspelt_key_is_refused_and_records_nothing(
    tree: Tree, client: Client, make_user: Callable[..., User]
) -> None:
    ids = _setup(tree)
    editor = _auth(make_user("editor", tree.ministry))
    refused = client.post(
        f"/api/tasks/{ids['open']}/reports",
        {"unit_id": tree.ministry.pk, "text": "Đã xong", "percent": 100, "is_complete": True},
        content_type="application/json",
        **editor,
    )
    assert refused.status_code == 422
    assert "Tham số “is_complete” không có trong yêu cầu này." in [d["msg"] for d in refused.json()["detail"]]
    assert client.get(f"/api/tasks/{ids['open']}/reports", **editor).json() == []


@pytest.mark.parametrize("typed", ["quá hạn", "QUÁ HẠN", "qua han", "Việc QUA"])
def test_the_task_search_ignores_case_and_diacritics(
    typed: str, tree: Tree, client: Client, make_user: Callable[..., User]
) -> None:
    ids = _setup(tree)
    coordinator = make_user("coordinator", tree.units.vufo)
    body = client.get("/api/tasks", {"q": typed}, **_auth(coordinator)).json()
    assert [t["id"] for t in body["items"]] == [ids["late"]]
    page = client_for_user(client, coordinator).get("/nhiem-vu/", {"q": typed}).content.decode()
    assert "Việc quá hạn" in page and "Việc của Hà Nội" not in page


def client_for_user(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def test_a_tasks_folded_text_follows_an_edit(tree: Tree) -> None:
    task = services.task_create(
        actor=SYSTEM, text="Rà soát Chỉ thị 12", lead_unit=tree.ministry, deadline=dt.date(2026, 9, 1)
    )
    assert Task.objects.get(pk=task.pk).text_key == "ra soat chi thi 12"
    task.text = "Đề xuất chiến lược đến năm 2045"
    task.save(update_fields=["text"])
    assert Task.objects.get(pk=task.pk).text_key == "de xuat chien luoc den nam 2045"


def test_tasks_list_filters_the_tasks_due_soon(
    tree: Tree, client: Client, make_user: Callable[..., User]
) -> None:
    soon = services.task_create(
        actor=SYSTEM, text="Việc sắp đến hạn", lead_unit=tree.ministry, deadline=TODAY + dt.timedelta(days=10)
    )
    services.task_create(
        actor=SYSTEM, text="Việc còn xa", lead_unit=tree.ministry, deadline=TODAY + dt.timedelta(days=20)
    )
    auth = _auth(make_user("editor", tree.ministry))
    body = client.get("/api/tasks?status=due_soon", **auth).json()
    assert [(t["id"], t["status"], t["days_left"]) for t in body["items"]] == [(soon.pk, "in_progress", 10)]
    bad = client.get("/api/tasks?status=soon", **auth)
    assert bad.status_code == 400 and "due_soon" in bad.json()["detail"]
    described = client.get("/api/openapi.json").json()
    [status] = [p for p in described["paths"]["/api/tasks"]["get"]["parameters"] if p["name"] == "status"]
    assert "due_soon" in status["description"]


def test_a_progress_report_with_a_nul_character_is_refused_in_words(
    tree: Tree, client: Client, make_user: Callable[..., User]
) -> None:
    ids = _setup(tree)
    editor = _auth(make_user("editor", tree.ministry))
    answer = client.post(
        f"/api/tasks/{ids['open']}/reports",
        {"unit_id": tree.ministry.pk, "text": "Đã xong\u0000", "percent": 40},
        content_type="application/json",
        **editor,
    )
    assert answer.status_code == 422 and answer.json()["detail"][0]["msg"].startswith("Tham số “text”")
    assert client.get(f"/api/tasks/{ids['open']}/reports", **editor).json() == []
