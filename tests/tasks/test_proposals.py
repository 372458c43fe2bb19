from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.library.models import Document, IngestJob
from doingoai.tasks import selectors, services
from doingoai.tasks.errors import TaskError
from doingoai.tasks.models import Task, TaskState
from doingoai.tasks.status import Status
from tests.tasks.conftest import Tree

TODAY = dt.date(2026, 3, 2)

# Written for the tests: a conclusions notice with a dated directive and an undated one.
NOTICE = (
    "Thông báo kết luận hội nghị sơ kết công tác hữu nghị\n\n"
    "(TTXVN) - Ngày 20/2/2026, tại Hà Nội, Liên hiệp các tổ chức hữu nghị Việt Nam "
    "tổ chức hội nghị sơ kết.\n\n"
    "Kết luận hội nghị, Chủ tịch Liên hiệp giao Bộ Ngoại giao chủ trì, phối hợp với "
    "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam xây dựng kế hoạch giao lưu nhân dân biên giới, "
    "báo cáo trước ngày 30/6/2026. "
    "Chủ tịch cũng đề nghị các hội hữu nghị song phương chủ động chuẩn bị chương trình giao lưu thanh niên.\n"
)


def _seed_document(seeds_dir: Path, ingest: Callable[..., IngestJob]) -> Document:
    path = next(p for p in sorted(seeds_dir.glob("*.txt")) if "(TBTCO)" in p.read_text(encoding="utf-8"))
    ingest({path.name: path.read_text(encoding="utf-8")}, published=True)
    return Document.objects.get(file_name=path.name)


def _strategy(proposals: list[selectors.Proposal]) -> selectors.Proposal:
    return next(p for p in proposals if "sơ kết gần 5 năm" in p.directive.task)


def _confirm_data(
    proposal: selectors.Proposal, *, lead_unit: int, deadline: str, **fields: Any
) -> dict[str, Any]:
    """Return the POST that confirms a proposal with its text and issuer, a lead and a deadline."""
    prefix = f"p{proposal.key}"
    data: dict[str, Any] = {
        "proposal": proposal.key,
        "action": "confirm",
        f"{prefix}-text": proposal.directive.task,
        f"{prefix}-lead_unit": lead_unit,
        f"{prefix}-deadline": deadline,
        f"{prefix}-issuer": proposal.directive.issuer,
        f"{prefix}-source_kind": "directive",
        f"{prefix}-priority": "normal",
    }
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    return data


def test_seed_directive_is_proposed_with_the_ministry_as_lead(
    tree: Tree, seeds_dir: Path, ingest: Callable[..., IngestJob]
) -> None:
    document = _seed_document(seeds_dir, ingest)
    proposal = _strategy(selectors.document_proposals(user=SYSTEM, document=document))
    assert proposal.lead_unit == tree.ministry
    assert proposal.coordinating_unresolved == ["các cơ quan, tổ chức, địa phương"]
    assert "Chỉ thị số 12" in proposal.quote and "2045" in proposal.quote
    assert (
        proposal.quote.startswith("Thường trực Ban Bí Thư") and "giao Bộ Ngoại giao chủ trì" in proposal.quote
    )
    assert proposal.task is None


def test_units_and_deadline_are_prefilled_from_the_text(tree: Tree, ingest: Callable[..., IngestJob]) -> None:
    ingest({"ket-luan.txt": NOTICE}, published=True)
    document = Document.objects.get(file_name="ket-luan.txt")
    proposals = selectors.document_proposals(user=SYSTEM, document=document)
    dated = next(p for p in proposals if p.deadline is not None)
    assert (dated.lead_unit, dated.coordinating_units, dated.deadline) == (
        tree.ministry,
        [tree.front],
        dt.date(2026, 6, 30),
    )
    undated = next(p for p in proposals if p is not dated)
    assert undated.lead_unit is None and undated.deadline is None


