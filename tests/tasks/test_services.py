from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.tasks import selectors, services
from doingoai.tasks.errors import TaskError
from doingoai.tasks.models import ChangeState, ProgressReport, Task
from doingoai.tasks.status import Status
from doingoai.uploads import ATTACHMENT_MAX_BYTES
from tests.tasks.conftest import Tree, task_made

NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 1)


def _task(tree: Tree, **changes: object) -> Task:
    return task_made(tree, **{"text": "Sơ kết việc thực hiện chỉ thị về đối ngoại nhân dân", **changes})


def test_a_task_needs_one_lead_unit_and_a_deadline(tree: Tree) -> None:
    with pytest.raises(TaskError) as no_lead:
        _task(tree, lead_unit=None)
    assert "lead_unit" in no_lead.value.message_dict
    with pytest.raises(TaskError) as no_deadline:
        _task(tree, deadline=None)
    assert "deadline" in no_deadline.value.message_dict


def test_only_a_coordinator_creates_tasks(tree: Tree, make_user: Callable[..., User]) -> None:
    editor = make_user("editor", tree.ministry)
    with pytest.raises(PermissionDenied):
        _task(tree, actor=editor)


def test_the_lead_is_never_also_coordinating(tree: Tree) -> None:
    task = _task(tree, coordinating_units=[tree.ministry, tree.units.quang_tri])
    assert list(task.coordinating_units.all()) == [tree.units.quang_tri]


def test_deadline_change_keeps_the_original_and_needs_the_issuer(
    tree: Tree, make_user: Callable[..., User]
) -> None:
    task = _task(tree)
    lead_editor = make_user("editor", tree.ministry)
    issuer_editor = make_user("editor", tree.units.vufo)
    with pytest.raises(TaskError) as missing:
        services.deadline_change_request(
            actor=lead_editor,
            task=task,
            new_deadline=dt.date(2027, 3, 31),
            reason="",
            decision_reference="",
            now=NOW,
        )
    assert set(missing.value.message_dict) == {"reason"}
    change = services.deadline_change_request(
        actor=lead_editor,
        task=task,
        new_deadline=dt.date(2027, 3, 31),
        reason="Chờ ý kiến các địa phương",
        decision_reference="Công văn số 15/LHHN ngày 20/2/2026",
        now=NOW,
    )
    task.refresh_from_db()
    assert task.deadline == dt.date(2026, 12, 31)  # nothing moves before the decision
    with pytest.raises(PermissionDenied):
        services.deadline_change_decide(actor=lead_editor, change=change, approve=True, now=NOW)
    services.deadline_change_decide(actor=issuer_editor, change=change, approve=True, now=NOW)
    task.refresh_from_db()
    change.refresh_from_db()
    assert (task.original_deadline, task.deadline) == (dt.date(2026, 12, 31), dt.date(2027, 3, 31))
    assert task.deadline_changed
    assert change.state == ChangeState.APPROVED and change.old_deadline == dt.date(2026, 12, 31)


def test_a_rejected_deadline_change_leaves_the_deadline(tree: Tree, make_user: Callable[..., User]) -> None:
    task = _task(tree)
    change = services.deadline_change_request(
        actor=make_user("editor", tree.ministry),
        task=task,
        new_deadline=dt.date(2027, 6, 30),
        reason="Thiếu kinh phí",
        decision_reference="Tờ trình số 2",
        now=NOW,
    )
    services.deadline_change_decide(actor=SYSTEM, change=change, approve=False, now=NOW)
    task.refresh_from_db()
    assert task.deadline == task.original_deadline == dt.date(2026, 12, 31)


