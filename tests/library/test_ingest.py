from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from doingoai.accounts.scope import SYSTEM
from doingoai.library import services
from doingoai.library.models import (
    Document,
    Event,
    EventMembership,
    IngestJob,
    ItemStatus,
    JobStatus,
    SettleStatus,
)
from doingoai.library.selectors import document_analysis
from doingoai.library.sources import Source
from tests.django_fixtures import Units
from tests.library_fixtures import FESTIVAL_LOCAL, FESTIVAL_TTXVN, HANOI_REPORT, document_named
from tests.office_fixtures import OFFICIAL_FILES

Ingest = Callable[..., IngestJob]


def test_ingest_stores_the_analysed_document_with_facts_at_their_spans(ingest: Ingest) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN})
    document = document_named("ttxvn.txt")
    assert document.source == "TTXVN"
    assert str(document.published) == "2026-03-20"
    analysed = document_analysis(document)
    assert analysed.text == document.text
    people = {p.name for p in analysed.people}
    assert "Hồ Thị Lan" in people
    for person in analysed.people:
        for start, end in person.spans:
            assert document.text[start:end]
    assert document.entities.filter(kind="person", key="ho thi lan").exists()


def test_reingested_text_is_recognized_not_duplicated(ingest: Ingest) -> None:
    ingest({"a.txt": FESTIVAL_TTXVN})
    # The same text with other line breaks and spacing is the same document.
    job = ingest({"a-again.txt": FESTIVAL_TTXVN.replace("\n\n", "\n\n\n").replace(" - ", "  -  ")})
    item = job.items.get()
    assert item.status == ItemStatus.DUPLICATE
    assert item.document == document_named("a.txt")
    assert Document.objects.count() == 1


def test_same_text_from_two_units_is_kept_once_per_unit(ingest: Ingest, units: Units) -> None:
    ingest({"qt.txt": HANOI_REPORT}, owner=units.quang_tri)
    ingest({"hn.txt": HANOI_REPORT}, owner=units.ha_noi)
    ingest({"hn-again.txt": HANOI_REPORT}, owner=units.ha_noi)
    assert Document.objects.count() == 2


def test_two_outlets_reporting_one_event_are_grouped_and_the_other_report_is_apart(ingest: Ingest) -> None:
    ingest(
        {"ttxvn.txt": FESTIVAL_TTXVN, "local.txt": FESTIVAL_LOCAL, "hanoi.txt": HANOI_REPORT}, published=True
    )
    festival = document_named("ttxvn.txt").membership.event
    assert document_named("local.txt").membership.event == festival
    assert document_named("hanoi.txt").membership.event != festival
    assert Event.objects.count() == 2


def test_events_keep_their_ids_when_more_documents_arrive(ingest: Ingest) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN})
    first = document_named("ttxvn.txt").membership.event
    ingest({"local.txt": FESTIVAL_LOCAL, "hanoi.txt": HANOI_REPORT})
    assert document_named("local.txt").membership.event.pk == first.pk


def test_interrupted_job_resumes_from_its_first_pending_item(db: None) -> None:
    job = services.ingest_job_create(
        actor=SYSTEM,
        sources=[
            Source("one.txt", FESTIVAL_TTXVN),
            Source("two.txt", FESTIVAL_LOCAL),
            Source("three.txt", HANOI_REPORT),
        ],
        label="tests",
        owner_unit=None,
    )

    def stop_after_first(done: int, total: int, item: object) -> None:
        if done == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        services.ingest_job_run(job=job, progress=stop_after_first)
    job.refresh_from_db()
    assert job.status == JobStatus.INTERRUPTED
    assert list(job.items.values_list("status", flat=True)) == ["done", "pending", "pending"]
    assert services.ingest_job_can_resume(job)

    services.ingest_job_run(job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert set(job.items.values_list("status", flat=True)) == {"done"}
    assert Document.objects.count() == 3


def test_job_running_elsewhere_is_not_run_twice(db: None) -> None:
    job = services.ingest_job_create(
        actor=SYSTEM, sources=[Source("one.txt", HANOI_REPORT)], label="tests", owner_unit=None
    )
    # Another process claimed the job a moment ago.
    IngestJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, heartbeat_at=timezone.now())
    job.refresh_from_db()
    assert not services.ingest_job_can_resume(job)
    services.ingest_job_run(job=job)
    assert job.items.get().status == ItemStatus.PENDING
    # Its process died: after a while without progress, the job can be resumed.
    IngestJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - services.JOB_STALE_AFTER * 2)
    job.refresh_from_db()
    assert services.ingest_job_can_resume(job)
    services.ingest_job_run(job=job)
    assert job.items.get().status == ItemStatus.DONE


def test_viewer_cannot_ingest(units: Units, make_user: Callable[..., object]) -> None:
    viewer = make_user("viewer", units.quang_tri)
    with pytest.raises(PermissionDenied):
        services.ingest_owner_for(viewer)
    with pytest.raises(PermissionDenied):
        services.ingest_job_create(
            actor=viewer, sources=[Source("x.txt", HANOI_REPORT)], label="x", owner_unit=units.quang_tri
        )


