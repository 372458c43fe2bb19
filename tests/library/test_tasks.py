"""Imports run as background tasks: queued by the page, run by a worker, retried, failures shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.test import Client

from doingoai import background
from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.analysis import analyze_text
from doingoai.library import services
from doingoai.library.models import Document, IngestJob, ItemStatus, JobStatus, SettleStatus
from doingoai.library.sources import Source
from tests.django_fixtures import Units
from tests.library_fixtures import FESTIVAL_LOCAL, FESTIVAL_TTXVN, HANOI_REPORT

MakeUser = Callable[..., User]
ClientFor = Callable[[User], Client]

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


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


def _upload(client: Client, **texts: str) -> IngestJob:
    files = [SimpleUploadedFile(name, text.encode()) for name, text in texts.items()]
    response = client.post("/thu-vien/tai-len/", {"files": files})
    assert response.status_code == 302
    return IngestJob.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


def test_upload_waits_in_the_queue_until_the_worker_processes_it(
    worker_in_test: Callable[[], None], make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    from django_tasks_db.models import DBTaskResult

    client = client_for(make_user("editor", units.quang_tri))
    job = _upload(client, **{"ttxvn.txt": FESTIVAL_TTXVN, "local.txt": FESTIVAL_LOCAL})

    # Nothing ran in the request: the job waits in the queue, and its page says so and refreshes.
    page = client.get(f"/thu-vien/dot-nhap/{job.pk}/").content.decode()
    assert "Đang chờ trong hàng đợi" in page and 'http-equiv="refresh"' in page
    # Said for the people who import, not for whoever runs the server.
    assert "worker" not in page and "báo người quản trị hệ thống" in page
    assert "Đã xử lý 0/2" in page
    assert Document.objects.count() == 0
    assert DBTaskResult.objects.filter(id=job.task_id, status="READY").exists()

    worker_in_test()

    page = client.get(f"/thu-vien/dot-nhap/{job.pk}/").content.decode()
    assert "Đã xử lý 2/2" in page and "Đang chờ trong hàng đợi" not in page
    assert 'http-equiv="refresh"' not in page
    assert Document.objects.filter(owner_unit=units.quang_tri).count() == 2
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
    # The import queued the settling of its events, which the worker ran too.
    job.refresh_from_db()
    assert job.settle_status == SettleStatus.DONE and job.settle_error == ""
    assert "Đang xếp lại" not in page


def test_settling_waits_in_the_queue_and_the_job_page_says_so(
    worker_in_test: Callable[[], None], make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    from doingoai.library import tasks

    client = client_for(make_user("editor", units.quang_tri))
    job = _upload(client, **{"hanoi.txt": HANOI_REPORT})
    worker_in_test()
    tasks.events_settle_enqueue(job=job)

    page = client.get(f"/thu-vien/dot-nhap/{job.pk}/").content.decode()
    assert 'id="job-settle"' in page and 'http-equiv="refresh"' in page
    worker_in_test()
    page = client.get(f"/thu-vien/dot-nhap/{job.pk}/").content.decode()
    assert 'id="job-settle"' not in page and 'http-equiv="refresh"' not in page
    job.refresh_from_db()
    assert job.settle_status == SettleStatus.DONE


def test_a_task_run_twice_imports_once(worker_in_test: Callable[[], None], units: Units) -> None:
    from doingoai.library import tasks

    job = services.ingest_job_create(
        actor=SYSTEM, sources=[Source("a.txt", HANOI_REPORT)], label="a.txt", owner_unit=None
    )
    tasks.ingest_job_enqueue(job=job)
    tasks.ingest_job_enqueue(job=job)
    worker_in_test()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert Document.objects.count() == 1
    assert list(job.items.values_list("status", flat=True)) == [ItemStatus.DONE]


def test_failed_import_shows_its_reason_and_is_retried_from_its_page(
    monkeypatch: pytest.MonkeyPatch, make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    editor = make_user("editor", units.quang_tri)
    client = client_for(editor)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("mô hình tách từ không đọc được")

    monkeypatch.setattr(services, "analyze_text", broken)
    job = _upload(client, **{"hanoi.txt": HANOI_REPORT})
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    page = client.get(f"/thu-vien/dot-nhap/{job.pk}/").content.decode()
    assert "Đợt nhập thất bại." in page
    assert "lỗi hệ thống ngoài dự kiến (RuntimeError)" in page and "mô hình tách từ" not in page
    assert "Thử lại" in page
    assert Document.objects.count() == 0

    # Another province's editor neither sees the failure nor retries it.
    other = client_for(make_user("editor", units.ha_noi))
    assert other.get(f"/thu-vien/dot-nhap/{job.pk}/").status_code == 404
    assert other.post(f"/thu-vien/dot-nhap/{job.pk}/tiep-tuc/").status_code == 404

    monkeypatch.setattr(services, "analyze_text", analyze_text)
    page = client.post(f"/thu-vien/dot-nhap/{job.pk}/tiep-tuc/", follow=True).content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.error == ""
    assert "Đã xử lý 1/1" in page and "Đợt nhập thất bại." not in page
    assert Document.objects.filter(file_name="hanoi.txt").count() == 1


def test_failed_settling_shows_its_reason_and_is_retried_from_the_job_page(
    monkeypatch: pytest.MonkeyPatch, make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    """The documents are imported either way; the settling of their events fails, is shown, and retried."""
    client = client_for(make_user("editor", units.quang_tri))
    settle_job = services.events_settle_job

    def broken(**kwargs: Any) -> int:
        raise RuntimeError("không đọc được đặc trưng")

    monkeypatch.setattr(services, "events_settle_job", broken)
    job = _upload(client, **{"ttxvn.txt": FESTIVAL_TTXVN, "local.txt": FESTIVAL_LOCAL})
    job.refresh_from_db()
    assert (job.status, job.settle_status) == (JobStatus.DONE, SettleStatus.FAILED)
    assert job.settle_error == (
        "Lỗi khi xếp lại sự kiện: lỗi hệ thống ngoài dự kiến (RuntimeError); "
        "người quản trị xem chi tiết trong nhật ký máy chủ"
    )
    assert Document.objects.count() == 2
    page = client.get(f"/thu-vien/dot-nhap/{job.pk}/").content.decode()
    assert 'id="job-settle-error"' in page and "lỗi hệ thống ngoài dự kiến (RuntimeError)" in page
    assert "Xếp lại sự kiện" in page and "Đợt nhập thất bại." not in page

    # Another province's editor, and a viewer of the same province, cannot queue it again.
    other = client_for(make_user("editor", units.ha_noi))
    assert other.post(f"/thu-vien/dot-nhap/{job.pk}/xep-lai/").status_code == 404
    viewer = client_for(make_user("viewer", units.quang_tri))
    assert viewer.post(f"/thu-vien/dot-nhap/{job.pk}/xep-lai/").status_code in (403, 404)
    job.refresh_from_db()
    assert job.settle_status == SettleStatus.FAILED

    calls: list[int] = []

    def counted(**kwargs: Any) -> int:
        calls.append(kwargs["job"].pk)
        return settle_job(**kwargs)

    monkeypatch.setattr(services, "events_settle_job", counted)
    page = client.post(f"/thu-vien/dot-nhap/{job.pk}/xep-lai/", follow=True).content.decode()
    job.refresh_from_db()
    assert calls == [job.pk]
    assert (job.settle_status, job.settle_error) == (SettleStatus.DONE, "")
    assert 'id="job-settle-error"' not in page

    # Once settled, asking again is refused in words, and nothing is queued.
    page = client.post(f"/thu-vien/dot-nhap/{job.pk}/xep-lai/", follow=True).content.decode()
    assert "không cần xếp lại" in page
    assert calls == [job.pk]


def test_busy_database_is_retried_and_the_import_finishes(
    monkeypatch: pytest.MonkeyPatch, make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    calls = []

    def busy_once(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return analyze_text(*args, **kwargs)

    monkeypatch.setattr(services, "analyze_text", busy_once)
    job = _upload(client_for(make_user("editor", units.quang_tri)), **{"hanoi.txt": HANOI_REPORT})
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert len(calls) == 2
    assert Document.objects.count() == 1


def test_database_busy_at_every_attempt_fails_with_the_count_of_attempts(
    monkeypatch: pytest.MonkeyPatch, make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    def busy(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "analyze_text", busy)
    client = client_for(make_user("editor", units.quang_tri))
    job = _upload(client, **{"hanoi.txt": HANOI_REPORT})
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == (
        f"Cơ sở dữ liệu bận, đã thử {background.ATTEMPTS} lần: OperationalError: database is locked"
    )
    assert job.items.get().status == ItemStatus.PENDING


def test_text_stored_by_a_concurrent_import_is_recorded_as_a_duplicate(
    monkeypatch: pytest.MonkeyPatch, units: Units
) -> None:
    """Two imports analyse the same text at once: the one that commits second records a duplicate."""
    first = services.ingest_job_create(
        actor=SYSTEM, sources=[Source("a.txt", HANOI_REPORT)], label="a", owner_unit=units.quang_tri
    )
    second = services.ingest_job_create(
        actor=SYSTEM, sources=[Source("b.txt", HANOI_REPORT)], label="b", owner_unit=units.quang_tri
    )

    def analyse_while_the_other_import_commits(*args: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(services, "analyze_text", analyze_text)
        services.ingest_job_run(job=first)
        return analyze_text(*args, **kwargs)

    monkeypatch.setattr(services, "analyze_text", analyse_while_the_other_import_commits)
    services.ingest_job_run(job=second)

    stored = Document.objects.get()
    assert stored.file_name == "a.txt"
    item = second.items.get()
    assert (item.status, item.document_id) == (ItemStatus.DUPLICATE, stored.pk)
    second.refresh_from_db()
    assert second.status == JobStatus.DONE