def test_a_rejection_needs_no_permitting_document_and_an_approval_does(
    tree: Tree, make_user: Callable[..., User]
) -> None:
    task = _task(tree)
    lead = make_user("editor", tree.ministry)

    def ask() -> object:
        return services.deadline_change_request(
            actor=lead, task=task, new_deadline=dt.date(2027, 6, 30), reason="Thiếu kinh phí", now=NOW
        )

    refused = ask()
    services.deadline_change_decide(actor=SYSTEM, change=refused, approve=False, now=NOW)  # type: ignore[arg-type]
    change = ask()
    with pytest.raises(TaskError) as missing:
        services.deadline_change_decide(actor=SYSTEM, change=change, approve=True, now=NOW)  # type: ignore[arg-type]
    assert set(missing.value.message_dict) == {"decision_reference"}
    services.deadline_change_decide(
        actor=SYSTEM,
        change=change,
        approve=True,
        now=NOW,
        decision_reference="Quyết định số 3",  # type: ignore[arg-type]
    )
    task.refresh_from_db()
    assert task.deadline == dt.date(2027, 6, 30)


def test_coordinating_editor_cannot_ask_for_a_new_deadline(
    tree: Tree, make_user: Callable[..., User]
) -> None:
    task = _task(tree)
    with pytest.raises(PermissionDenied):
        services.deadline_change_request(
            actor=make_user("editor", tree.units.quang_tri),
            task=task,
            new_deadline=dt.date(2027, 6, 30),
            reason="Lý do",
            decision_reference="Văn bản",
            now=NOW,
        )


def test_progress_reports_by_lead_and_coordinating_units(tree: Tree, make_user: Callable[..., User]) -> None:
    task = _task(tree)
    lead = make_user("editor", tree.ministry)
    partner = make_user("editor", tree.units.quang_tri)
    outsider = make_user("editor", tree.units.ha_noi)
    services.progress_report_submit(
        actor=partner,
        task=task,
        unit=tree.units.quang_tri,
        text="Đã gửi số liệu",
        percent=70,
        today=TODAY,
        now=NOW,
    )
    services.progress_report_submit(
        actor=lead, task=task, unit=tree.ministry, text="Đã lập đề cương", percent=40, today=TODAY, now=NOW
    )
    with pytest.raises(PermissionDenied):
        services.progress_report_submit(
            actor=outsider, task=task, unit=tree.units.ha_noi, text="x", percent=10, today=TODAY, now=NOW
        )
    with pytest.raises(PermissionDenied):
        services.progress_report_submit(
            actor=partner, task=task, unit=tree.ministry, text="x", percent=10, today=TODAY, now=NOW
        )
    with pytest.raises(TaskError) as bad:
        services.progress_report_submit(
            actor=lead, task=task, unit=tree.ministry, text="x", percent=140, today=TODAY, now=NOW
        )
    assert "percent" in bad.value.message_dict
    [row] = selectors.task_rows(user=SYSTEM, today=TODAY)
    assert row.percent == 40  # the lead's report is the consolidated progress


def test_an_attachment_over_the_limit_is_refused_by_name(tree: Tree, make_user: Callable[..., User]) -> None:
    task = _task(tree)
    big = services.AttachmentData("bao-cao.pdf", "application/pdf", b"x" * (ATTACHMENT_MAX_BYTES + 1))
    with pytest.raises(TaskError) as error:
        services.progress_report_submit(
            actor=make_user("editor", tree.ministry),
            task=task,
            unit=tree.ministry,
            text="Kèm báo cáo",
            percent=20,
            today=TODAY,
            now=NOW,
            attachments=[big],
        )
    assert "bao-cao.pdf" in error.value.message_dict["attachments"][0]