def test_the_deadline_read_is_shown_in_words_beside_the_sentence(
    tree: Tree,
    ingest: Callable[..., IngestJob],
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    ingest({"ket-luan.txt": NOTICE}, published=True)
    document = Document.objects.get(file_name="ket-luan.txt")
    page = client_for(make_user("coordinator", tree.units.vufo)).get(f"/nhiem-vu/van-ban/{document.pk}/")
    html = page.content.decode()
    assert "Thời hạn: 30/06/2026</small>" in html and "2026-06-30" not in html


def test_a_proposed_task_opens_with_a_capital_as_a_list_of_tasks_does(
    tree: Tree,
    ingest: Callable[..., IngestJob],
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    ingest({"ket-luan.txt": NOTICE}, published=True)
    document = Document.objects.get(file_name="ket-luan.txt")
    page = client_for(make_user("coordinator", tree.units.vufo)).get(f"/nhiem-vu/van-ban/{document.pk}/")
    texts = [item["form"]["text"].value() for item in page.context["items"]]
    # The directive reads "... chủ trì, phối hợp với ... xây dựng kế hoạch ...": the task is its tail.
    assert any(t.startswith("Xây dựng kế hoạch giao lưu nhân dân biên giới") for t in texts), texts
    assert all(t[:1].isupper() for t in texts), texts


def test_seed_acceptance_confirm_report_and_follow_up(
    tree: Tree,
    seeds_dir: Path,
    ingest: Callable[..., IngestJob],
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("doingoai.tasks.views._today", lambda: TODAY)
    document = _seed_document(seeds_dir, ingest)
    coordinator = client_for(make_user("coordinator", tree.units.vufo))
    page = coordinator.get(f"/nhiem-vu/van-ban/{document.pk}/")
    assert page.status_code == 200
    item = next(i for i in page.context["items"] if "sơ kết gần 5 năm" in i["proposal"].directive.task)
    proposal, form = item["proposal"], item["form"]
    assert form["lead_unit"].value() == tree.ministry.pk
    data = _confirm_data(
        proposal,
        lead_unit=tree.ministry.pk,
        deadline="31/12/2026",
        coordinating_units=[tree.front.pk],
        coordinating_note="các cơ quan, tổ chức, địa phương",
        priority="high",
        strategy_goal="Chiến lược đối ngoại nhân dân đến năm 2045",
    )
    first = coordinator.post(f"/nhiem-vu/van-ban/{document.pk}/", data)
    second = coordinator.post(f"/nhiem-vu/van-ban/{document.pk}/", data)
    task = Task.objects.get(document=document)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/nhiem-vu/{task.pk}/#noi-dung"
    assert (task.span_start, task.span_end) == proposal.span
    assert task.original_deadline == task.deadline == dt.date(2026, 12, 31)

    editor = client_for(make_user("editor", tree.ministry))
    reported = editor.post(
        f"/nhiem-vu/{task.pk}/bao-cao/",
        {"unit": tree.ministry.pk, "period": "Quý I/2026", "text": "Đã lập đề cương sơ kết", "percent": "40"},
    )
    assert reported.status_code == 302

    board = coordinator.get("/nhiem-vu/")
    [row] = board.context["rows"]
    assert (row.task, row.status.status, row.percent) == (task, Status.IN_PROGRESS, 40)
    assert "Đang thực hiện, trong hạn" in board.content.decode()
    detail = coordinator.get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert "Chỉ thị số 12" in detail
    assert f"/thu-vien/van-ban/{document.pk}/#span-{task.span_start}-{task.span_end}" in detail
    library_page = coordinator.get(f"/thu-vien/van-ban/{document.pk}/").content.decode()
    assert f'id="span-{task.span_start}-{task.span_end}"' in library_page


def test_confirming_twice_or_after_reanalysis_never_duplicates(
    tree: Tree, ingest: Callable[..., IngestJob]
) -> None:
    ingest({"ket-luan.txt": NOTICE}, published=True)
    document = Document.objects.get(file_name="ket-luan.txt")
    proposal = next(p for p in selectors.document_proposals(user=SYSTEM, document=document) if p.deadline)
    values = {"text": "Xây dựng kế hoạch", "lead_unit": tree.ministry, "deadline": proposal.deadline}
    task, created = services.proposal_confirm(actor=SYSTEM, document=document, span=proposal.span, **values)
    again, created_again = services.proposal_confirm(
        actor=SYSTEM, document=document, span=proposal.span, **{**values, "text": "Sửa lại"}
    )
    assert (created, created_again, again.pk) == (True, False, task.pk)
    ingest({"ket-luan-lan-2.txt": NOTICE}, published=True)  # the same text again: found, not re-stored
    assert Document.objects.filter(content_hash=document.content_hash).count() == 1
    [found] = [
        p for p in selectors.document_proposals(user=SYSTEM, document=document) if p.span == proposal.span
    ]
    assert found.task == task
    assert Task.objects.count() == 1


def test_a_discarded_proposal_is_not_proposed_again_and_a_confirmed_one_cannot_be_discarded(
    tree: Tree, ingest: Callable[..., IngestJob]
) -> None:
    ingest({"ket-luan.txt": NOTICE}, published=True)
    document = Document.objects.get(file_name="ket-luan.txt")
    dated, undated = sorted(
        selectors.document_proposals(user=SYSTEM, document=document), key=lambda p: p.deadline is None
    )
    services.proposal_discard(actor=SYSTEM, document=document, span=undated.span)
    services.proposal_discard(actor=SYSTEM, document=document, span=undated.span)
    assert Task.objects.get().state == TaskState.DISCARDED
    assert selectors.tasks_visible(SYSTEM).count() == 0
    services.proposal_confirm(
        actor=SYSTEM,
        document=document,
        span=dated.span,
        text="Kế hoạch",
        lead_unit=tree.ministry,
        deadline=dated.deadline,
    )
    with pytest.raises(TaskError):
        services.proposal_discard(actor=SYSTEM, document=document, span=dated.span)


def test_a_span_that_is_no_directive_is_refused(tree: Tree, ingest: Callable[..., IngestJob]) -> None:
    ingest({"ket-luan.txt": NOTICE}, published=True)
    document = Document.objects.get(file_name="ket-luan.txt")
    with pytest.raises(TaskError) as error:
        services.proposal_confirm(
            actor=SYSTEM, document=document, span=(0, 5), text="x", lead_unit=tree.ministry, deadline=TODAY
        )
    assert "span" in error.value.message_dict


def test_only_a_coordinator_may_confirm(
    tree: Tree,
    ingest: Callable[..., IngestJob],
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    ingest({"ket-luan.txt": NOTICE}, published=True)
    document = Document.objects.get(file_name="ket-luan.txt")
    editor = client_for(make_user("editor", tree.ministry))
    page = editor.get(f"/nhiem-vu/van-ban/{document.pk}/")
    assert page.status_code == 200 and all(i["form"] is None for i in page.context["items"])
    key = page.context["items"][0]["proposal"].key
    assert (
        editor.post(f"/nhiem-vu/van-ban/{document.pk}/", {"proposal": key, "action": "discard"}).status_code
        == 403
    )
    assert Task.objects.count() == 0


def test_a_conference_document_preselects_its_conference(
    tree: Tree,
    ingest: Callable[..., IngestJob],
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    ingest({"ket-luan.txt": NOTICE}, published=True)
    document = Document.objects.get(file_name="ket-luan.txt")
    conference = services.conference_create(
        actor=SYSTEM, title="Hội nghị sơ kết", date=dt.date(2026, 2, 20), organizer=tree.units.vufo
    )
    services.conference_document_link(
        actor=SYSTEM, conference=conference, document=document, role="conclusions"
    )
    page = client_for(make_user("coordinator", tree.units.vufo)).get(f"/nhiem-vu/van-ban/{document.pk}/")
    assert {i["form"]["conference"].value() for i in page.context["items"]} == {conference.pk}


def test_confirming_a_task_whose_deadline_has_passed_says_it_is_overdue_at_once(
    tree: Tree,
    seeds_dir: Path,
    ingest: Callable[..., IngestJob],
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("doingoai.tasks.views._today", lambda: TODAY)
    document = _seed_document(seeds_dir, ingest)
    coordinator = client_for(make_user("coordinator", tree.units.vufo))
    page = coordinator.get(f"/nhiem-vu/van-ban/{document.pk}/")
    proposal = _strategy([i["proposal"] for i in page.context["items"]])
    past = (TODAY - dt.timedelta(days=40)).strftime("%d/%m/%Y")
    data = _confirm_data(proposal, lead_unit=tree.ministry.pk, deadline=past)
    confirmed = coordinator.post(f"/nhiem-vu/van-ban/{document.pk}/", data, follow=True)
    said = [str(m) for m in confirmed.context["messages"]]
    assert "Đã xác nhận nhiệm vụ." in said
    assert f"Hạn {past} đã qua: nhiệm vụ được tính là quá hạn ngay từ bây giờ." in said


def test_discarding_asks_first_and_a_discarded_proposal_can_be_restored(
    tree: Tree,
    ingest: Callable[..., IngestJob],
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    ingest({"ket-luan.txt": NOTICE}, published=True)
    document = Document.objects.get(file_name="ket-luan.txt")
    url = f"/nhiem-vu/van-ban/{document.pk}/"
    coordinator = client_for(make_user("coordinator", tree.units.vufo))
    page = coordinator.get(url)
    proposal = next(i["proposal"] for i in page.context["items"] if i["proposal"].deadline)
    section = page.content.decode().split(f'id="de-xuat-{proposal.key}"')[1].split("</section>")[0]
    forms = section.split("<form")[1:]
    [discard] = [f for f in forms if 'value="discard"' in f]
    assert 'data-confirm="Loại bỏ đề xuất này?' in discard.split(">")[0]
    assert all("data-confirm" not in f.split(">")[0] for f in forms if f is not discard)
    coordinator.post(url, {"proposal": proposal.key, "action": "discard"})
    assert Task.objects.get().state == TaskState.DISCARDED
    page = coordinator.get(url)
    [item] = [i for i in page.context["items"] if i["proposal"].key == proposal.key]
    assert item["form"] is not None
    section = page.content.decode().split(f'id="de-xuat-{proposal.key}"')[1].split("</section>")[0]
    assert "Đã loại bỏ" in section and "<summary>Khôi phục</summary>" in section
    restored = coordinator.post(
        url, _confirm_data(proposal, lead_unit=tree.ministry.pk, deadline="30/06/2026")
    )
    task = Task.objects.get()
    assert restored.status_code == 302 and restored["Location"] == f"/nhiem-vu/{task.pk}/#noi-dung"
    assert (task.state, task.lead_unit, task.deadline) == (
        TaskState.CONFIRMED,
        tree.ministry,
        dt.date(2026, 6, 30),
    )


def test_a_cancelled_task_is_neither_confirmed_again_nor_discarded(
    tree: Tree, ingest: Callable[..., IngestJob]
) -> None:
    ingest({"ket-luan.txt": NOTICE}, published=True)
    document = Document.objects.get(file_name="ket-luan.txt")
    proposal = next(p for p in selectors.document_proposals(user=SYSTEM, document=document) if p.deadline)
    values = {"text": "Xây dựng kế hoạch", "lead_unit": tree.ministry, "deadline": proposal.deadline}
    task, _created = services.proposal_confirm(actor=SYSTEM, document=document, span=proposal.span, **values)
    services.task_cancel(
        actor=SYSTEM, task=task, reason="Đã giao trong văn bản khác", expected_version=task.version
    )
    with pytest.raises(TaskError):
        services.proposal_confirm(actor=SYSTEM, document=document, span=proposal.span, **values)
    with pytest.raises(TaskError):
        services.proposal_discard(actor=SYSTEM, document=document, span=proposal.span)
    [found] = [
        p for p in selectors.document_proposals(user=SYSTEM, document=document) if p.span == proposal.span
    ]
    assert found.task is not None and found.task.get_state_display() == "Đã hủy"


def test_a_second_tab_confirming_otherwise_is_told_which_of_its_choices_were_not_kept(
    tree: Tree,
    seeds_dir: Path,
    ingest: Callable[..., IngestJob],
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Two tabs open on the same proposal: the first confirmation makes the task, the second makes
    # nothing and overwrites nothing, and says by whom it was confirmed and where its own choices
    # (lead unit, deadline, priority) differ from what was kept, so they can be carried over by hand.
    monkeypatch.setattr("doingoai.tasks.views._today", lambda: TODAY)
    document = _seed_document(seeds_dir, ingest)
    proposal = _strategy(selectors.document_proposals(user=SYSTEM, document=document))
    first = make_user("coordinator", tree.units.vufo)
    first.first_name, first.last_name = "Nguyễn Thị", "Lan"  # family and middle names, given name
    first.save()
    first_tab, second_tab = client_for(first), client_for(make_user("coordinator", tree.units.vufo))
    url = f"/nhiem-vu/van-ban/{document.pk}/"
    kept = _confirm_data(proposal, lead_unit=tree.ministry.pk, deadline="31/12/2026")
    assert first_tab.post(url, kept).status_code == 302
    same = second_tab.post(url, kept, follow=True)
    said = [str(m) for m in same.context["messages"]]
    assert said == ["Nhiệm vụ này đã được Nguyễn Thị Lan xác nhận trước đó; không tạo thêm."]

    other = _confirm_data(proposal, lead_unit=tree.front.pk, deadline="30/09/2026", priority="high")
    response = second_tab.post(url, other, follow=True)
    [message] = [str(m) for m in response.context["messages"]]
    assert "Nguyễn Thị Lan" in message
    assert f"đã lưu «{tree.ministry.name}», bạn chọn «{tree.front.name}»" in message
    assert "đã lưu «31/12/2026», bạn chọn «30/09/2026»" in message
    assert "Mức độ ưu tiên" in message and "Sửa nhiệm vụ" in message
    assert "Nội dung" not in message  # the same text: not listed
    task = Task.objects.get(document=document)
    assert (task.lead_unit, task.deadline, task.priority) == (tree.ministry, dt.date(2026, 12, 31), "normal")


def _notice_confirmed(tree: Tree, ingest: Callable[..., IngestJob], coordinator: Client) -> tuple[str, Any]:
    """Ingest the notice, confirm its first dated proposal as the coordinator; return its page, the answer."""
    ingest({"ket-luan.txt": NOTICE}, published=True)
    url = f"/nhiem-vu/van-ban/{Document.objects.get(file_name='ket-luan.txt').pk}/"
    proposal = next(i["proposal"] for i in coordinator.get(url).context["items"] if i["proposal"].deadline)
    data = _confirm_data(proposal, lead_unit=tree.ministry.pk, deadline="30/06/2026")
    return url, coordinator.post(url, data)


def test_a_confirmed_proposal_opens_its_task_at_the_message_not_at_a_proposal_anchor(
    tree: Tree,
    ingest: Callable[..., IngestJob],
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    """The proposal's form posts to '#de-xuat-…'; a redirect naming no fragment would keep that one."""
    coordinator = client_for(make_user("coordinator", tree.units.vufo))
    _url, confirmed = _notice_confirmed(tree, ingest, coordinator)
    assert confirmed.status_code == 302
    page, _, fragment = confirmed["Location"].partition("#")
    assert fragment == "noi-dung"
    task_page = coordinator.get(page).content.decode()
    assert f'id="{fragment}"' in task_page and "de-xuat-" not in task_page


def test_a_confirmed_proposal_links_to_its_task_only_for_those_who_may_open_it(
    tree: Tree,
    ingest: Callable[..., IngestJob],
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    url, _confirmed = _notice_confirmed(tree, ingest, client_for(make_user("coordinator", tree.units.vufo)))
    task = Task.objects.get(document__file_name="ket-luan.txt")
    link = f'href="/nhiem-vu/{task.pk}/"'
    lead = client_for(make_user("editor", tree.ministry))
    assert link in lead.get(url).content.decode()
    assert lead.get(f"/nhiem-vu/{task.pk}/").status_code == 200
    # Quảng Trị neither leads, coordinates nor issued it: told it was confirmed, not sent to a 404.
    other = client_for(make_user("editor", tree.units.quang_tri))
    page = other.get(url).content.decode()
    assert "Đã xác nhận" in page and link not in page
    assert other.get(f"/nhiem-vu/{task.pk}/").status_code == 404
