"""Conferences recorded in the site: the record, its connection points and its documents, by coordinators.

They were recorded in Django's admin only: another look and layout, a document linked by a bare
number, and no check of a save made over someone else's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.audit.models import AuditEntry
from doingoai.tasks import services
from doingoai.tasks.models import Conference
from tests.library_fixtures import document_named
from tests.tasks.conftest import Tree

ADD = "/nhiem-vu/hoi-nghi/them/"


def _form(tree: Tree, **changes: Any) -> dict[str, Any]:
    """Return the new-conference form as a coordinator fills it in, with one point and no document."""
    data: dict[str, Any] = {
        "title": "Hội nghị tổng kết công tác đối ngoại nhân dân năm 2026",
        "kind": "conference",
        "date": "22/12/2026",
        "organizer": tree.units.vufo.pk,
        "chair": "",
        "venue": "Hà Nội",
        "points-TOTAL_FORMS": "1",
        "points-INITIAL_FORMS": "0",
        "points-0-name": "Hội trường chính",
        "points-0-unit": tree.units.vufo.name,
        "points-0-mode": "onsite",
        "points-0-attendance": "1.200",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def _edit_form(client: Client, conference: Conference) -> dict[str, Any]:
    """Return the edit page's form as it is sent back unchanged."""
    page = client.get(f"/nhiem-vu/hoi-nghi/{conference.pk}/sua/")
    assert page.status_code == 200
    data: dict[str, Any] = {}
    for name, value in page.context["form"].initial.items():
        data[name] = value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else value
    for prefix in ("points", "documents"):
        formset = page.context[prefix]
        data[f"{prefix}-TOTAL_FORMS"] = str(len(formset.initial))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(formset.initial))
        for index, row in enumerate(formset.initial):
            for name, value in row.items():
                data[f"{prefix}-{index}-{name}"] = "" if value is None else value
    return {name: value for name, value in data.items() if value is not None}


def _recorded(tree: Tree, coordinator: Client) -> Conference:
    """Return the conference of `_form` as `coordinator` records it through the page."""
    assert coordinator.post(ADD, _form(tree)).status_code == 302
    return Conference.objects.get()


def _changed_meanwhile(
    tree: Tree, coordinator: Client, other: Client, change: dict[str, str]
) -> tuple[Conference, str, dict[str, Any]]:
    """Record a conference, open its edit form as `coordinator`, then let `other` save `change` first.

    Returns the conference, its edit address and the coordinator's form as it was opened.
    """
    conference = _recorded(tree, coordinator)
    url = f"/nhiem-vu/hoi-nghi/{conference.pk}/sua/"
    mine = _edit_form(coordinator, conference)
    assert other.post(url, {**_edit_form(other, conference), **change}).status_code == 302
    return conference, url, mine


@pytest.fixture
def another_coordinator(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> Client:
    """A second coordinator of the national body, editing beside the first."""
    return client_for(make_user("coordinator", tree.units.vufo, username="dieuphoi2"))


@pytest.fixture
def coordinator(tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]) -> Client:
    """A coordinator of the national body."""
    return client_for(make_user("coordinator", tree.units.vufo))


def test_a_coordinator_records_a_conference_with_its_points_and_conclusions_in_the_site(
    tree: Tree, coordinator: Client, ingest: Callable[..., object]
) -> None:
    ingest({"ket-luan.txt": "Hội nghị giao Bộ Ngoại giao chủ trì tổng kết công tác năm 2026."})
    conclusions = document_named("ket-luan.txt")
    listing = coordinator.get("/nhiem-vu/hoi-nghi/").content.decode()
    assert f'href="{ADD}">Thêm hội nghị</a>' in listing
    form = _form(
        tree,
        **{
            "documents-TOTAL_FORMS": "1",
            "documents-0-document": f"http://127.0.0.1:8000/thu-vien/van-ban/{conclusions.pk}/",
            "documents-0-role": "conclusions",
        },
    )
    response = coordinator.post(ADD, form, follow=True)
    conference = Conference.objects.get()
    assert response.redirect_chain == [(f"/nhiem-vu/hoi-nghi/{conference.pk}/", 302)]
    assert (conference.title, conference.date, conference.organizer) == (
        "Hội nghị tổng kết công tác đối ngoại nhân dân năm 2026",
        dt.date(2026, 12, 22),
        tree.units.vufo,
    )
    assert [(p.name, p.mode, p.attendance) for p in conference.points.all()] == [
        ("Hội trường chính", "onsite", 1200)
    ]
    assert [(d.document_id, d.role) for d in conference.documents.all()] == [(conclusions.pk, "conclusions")]
    page = response.content.decode()
    assert "số người dự: 1.200" in page and "Thông báo kết luận" in page
    assert f'href="/nhiem-vu/hoi-nghi/{conference.pk}/sua/">Sửa hội nghị</a>' in page
    logged = set(AuditEntry.objects.values_list("content_type__model", flat=True))
    assert {"conference", "connectionpoint", "conferencedocument"} <= logged