def test_deleting_a_document_regroups_events_and_removes_it_from_search(ingest: Ingest) -> None:
    from doingoai.library.selectors import DocumentFilters, documents_find

    ingest({"ttxvn.txt": FESTIVAL_TTXVN, "local.txt": FESTIVAL_LOCAL})
    services.document_delete(actor=SYSTEM, document=document_named("ttxvn.txt"))
    local = document_named("local.txt")
    assert local.membership.event.memberships.count() == 1
    assert documents_find(user=SYSTEM, filters=DocumentFilters(query="tai san quy")).count() == 0
    assert documents_find(user=SYSTEM, filters=DocumentFilters(query="tai san vo gia")).count() == 1


def test_ingest_command_imports_a_folder_and_resumes(
    tmp_path: Path, db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(FESTIVAL_TTXVN, encoding="utf-8")
    (tmp_path / "b.md").write_text(FESTIVAL_LOCAL, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        call_command("ingest", str(tmp_path))
    assert exit_info.value.code == 1  # the empty file failed, the others were imported
    captured = capsys.readouterr()
    assert "empty.txt" in captured.err
    assert Document.objects.count() == 2
    call_command("ingest", str(tmp_path / "a.txt"))
    assert "1 văn bản đã có" in capsys.readouterr().out
    assert Document.objects.count() == 2


def test_ingest_command_keeps_file_names_within_the_folder_not_the_servers_paths(
    tmp_path: Path, db: None
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(FESTIVAL_TTXVN, encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_text(HANOI_REPORT, encoding="utf-8")
    call_command("ingest", str(tmp_path))
    assert sorted(Document.objects.values_list("file_name", flat=True)) == ["a.txt", "sub/b.txt"]
    (tmp_path / "c.txt").write_text(FESTIVAL_LOCAL, encoding="utf-8")
    call_command("ingest", str(tmp_path / "c.txt"))
    assert Document.objects.filter(file_name="c.txt").exists()


def test_ingest_command_names_a_failed_settling_and_keeps_the_documents(
    tmp_path: Path, db: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text(FESTIVAL_TTXVN, encoding="utf-8")

    def broken(**kwargs: object) -> int:
        raise RuntimeError("hỏng")

    monkeypatch.setattr(services, "events_settle_job", broken)
    with pytest.raises(SystemExit) as exit_info:
        call_command("ingest", str(tmp_path))
    assert exit_info.value.code == 1
    job = IngestJob.objects.get()
    err = capsys.readouterr().err
    assert "Lỗi khi xếp lại sự kiện: lỗi hệ thống ngoài dự kiến (RuntimeError)" in err
    assert f"đợt nhập số {job.pk}" in err and "hỏng" not in err
    assert "Traceback" not in err
    assert (job.status, job.settle_status) == (JobStatus.DONE, SettleStatus.FAILED)
    assert Document.objects.count() == 1 and Event.objects.count() == 1


def test_ingest_command_resumes_the_last_interrupted_job(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    job = services.ingest_job_create(
        actor=SYSTEM, sources=[Source("one.txt", HANOI_REPORT)], label="tests", owner_unit=None
    )
    IngestJob.objects.filter(pk=job.pk).update(status=JobStatus.INTERRUPTED)
    call_command("ingest", "--resume")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert Document.objects.count() == 1


def test_ingest_command_imports_the_seeds_as_one_event_with_a_quote_difference(
    seeds_dir: Path, db: None
) -> None:
    from doingoai.library.selectors import event_view

    call_command("ingest", str(seeds_dir))
    assert Document.objects.count() == 2
    event = Event.objects.get()
    view = event_view(user=SYSTEM, pk=event.pk)
    assert len(view.documents) == 2
    assert any(d.kind == "quote" for d in view.differences)


def test_the_seeds_make_one_event_when_articles_of_a_later_year_came_first(
    seeds_dir: Path, db: None, tmp_path: Path
) -> None:
    """As `make demo` imports them: the report without a year ("Ngày 30/12") was placed in 2026."""
    (tmp_path / "later.txt").write_text(FESTIVAL_TTXVN, encoding="utf-8")  # dated 20/03/2026
    call_command("ingest", str(tmp_path))
    call_command("ingest", str(seeds_dir))
    seeds = Document.objects.exclude(file_name="later.txt")
    assert seeds.count() == 2
    events = set(EventMembership.objects.filter(document__in=seeds).values_list("event_id", flat=True))
    assert len(events) == 1


def test_ingest_command_titles_official_files_by_kind_and_summary(tmp_path: Path, db: None) -> None:
    for name, data, *_ in OFFICIAL_FILES[1:]:  # a Word conclusion, a PDF notice, a notice as plain text
        (tmp_path / name).write_bytes(data)
    call_command("ingest", str(tmp_path))
    stored = {d.file_name: (d.title, d.source, d.details.get("number")) for d in Document.objects.all()}
    assert stored == {name: (title, issuer, number) for name, _, title, issuer, number in OFFICIAL_FILES[1:]}