def _attach(tree: Tree, actor: User, *files: services.AttachmentData) -> ProgressReport:
    return services.progress_report_submit(
        actor=actor,
        task=_task(tree),
        unit=tree.ministry,
        text="Kèm tệp",
        percent=20,
        today=TODAY,
        now=NOW,
        attachments=files,
    )


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("Báo cáo sơ kết.pdf", b"%PDF-1.7\n1 0 obj"),
        ("bao-cao.PDF", b"\xef\xbb\xbf\r\n%PDF-1.4\n"),  # a few bytes before the header, as PDF allows
        ("danh-sach.docx", b"PK\x03\x04\x14\x00"),
        ("so-lieu.xlsx", b"PK\x03\x04\x14\x00"),
        ("so-lieu-cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00"),
        ("cong-van.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00"),
        ("bien-ban.odt", b"PK\x03\x04\x14\x00"),
        ("anh-hoi-nghi.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
        ("anh.png", b"\x89PNG\r\n\x1a\n\x00"),
        ("danh-sach.csv", "Họ tên;Đơn vị\n".encode()),
        ("ghi-chu.txt", "Ghi chú".encode("utf-16")),
        ("ho-so.zip", b"PK\x03\x04\x14\x00"),
    ],
)
def test_the_files_units_exchange_are_attached(
    tree: Tree, make_user: Callable[..., User], name: str, data: bytes
) -> None:
    report = _attach(tree, make_user("editor", tree.ministry), services.AttachmentData(name, "", data))
    assert [(a.name, bytes(a.data)) for a in report.attachments.all()] == [(name, data)]


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        (
            "cai-dat.exe",
            b"MZ\x90\x00",
            "Tệp “cai-dat.exe”: loại tệp .exe không được nhận; chỉ nhận .pdf, .doc",
        ),
        ("chay.bat", b"echo x", "Tệp “chay.bat”: loại tệp .bat không được nhận"),
        ("trang.html", b"<script>", "Tệp “trang.html”: loại tệp .html không được nhận"),
        ("README", b"x", "Tệp “README”: loại tệp không có phần mở rộng không được nhận"),
        ("bao-cao.pdf", b"MZ\x90\x00", "Tệp “bao-cao.pdf”: nội dung không khớp với loại tệp .pdf"),
        ("anh.jpg", b"%PDF-1.7", "Tệp “anh.jpg”: nội dung không khớp với loại tệp .jpg"),
        ("danh-sach.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "nội dung không khớp với loại tệp .docx"),
        ("ghi-chu.txt", b"MZ\x90\x00\x03\x00", "Tệp “ghi-chu.txt”: nội dung không khớp với loại tệp .txt"),
    ],
)
def test_an_attachment_of_another_kind_or_not_what_its_name_says_is_refused_by_name(
    tree: Tree, make_user: Callable[..., User], name: str, data: bytes, words: str
) -> None:
    good = services.AttachmentData("bao-cao.pdf", "application/pdf", b"%PDF-1.7")
    with pytest.raises(TaskError) as refused:
        _attach(tree, make_user("editor", tree.ministry), good, services.AttachmentData(name, "", data))
    assert words in refused.value.message_dict["attachments"][0]
    assert not ProgressReport.objects.exists()


def test_a_task_is_closed_only_when_the_issuer_confirms_the_completion_report(
    tree: Tree, make_user: Callable[..., User]
) -> None:
    task = _task(tree, deadline=dt.date(2026, 2, 27))
    lead = make_user("editor", tree.ministry)
    with pytest.raises(TaskError):
        services.task_completion_confirm(actor=SYSTEM, task=task, now=NOW)
    services.progress_report_submit(
        actor=lead,
        task=task,
        unit=tree.ministry,
        text="Đã trình báo cáo sơ kết",
        percent=100,
        is_completion=True,
        done_on=dt.date(2026, 2, 25),
        today=TODAY,
        now=NOW,
    )
    task.refresh_from_db()
    assert not task.closed_confirmed
    assert selectors.task_status_of(task, today=TODAY).status == Status.OVERDUE  # reported, not yet confirmed
    with pytest.raises(PermissionDenied):
        services.task_completion_confirm(actor=lead, task=task, now=NOW)
    services.task_completion_confirm(actor=make_user("editor", tree.units.vufo), task=task, now=NOW)
    task.refresh_from_db()
    assert task.closed_confirmed and task.completed_on == dt.date(2026, 2, 25)
    assert selectors.task_status_of(task, today=TODAY).status == Status.DONE_ON_TIME
    assert task.reports.get().percent == 100