def test_only_coordinators_record_or_change_a_conference(
    tree: Tree, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    conference = services.conference_create(
        actor=SYSTEM, title="Hội nghị tổng kết năm", date=dt.date(2025, 12, 30), organizer=tree.ministry
    )
    editor = client_for(make_user("editor", tree.ministry))
    assert editor.get(ADD).status_code == 403
    assert editor.post(ADD, _form(tree)).status_code == 403
    assert editor.get(f"/nhiem-vu/hoi-nghi/{conference.pk}/sua/").status_code == 403
    assert "Sửa hội nghị" not in editor.get(f"/nhiem-vu/hoi-nghi/{conference.pk}/").content.decode()
    assert "/nhiem-vu/hoi-nghi/them/" not in editor.get("/nhiem-vu/hoi-nghi/").content.decode()
    assert Conference.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"title": "  "}, "Tên hội nghị: Trường này"),
        ({"date": "31/02/2026"}, "Ngày họp"),
        ({"points-0-attendance": "1,5"}, "Điểm cầu dòng 1 – Số người dự: Số người dự phải là một số nguyên"),
        ({"points-0-attendance": "-3"}, "Điểm cầu dòng 1 – Số người dự: Số người dự không được nhỏ hơn 0."),
        (
            {"points-0-attendance": "3.000.000.000"},
            "Điểm cầu dòng 1 – Số người dự: Số người dự không được lớn hơn 2.000.000.000.",
        ),
        ({"points-0-unit": ""}, "Điểm cầu dòng 1 – Đơn vị: Hãy điền ô này cho điểm cầu."),
        (
            {"points-0-unit": "Sở Ngoại vụ tỉnh Atlantis"},
            "Điểm cầu dòng 1 – Đơn vị: Không có đúng một đơn vị tên “Sở Ngoại vụ tỉnh Atlantis”",
        ),
        (
            {
                "points-TOTAL_FORMS": "2",
                "points-1-name": "hội trường chính",
                "points-1-mode": "online",
                "points-1-unit": "QUANG_TRI",
            },
            "Điểm cầu dòng 2: tên “hội trường chính” đã có ở dòng 1.",
        ),
        (
            {
                "documents-TOTAL_FORMS": "1",
                "documents-0-document": "văn bản kết luận",
                "documents-0-role": "news",
            },
            "Văn bản dòng 1 – Văn bản (số hoặc địa chỉ trang): Hãy nhập số văn bản",
        ),
        (
            {"documents-TOTAL_FORMS": "1", "documents-0-document": "987654", "documents-0-role": "news"},
            "Văn bản dòng 1: không có văn bản số 987654 trong thư viện bạn được xem.",
        ),
        (
            {
                "documents-TOTAL_FORMS": "1",
                "documents-0-document": "/thu-vien/van-ban/5/",
                "documents-0-role": "",
            },
            "Văn bản dòng 1 – Vai trò: Hãy chọn vai trò của văn bản.",
        ),
        ({"points-TOTAL_FORMS": "100000"}, "Vui lòng gửi không quá 500 biểu mẫu."),
        ({"points-TOTAL_FORMS": "nhiều"}, "Các trường thiếu: points-TOTAL_FORMS."),
    ],
)
def test_bad_input_is_refused_in_vietnamese_naming_the_row_and_box_with_nothing_stored(
    tree: Tree, coordinator: Client, changes: dict[str, Any], said: str
) -> None:
    changes = {
        name: tree.units.quang_tri.name if value == "QUANG_TRI" else value for name, value in changes.items()
    }
    response = coordinator.post(ADD, _form(tree, **changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Hội nghị chưa được lưu" in page
    assert said in page.replace("&quot;", '"').replace("&#x27;", "'"), page[page.find('role="alert"') :][
        :3000
    ]
    assert Conference.objects.count() == 0


def test_a_row_is_added_without_saving_or_complaining(tree: Tree, coordinator: Client) -> None:
    response = coordinator.post(ADD, _form(tree, title="", add_point="1"))
    assert response.status_code == 200
    assert len(response.context["points"].forms) == 2
    assert "Trường này không được để trống" not in response.content.decode()
    assert Conference.objects.count() == 0


def test_a_stale_edit_is_refused_naming_the_other_change_and_keeps_what_was_typed(
    tree: Tree, coordinator: Client, another_coordinator: Client
) -> None:
    conference, url, mine = _changed_meanwhile(
        tree, coordinator, another_coordinator, {"points-0-attendance": "1.350"}
    )
    mine["venue"] = "Thành phố Huế"
    refused = coordinator.post(url, mine)
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Người khác đã sửa bản ghi này" in page
    assert "1.200 → 1.350" in page or "1200 → 1350" in page, page[page.find('role="alert"') :][:2000]
    assert 'value="Thành phố Huế"' in page
    conference.refresh_from_db()
    assert conference.venue == "Hà Nội" and conference.points.get().attendance == 1350
    # Sent again from the refused page, after reading the change: saved as the page then shows it.
    again = {**mine, "version": refused.context["form"].data["version"], "points-0-attendance": "1.350"}
    assert coordinator.post(url, again).status_code == 302
    conference.refresh_from_db()
    assert conference.venue == "Thành phố Huế" and conference.points.get().attendance == 1350


def test_an_unchanged_save_keeps_the_version_and_logs_nothing(tree: Tree, coordinator: Client) -> None:
    conference = _recorded(tree, coordinator)
    logged = AuditEntry.objects.count()
    assert (
        coordinator.post(
            f"/nhiem-vu/hoi-nghi/{conference.pk}/sua/", _edit_form(coordinator, conference)
        ).status_code
        == 302
    )
    conference.refresh_from_db()
    assert conference.version == 1 + 1  # the point added at creation moved it once
    assert AuditEntry.objects.count() == logged


def test_points_are_renamed_swapped_and_removed_and_documents_changed_in_one_save(
    tree: Tree, coordinator: Client, ingest: Callable[..., object]
) -> None:
    ingest({"a.txt": "Báo cáo tổng kết năm 2026.", "b.txt": "Phát biểu chỉ đạo tại hội nghị."})
    first, second = document_named("a.txt"), document_named("b.txt")
    form = _form(
        tree,
        **{
            "points-TOTAL_FORMS": "3",
            "points-1-name": "Quảng Trị",
            "points-1-unit": tree.units.quang_tri.name,
            "points-1-mode": "online",
            "points-1-attendance": "40",
            "points-2-name": "Hà Nội",
            "points-2-unit": tree.units.ha_noi.name,
            "points-2-mode": "online",
            "points-2-attendance": "30",
            "documents-TOTAL_FORMS": "2",
            "documents-0-document": str(first.pk),
            "documents-0-role": "report",
            "documents-1-document": str(second.pk),
            "documents-1-role": "speech",
        },
    )
    coordinator.post(ADD, form)
    conference = Conference.objects.get()
    data = _edit_form(coordinator, conference)
    rows = {data[f"points-{i}-name"]: i for i in range(3)}
    # Quảng Trị and Hà Nội swap names; the main hall goes.
    data[f"points-{rows['Quảng Trị']}-name"], data[f"points-{rows['Hà Nội']}-name"] = "Hà Nội", "Quảng Trị"
    data[f"points-{rows['Hội trường chính']}-DELETE"] = "on"
    # The two documents swap roles' documents; then the report is changed to a speech.
    data["documents-0-document"], data["documents-1-document"] = (
        data["documents-1-document"],
        data["documents-0-document"],
    )
    response = coordinator.post(f"/nhiem-vu/hoi-nghi/{conference.pk}/sua/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    points = {p.name: (p.unit_id, p.attendance) for p in conference.points.all()}
    assert points == {"Hà Nội": (tree.units.quang_tri.pk, 40), "Quảng Trị": (tree.units.ha_noi.pk, 30)}
    assert sorted((d.document_id, d.role) for d in conference.documents.all()) == sorted(
        [(second.pk, "report"), (first.pk, "speech")]
    )


def test_points_and_documents_linked_by_a_command_are_logged_and_refuse_a_form_opened_before(
    tree: Tree, coordinator: Client, ingest: Callable[..., object]
) -> None:
    """The demo loader and commands link points and documents through the services: a page open
    meanwhile must not put back what they changed."""
    ingest({"tin.txt": "Tin về hội nghị tổng kết."})
    news = document_named("tin.txt")
    conference = services.conference_create(
        actor=SYSTEM, title="Hội nghị tổng kết năm", date=dt.date(2025, 12, 30), organizer=tree.ministry
    )
    opened = _edit_form(coordinator, conference)
    services.connection_points_set(
        actor=SYSTEM,
        conference=conference,
        points=[services.PointData("Điểm cầu Quảng Trị", tree.units.quang_tri, "online", 45)],
    )
    services.conference_document_link(actor=SYSTEM, conference=conference, document=news, role="news")
    conference.refresh_from_db()
    assert conference.version == 3
    logged = AuditEntry.objects.filter(content_type__model__in=["connectionpoint", "conferencedocument"])
    assert logged.count() == 2
    refused = coordinator.post(f"/nhiem-vu/hoi-nghi/{conference.pk}/sua/", {**opened, "venue": "Huế"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "thêm điểm cầu “Điểm cầu Quảng Trị”" in page
    assert conference.points.count() == 1 and conference.documents.count() == 1


def test_the_units_are_listed_once_on_the_page_however_many_points(tree: Tree, coordinator: Client) -> None:
    """One list of every unit in each row made the demo's 103 points a page of 1 MB, 0.8 s to render."""
    conference = services.conference_create(
        actor=SYSTEM,
        title="Hội nghị trực tuyến toàn quốc",
        date=dt.date(2025, 12, 30),
        organizer=tree.ministry,
    )
    services.connection_points_set(
        actor=SYSTEM,
        conference=conference,
        points=[services.PointData(f"Điểm cầu số {n}", tree.units.quang_tri, "online", n) for n in range(40)],
    )
    page = coordinator.get(f"/nhiem-vu/hoi-nghi/{conference.pk}/sua/").content.decode()
    assert page.count(f'<option value="{tree.units.quang_tri.name}">') == 1
    assert page.count(f'value="{tree.units.quang_tri.name}"') == 1 + 40  # the list, then each row's box
    assert 'select name="points-0-unit"' not in page


HOSTILE = [
    "\x00",
    "x" * 10_000,
    "<script>alert(1)</script>",
    '=HYPERLINK("http://example.invalid")',
    "9" * 40,
    "\u202eevil",
    "Hội nghị 🎉",
    "12abc",
    "/thu-vien/van-ban/99999999999999999999/",
]
BOXES = [
    "title",
    "kind",
    "date",
    "organizer",
    "chair",
    "venue",
    "version",
    "points-0-id",
    "points-0-name",
    "points-0-unit",
    "points-0-mode",
    "points-0-attendance",
    "documents-0-id",
    "documents-0-document",
    "documents-0-role",
]


def test_hostile_input_in_any_box_gets_an_answer_never_a_server_error(
    tree: Tree, coordinator: Client
) -> None:
    conference = _recorded(tree, coordinator)
    edit = f"/nhiem-vu/hoi-nghi/{conference.pk}/sua/"
    sent = _edit_form(coordinator, conference)
    sent.update({"documents-TOTAL_FORMS": "1", "documents-0-document": "", "documents-0-role": ""})
    for box in BOXES:
        for value in HOSTILE:
            for url, form in ((ADD, _form(tree)), (edit, sent)):
                if box.startswith("documents-"):
                    form = {**form, "documents-TOTAL_FORMS": "1"}
                response = coordinator.post(url, {**form, box: value})
                assert response.status_code in (302, 400), (url, box, value, response.status_code)
                page = response.content.decode()
                assert "<script>alert(1)</script>" not in page
    # Whatever was stored is text as typed, without a NUL, and the points are whole numbers.
    for stored in Conference.objects.all():
        assert "\x00" not in stored.title + stored.chair + stored.venue
        assert all(p.attendance >= 0 and "\x00" not in p.name for p in stored.points.all())


def test_the_admins_conference_form_is_refused_when_the_site_saved_meanwhile(
    tree: Tree, coordinator: Client, another_coordinator: Client
) -> None:
    """The admin's form stays for staff; with the conference's version it no longer overwrites a site save."""
    conference = _recorded(tree, coordinator)
    url = f"/quan-tri/tasks/conference/{conference.pk}/change/"
    staff = another_coordinator
    opened = staff.get(url).content.decode()
    assert f'name="based_on_version" value="{conference.version}"' in opened
    point = conference.points.get()
    admin_form = {
        "title": conference.title,
        "kind": conference.kind,
        "date": "22/12/2026",
        "organizer": conference.organizer_id,
        "chair": "",
        "venue": "Đà Nẵng",
        "based_on_version": conference.version,
        "points-TOTAL_FORMS": "1",
        "points-INITIAL_FORMS": "1",
        "points-0-id": point.pk,
        "points-0-conference": conference.pk,
        "points-0-name": point.name,
        "points-0-unit": point.unit_id,
        "points-0-mode": point.mode,
        "points-0-attendance": point.attendance,
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
    }
    site = _edit_form(coordinator, conference)
    assert (
        coordinator.post(f"/nhiem-vu/hoi-nghi/{conference.pk}/sua/", {**site, "venue": "Huế"}).status_code
        == 302
    )
    refused = staff.post(url, admin_form)
    assert refused.status_code == 200 and "Người khác đã sửa bản ghi này" in refused.content.decode()
    conference.refresh_from_db()
    assert conference.venue == "Huế"


def test_in_english_a_conference_has_a_chair_and_a_venue_not_a_lead_unit_and_places(
    tree: Tree, coordinator: Client
) -> None:
    """ "Chủ trì" of a task is its lead unit, "Địa điểm" of an article its places: not so for a conference."""
    from django.conf import settings

    coordinator.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    refused = coordinator.post(ADD, _form(tree, chair="Chủ tịch Liên hiệp", venue="x" * 256)).content.decode()
    assert "Venue: " in refused and "Places" not in refused
    conference = coordinator.post(ADD, _form(tree, chair="Chủ tịch Liên hiệp"))
    for page in (coordinator.get(conference["Location"]), coordinator.get(conference["Location"] + "sua/")):
        text = page.content.decode()
        assert ">Chair<" in text.replace(" *", "") and ">Venue<" in text.replace(" *", ""), page.request
        assert ">Lead<" not in text and ">Places<" not in text


def test_the_edit_page_reads_the_units_once_however_many_points_the_conference_has(
    tree: Tree, coordinator: Client
) -> None:
    """A year-end conference has about a hundred points, each row with its list of units."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def points(count: int) -> dict[str, Any]:
        rows: dict[str, Any] = {"points-TOTAL_FORMS": str(count)}
        for n in range(count):
            rows |= {
                f"points-{n}-name": f"Điểm cầu {n}",
                f"points-{n}-unit": tree.units.vufo.name,
                f"points-{n}-mode": "online",
                f"points-{n}-attendance": "10",
            }
        return rows

    queries = []
    for count in (2, 12):
        created = coordinator.post(ADD, _form(tree, title=f"Hội nghị {count} điểm cầu", **points(count)))
        conference = Conference.objects.get(pk=created["Location"].split("/")[-2])
        with CaptureQueriesContext(connection) as read:
            page = coordinator.get(created["Location"] + "sua/")
        assert page.status_code == 200 and len(page.context["points"].forms) == count + 3
        unchanged = _edit_form(coordinator, conference)
        with CaptureQueriesContext(connection) as saved:
            assert coordinator.post(created["Location"] + "sua/", unchanged).status_code == 302
        queries.append((len(read), len(saved)))
    assert queries[0] == queries[1], queries


def test_a_conference_sent_twice_is_recorded_once(tree: Tree, coordinator: Client) -> None:
    """A double click on "Lưu", or the page sent again, recorded the same conference twice."""
    assert coordinator.post(ADD, _form(tree)).status_code == 302
    again = coordinator.post(ADD, _form(tree, title="hoi nghi tong ket cong tac doi ngoai nhan dan nam 2026"))
    assert again.status_code == 400
    assert (
        "Đã có hội nghị “Hội nghị tổng kết công tác đối ngoại nhân dân năm 2026” họp ngày 22/12/2026"
        in again.content.decode()
    )
    assert Conference.objects.count() == 1
    # Another day, or another title, is another conference.
    assert coordinator.post(ADD, _form(tree, date="23/12/2026")).status_code == 302
    assert Conference.objects.count() == 2


def test_in_english_one_conference_is_a_conference_and_the_list_is_conferences(
    tree: Tree, coordinator: Client
) -> None:
    """ "Hội nghị" is one word in Vietnamese for the kind, a task's conference and the list of them all."""
    from django.conf import settings

    coordinator.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    created = coordinator.post(ADD, _form(tree))
    detail = coordinator.get(created["Location"]).content.decode()
    assert "<dd>Conference</dd>" in detail  # the kind
    assert ">Conferences</a>" in detail  # the way back to the list
    listing = coordinator.get("/nhiem-vu/hoi-nghi/").content.decode()
    assert "<h1>Conferences</h1>" in listing
    task_form = coordinator.get(f"{created['Location']}them-nhiem-vu/").content.decode()
    assert (
        ">Conference</label>" in task_form.replace(" *", "") or 'for="id_conference">Conference' in task_form
    )
    dashboard = coordinator.get("/nhiem-vu/").content.decode()
    assert "<th>Conference</th>" in dashboard


def test_one_answer_names_a_bad_box_a_repeated_name_and_someone_elses_change_together(
    tree: Tree, coordinator: Client, another_coordinator: Client
) -> None:
    """The rows' checks and the version ran only once every box was valid: a form was refused twice."""
    conference, url, mine = _changed_meanwhile(tree, coordinator, another_coordinator, {"venue": "Huế"})
    sent = {
        **mine,
        "date": "31/02/2026",
        "points-TOTAL_FORMS": "3",
        "points-1-name": "Điểm cầu Quảng Trị",
        "points-1-unit": tree.units.quang_tri.name,
        "points-1-mode": "online",
        "points-1-attendance": "1,5",
        "points-2-name": "hội trường chính",
        "points-2-unit": tree.units.ha_noi.name,
        "points-2-mode": "online",
    }
    refused = coordinator.post(url, sent)
    page = refused.content.decode()
    assert "Ngày 31/02/2026 không có" in page
    assert "Điểm cầu dòng 2 – Số người dự: Số người dự phải là một số nguyên" in page
    assert "Điểm cầu dòng 3: tên “hội trường chính” đã có ở dòng 1." in page
    assert "Người khác đã sửa bản ghi này" in page and "Hà Nội → Huế" in page
    # Corrected, and based on the version just shown, it is saved.
    again = {
        **sent,
        "date": "22/12/2026",
        "points-1-attendance": "15",
        "points-2-name": "Điểm cầu Hà Nội",
        "version": refused.context["form"].data["version"],
    }
    assert coordinator.post(url, again).status_code == 302
    assert conference.points.count() == 3
