"""The tasks waiting for someone's decision: the list of them, and the notes under the bell."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from doingoai.accounts.models import User
from doingoai.notifications.models import Notification
from doingoai.tasks import selectors, services
from doingoai.tasks.models import Task
from tests.tasks.conftest import Tree, task_made

NOW = dt.datetime(2026, 9, 1, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 9, 1)


@pytest.fixture(autouse=True)
def _fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("doingoai.tasks.views._today", lambda: TODAY)


def _task(tree: Tree, **changes: object) -> Task:
    return task_made(tree, **{"text": "Tổ chức diễn đàn nhân dân biên giới", **changes})


def _extend(task: Task, actor: object) -> None:
    services.deadline_change_request(
        actor=actor,
        task=task,
        new_deadline=dt.date(2027, 3, 31),
        reason="Chờ số liệu",
        decision_reference="Công văn số 7",
        now=NOW,
        today=TODAY,
    )


def _report(task: Task, actor: object, *, done: bool, percent: int = 100) -> object:
    assert task.lead_unit is not None
    return services.progress_report_submit(
        actor=actor,
        task=task,
        unit=task.lead_unit,
        text="Báo cáo",
        percent=percent,
        is_completion=done,
        today=TODAY,
        now=NOW,
    )


def test_tasks_awaiting_decision_are_those_the_user_decides_on_and_did_not_ask_for(
    tree: Tree, make_user: Callable[..., User]
) -> None:
    lead = make_user("editor", tree.ministry)
    extended = _task(tree, text="Việc xin gia hạn")
    reported = _task(tree, text="Việc báo cáo xong")
    quiet = _task(tree, text="Việc chưa có gì")
    elsewhere = _task(tree, text="Việc Hà Nội giao", issuer_unit=tree.units.ha_noi)
    _extend(extended, lead)
    _report(reported, lead, done=True)
    _extend(elsewhere, lead)
    issuer = make_user("editor", tree.units.vufo)
    coordinator = make_user("coordinator", tree.units.vufo)

    def awaiting(user: User) -> dict[str, tuple[bool, bool]]:
        return {
            t.text: (t.awaits_deadline_change, t.awaits_completion)
            for t in selectors.tasks_awaiting_decision(user=user)
        }

    assert awaiting(issuer) == {"Việc xin gia hạn": (True, False), "Việc báo cáo xong": (False, True)}
    assert set(awaiting(coordinator)) == {"Việc xin gia hạn", "Việc báo cáo xong", "Việc Hà Nội giao"}
    assert awaiting(lead) == {} and awaiting(make_user("viewer", tree.units.vufo)) == {}
    assert quiet.pk not in {t.pk for t in selectors.tasks_awaiting_decision(user=coordinator)}
    # A request waits for others, never for whoever made it.
    own = _task(tree, text="Việc của Ban", lead_unit=tree.units.vufo)
    _extend(own, issuer)
    assert "Việc của Ban" not in awaiting(issuer) and "Việc của Ban" in awaiting(coordinator)
    # Decided, or withdrawn by a later progress report: it waits no more.
    services.deadline_change_decide(
        actor=issuer, change=extended.deadline_changes.get(), approve=True, now=NOW
    )
    _report(reported, lead, done=False, percent=60)
    assert awaiting(issuer) == {}


def test_the_task_list_shows_what_waits_for_the_user_and_filters_on_it(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    lead = make_user("editor", tree.ministry)
    extended = _task(tree, text="Việc xin gia hạn")
    _task(tree, text="Việc chưa có gì")
    _extend(extended, lead)
    issuer = client_for(make_user("editor", tree.units.vufo))
    page = issuer.get("/nhiem-vu/").content.decode()
    box = page.split('id="cho-quyet-dinh"')[1].split("</section>")[0]
    assert "1 nhiệm vụ chờ bạn quyết định" in box and f'data-awaiting="{extended.pk}"' in box
    assert "Đề nghị gia hạn chờ duyệt" in box and 'href="?awaiting=on"' in box
    filtered = issuer.get("/nhiem-vu/?awaiting=on")
    assert [r.task.text for r in filtered.context["rows"]] == ["Việc xin gia hạn"]
    assert 'id="cho-quyet-dinh"' not in client_for(lead).get("/nhiem-vu/").content.decode()


def test_the_deciders_are_notified_of_a_request_and_the_author_of_a_return(
    tree: Tree, make_user: Callable[..., User]
) -> None:
    lead = make_user("editor", tree.ministry)
    issuer = make_user("editor", tree.units.vufo)
    coordinator = make_user("coordinator", tree.front)  # a coordinator outside the issuer unit
    make_user("viewer", tree.units.vufo)
    task = _task(tree)
    _extend(task, lead)
    [note] = Notification.objects.all()
    assert note.user == issuer and note.url == f"/nhiem-vu/{task.pk}/"
    assert note.text.startswith("Đề nghị gia hạn chờ bạn duyệt (31/12/2026 → 31/03/2027)")
    report = _report(task, lead, done=True)
    assert Notification.objects.filter(
        user=issuer, text__startswith="Báo cáo hoàn thành chờ bạn xác nhận"
    ).exists()
    services.completion_report_return(actor=issuer, report=report, reason="Thiếu biên bản", now=NOW)  # type: ignore[arg-type]
    assert Notification.objects.get(user=lead).text.startswith(
        "Báo cáo hoàn thành bị trả lại (Thiếu biên bản)"
    )
    # No issuer unit: the coordinators decide, and are told.
    _extend(_task(tree, issuer_unit=None, text="Việc không ghi đơn vị giao"), lead)
    assert Notification.objects.filter(user=coordinator, text__contains="Việc không ghi đơn vị giao").exists()
    assert not Notification.objects.filter(user=coordinator).exclude(text__contains="không ghi").exists()


def test_each_decider_reads_the_request_in_the_language_they_chose_and_the_lead_the_decision(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    """Two people of one unit were asked in the site's language, though one had chosen English."""
    lead = make_user("editor", tree.ministry)
    issuer = make_user("editor", tree.units.vufo)
    colleague = make_user("editor", tree.units.vufo)
    client_for(colleague).post("/ngon-ngu/", {"language": "en", "next": "/"})
    client_for(lead).post("/ngon-ngu/", {"language": "en", "next": "/"})
    task = _task(tree)
    _extend(task, lead)  # the lead chose English too: the issuer, who chose nothing, reads Vietnamese
    assert Notification.objects.get(user=issuer).text.startswith("Đề nghị gia hạn chờ bạn duyệt (31/12/2026")
    assert Notification.objects.get(user=colleague).text.startswith(
        "An extension request waits for your approval (31/12/2026"
    )
    services.deadline_change_decide(actor=issuer, change=task.deadline_changes.get(), approve=True, now=NOW)
    decided = Notification.objects.get(user=lead).text
    assert decided.startswith("Extension request granted (31/12/2026 → 31/03/2027")