@pytest.mark.parametrize("typed", [0, 50, 99])
def test_a_completion_report_below_100_percent_is_refused_not_raised_to_100(
    tree: Tree, make_user: Callable[..., User], typed: int
) -> None:
    task = _task(tree)
    with pytest.raises(TaskError) as refused:
        services.progress_report_submit(
            actor=make_user("editor", tree.ministry),
            task=task,
            unit=tree.ministry,
            text="Đã làm được một nửa",
            percent=typed,
            is_completion=True,
            today=TODAY,
            now=NOW,
        )
    problem = refused.value.message_dict["percent"][0]
    assert f"100%, không phải {typed}%" in problem and "bỏ chọn" in problem
    assert not task.reports.exists()


def test_a_subtask_is_due_no_later_than_its_parent(tree: Tree) -> None:
    parent = _task(tree)
    with pytest.raises(TaskError):
        services.subtask_create(
            actor=SYSTEM,
            parent=parent,
            lead_unit=tree.mission,
            text="Phần việc",
            deadline=dt.date(2027, 1, 1),
        )
    child = services.subtask_create(
        actor=SYSTEM,
        parent=parent,
        lead_unit=tree.mission,
        text="Khảo sát cộng đồng",
        deadline=dt.date(2026, 9, 30),
    )
    assert child.parent == parent and child.issuer_unit == tree.units.vufo


def test_whoever_reported_a_task_done_cannot_confirm_it_himself(
    tree: Tree, make_user: Callable[..., User]
) -> None:
    task = _task(tree, lead_unit=tree.units.vufo, issuer_unit=tree.units.vufo)
    reporter = make_user("coordinator", tree.units.vufo)
    services.progress_report_submit(
        actor=reporter,
        task=task,
        unit=tree.units.vufo,
        text="Đã tổ chức sơ kết",
        percent=100,
        is_completion=True,
        today=TODAY,
        now=NOW,
    )
    with pytest.raises(PermissionDenied) as refused:
        services.task_completion_confirm(actor=reporter, task=task, now=NOW)
    assert "không tự xác nhận" in str(refused.value)
    task.refresh_from_db()
    assert not task.closed_confirmed
    services.task_completion_confirm(actor=make_user("coordinator", tree.units.vufo), task=task, now=NOW)
    task.refresh_from_db()
    assert task.closed_confirmed


@pytest.mark.parametrize(
    ("deadline", "asked", "words"),
    [
        (dt.date(2026, 12, 31), dt.date(2026, 12, 31), "phải sau thời hạn hiện hành (31/12/2026)"),
        (dt.date(2026, 12, 31), dt.date(2026, 6, 30), "phải sau thời hạn hiện hành (31/12/2026)"),
        (dt.date(2026, 1, 15), dt.date(2026, 1, 1), "phải sau thời hạn hiện hành (15/01/2026)"),
        # Later than an overdue deadline, but still before today (01/03/2026).
        (dt.date(2026, 1, 15), dt.date(2026, 2, 2), "đã qua"),
    ],
)
def test_an_extension_names_a_day_after_the_current_deadline_and_not_past(
    tree: Tree, make_user: Callable[..., User], deadline: dt.date, asked: dt.date, words: str
) -> None:
    task = _task(tree, deadline=deadline)
    with pytest.raises(TaskError) as refused:
        services.deadline_change_request(
            actor=make_user("editor", tree.ministry),
            task=task,
            new_deadline=asked,
            reason="Lý do",
            decision_reference="Văn bản",
            now=NOW,
        )
    assert words in refused.value.message_dict["new_deadline"][0]
    assert not task.deadline_changes.exists()


