"""The home page answers "what needs me today", per role, within scope, one query per block."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.aid import selectors as aid_selectors
from doingoai.library import selectors as library_selectors
from doingoai.library.models import Document, Event
from doingoai.reporting import selectors as reporting_selectors
from doingoai.reporting import services
from doingoai.reporting.periods import period_parse
from doingoai.tasks import selectors as task_selectors
from doingoai.tasks import services as task_services
from tests.aid.conftest import partners, project_factory, rates
from tests.django_fixtures import Units
from tests.library_fixtures import FESTIVAL_LOCAL, FESTIVAL_TTXVN, HANOI_REPORT, _ingest_at_once, ingest
from tests.reporting.conftest import ANNUAL_VALUES, Cycle, at, cycle

__all__ = ["_ingest_at_once", "cycle", "ingest", "partners", "project_factory", "rates"]

ClientFor = Callable[[User], Client]


@pytest.fixture
def world(cycle: Cycle, ingest: Any, project_factory: Any) -> Cycle:
    """Demo-like records of two provinces: documents, reports, tasks and aid."""
    units = cycle.units
    today = timezone.localdate()
    ingest({"ban-nhap-qt.txt": FESTIVAL_LOCAL}, owner=units.quang_tri)
    ingest({"ban-nhap-hn.txt": HANOI_REPORT}, owner=units.ha_noi)
    ingest({"ttxvn.txt": FESTIVAL_TTXVN, "bao-qt.txt": FESTIVAL_LOCAL}, published=True)
    cycle.open(units.quang_tri)
    cycle.open(units.ha_noi)
    task_services.task_create(
        actor=SYSTEM,
        text="Tổng kết ngày hội giao lưu Lao Bảo",
        lead_unit=units.quang_tri,
        deadline=today - dt.timedelta(days=3),
        issuer_unit=units.vufo,
    )
    task_services.task_create(
        actor=SYSTEM,
        text="Chuẩn bị đón đoàn Mông Cổ",
        lead_unit=units.ha_noi,
        deadline=today - dt.timedelta(days=10),
        issuer_unit=units.vufo,
    )
    task_services.task_create(
        actor=SYSTEM,
        text="Lập kế hoạch giao lưu năm sau",
        lead_unit=units.quang_tri,
        deadline=today + dt.timedelta(days=20),
        issuer_unit=units.vufo,
    )
    project_factory("XX-QT-1", province="Quảng Trị", value="1000", currency="USD", day=dt.date(2025, 3, 1))
    project_factory("XX-HN-1", province="Hà Nội", value="5000", currency="USD", day=dt.date(2025, 3, 1))
    return cycle


def _home(client: Client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_editor_home_shows_its_drafts_reports_tasks_news_and_aid(world: Cycle, client_for: ClientFor) -> None:
    units = world.units
    html = _home(client_for(world.qt_editor))
    draft = Document.objects.get(file_name="ban-nhap-qt.txt")
    assert f'href="/thu-vien/van-ban/{draft.pk}/"' in html
    other = Document.objects.get(file_name="ban-nhap-hn.txt")
    assert f'href="/thu-vien/van-ban/{other.pk}/"' not in html  # Hà Nội's draft is not Quảng Trị's work
    report = world.open(units.quang_tri)
    assert f'href="/bao-cao/{report.pk}/"' in html and "Bản nháp" in html
    assert f'href="/bao-cao/{world.open(units.ha_noi).pk}/"' not in html
    assert "Tổng kết ngày hội giao lưu Lao Bảo" in html and "quá hạn 3 ngày" in html
    assert "Lập kế hoạch giao lưu năm sau" in html
    assert "Chuẩn bị đón đoàn Mông Cổ" not in html
    news = Document.objects.get(file_name="ttxvn.txt")
    assert "Tin mới về tỉnh Quảng Trị" in html and f'href="/thu-vien/van-ban/{news.pk}/"' in html
    assert "Viện trợ tại tỉnh Quảng Trị" in html
    # 1,000 USD at 25,000: Quảng Trị's commitment alone, not Hà Nội's.
    assert ">25.000.000</a>" in html and "125.000.000" not in html
    assert "province=44" in html


def test_coordinator_home_shows_completeness_overdue_by_unit_differing_events_and_aid_trend(
    world: Cycle, client_for: ClientFor
) -> None:
    units = world.units
    html = _home(client_for(world.coordinator))
    assert 'href="/bao-cao/bieu-mau/DNND-NAM/?year=2025"' in html and "năm 2025" in html
    assert "0/5" in html  # five units expected, none has sent its report yet
    assert "VTPCP-QUY" not in html  # a form nobody was assigned has no completeness to show
    assert f'href="/nhiem-vu/?unit={units.ha_noi.pk}&amp;status=overdue"' in html
    assert f'href="/nhiem-vu/?unit={units.quang_tri.pk}&amp;status=overdue"' in html
    event = Event.objects.get(summary__differences__gt=0)
    assert f'href="/thu-vien/su-kien/{event.pk}/"' in html
    assert ">150.000.000</a>" in html  # both provinces' commitments, the national total
    assert "Bản nháp" not in html  # the unit blocks are the editors'


def test_viewer_home_is_read_only_and_within_its_unit(
    world: Cycle, make_user: Callable[..., User], client_for: ClientFor
) -> None:
    html = _home(client_for(make_user("viewer", world.units.quang_tri)))
    assert "Bạn có quyền xem, không có quyền sửa." in html
    assert "Tổng kết ngày hội giao lưu Lao Bảo" in html
    assert "Chuẩn bị đón đoàn Mông Cổ" not in html


def test_a_user_without_a_unit_gets_a_home_without_errors(
    units: Units, make_user: Callable[..., User], client_for: ClientFor
) -> None:
    html = _home(client_for(make_user("administrator", None)))
    assert "Chưa có giao dịch viện trợ nào trong phạm vi của bạn." in html


def test_each_block_is_read_with_one_query(world: Cycle) -> None:
    user = User.objects.select_related("unit").get(pk=world.qt_editor.pk)
    coordinator = User.objects.select_related("unit").get(pk=world.coordinator.pk)
    today = timezone.localdate()
    blocks: list[Callable[[], Any]] = [
        lambda: library_selectors.documents_drafts(user=user),
        lambda: library_selectors.documents_about_place(user=user, place="Quảng Trị"),
        lambda: library_selectors.events_differing(user=coordinator),
        lambda: reporting_selectors.reports_to_send(user=user),
        lambda: task_selectors.tasks_led_open(user=user, today=today),
        lambda: task_selectors.tasks_overdue_by_unit(user=coordinator, today=today),
        lambda: aid_selectors.totals_by_year(
            user=user, filters=aid_selectors.TransactionFilters(province="44")
        ),
    ]
    library_selectors.entities_naming("place", "quang tri")  # the names' list, read once per revision
    for block in blocks:
        with CaptureQueriesContext(connection) as queries:
            assert block()  # each block has something to show in this world
        reads = [q["sql"] for q in queries if "_revision WHERE id = 1" not in q["sql"]]
        assert len(reads) == 1, reads


def test_the_costly_blocks_are_cached_per_scope(world: Cycle, client_for: ClientFor) -> None:
    client = client_for(world.coordinator)
    with CaptureQueriesContext(connection) as cold:
        _home(client)
    with CaptureQueriesContext(connection) as warm:
        _home(client)
    # The aid sums, the completeness and the events come from the cache the second time.
    assert len(warm) <= len(cold) - 4
    # An editor's home is not served from the coordinator's cache.
    assert ">150.000.000</a>" not in _home(client_for(world.qt_editor))


def test_overdue_by_unit_agrees_with_the_task_status(world: Cycle) -> None:
    today = timezone.localdate()
    rows = {
        r.unit_name: r.count
        for r in task_selectors.tasks_overdue_by_unit(user=world.coordinator, today=today)
    }
    assert rows == {world.units.quang_tri.name: 1, world.units.ha_noi.name: 1}
    later = today + dt.timedelta(days=21)
    assert {
        r.unit_name: r.count
        for r in task_selectors.tasks_overdue_by_unit(user=world.coordinator, today=later)
    }[world.units.quang_tri.name] == 2
    editor_rows = task_selectors.tasks_led_open(user=world.qt_editor, today=today)
    assert [r.status.status for r in editor_rows] == ["overdue", "in_progress"]


@pytest.mark.parametrize(
    ("kind", "today", "code"),
    [
        ("year", dt.date(2026, 12, 3), "2025"),
        ("year", dt.date(2026, 1, 1), "2025"),
        ("quarter", dt.date(2026, 12, 3), "2026-Q3"),
        ("quarter", dt.date(2026, 1, 2), "2025-Q4"),
        ("month", dt.date(2026, 3, 31), "2026-02"),
        ("month", dt.date(2026, 1, 15), "2025-12"),
    ],
)
def test_the_current_cycle_is_the_latest_period_already_ended(kind: str, today: dt.date, code: str) -> None:
    period = reporting_selectors.period_current(kind, today)
    assert period is not None and period.code == code


def test_the_home_speaks_english_when_chosen(world: Cycle, client_for: ClientFor) -> None:
    client = client_for(world.coordinator)
    client.post("/ngon-ngu/", {"language": "en", "next": "/"})
    html = _home(client)
    assert "Overdue tasks by lead unit" in html and "1 difference" in html and "Aid: totals and trend" in html
    editor = client_for(world.qt_editor)
    editor.post("/ngon-ngu/", {"language": "en", "next": "/"})
    html = _home(editor)
    assert "Latest news about tỉnh Quảng Trị" in html and "3 days overdue" in html


def test_editor_home_lists_the_reports_its_unit_owes_and_has_not_opened(
    world: Cycle, client_for: ClientFor
) -> None:
    units = world.units
    # The Quảng Trị union was assigned the annual report from 2024 and has opened neither its 2025
    # report (due in ten days) nor its 2024 one (overdue for a year): both are listed, newest first.
    owed = reporting_selectors.reports_not_started(user=world.qt_union_editor, today=dt.date(2026, 1, 5))
    assert [(o.form.code, o.period.code, o.unit, o.due_date) for o in owed] == [
        ("DNND-NAM", "2025", units.quang_tri_union, dt.date(2026, 1, 15)),
        ("DNND-NAM", "2024", units.quang_tri_union, dt.date(2025, 1, 15)),
    ]
    html = _home(client_for(world.qt_union_editor))
    assert f'href="/bao-cao/bieu-mau/DNND-NAM/{units.quang_tri_union.pk}/' in html and "Chưa lập" in html
    # Named by its unit, as the reports already open are: an editor may write for several units.
    assert f"DNND-NAM năm 2025 — {units.quang_tri_union.name}</a>" in html
    # Quảng Trị's own 2025 report is open (a draft): listed as a draft, not as owed; 2024 is owed.
    owed = reporting_selectors.reports_not_started(user=world.qt_editor, today=dt.date(2026, 1, 5))
    assert [o.period.code for o in owed] == ["2024"]
    # Coordinators follow completeness, not a unit's list; readers write nothing.
    assert reporting_selectors.reports_not_started(user=world.coordinator, today=dt.date(2026, 1, 5)) == []


def test_editor_home_lists_every_overdue_period_not_started_newest_first(
    cycle: Cycle, client_for: ClientFor
) -> None:
    """On 07/12/2026 the home said nothing was waiting while Q1 and Q2 2026 were overdue, not started."""
    units = cycle.units
    services.assignment_create(
        actor=SYSTEM, form_code="VTPCP-QUY", unit=units.quang_tri, start_date=dt.date(2025, 1, 1)
    )
    for code in ("2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q3"):
        end = period_parse(code).end
        cycle.open(
            units.quang_tri,
            code,
            form="VTPCP-QUY",
            now=at(end.year, end.month, end.day) + dt.timedelta(days=1),
        )
    cycle.open(units.quang_tri, "2025")
    owed = reporting_selectors.reports_not_started(user=cycle.qt_editor, today=dt.date(2026, 12, 7))
    # The periods ending on 31/12 come first: they may be written ahead (`ending`).
    assert {(o.form.code, o.period.code, o.due_date, o.ending) for o in owed[:2]} == {
        ("VTPCP-QUY", "2026-Q4", dt.date(2027, 1, 15), True),
        ("DNND-NAM", "2026", dt.date(2027, 1, 15), True),
    }
    assert [(o.form.code, o.period.code, o.due_date) for o in owed[2:]] == [
        ("VTPCP-QUY", "2026-Q2", dt.date(2026, 7, 15)),
        ("VTPCP-QUY", "2026-Q1", dt.date(2026, 4, 15)),
        ("DNND-NAM", "2024", dt.date(2025, 1, 15)),
    ]
    # Bounded: the newest periods only.
    assert (
        len(
            reporting_selectors.reports_not_started(user=cycle.qt_editor, today=dt.date(2026, 12, 7), limit=2)
        )
        == 2
    )
    html = _home(client_for(cycle.qt_editor))
    today = timezone.localdate()
    for row in reporting_selectors.reports_not_started(user=cycle.qt_editor, today=today):
        assert f"{row.form.code} {row.period.label()} — {units.quang_tri.name}</a>" in html
    assert "Không có báo cáo nào đang chờ nộp" not in html


def test_in_the_last_weeks_of_a_year_the_home_offers_that_years_report_to_write_ahead(
    world: Cycle, client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On 07/12/2026 the union's editor found its 2026 report only on next cycle's completeness page."""
    units = world.units
    owed = reporting_selectors.reports_not_started(user=world.qt_union_editor, today=dt.date(2026, 12, 7))
    ahead = [o for o in owed if o.ending]
    assert [(o.form.code, o.period.code, o.due_date) for o in ahead] == [
        ("DNND-NAM", "2026", dt.date(2027, 1, 15))
    ]
    # Earlier in the year the cycle is not offered: 46 days before its end.
    early = reporting_selectors.reports_not_started(user=world.qt_union_editor, today=dt.date(2026, 11, 15))
    assert not any(o.ending for o in early)
    # Offered from the day it may be submitted (1 December), not a day before.
    for day, offered in ((dt.date(2026, 11, 30), False), (dt.date(2026, 12, 1), True)):
        owed = reporting_selectors.reports_not_started(user=world.qt_union_editor, today=day)
        assert any(o.ending for o in owed) is offered
    monkeypatch.setattr("doingoai.web.views.timezone.localdate", lambda: dt.date(2026, 12, 7))
    html = _home(client_for(world.qt_union_editor))
    start = f'href="/bao-cao/bieu-mau/DNND-NAM/{units.quang_tri_union.pk}/2026/"'
    assert start in html
    line = html[html.index(start) :]
    assert "Kỳ kết thúc ngày 31/12/2026, có thể lập trước · hạn nộp 15/01/2027" in line[: line.index("</li>")]


