from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.tasks import services
from doingoai.tasks.models import ProgressReport, ReportAttachment, Task
from tests.tasks.conftest import Tree, task_made

TODAY = dt.date(2026, 9, 1)


@pytest.fixture(autouse=True)
def _fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("doingoai.tasks.views._today", lambda: TODAY)


def _task(tree: Tree, **changes: object) -> Task:
    return task_made(tree, **{"text": "Tổ chức diễn đàn nhân dân biên giới", **changes})


def _ministry_reports(tree: Tree, editor: User, task: Task, text: str) -> ProgressReport:
    """Return the ministry's progress report of 10 % on `task`, sent today by `editor`."""
    return services.progress_report_submit(
        actor=editor, task=task, unit=tree.ministry, text=text, percent=10, today=TODAY, now=timezone.now()
    )


def test_dashboard_shows_counts_and_overdue_first_without_a_query_per_task(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    for number in range(6):
        _task(tree, text=f"Việc số {number}", deadline=dt.date(2026, 6, 1) + dt.timedelta(days=30 * number))
    client = client_for(make_user("coordinator", tree.units.vufo))
    client.get("/nhiem-vu/")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/nhiem-vu/")
    _task(tree, text="Việc số 6", deadline=dt.date(2026, 1, 1))
    with CaptureQueriesContext(connection) as more:
        client.get("/nhiem-vu/")
    assert len(more) == len(queries)
    rows = page.context["rows"]
    assert [r.status.status.value for r in rows] == ["overdue"] * 4 + ["in_progress"] * 2
    assert [r.status.overdue_days for r in rows[:4]] == [92, 62, 32, 2]
    html = page.content.decode()
    assert 'data-count="overdue">\n    <span class="number">4</span>' in html


def test_dashboard_filters_by_status_and_band(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    _task(tree, text="Trễ ít", deadline=dt.date(2026, 8, 20))
    _task(tree, text="Trễ nhiều", deadline=dt.date(2026, 3, 1))
    _task(tree, text="Còn hạn")
    client = client_for(make_user("coordinator", tree.units.vufo))
    assert [r.task.text for r in client.get("/nhiem-vu/?band=120%2B").context["rows"]] == ["Trễ nhiều"]
    assert [r.task.text for r in client.get("/nhiem-vu/?status=in_progress").context["rows"]] == ["Còn hạn"]
    # The year of the deadline; and a filter typed wrong is named and left out, the others kept.
    assert {r.task.text for r in client.get("/nhiem-vu/?year=2026").context["rows"]} == {
        "Trễ ít",
        "Trễ nhiều",
        "Còn hạn",
    }
    assert list(client.get("/nhiem-vu/?year=2025").context["rows"]) == []
    response = client.get("/nhiem-vu/?status=in_progress&band=abc&year=20266")
    assert [r.task.text for r in response.context["rows"]] == ["Còn hạn"]
    errors = response.content.decode().split('id="filter-errors"')[1].split("</div>")[0]
    assert "Mức quá hạn" in errors and "Thời hạn trong năm" in errors and "không được áp dụng" in errors


def test_dashboard_counts_follow_the_year_a_report_links_to(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    """The annual report's "0 in progress in 2026" linked to ?year=2026, whose cards counted every year."""
    _task(tree, text="Trễ năm nay", deadline=dt.date(2026, 8, 20))
    _task(tree, text="Còn hạn năm nay", deadline=dt.date(2026, 12, 31))
    _task(tree, text="Năm sau", deadline=dt.date(2027, 3, 31))
    _task(tree, text="Năm sau nữa", deadline=dt.date(2027, 6, 30))
    client = client_for(make_user("coordinator", tree.units.vufo))
    page = client.get("/nhiem-vu/?year=2026")
    overall = page.context["summary"].overall.as_dict()
    assert (overall["overdue"], overall["in_progress"]) == (1, 1)
    html = page.content.decode()
    card = 'href="?year=2026&amp;status=in_progress" data-count="in_progress">\n    <span class="number">'
    card += "1</span>"
    assert card in html
    assert [g.total for g in page.context["summary"].by_unit] == [2]
    # The status class is what the cards break down: choosing one leaves the cards as they were.
    chosen = client.get("/nhiem-vu/?year=2026&status=overdue").context["summary"].overall.as_dict()
    assert (chosen["overdue"], chosen["in_progress"]) == (1, 1)
    assert client.get("/nhiem-vu/").context["summary"].overall.as_dict()["in_progress"] == 3


def test_every_choice_of_a_filter_or_a_required_unit_reads_in_words(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    task = _task(tree)
    dashboard = client_for(make_user("coordinator", tree.units.vufo)).get("/nhiem-vu/").content.decode()
    for name in ("unit", "conference"):
        select = dashboard[dashboard.index(f'name="{name}"') :]
        assert select[: select.index("</option>")].endswith(">Tất cả"), name
    page = client_for(make_user("editor", tree.ministry)).get(f"/nhiem-vu/{task.pk}/").content.decode()
    unit = page[page.index('name="unit"') : page.index("</select>", page.index('name="unit"'))]
    assert "---------" not in unit and "Bộ Ngoại giao" in unit
    # The unit given part of a task: a long list, narrowed by typing like the task form's units.
    page = client_for(make_user("coordinator", tree.units.vufo)).get(f"/nhiem-vu/{task.pk}/").content.decode()
    start = page.index('id="subtask_lead_unit"')
    part = page[page.rindex("<select", 0, start) : page.index("</select>", start)]
    assert "---------" not in part and 'data-filter="Lọc theo tên đơn vị"' in part
    assert re.search(r'<option value="" selected>—</option>', part), part[:300]


def test_unit_list_shows_only_its_tasks(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    _task(tree)
    _task(tree, text="Việc Hà Nội chủ trì", lead_unit=tree.units.ha_noi, coordinating_units=[])
    page = client_for(make_user("viewer", tree.units.quang_tri)).get("/nhiem-vu/don-vi-toi/")
    assert [(r.task.text, r.role) for r in page.context["rows"]] == [
        ("Tổ chức diễn đàn nhân dân biên giới", "Phối hợp")
    ]
    assert "Việc Hà Nội chủ trì" not in page.content.decode()


def test_xlsx_export_holds_only_the_tasks_in_scope(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    _task(tree)
    _task(tree, text="Việc Hà Nội chủ trì", lead_unit=tree.units.ha_noi, coordinating_units=[])
    response = client_for(make_user("viewer", tree.units.quang_tri)).get("/nhiem-vu/theo-doi.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="theo-doi-nhiem-vu-20260901.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [row[1] for row in list(sheet.values)[1:]] == ["Tổ chức diễn đàn nhân dân biên giới"]


def test_progress_with_attachment_is_read_only_within_scope(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    task = _task(tree)
    editor = client_for(make_user("editor", tree.units.quang_tri))
    response = editor.post(
        f"/nhiem-vu/{task.pk}/bao-cao/",
        {
            "unit": tree.units.quang_tri.pk,
            "text": "Đã gửi danh sách đại biểu",
            "percent": "30",
            "attachments": [SimpleUploadedFile("danh-sach.txt", "Danh sách".encode(), "text/plain")],
        },
    )
    assert response.status_code == 302
    attachment = ReportAttachment.objects.get()
    assert editor.get(f"/nhiem-vu/tep/{attachment.pk}/").content == "Danh sách".encode()
    outsider = client_for(make_user("editor", tree.units.ha_noi))
    assert outsider.get(f"/nhiem-vu/tep/{attachment.pk}/").status_code == 404
    page = editor.get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert "danh-sach.txt" in page and "Đã gửi danh sách đại biểu" in page


def test_a_report_with_bad_percent_names_the_field(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    task = _task(tree)
    editor = client_for(make_user("editor", tree.ministry))
    response = editor.post(
        f"/nhiem-vu/{task.pk}/bao-cao/", {"unit": tree.ministry.pk, "text": "x", "percent": "120"}
    )
    assert response.status_code == 400
    assert response.context["progress_form"].errors["percent"]
    # A browser never sends a chosen file again: the page says to choose it again.
    assert 'id="attachments-again"' in response.content.decode()
    assert 'id="attachments-again"' not in editor.get(f"/nhiem-vu/{task.pk}/").content.decode()


def test_no_second_deadline_request_is_offered_while_one_waits_for_a_decision(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    task = _task(tree)
    lead = client_for(make_user("editor", tree.ministry))
    assert lead.get(f"/nhiem-vu/{task.pk}/").context["change_form"] is not None
    lead.post(f"/nhiem-vu/{task.pk}/gia-han/", {"new_deadline": "31/03/2027", "reason": "Chờ ý kiến"})
    page = lead.get(f"/nhiem-vu/{task.pk}/")
    assert page.context["change_form"] is None
    assert f"/nhiem-vu/{task.pk}/gia-han/" not in page.content.decode()
    assert "Đề nghị gia hạn chờ duyệt" in page.content.decode()
    # Once decided, a new request may be sent.
    services.deadline_change_decide(
        actor=make_user("editor", tree.units.vufo),
        change=task.deadline_changes.get(),
        approve=False,
        now=timezone.now(),
    )
    assert lead.get(f"/nhiem-vu/{task.pk}/").context["change_form"] is not None


def test_deadline_change_through_the_pages_keeps_the_original_visible(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    task = _task(tree)
    lead = client_for(make_user("editor", tree.ministry, username="bientap.bng"))
    bad = lead.post(
        f"/nhiem-vu/{task.pk}/gia-han/", {"new_deadline": "31/3/2027", "reason": "", "decision_reference": ""}
    )
    assert bad.status_code == 400 and set(bad.context["change_form"].errors) == {"reason"}
    lead.post(f"/nhiem-vu/{task.pk}/gia-han/", {"new_deadline": "31/03/2027", "reason": "Chờ ý kiến"})
    change = task.deadline_changes.get()
    decide = f"/nhiem-vu/gia-han/{change.pk}/quyet-dinh/"
    assert lead.post(decide, {"approve": "1", "decision_reference": "Công văn số 7"}).status_code == 403
    issuer = client_for(make_user("editor", tree.units.vufo, username="duyet.vufo"))
    issuer.post(decide, {"approve": "1", "decision_reference": "Công văn số 7"})
    page = issuer.get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert 'data-field="deadline">31/03/2027' in page
    assert 'data-field="original-deadline">31/12/2026' in page
    # The history says who asked and who decided.
    history = page.split('<ol class="timeline">')[1].split("</ol>")[0]
    asked = history.split('data-kind="change"')[1].split("</li>")[0]
    decided = history.split('data-kind="decision"')[1].split("</li>")[0]
    assert "(bientap.bng)" in asked and "(duyet.vufo)" in decided


def test_a_year_end_conference_shows_the_years_tasks_not_yet_done(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    """The December review's page listed its own tasks only: the year's late and open ones were unseen."""
    last_year = services.conference_create(
        actor=SYSTEM, title="Hội nghị tổng kết năm 2025", date=dt.date(2025, 12, 30), organizer=tree.ministry
    )
    review = services.conference_create(
        actor=SYSTEM, title="Hội nghị tổng kết năm 2026", date=dt.date(2026, 12, 22), organizer=tree.ministry
    )
    _task(tree, text="Trễ từ hội nghị trước", conference=last_year, deadline=dt.date(2026, 8, 20))
    _task(tree, text="Chưa xong, không gắn hội nghị", deadline=dt.date(2026, 12, 31))
    _task(tree, text="Hạn năm sau", conference=last_year, deadline=dt.date(2027, 3, 31))
    _task(tree, text="Việc của hội nghị này", conference=review, deadline=dt.date(2026, 12, 30))
    done = _task(tree, text="Đã xong", conference=last_year, deadline=dt.date(2026, 6, 30))
    client_for(make_user("editor", tree.ministry)).post(
        f"/nhiem-vu/{done.pk}/bao-cao/",
        {"unit": tree.ministry.pk, "text": "Đã xong", "percent": "100", "is_completion": "on"},
    )
    client_for(make_user("editor", tree.units.vufo)).post(f"/nhiem-vu/{done.pk}/xac-nhan-hoan-thanh/")
    page = client_for(make_user("coordinator", tree.units.vufo)).get(f"/nhiem-vu/hoi-nghi/{review.pk}/")
    assert [r.task.text for r in page.context["carried"]] == [
        "Trễ từ hội nghị trước",
        "Chưa xong, không gắn hội nghị",
    ]
    html = page.content.decode()
    assert "Nhiệm vụ đến hạn trong năm 2026 trở về trước chưa hoàn thành" in html
    # A Hà Nội viewer reads none of them.
    viewer = client_for(make_user("viewer", tree.units.ha_noi)).get(f"/nhiem-vu/hoi-nghi/{review.pk}/")
    assert viewer.context["carried"] == []


def test_conference_page_and_word_appendix(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    conference = services.conference_create(
        actor=SYSTEM, title="Hội nghị tổng kết năm", date=dt.date(2025, 12, 30), organizer=tree.ministry
    )
    services.connection_points_set(
        actor=SYSTEM,
        conference=conference,
        points=[
            services.PointData("Hội trường chính", tree.ministry, "onsite", 200),
            services.PointData("Điểm cầu Quảng Trị", tree.units.quang_tri, "online", 45),
        ],
    )
    _task(tree, conference=conference)
    client = client_for(make_user("viewer", tree.units.ha_noi))
    page = client.get(f"/nhiem-vu/hoi-nghi/{conference.pk}/")
    assert page.context["points"].attendance == 245 and page.context["rows"] == []  # not Hà Nội's task
    listing = client.get("/nhiem-vu/hoi-nghi/").content.decode()
    assert "Hội nghị tổng kết năm" in listing
    word = client_for(make_user("coordinator", tree.units.vufo)).get(
        f"/nhiem-vu/hoi-nghi/{conference.pk}/phu-luc.docx"
    )
    assert word["Content-Type"].endswith("wordprocessingml.document") and word.content[:2] == b"PK"


def test_conference_list_counts_each_point_once_whatever_the_number_of_tasks(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    conference = services.conference_create(
        actor=SYSTEM, title="Hội nghị tổng kết năm", date=dt.date(2025, 12, 30), organizer=tree.ministry
    )
    services.connection_points_set(
        actor=SYSTEM,
        conference=conference,
        points=[
            services.PointData("Hội trường chính", tree.ministry, "onsite", 2000),
            services.PointData("Điểm cầu Quảng Trị", tree.units.quang_tri, "online", 45),
        ],
    )
    for text in ("Tổ chức diễn đàn", "Lập danh mục thỏa thuận", "Tập huấn cán bộ"):
        _task(tree, conference=conference, text=text)
    client = client_for(make_user("coordinator", tree.units.vufo))
    listing = client.get("/nhiem-vu/hoi-nghi/").content.decode()
    assert '<td class="num" data-field="attendance">2.045</td>' in listing
    detail = client.get(f"/nhiem-vu/hoi-nghi/{conference.pk}/").content.decode()
    assert "số người dự: 2.045" in detail
    assert '<td class="num">2.000</td>' in detail  # the main hall, in the list of points


def test_coordinator_splits_a_task_among_units(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    task = _task(tree)
    client = client_for(make_user("coordinator", tree.units.vufo))
    client.post(
        f"/nhiem-vu/{task.pk}/nhiem-vu-con/",
        {"text": "Khảo sát cộng đồng tại Nhật Bản", "lead_unit": tree.mission.pk, "deadline": "30/09/2026"},
    )
    child = task.subtasks.get()
    assert child.lead_unit == tree.mission and child.deadline == dt.date(2026, 9, 30)
    mission_user = client_for(make_user("editor", tree.mission))
    assert mission_user.get(f"/nhiem-vu/{child.pk}/").status_code == 200
    assert mission_user.get(f"/nhiem-vu/{task.pk}/").status_code == 404  # the ministry's task is above it
    ministry_page = client_for(make_user("viewer", tree.ministry)).get(f"/nhiem-vu/{task.pk}/")
    assert [r.task for r in ministry_page.context["subtasks"]] == [child]


def test_coordinator_adds_a_conference_task_and_an_editor_may_not(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    conference = services.conference_create(
        actor=SYSTEM, title="Hội nghị tổng kết năm", date=dt.date(2025, 12, 30), organizer=tree.ministry
    )
    url = f"/nhiem-vu/hoi-nghi/{conference.pk}/them-nhiem-vu/"
    editor = client_for(make_user("editor", tree.ministry))
    assert editor.get(url).status_code == 403
    coordinator = client_for(make_user("coordinator", tree.units.vufo))
    data = {
        "text": "Hoàn thiện dự thảo chiến lược",
        "lead_unit": tree.ministry.pk,
        "conference": conference.pk,
        "source_kind": "conclusion",
        "priority": "urgent",
    }
    missing = coordinator.post(url, data)
    assert missing.status_code == 400 and missing.context["form"].errors["deadline"]
    added = coordinator.post(url, {**data, "deadline": "30/06/2026"}, follow=True)
    assert added.redirect_chain[0][1] == 302
    assert "Đã thêm nhiệm vụ." in [str(m) for m in added.context["messages"]]
    task = Task.objects.get()
    assert (task.conference, task.deadline, task.priority) == (conference, dt.date(2026, 6, 30), "urgent")


def test_conference_admin_is_for_coordinators(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    coordinator = make_user("coordinator", tree.units.vufo)
    coordinator.is_staff = True
    coordinator.save(update_fields=["is_staff"])
    assert client_for(coordinator).get("/quan-tri/tasks/conference/add/").status_code == 200
    editor = make_user("editor", tree.ministry)
    editor.is_staff = True
    editor.save(update_fields=["is_staff"])
    assert client_for(editor).get("/quan-tri/tasks/conference/add/").status_code == 403


def test_a_coordinator_links_connection_points_and_the_conclusions_to_a_conference_in_the_admin(
    tree: Tree,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    ingest: Callable[..., object],
) -> None:
    """The admin hid a conference's points and documents from coordinators: no way to link the conclusions."""
    from doingoai.audit.models import AuditEntry
    from doingoai.tasks.models import Conference
    from tests.library_fixtures import document_named

    ingest({"ket-luan.txt": "Hội nghị giao Bộ Ngoại giao chủ trì tổng kết công tác năm 2026."})
    conclusions = document_named("ket-luan.txt")
    coordinator = make_user("coordinator", tree.units.vufo)
    coordinator.is_staff = True
    coordinator.save(update_fields=["is_staff"])
    client = client_for(coordinator)
    page = client.get("/quan-tri/tasks/conference/add/").content.decode()
    assert 'name="points-TOTAL_FORMS"' in page and 'name="documents-TOTAL_FORMS"' in page
    form = {
        "title": "Hội nghị tổng kết công tác đối ngoại nhân dân năm 2026",
        "kind": "conference",
        "date": "22/12/2026",
        "organizer": tree.units.vufo.pk,
        "chair": "",
        "venue": "Hà Nội",
        "points-TOTAL_FORMS": "1",
        "points-INITIAL_FORMS": "0",
        "points-0-name": "Hội trường chính",
        "points-0-unit": tree.units.vufo.pk,
        "points-0-mode": "onsite",
        "points-0-attendance": "120",
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-0-document": conclusions.pk,
        "documents-0-role": "conclusions",
    }
    response = client.post("/quan-tri/tasks/conference/add/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    conference = Conference.objects.get()
    assert [(p.name, p.attendance) for p in conference.points.all()] == [("Hội trường chính", 120)]
    assert [d.document_id for d in conference.documents.all()] == [conclusions.pk]
    logged = set(AuditEntry.objects.values_list("content_type__model", flat=True))
    assert {"conference", "connectionpoint", "conferencedocument"} <= logged
    # The Ministry's editor still has no way in.
    editor = make_user("editor", tree.ministry)
    editor.is_staff = True
    editor.save(update_fields=["is_staff"])
    assert client_for(editor).post("/quan-tri/tasks/conference/add/", form).status_code == 403


def test_the_conference_admin_names_the_document_column_in_vietnamese_and_says_what_to_type(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    """The documents table's column read "Document", a box for a number with no word on which number."""
    coordinator = make_user("coordinator", tree.units.vufo)
    coordinator.is_staff = True
    coordinator.save(update_fields=["is_staff"])
    page = client_for(coordinator).get("/quan-tri/tasks/conference/add/").content.decode()
    documents = page.split('id="documents-group"')[1]
    assert "Document" not in documents.split("</thead>")[0]
    assert "Văn bản" in documents.split("</thead>")[0]
    assert "như 56 trong /thu-vien/van-ban/56/" in documents


def test_the_conference_list_offers_coordinators_a_way_to_add_one(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    """The list had no way to add a conference; then its button opened Django's admin, not the site."""
    coordinator = make_user("coordinator", tree.units.vufo)
    page = client_for(coordinator).get("/nhiem-vu/hoi-nghi/").content.decode()
    assert 'href="/nhiem-vu/hoi-nghi/them/">Thêm hội nghị</a>' in page
    editor = make_user("editor", tree.ministry)
    assert "/nhiem-vu/hoi-nghi/them/" not in client_for(editor).get("/nhiem-vu/hoi-nghi/").content.decode()


def test_a_coordinator_who_asked_for_more_time_cannot_grant_it_to_himself(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    coordinator = make_user("coordinator", tree.units.vufo)
    task = _task(tree, lead_unit=tree.units.vufo, issuer_unit=tree.units.vufo)
    client = client_for(coordinator)
    client.post(
        f"/nhiem-vu/{task.pk}/gia-han/",
        {"new_deadline": "31/03/2027", "reason": "Chờ số liệu."},
    )
    change = task.deadline_changes.get()
    page = client.get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert 'id="own-request"' in page and f"/nhiem-vu/gia-han/{change.pk}/quyet-dinh/" not in page
    assert "Lý do: Chờ số liệu.</p>" in page  # the reason's own full stop, not two
    assert client.post(f"/nhiem-vu/gia-han/{change.pk}/quyet-dinh/", {"approve": "1"}).status_code == 403
    task.refresh_from_db()
    assert task.deadline == dt.date(2026, 12, 31)
    other = client_for(make_user("coordinator", tree.units.vufo))
    other.post(
        f"/nhiem-vu/gia-han/{change.pk}/quyet-dinh/", {"approve": "1", "decision_reference": "Công văn số 9"}
    )
    task.refresh_from_db()
    assert task.deadline == dt.date(2027, 3, 31)


def test_the_follow_up_table_reads_in_english_when_english_is_chosen(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    from django.conf import settings

    _task(tree, text="Trễ nhiều", deadline=dt.date(2026, 3, 1))
    client = client_for(make_user("coordinator", tree.units.vufo))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/nhiem-vu/").content.decode()
    status = page[page.index('name="status"') : page.index("</select>", page.index('name="status"'))]
    band = page[page.index('name="band"') : page.index("</select>", page.index('name="band"'))]
    assert "Overdue" in status and "Quá hạn" not in status
    assert "Quá hạn" not in band
    assert "184 days" in page and "184 date" not in page


def test_every_id_of_a_task_page_is_unique_so_each_label_names_its_own_box(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    import re

    task = _task(tree, lead_unit=tree.units.vufo, issuer_unit=tree.units.vufo)
    page = client_for(make_user("coordinator", tree.units.vufo)).get(f"/nhiem-vu/{task.pk}/").content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert "subtask_text" in ids  # the form giving parts of the task to units
    assert len(ids) == len(set(ids)), sorted(i for i in set(ids) if ids.count(i) > 1)


def test_the_author_of_a_completion_report_is_not_offered_to_confirm_it(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    task = _task(tree, lead_unit=tree.units.vufo, issuer_unit=tree.units.vufo)
    reporter = client_for(make_user("coordinator", tree.units.vufo))
    sent = reporter.post(
        f"/nhiem-vu/{task.pk}/bao-cao/",
        {"unit": tree.units.vufo.pk, "text": "Đã xong", "percent": "100", "is_completion": "on"},
        follow=True,
    )
    # The message says what happens next, not "Đã ghi báo cáo tiến độ." as for any report.
    assert "Đã gửi báo cáo hoàn thành: nhiệm vụ chờ phía giao nhiệm vụ xác nhận." in sent.content.decode()
    confirm_url = f"/nhiem-vu/{task.pk}/xac-nhan-hoan-thanh/"
    page = reporter.get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert 'id="own-completion"' in page and confirm_url not in page
    assert reporter.post(confirm_url).status_code == 403
    other = client_for(make_user("coordinator", tree.units.vufo))
    assert confirm_url in other.get(f"/nhiem-vu/{task.pk}/").content.decode()


def test_an_extension_to_an_earlier_day_is_refused_on_the_field(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    task = _task(tree)
    lead = client_for(make_user("editor", tree.ministry))
    response = lead.post(
        f"/nhiem-vu/{task.pk}/gia-han/",
        {"new_deadline": "01/01/2026", "reason": "Nhầm"},
    )
    assert response.status_code == 400
    assert "phải sau thời hạn hiện hành" in response.context["change_form"].errors["new_deadline"][0]
    assert not task.deadline_changes.exists()


def test_a_returned_completion_report_shows_its_reason_to_the_lead_unit(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    task = _task(tree)
    lead = client_for(make_user("editor", tree.ministry))
    lead.post(
        f"/nhiem-vu/{task.pk}/bao-cao/",
        {"unit": tree.ministry.pk, "text": "Đã xong", "percent": "100", "is_completion": "on"},
    )
    report = task.reports.get()
    issuer = client_for(make_user("editor", tree.units.vufo))
    page = issuer.get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert 'id="return-form"' in page
    url = f"/nhiem-vu/{task.pk}/tra-lai-hoan-thanh/"
    empty = issuer.post(url, {"report": report.pk, "reason": ""})
    assert empty.status_code == 400 and empty.context["return_form"].errors["reason"]
    assert issuer.post(url, {"report": "x1", "reason": "Thiếu"}).status_code == 404
    assert lead.post(url, {"report": report.pk, "reason": "Tự trả"}).status_code == 403
    returned = issuer.post(url, {"report": report.pk, "reason": "Chưa kèm biên bản"})
    # The form posted to "#hoan-thanh", gone once the report is returned: the page opens at its message.
    assert returned.status_code == 302 and returned["Location"] == f"/nhiem-vu/{task.pk}/#noi-dung"
    seen = lead.get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert 'data-field="return-reason">Chưa kèm biên bản<' in seen
    assert "chờ phía giao xác nhận" not in seen
    assert 'id="return-form"' not in issuer.get(f"/nhiem-vu/{task.pk}/").content.decode()


def test_confirming_completion_again_says_who_confirmed_it_and_when(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    task = _task(tree)
    client_for(make_user("editor", tree.ministry)).post(
        f"/nhiem-vu/{task.pk}/bao-cao/",
        {"unit": tree.ministry.pk, "text": "Đã xong", "percent": "100", "is_completion": "on"},
    )
    first = client_for(make_user("editor", tree.units.vufo, username="duyet.vufo"))
    second = client_for(make_user("coordinator", tree.units.vufo))
    url = f"/nhiem-vu/{task.pk}/xac-nhan-hoan-thanh/"
    first.post(url)
    task.refresh_from_db()
    response = second.post(url, follow=True)
    said = [str(m) for m in response.context["messages"]]
    when = timezone.localtime(task.closed_at).strftime("%d/%m/%Y %H:%M")
    assert said == [f"Nhiệm vụ này đã được xác nhận hoàn thành lúc {when}, bởi duyet.vufo."]


@pytest.mark.parametrize(
    ("stored", "header"),
    [
        ("bao-cao-tiến-độ.txt", "attachment; filename*=utf-8''bao-cao-ti%E1%BA%BFn-%C4%91%E1%BB%99.txt"),
        (
            "danh sách đại biểu.pdf",
            "attachment; filename*=utf-8''danh%20s%C3%A1ch%20%C4%91%E1%BA%A1i%20bi%E1%BB%83u.pdf",
        ),
        ("bao-cao.txt", 'attachment; filename="bao-cao.txt"'),
        ("../../etc/passwd", 'attachment; filename="passwd"'),
        ("C:\\Users\\bao\\..\\kế-hoạch.docx", "attachment; filename*=utf-8''k%E1%BA%BF-ho%E1%BA%A1ch.docx"),
        ('.htaccess"\r\nX-Evil: 1', 'attachment; filename="htaccess\\"X-Evil: 1"'),
        ("..", 'attachment; filename="tep-dinh-kem"'),
    ],
)
def test_an_attachment_downloads_under_its_vietnamese_name_and_never_a_path(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client], stored: str, header: str
) -> None:
    task = _task(tree)
    editor = make_user("editor", tree.ministry)
    report = _ministry_reports(tree, editor, task, "Kèm tệp")
    # Stored as it came, before attachments were checked: a name such as "../../etc/passwd" may be kept.
    attachment = ReportAttachment.objects.create(report=report, name=stored, size=1, data=b"x")
    response = client_for(editor).get(f"/nhiem-vu/tep/{attachment.pk}/")
    assert response["Content-Disposition"] == header


def test_a_program_is_refused_as_an_attachment_beside_the_file_box_and_nothing_is_recorded(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    task = _task(tree)
    editor = client_for(make_user("editor", tree.ministry))
    response = editor.post(
        f"/nhiem-vu/{task.pk}/bao-cao/",
        {
            "unit": tree.ministry.pk,
            "text": "Kèm chương trình",
            "percent": "30",
            "attachments": [SimpleUploadedFile("cai-dat.exe", b"MZ\x90\x00" + b"\x00" * 60)],
        },
    )
    assert response.status_code == 400
    assert response.context["attachment_errors"] == [
        "Tệp “cai-dat.exe”: loại tệp .exe không được nhận; chỉ nhận "
        ".pdf, .doc, .docx, .xls, .xlsx, .ppt, .pptx, .odt, .ods, .odp, .rtf, .jpg, .jpeg, .png, .gif, "
        ".txt, .csv, .zip."
    ]
    page = response.content.decode()
    assert 'id="attachments-again"' in page and "loại tệp .exe không được nhận" in page
    assert not task.reports.exists() and not ReportAttachment.objects.exists()


def test_an_attachment_stored_before_the_check_still_downloads_whatever_its_kind(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    task = _task(tree)
    editor = make_user("editor", tree.ministry)
    report = _ministry_reports(tree, editor, task, "Báo cáo cũ")
    old = ReportAttachment.objects.create(report=report, name="so-lieu.exe", size=4, data=b"MZ\x90\x00")
    response = client_for(editor).get(f"/nhiem-vu/tep/{old.pk}/")
    assert response.status_code == 200 and response.content == b"MZ\x90\x00"


def test_the_conference_list_counts_only_the_tasks_the_user_may_open(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    conference = services.conference_create(
        actor=SYSTEM, title="Hội nghị tổng kết năm", date=dt.date(2025, 12, 30), organizer=tree.ministry
    )
    _task(tree, conference=conference, coordinating_units=[])
    _task(tree, conference=conference, coordinating_units=[], text="Việc thứ hai của Bộ")
    _task(tree, conference=conference, lead_unit=tree.units.ha_noi, coordinating_units=[], text="Việc Hà Nội")

    def counted(user: User) -> int:
        page = client_for(user).get("/nhiem-vu/hoi-nghi/")
        return int(page.context["conferences"].get(pk=conference.pk).tasks_count)

    assert counted(make_user("editor", tree.units.ha_noi)) == 1
    assert counted(make_user("viewer", tree.ministry)) == 2
    assert counted(make_user("coordinator", tree.units.vufo)) == 3


def test_a_task_due_within_fourteen_days_says_how_many_are_left_and_is_filtered_apart(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    soon = _task(tree, text="Việc sắp đến hạn", deadline=TODAY + dt.timedelta(days=3))
    _task(tree, text="Việc còn xa", deadline=TODAY + dt.timedelta(days=30))
    _task(tree, text="Việc quá hạn", deadline=TODAY - dt.timedelta(days=3))
    client = client_for(make_user("coordinator", tree.units.vufo))
    page = client.get("/nhiem-vu/")
    html = page.content.decode()
    row = html.split(f'data-task="{soon.pk}"')[1].split("</tr>")[0]
    assert 'data-days-left="3">còn 3 ngày<' in row
    assert html.count("data-days-left=") == 1
    assert "<strong data-due-soon>1</strong>" in html and 'href="?status=due_soon"' in html
    filtered = client.get("/nhiem-vu/?status=due_soon")
    assert [r.task.text for r in filtered.context["rows"]] == ["Việc sắp đến hạn"]
    assert "còn 3 ngày" in client.get(f"/nhiem-vu/{soon.pk}/").content.decode()


def test_a_task_added_by_hand_with_a_past_deadline_is_warned_and_required_fields_are_marked(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    conference = services.conference_create(
        actor=SYSTEM, title="Hội nghị tổng kết năm", date=dt.date(2025, 12, 30), organizer=tree.ministry
    )
    url = f"/nhiem-vu/hoi-nghi/{conference.pk}/them-nhiem-vu/"
    coordinator = client_for(make_user("coordinator", tree.units.vufo))
    form = coordinator.get(url).content.decode()
    assert '<label for="id_deadline">Thời hạn *</label>' in form
    assert '<label for="id_lead_unit">Đơn vị chủ trì *</label>' in form
    assert '<label for="id_strategy_goal">Mục tiêu chiến lược</label>' in form
    data = {
        "text": "Hoàn thiện dự thảo chiến lược",
        "conference": conference.pk,
        "source_kind": "conclusion",
        "priority": "normal",
    }
    missing = coordinator.post(url, data)
    assert missing.context["form"].errors["lead_unit"] == [
        "Mỗi nhiệm vụ phải có đúng một đơn vị chủ trì: hãy chọn đơn vị."
    ]
    added = coordinator.post(
        url, {**data, "lead_unit": tree.ministry.pk, "deadline": "15/01/2026"}, follow=True
    )
    said = [str(m) for m in added.context["messages"]]
    assert said == [
        "Đã thêm nhiệm vụ.",
        "Hạn 15/01/2026 đã qua: nhiệm vụ được tính là quá hạn ngay từ bây giờ.",
    ]


def test_only_the_lead_unit_is_offered_the_completion_checkbox(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    task = _task(tree)
    partner = client_for(make_user("editor", tree.units.quang_tri))
    page = partner.get(f"/nhiem-vu/{task.pk}/")
    assert set(page.context["progress_form"].fields) == {"unit", "period", "text", "percent"}
    assert 'name="is_completion"' not in page.content.decode()
    # A forged completion from the coordinating unit is recorded as plain progress, never as completion.
    partner.post(
        f"/nhiem-vu/{task.pk}/bao-cao/",
        {
            "unit": tree.units.quang_tri.pk,
            "text": "Đã xong phần mình",
            "percent": "100",
            "is_completion": "on",
        },
    )
    assert not task.reports.get().is_completion
    lead = client_for(make_user("editor", tree.ministry)).get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert 'name="is_completion"' in lead


def test_a_completion_report_typed_at_50_percent_is_refused_on_the_percent_field(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    task = _task(tree)
    lead = client_for(make_user("editor", tree.ministry))
    response = lead.post(
        f"/nhiem-vu/{task.pk}/bao-cao/",
        {"unit": tree.ministry.pk, "text": "Đã làm một nửa", "percent": "50", "is_completion": "on"},
    )
    assert response.status_code == 400
    form = response.context["progress_form"]
    assert form.errors["percent"] == [
        "Báo cáo hoàn thành ghi tiến độ 100%, không phải 50%. "
        "Nếu việc chưa xong, hãy bỏ chọn “Báo cáo hoàn thành nhiệm vụ”."
    ]
    assert form["percent"].value() == "50"  # what was typed is shown back, unchanged
    assert not task.reports.exists()
    lead.post(f"/nhiem-vu/{task.pk}/bao-cao/", {"unit": tree.ministry.pk, "text": "Một nửa", "percent": "50"})
    assert task.reports.get().percent == 50


def test_the_permitting_document_is_given_by_the_decider_not_asked_of_the_requester(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    task = _task(tree)
    lead = client_for(make_user("editor", tree.ministry))
    assert "decision_reference" not in lead.get(f"/nhiem-vu/{task.pk}/").context["change_form"].fields
    assert (
        lead.post(
            f"/nhiem-vu/{task.pk}/gia-han/", {"new_deadline": "31/03/2027", "reason": "Chờ"}
        ).status_code
        == 302
    )
    change = task.deadline_changes.get()
    issuer = client_for(make_user("editor", tree.units.vufo))
    page = issuer.get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert f'id="decision-reference-{change.pk}"' in page
    decide = f"/nhiem-vu/gia-han/{change.pk}/quyet-dinh/"
    refused = issuer.post(decide, {"approve": "1", "decision_reference": " "}, follow=True)
    assert [str(m) for m in refused.context["messages"]] == [
        "Hãy ghi văn bản cho phép gia hạn (số, ký hiệu, ngày) rồi mới đồng ý."
    ]
    issuer.post(decide, {"approve": "1", "decision_reference": "Công văn số 15/LHHN ngày 20/8/2026"})
    change.refresh_from_db()
    task.refresh_from_db()
    assert change.decision_reference == "Công văn số 15/LHHN ngày 20/8/2026"
    assert task.deadline == dt.date(2027, 3, 31)


def test_a_completion_report_sent_is_shown_waiting_in_the_unit_list_the_home_and_the_follow_up(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    task = _task(tree, deadline=dt.date(2026, 8, 20))
    other = _task(tree, text="Xuất bản kỷ yếu diễn đàn", deadline=dt.date(2026, 8, 25))
    lead = make_user("editor", tree.ministry)
    completion = services.progress_report_submit(
        actor=lead,
        task=task,
        unit=tree.ministry,
        text="Đã tổ chức diễn đàn ngày 18/8",
        percent=100,
        is_completion=True,
        done_on=dt.date(2026, 8, 18),
        today=TODAY,
        now=timezone.now(),
    )
    badge = "Đã báo cáo hoàn thành, chờ xác nhận"

    def row_of(html: str, pk: int) -> str:
        start = html.index(f'<tr data-task="{pk}">')
        return html[start : html.index("</tr>", start)]

    client = client_for(lead)
    mine = client.get("/nhiem-vu/don-vi-toi/").content.decode()
    assert badge in row_of(mine, task.pk) and badge not in row_of(mine, other.pk)
    home = client.get("/").content.decode()
    block = home[home.index('id="home-tasks"') : home.index('id="home-news"')]
    line = block[block.index(f"/nhiem-vu/{task.pk}/") :]
    assert badge in line[: line.index("</li>")]
    assert block.count(badge) == 1
    follow_up = client_for(make_user("coordinator", tree.units.vufo)).get("/nhiem-vu/").content.decode()
    assert badge in row_of(follow_up, task.pk)
    # Returned by the issuer's side, it waits no more.
    services.completion_report_return(
        actor=make_user("editor", tree.units.vufo),
        report=completion,
        reason="Thiếu biên bản",
        now=timezone.now(),
    )
    assert badge not in client.get("/nhiem-vu/don-vi-toi/").content.decode()


def test_a_completion_report_shows_the_day_the_unit_gave_in_the_history(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    # The lead unit typed "Ngày hoàn thành" and then saw it nowhere on the task's page: the history
    # showed the percentage and the note only, and the pending box is the issuer's alone.
    task = _task(tree)
    lead = client_for(make_user("editor", tree.ministry, username="bientap.bng"))
    sent = lead.post(
        f"/nhiem-vu/{task.pk}/bao-cao/",
        {
            "unit": tree.ministry.pk,
            "text": "Đã tổ chức diễn đàn",
            "percent": "100",
            "is_completion": "on",
            "done_on": "28/08/2026",
        },
    )
    assert sent.status_code == 302
    page = lead.get(f"/nhiem-vu/{task.pk}/").content.decode()
    history = page.split('<ol class="timeline">')[1].split("</ol>")[0]
    assert '<span data-field="done-on">hoàn thành ngày 28/08/2026</span>' in history


def test_a_task_form_sent_blank_names_every_missing_field_at_once(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    conference = services.conference_create(
        actor=SYSTEM, title="Hội nghị tổng kết năm", date=dt.date(2025, 12, 30), organizer=tree.ministry
    )
    url = f"/nhiem-vu/hoi-nghi/{conference.pk}/them-nhiem-vu/"
    coordinator = client_for(make_user("coordinator", tree.units.vufo))
    blank = coordinator.post(url, {"source_kind": "conclusion", "priority": "normal"})
    assert blank.status_code == 400
    page = blank.content.decode()
    # All three at once, each naming its field: not one more each time the form is sent again.
    assert '<span class="error">Nội dung nhiệm vụ: Trường này không được để trống.</span>' in page
    assert (
        '<span class="error">Đơn vị chủ trì: Mỗi nhiệm vụ phải có đúng một đơn vị chủ trì: '
        "hãy chọn đơn vị.</span>" in page
    )
    assert '<span class="error">Thời hạn: Hãy nhập thời hạn hoàn thành (ngày/tháng/năm).</span>' in page
    # No browser check that would stop the form in the browser's own language.
    textarea = re.search(r"<textarea[^>]*>", page)
    assert textarea is not None and 'aria-required="true"' in textarea.group(0)
    assert " required" not in textarea.group(0)
    impossible = coordinator.post(
        url,
        {
            "text": "Rà soát",
            "lead_unit": tree.ministry.pk,
            "deadline": "31/02/2026",
            "source_kind": "conclusion",
            "priority": "normal",
        },
    )
    assert (
        "Thời hạn: Ngày 31/02/2026 không có: tháng 2 năm 2026 chỉ có 28 ngày." in impossible.content.decode()
    )
    # A deadline that is no date stops the form before the services run: the empty text and lead
    # unit are still named in the same answer, not on the next send.
    several = coordinator.post(
        url, {"deadline": "31/02/2026", "source_kind": "conclusion", "priority": "normal"}
    ).content.decode()
    assert "Thời hạn: Ngày 31/02/2026 không có" in several
    assert '<span class="error">Nội dung nhiệm vụ: Trường này không được để trống.</span>' in several
    assert "Đơn vị chủ trì: Mỗi nhiệm vụ phải có đúng một đơn vị chủ trì" in several
    assert Task.objects.count() == 0


def test_the_percent_of_a_progress_report_is_typed_as_text_and_a_decimal_is_refused_by_name(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    task = _task(tree)
    client = client_for(make_user("editor", tree.ministry))
    page = client.get(f"/nhiem-vu/{task.pk}/").content.decode()
    # A number box would send nothing for "1,2", which would then be refused as left empty.
    box = re.search(r'<input[^>]*name="percent"[^>]*>', page)
    assert box is not None and 'type="text"' in box.group(0) and 'inputmode="numeric"' in box.group(0)
    sent = client.post(
        f"/nhiem-vu/{task.pk}/bao-cao/", {"unit": tree.ministry.pk, "text": "Đã họp", "percent": "1,2"}
    )
    assert "Tiến độ (%): Nhập một số nguyên." in sent.content.decode()
    assert not ProgressReport.objects.filter(task=task).exists()