def test_the_home_page_lists_the_decisions_waiting_for_the_user(
    tree: Tree, make_user: Callable[..., User], client: Client
) -> None:
    lead = make_user("editor", tree.ministry)
    extended = _task(tree, text="Việc xin gia hạn thêm")
    _extend(extended, lead)
    client.force_login(make_user("editor", tree.units.vufo))
    page = client.get("/").content.decode()
    block = page.split('id="home-awaiting"', 1)[1].split("</section>", 1)[0]
    assert "Việc xin gia hạn thêm" in block and "Đề nghị gia hạn chờ duyệt" in block
    client.force_login(lead)  # who asked sees no box: nothing waits for them
    assert 'id="home-awaiting"' not in client.get("/").content.decode()


def test_a_note_asking_for_a_decision_is_off_every_bell_once_decided_or_withdrawn(
    tree: Tree, make_user: Callable[..., User]
) -> None:
    lead = make_user("editor", tree.ministry)
    issuer = make_user("editor", tree.units.vufo)
    colleague = make_user("editor", tree.units.vufo)  # also may decide; told too

    def unread(user: User, start: str) -> int:
        return Notification.objects.filter(user=user, read_at__isnull=True, text__startswith=start).count()

    task = _task(tree)
    _extend(task, lead)
    assert unread(issuer, "Đề nghị gia hạn") == unread(colleague, "Đề nghị gia hạn") == 1
    services.deadline_change_decide(actor=issuer, change=task.deadline_changes.get(), approve=True, now=NOW)
    assert unread(issuer, "Đề nghị gia hạn") == unread(colleague, "Đề nghị gia hạn") == 0
    _report(task, lead, done=True)
    assert unread(colleague, "Báo cáo hoàn thành chờ") == 1
    _report(task, lead, done=False, percent=60)  # the lead takes it back
    assert unread(colleague, "Báo cáo hoàn thành chờ") == 0
    _report(task, lead, done=True)
    services.task_completion_confirm(actor=issuer, task=task, now=NOW)
    assert unread(colleague, "Báo cáo hoàn thành chờ") == 0