def test_an_overdue_task_may_be_extended_to_today_or_later(
    tree: Tree, make_user: Callable[..., User]
) -> None:
    task = _task(tree, deadline=dt.date(2026, 1, 15))
    change = services.deadline_change_request(
        actor=make_user("editor", tree.ministry),
        task=task,
        new_deadline=TODAY,
        reason="Chờ số liệu",
        decision_reference="Văn bản",
        now=NOW,
    )
    assert change.new_deadline == TODAY


def _report(task: Task, actor: object, unit: object, *, percent: int = 100, done: bool = False) -> object:
    return services.progress_report_submit(
        actor=actor,
        task=task,
        unit=unit,  # type: ignore[arg-type]
        text="Báo cáo",
        percent=percent,
        is_completion=done,
        today=TODAY,
        now=NOW,
    )


def test_a_later_progress_report_of_the_lead_withdraws_its_completion_report(
    tree: Tree, make_user: Callable[..., User]
) -> None:
    task = _task(tree)
    lead = make_user("editor", tree.ministry)
    partner = make_user("editor", tree.units.quang_tri)
    done = _report(task, lead, tree.ministry, done=True)
    _report(task, partner, tree.units.quang_tri, percent=50)  # a coordinating unit's report changes nothing
    assert selectors.task_pending_completion(task) == done
    _report(task, lead, tree.ministry, percent=60)
    assert selectors.task_pending_completion(task) is None
    with pytest.raises(TaskError):
        services.task_completion_confirm(actor=SYSTEM, task=task, now=NOW)
    again = _report(task, lead, tree.ministry, done=True)
    assert selectors.task_pending_completion(task) == again


def test_the_issuer_returns_a_completion_report_with_a_reason(
    tree: Tree, make_user: Callable[..., User]
) -> None:
    from doingoai.audit.models import AuditEntry

    task = _task(tree)
    lead = make_user("editor", tree.ministry)
    report = _report(task, lead, tree.ministry, done=True)
    assert isinstance(report, ProgressReport)
    with pytest.raises(PermissionDenied):
        services.completion_report_return(actor=lead, report=report, reason="Thiếu hồ sơ", now=NOW)
    issuer = make_user("editor", tree.units.vufo)
    with pytest.raises(TaskError) as empty:
        services.completion_report_return(actor=issuer, report=report, reason="  ", now=NOW)
    assert "reason" in empty.value.message_dict
    services.completion_report_return(
        actor=issuer, report=report, reason="Chưa kèm biên bản hội nghị", now=NOW
    )
    report.refresh_from_db()
    assert report.return_reason == "Chưa kèm biên bản hội nghị" and report.returned_by == issuer
    assert selectors.task_pending_completion(task) is None
    assert selectors.task_returned_completion(task) == report
    entry = AuditEntry.objects.filter(object_id=str(report.pk), action="update").get()
    assert (
        entry.after["return_reason"] == "Chưa kèm biên bản hội nghị" and entry.unit_path == tree.ministry.path
    )
    with pytest.raises(TaskError):  # returned once: nothing waits any more
        services.completion_report_return(actor=issuer, report=report, reason="Lần nữa", now=NOW)
    with pytest.raises(TaskError):
        services.task_completion_confirm(actor=issuer, task=task, now=NOW)
    assert "returned" in [e.kind for e in selectors.task_timeline(task)]


def test_a_returned_completion_report_no_longer_counts_as_the_progress(
    tree: Tree, make_user: Callable[..., User]
) -> None:
    task = _task(tree)
    lead = make_user("editor", tree.ministry)
    _report(task, lead, tree.ministry, percent=70)
    report = _report(task, lead, tree.ministry, done=True)
    assert isinstance(report, ProgressReport)
    [row] = selectors.task_rows_for([task], today=TODAY)
    assert row.percent == 100
    services.completion_report_return(
        actor=make_user("editor", tree.units.vufo), report=report, reason="Thiếu biên bản", now=NOW
    )
    [row] = selectors.task_rows_for([task], today=TODAY)
    assert row.percent == 70  # back to the lead's report before the returned one