def test_editor_home_says_how_many_days_are_left_on_a_task_due_soon(
    world: Cycle, client_for: ClientFor
) -> None:
    # The task list says "còn N ngày" for a task due within two weeks, as the task pages do, and
    # nothing for one due later.
    today = timezone.localdate()
    for days, text in ((3, "Gửi danh sách đoàn"), (0, "Nộp báo cáo nhanh")):
        task_services.task_create(
            actor=SYSTEM,
            text=text,
            lead_unit=world.units.quang_tri,
            deadline=today + dt.timedelta(days=days),
            issuer_unit=world.units.vufo,
        )
    html = _home(world_client := client_for(world.qt_editor))
    block = html.split('id="home-tasks"', 1)[1].split("</section>", 1)[0]
    rows = {line.split("</a>")[0].rsplit(">", 1)[-1]: line for line in block.split("<li>")[1:]}
    assert 'data-days-left="3"' in rows["Gửi danh sách đoàn"] and "còn 3 ngày" in rows["Gửi danh sách đoàn"]
    assert "đến hạn hôm nay" in rows["Nộp báo cáo nhanh"]
    assert "due-soon" not in rows["Lập kế hoạch giao lưu năm sau"]  # due in 20 days
    assert 'class="overdue"' in rows["Tổng kết ngày hội giao lưu Lao Bảo"]  # set apart from the due soon
    world_client.post("/ngon-ngu/", {"language": "en", "next": "/"})
    assert "3 days left" in _home(world_client)