def test_the_lead_is_told_of_the_decision_on_its_extension_and_its_completion_report(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    """On 07/12/2026 Hà Nội asked for more time, the coordinator agreed, and Hà Nội's bell said nothing."""
    lead = make_user("editor", tree.ministry)
    issuer = make_user("editor", tree.units.vufo)

    def notes(user: User) -> list[str]:
        return list(Notification.objects.filter(user=user).order_by("pk").values_list("text", flat=True))

    agreed = _task(tree, text="Việc được gia hạn")
    services.deadline_change_request(
        actor=lead, task=agreed, new_deadline=dt.date(2027, 3, 31), reason="Chờ đối tác", now=NOW, today=TODAY
    )
    services.deadline_change_decide(
        actor=issuer,
        change=agreed.deadline_changes.get(),
        approve=True,
        decision_reference="Công văn 12/VUFO",
        now=NOW,
    )
    assert notes(lead) == [
        "Đề nghị gia hạn được đồng ý (31/12/2026 → 31/03/2027, theo Công văn 12/VUFO): Việc được gia hạn"
    ]
    refused = _task(tree, text="Việc không được gia hạn")
    _extend(refused, lead)
    services.deadline_change_decide(
        actor=issuer, change=refused.deadline_changes.get(), approve=False, now=NOW
    )
    assert (
        notes(lead)[-1]
        == "Đề nghị gia hạn không được đồng ý (31/12/2026 → 31/03/2027): Việc không được gia hạn"
    )
    note = Notification.objects.filter(user=lead).order_by("pk").last()
    assert note is not None and note.url == f"/nhiem-vu/{refused.pk}/"
    assert "Việc không được gia hạn" in client_for(lead).get("/thong-bao/").content.decode()
    done = _task(tree, text="Việc đã xong")
    services.progress_report_submit(
        actor=lead,
        task=done,
        unit=tree.ministry,
        text="Đã xong",
        percent=100,
        is_completion=True,
        done_on=dt.date(2026, 8, 30),
        today=TODAY,
        now=NOW,
    )
    services.task_completion_confirm(actor=issuer, task=done, now=NOW)
    assert notes(lead)[-1] == "Đã xác nhận hoàn thành nhiệm vụ (ngày hoàn thành 30/08/2026): Việc đã xong"
    assert not [text for text in notes(issuer) if "được đồng ý" in text or "Đã xác nhận" in text]


def test_a_completion_report_sent_again_leaves_one_note_asking_for_a_decision(
    tree: Tree, make_user: Callable[..., User]
) -> None:
    """On 07/12/2026 a bell kept asking about a first completion report that a second had replaced."""
    lead = make_user("editor", tree.ministry)
    issuer = make_user("editor", tree.units.vufo)
    task = _task(tree)
    _report(task, lead, done=True)
    _report(task, lead, done=True)  # sent again, with the right date
    waiting = Notification.objects.filter(
        user=issuer, read_at__isnull=True, text__startswith="Báo cáo hoàn thành chờ"
    )
    assert waiting.count() == 1
    services.task_completion_confirm(actor=issuer, task=task, now=NOW)
    assert not waiting.exists()


def test_a_decision_reference_with_a_nul_is_refused_naming_the_box_and_decides_nothing(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    """The document of a decision is posted without a form: its NUL was stored on SQLite, and on
    PostgreSQL the decision was a server error."""
    lead = make_user("editor", tree.ministry)
    issuer = make_user("editor", tree.units.vufo)
    task = _task(tree, issuer_unit=tree.units.vufo)
    services.deadline_change_request(
        actor=lead, task=task, new_deadline=dt.date(2027, 3, 31), reason="Chờ đối tác", now=NOW, today=TODAY
    )
    change = task.deadline_changes.get()
    response = client_for(issuer).post(
        f"/nhiem-vu/gia-han/{change.pk}/quyet-dinh/",
        {"approve": "1", "decision_reference": "Công văn\x00 số 12"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Văn bản cho phép gia hạn có ký tự rỗng (NUL)" in response.content.decode()
    change.refresh_from_db()
    task.refresh_from_db()
    assert change.state == "pending" and change.decision_reference == ""
    assert task.deadline != dt.date(2027, 3, 31)
