"""The annual report from the page: queued for a worker, built step by step, then downloaded."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client
from docx import Document

from doingoai.reports import services, tasks
from doingoai.reports.models import ReportJob, ReportJobStatus
from doingoai.reports.sections.aid import AidProvider
from tests.reports.world import TODAY, world_build

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def world(project_factory: Any, units: Any, ingest: Any) -> Any:
    world_build(project_factory, units, ingest)
    return units


@pytest.fixture
def worker_in_test(monkeypatch: pytest.MonkeyPatch, settings: Any) -> Callable[[], None]:
    """Return a function that runs the database worker here until the queue is empty.

    The worker drops "old" connections between tasks; inside a test's transaction that would
    close the test's own connection on PostgreSQL, so that one call is left out.
    """
    from doingoai.web import serve

    settings.TASKS = DATABASE_TASKS
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    return lambda: serve.worker_run(batch=True)


def _ask(client: Client, unit: Any = None, year: int = 2025) -> ReportJob:
    response = client.post("/bao-cao/tong-ket/", {"year": str(year), "unit": unit.pk if unit else ""})
    assert response.status_code == 302, response.content.decode()[:500]
    return ReportJob.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


def test_report_waits_in_the_queue_and_the_worker_builds_it_step_by_step(
    world: Any, worker_in_test: Callable[[], None], make_user: Any, client_for: Any, monkeypatch: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    client = client_for(make_user("coordinator", None))
    job = _ask(client)
    page = client.get(f"/bao-cao/tong-ket/yeu-cau/{job.pk}/").content.decode()
    # Nothing was built in the request: the job waits, its page says so and reloads itself.
    assert "Đang chờ trong hàng đợi" in page and 'http-equiv="refresh"' in page
    # Said for the people who import, not for whoever runs the server.
    assert "worker" not in page and "báo người quản trị hệ thống" in page
    assert "Tải báo cáo (.docx)" not in page
    assert client.get(f"/bao-cao/tong-ket/yeu-cau/{job.pk}/bao-cao.docx").status_code == 302
    assert DBTaskResult.objects.filter(id=job.task_id, status="READY").exists()

    # While the aid section is read, the job's page shows the step in hand.
    seen: list[tuple[str, str, int, int, str]] = []
    contributions = AidProvider.contributions

    def watched(self: AidProvider, context: Any) -> Any:
        running = ReportJob.objects.get(pk=job.pk)
        page = client.get(f"/bao-cao/tong-ket/yeu-cau/{job.pk}/").content.decode()
        seen.append((running.status, running.step, running.steps_done, running.steps_total, page))
        return contributions(self, context)

    monkeypatch.setattr(AidProvider, "contributions", watched)
    worker_in_test()

    [(status, step, done, total, running_page)] = seen
    assert status == ReportJobStatus.RUNNING and step == AidProvider.data_label
    assert (done, total) == (1, 5)  # the unit reports first; four providers and the Word file
    assert "bước 2/5: sổ đăng ký viện trợ" in running_page and "20%" in running_page
    assert 'http-equiv="refresh"' in running_page

    job.refresh_from_db()
    assert job.status == ReportJobStatus.DONE and (job.steps_done, job.steps_total) == (5, 5)
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
    page = client.get(f"/bao-cao/tong-ket/yeu-cau/{job.pk}/").content.decode()
    assert "100%" in page and 'http-equiv="refresh"' not in page and "Đã xong" in page
    docx = client.get(f"/bao-cao/tong-ket/yeu-cau/{job.pk}/bao-cao.docx")
    assert docx["Content-Disposition"] == 'attachment; filename="bao-cao-tong-ket-2025.docx"'
    document = Document(io.BytesIO(docx.content))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in document.tables[0].rows[0].cells[1].text
    sources = client.get(f"/bao-cao/tong-ket/yeu-cau/{job.pk}/nguon-so-lieu.json")
    assert sources["Content-Disposition"] == 'attachment; filename="bao-cao-tong-ket-2025.docx.sources.json"'
    figures = json.loads(sources.content)["figures"]
    # The same report the command writes for that day and that user.
    direct = services.annual_report_build(
        user=job.created_by, year=2025, today=job.report_date, site_url="http://testserver/"
    )
    assert figures == direct.sources["figures"] and len(figures) > 30
    # The form page lists the job.
    assert f"/bao-cao/tong-ket/yeu-cau/{job.pk}/" in client.get("/bao-cao/tong-ket/").content.decode()


def test_the_page_of_a_built_report_links_each_figure_to_its_records(
    world: Any, worker_in_test: Callable[[], None], make_user: Any, client_for: Any
) -> None:
    """The page offered the Word file and a JSON file: to see the records behind a total, one read JSON."""
    client = client_for(make_user("coordinator", None))
    job = _ask(client)
    worker_in_test()
    page = client.get(f"/bao-cao/tong-ket/yeu-cau/{job.pk}/").content.decode()
    figures = json.loads(client.get(f"/bao-cao/tong-ket/yeu-cau/{job.pk}/nguon-so-lieu.json").content)[
        "figures"
    ]
    committed = next(f for f in figures if f["id"] == "aid.total.commitment.vnd")
    [source] = committed["sources"]
    assert source["url"].startswith("http://testserver/vien-tro/giao-dich/?")
    row = page.split(f'<tr data-note="{committed["note"]}">')[1].split("</tr>")[0]
    assert committed["text"] in row
    link = source["url"].removeprefix("http://testserver").replace("&", "&amp;")
    assert f'<a href="{link}">{source["label"]}</a>:' in row
    # The records are named for what they are: the count of projects of another note rests on
    # transactions, and said "15 bản ghi" beside "14".
    assert f"{len(source['ids'])} giao dịch" in row
    projects = next(f for f in figures if f["id"] == "aid.undisbursed.projects" or f["unit"] == "dự án")
    projects_row = page.split(f'<tr data-note="{projects["note"]}">')[1].split("</tr>")[0]
    assert f"{len(projects['sources'][0]['ids'])} giao dịch" in projects_row and "bản ghi" not in projects_row
    # Every note of the report has its row.
    assert page.count("<tr data-note=") == len({f["note"] for f in figures})


def test_a_task_run_twice_builds_the_report_once(
    world: Any, worker_in_test: Callable[[], None], make_user: Any
) -> None:
    coordinator = make_user("coordinator", None)
    job = services.report_job_create(user=coordinator, year=2025, today=TODAY)
    tasks.report_job_start(job=job)
    tasks.report_job_enqueue(job=job)
    worker_in_test()
    job.refresh_from_db()
    finished = job.finished_at
    assert job.status == ReportJobStatus.DONE and job.docx
    assert services.report_job_run(job=job).finished_at == finished


def test_failed_report_shows_its_reason_and_is_retried_from_its_page(
    world: Any, make_user: Any, client_for: Any, monkeypatch: Any
) -> None:
    units = world
    editor = make_user("editor", units.quang_tri)
    client = client_for(editor)
    contributions = AidProvider.contributions

    def broken(self: AidProvider, context: Any) -> Any:
        raise RuntimeError("tỷ giá tháng 13 không có")

    monkeypatch.setattr(AidProvider, "contributions", broken)
    job = _ask(client, units.quang_tri)  # tasks run at once in tests
    job.refresh_from_db()
    assert job.status == ReportJobStatus.FAILED
    page = client.get(f"/bao-cao/tong-ket/yeu-cau/{job.pk}/").content.decode()
    # A fault of the system is shown by its kind; its message (it may name the server's files) is logged.
    assert "Lập báo cáo thất bại." in page and "lỗi hệ thống ngoài dự kiến (RuntimeError)" in page
    assert "tỷ giá tháng 13 không có" not in page
    assert "Thử lại" in page and "Tải báo cáo" not in page
    assert client.get(f"/bao-cao/tong-ket/yeu-cau/{job.pk}/bao-cao.docx").status_code == 302

    # Another user of the same unit neither sees it nor retries it; a coordinator may.
    other = client_for(make_user("editor", units.quang_tri))
    for url in ("", "bao-cao.docx", "nguon-so-lieu.json"):
        assert other.get(f"/bao-cao/tong-ket/yeu-cau/{job.pk}/{url}").status_code == 404
    assert other.post(f"/bao-cao/tong-ket/yeu-cau/{job.pk}/thu-lai/").status_code == 404

    monkeypatch.setattr(AidProvider, "contributions", contributions)
    page = client.post(f"/bao-cao/tong-ket/yeu-cau/{job.pk}/thu-lai/", follow=True).content.decode()
    job.refresh_from_db()
    assert job.status == ReportJobStatus.DONE and job.error == ""
    assert "Lập báo cáo thất bại." not in page and "Tải báo cáo (.docx)" in page
    # Done: a second retry is refused with a message, and the report is not rebuilt.
    page = client.post(f"/bao-cao/tong-ket/yeu-cau/{job.pk}/thu-lai/", follow=True).content.decode()
    assert "Báo cáo này đã lập xong hoặc đang được lập." in page


def test_busy_database_is_retried_and_the_report_is_made(
    world: Any, make_user: Any, client_for: Any, monkeypatch: Any
) -> None:
    calls = []
    contributions = AidProvider.contributions

    def busy_once(self: AidProvider, context: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return contributions(self, context)

    monkeypatch.setattr(AidProvider, "contributions", busy_once)
    job = _ask(client_for(make_user("coordinator", None)))
    job.refresh_from_db()
    assert job.status == ReportJobStatus.DONE and len(calls) == 2


def test_jobs_are_scoped_and_a_units_report_holds_only_its_data(
    world: Any, make_user: Any, client_for: Any
) -> None:
    units = world
    editor = make_user("editor", units.quang_tri)
    client = client_for(editor)
    assert client.post("/bao-cao/tong-ket/", {"year": "2025", "unit": ""}).status_code == 400
    assert client.post("/bao-cao/tong-ket/", {"year": "2025", "unit": units.ha_noi.pk}).status_code == 400
    assert not ReportJob.objects.exists()
    job = _ask(client, units.quang_tri)
    job.refresh_from_db()
    assert job.sources is not None and job.sources["unit"]["id"] == units.quang_tri.pk
    docx = client.get(f"/bao-cao/tong-ket/yeu-cau/{job.pk}/bao-cao.docx")
    assert docx.status_code == 200
    assert (
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ" in Document(io.BytesIO(docx.content)).tables[0].rows[0].cells[0].text
    )
    # Hà Nội's editor cannot reach it; the coordinator can.
    hanoi = client_for(make_user("editor", units.ha_noi))
    assert hanoi.get(f"/bao-cao/tong-ket/yeu-cau/{job.pk}/bao-cao.docx").status_code == 404
    assert f"yeu-cau/{job.pk}/" not in hanoi.get("/bao-cao/tong-ket/").content.decode()
    coordinator = client_for(make_user("coordinator", None))
    assert coordinator.get(f"/bao-cao/tong-ket/yeu-cau/{job.pk}/bao-cao.docx").status_code == 200
    # Moved to another province, the editor no longer downloads Quảng Trị's report.
    editor.unit = units.ha_noi
    editor.save()
    assert client.get(f"/bao-cao/tong-ket/yeu-cau/{job.pk}/bao-cao.docx").status_code == 404


def test_a_report_whose_worker_stopped_can_be_made_again(world: Any, make_user: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    job = services.report_job_create(user=make_user("coordinator", None), year=2025, today=TODAY)
    now = timezone.now()
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJobStatus.RUNNING, heartbeat_at=now - dt.timedelta(minutes=1), task_id="t"
    )
    job.refresh_from_db()
    # A live build is neither retried nor built a second time beside it.
    assert not services.report_job_can_retry(job, now=now)
    assert services.report_job_run(job=job).status == ReportJobStatus.RUNNING and not job.docx
    # Its worker stopped: past the stale delay, the job may be queued and built again.
    later = now + services.JOB_STALE_AFTER
    assert services.report_job_can_retry(job, now=later)
    ReportJob.objects.filter(pk=job.pk).update(heartbeat_at=now - services.JOB_STALE_AFTER)
    job.refresh_from_db()
    assert services.report_job_run(job=job).status == ReportJobStatus.DONE and job.docx