def _review_block(client: Client) -> str:
    html = _home(client)
    if 'id="home-to-review"' not in html:
        return ""
    return html.split('id="home-to-review"', 1)[1].split("</section>", 1)[0]


def test_reviewer_home_lists_the_reports_waiting_for_their_decision(
    cycle: Cycle, make_user: Callable[..., User], client_for: ClientFor
) -> None:
    """On 07/12/2026 a report Hà Nội submitted reached nobody: no bell, nothing on the reviewers' homes."""
    units = cycle.units
    ha_noi = cycle.open(units.ha_noi)
    union = cycle.open(units.ha_noi_union)
    quang_tri = cycle.open(units.quang_tri)
    services.report_submit(actor=cycle.hn_editor, report=ha_noi, values=ANNUAL_VALUES, now=at(2026, 1, 6))
    union_editor = make_user("editor", units.ha_noi_union, username="bientap.lhhn.hn")
    services.report_submit(actor=union_editor, report=union, values=ANNUAL_VALUES, now=at(2026, 1, 5))
    # VUFO reviews the provinces' reports (their reviewing unit); Hà Nội's union is Hà Nội's to review.
    block = _review_block(client_for(cycle.vufo_reviewer))
    assert f'href="/bao-cao/{ha_noi.pk}/"' in block and "Đã nộp, chờ tiếp nhận" in block
    assert "nộp ngày 06/01/2026" in block
    assert f'href="/bao-cao/{union.pk}/"' not in block
    assert f'href="/bao-cao/{quang_tri.pk}/"' not in block  # a draft waits for nobody
    assert 'href="/bao-cao/?awaiting=on#bao-cao"' in block and "1 báo cáo đang chờ." in block
    hanoi_block = _review_block(client_for(cycle.hn_editor))
    assert (
        f'href="/bao-cao/{union.pk}/"' in hanoi_block and f'href="/bao-cao/{ha_noi.pk}/"' not in hanoi_block
    )
    assert _review_block(client_for(cycle.qt_editor)) == ""  # nothing of Hà Nội's is Quảng Trị's to review
    # The coordinator reviews every report, the one waiting longest first.
    coordinator_block = _review_block(client_for(cycle.coordinator))
    assert coordinator_block.index(f'href="/bao-cao/{union.pk}/"') < coordinator_block.index(
        f'href="/bao-cao/{ha_noi.pk}/"'
    )
    # Accepted, it waits for approval; returned, it waits for the unit and leaves the list.
    services.report_accept(actor=cycle.vufo_reviewer, report=ha_noi, now=at(2026, 1, 7))
    assert "Đã tiếp nhận, chờ phê duyệt" in _review_block(client_for(cycle.vufo_reviewer))
    services.report_return(actor=cycle.coordinator, report=ha_noi, reason="Thiếu số liệu", now=at(2026, 1, 8))
    assert _review_block(client_for(cycle.vufo_reviewer)) == ""


def test_reviewer_home_says_how_many_reports_wait_and_links_to_all_of_them(
    cycle: Cycle, make_user: Callable[..., User], client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    units = cycle.units
    quang_tri, ha_noi, vufo = (cycle.open(unit) for unit in (units.quang_tri, units.ha_noi, units.vufo))
    services.report_submit(actor=cycle.qt_editor, report=quang_tri, values=ANNUAL_VALUES, now=at(2026, 1, 7))
    services.report_submit(actor=cycle.hn_editor, report=ha_noi, values=ANNUAL_VALUES, now=at(2026, 1, 5))
    services.report_accept(actor=cycle.vufo_reviewer, report=ha_noi, now=at(2026, 1, 6))
    services.report_submit(actor=cycle.vufo_reviewer, report=vufo, values=ANNUAL_VALUES, now=at(2026, 1, 4))
    monkeypatch.setattr("doingoai.web.views.HOME_AWAITING", 1)
    reviewer = client_for(cycle.vufo_reviewer)
    block = _review_block(reviewer)
    # VUFO's own report waits for the coordinator, not for VUFO: two wait, Hà Nội's the longest.
    assert "2 báo cáo đang chờ; dưới đây là 1 báo cáo chờ lâu nhất." in block
    assert f'href="/bao-cao/{ha_noi.pk}/"' in block and f'href="/bao-cao/{quang_tri.pk}/"' not in block
    assert '<a href="/bao-cao/?awaiting=on#bao-cao">Xem cả 2 báo cáo chờ bạn xem xét ›</a>' in block
    listed = reviewer.get("/bao-cao/?awaiting=on")
    # Submitted and accepted both wait; VUFO's own report, readable but not VUFO's to review, is left out.
    assert [r.pk for r in listed.context["page"]] == [ha_noi.pk, quang_tri.pk]
    page = listed.content.decode()
    assert '<p id="reports-count">2 báo cáo.</p>' in page and 'id="reports-awaiting"' in page
    assert 'name="awaiting" id="awaiting" value="on" checked' in page
    assert {r.pk for r in reviewer.get("/bao-cao/").context["page"]} == {quang_tri.pk, ha_noi.pk, vufo.pk}
    coordinator_block = _review_block(client_for(cycle.coordinator))
    assert "3 báo cáo đang chờ; dưới đây là 1 báo cáo chờ lâu nhất." in coordinator_block
    # A viewer reviews nothing: no such filter is offered, and forcing it lists nothing.
    viewer = client_for(make_user("viewer", units.vufo))
    assert 'name="awaiting"' not in viewer.get("/bao-cao/").content.decode()
    assert list(viewer.get("/bao-cao/?awaiting=on").context["page"]) == []


def test_the_reports_a_user_may_review_are_the_level_below_and_those_assigned_to_their_unit(
    cycle: Cycle,
) -> None:
    units = cycle.units
    reports = [cycle.open(unit) for unit in (units.quang_tri, units.ha_noi, units.ha_noi_union, units.vufo)]
    assert set(reporting_selectors.reports_reviewable(cycle.coordinator)) == set(reports)
    assert not reporting_selectors.reports_reviewable(cycle.qt_union_editor).exists()
    assert set(reporting_selectors.reports_reviewable(cycle.hn_editor)) == {reports[2]}
    assert set(reporting_selectors.reports_reviewable(cycle.vufo_reviewer)) == set(reports[:2])


def test_a_city_is_named_on_the_home_as_people_write_it(world: Cycle, client_for: ClientFor) -> None:
    """On 07/12/2026 Hà Nội's home read "Tin mới về thành phố trung ương Hà Nội"."""
    html = _home(client_for(world.hn_editor))
    assert "Tin mới về thành phố Hà Nội" in html and "Viện trợ tại thành phố Hà Nội" in html
    assert "trung ương" not in html
