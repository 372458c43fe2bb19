"""`doingoai ingest PATH...`: import files, folders, zip archives and RSS/Atom feeds into the library."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from doingoai.accounts.scope import SYSTEM
from doingoai.cli import Progress
from doingoai.directory.models import Organization
from doingoai.directory.selectors import organization_by_reference
from doingoai.library import services, tasks
from doingoai.library.errors import LibraryError
from doingoai.library.models import IngestItem, IngestJob, ItemStatus, JobStatus
from doingoai.library.sources import UPLOAD_SUFFIXES, path_sources


class Command(BaseCommand):
    """Read the inputs, store them as a job, analyse each document, group the events; resumable."""

    help = (
        "Import documents into the library: files and folders of "
        + ", ".join(UPLOAD_SUFFIXES)
        + " (zip archives, RSS/Atom feeds). Each document is analysed and grouped into events; a "
        "text already in the library is recognized, not stored twice. Progress goes to stderr. "
        "If an import is interrupted, `doingoai ingest --resume` carries on where it stopped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to import")
        parser.add_argument(
            "--unit",
            default="",
            help="id or abbreviation of the owning unit (default: the shared library)",
        )
        parser.add_argument(
            "--unpublished",
            action="store_true",
            help="keep the documents unpublished (readable only within the owning unit's scope)",
        )
        parser.add_argument(
            "--resume",
            nargs="?",
            const="last",
            metavar="JOB",
            help="carry on an interrupted import (the last unfinished one, or job number JOB)",
        )

    def _unit(self, value: str) -> Organization | None:
        if not value:
            return None
        unit = organization_by_reference(value)
        if unit is None:
            raise CommandError(f"không có đơn vị “{value}” (no such unit: give its id or abbreviation)")
        return unit

    def _job_to_resume(self, value: str) -> IngestJob:
        jobs = IngestJob.objects.exclude(status=JobStatus.DONE)
        job = jobs.order_by("-pk").first() if value == "last" else jobs.filter(pk=int(value)).first()
        if job is None:
            raise CommandError("không có đợt nhập nào đang dở (no unfinished import to resume)")
        return job

    def handle(self, *args: Any, **options: Any) -> None:
        err = sys.stderr
        failed = 0
        if options["resume"]:
            if not str(options["resume"]).isdigit() and options["resume"] != "last":
                raise CommandError("--resume nhận số của đợt nhập (--resume takes a job number)")
            job = self._job_to_resume(str(options["resume"]))
        else:
            if not options["paths"]:
                raise CommandError("hãy nêu ít nhất một tệp hay thư mục (give at least one PATH)")
            sources, errors = path_sources(options["paths"])
            for message in errors:
                err.write(f"doingoai: lỗi: {message}\n")
            failed += len(errors)
            if not sources:
                raise CommandError("không có văn bản nào để nhập (no documents to import)")
            try:
                job = services.ingest_job_create(
                    actor=SYSTEM,
                    sources=sources,
                    label=", ".join(options["paths"]),
                    owner_unit=self._unit(options["unit"]),
                    is_published=not options["unpublished"],
                )
            except LibraryError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
        pending = job.items.filter(status=ItemStatus.PENDING).count()
        err.write(f"Đợt nhập số {job.pk}: {pending} văn bản cần xử lý (import job {job.pk}).\n")
        progress = Progress(job.items.count(), err)

        def report(done: int, total: int, item: IngestItem) -> None:
            progress.step(done, item.name)

        try:
            job = services.ingest_job_run(job=job, progress=report, force=bool(options["resume"]))
        except KeyboardInterrupt:
            err.write(f"Đã dừng. Tiếp tục bằng: doingoai ingest --resume {job.pk}\n")
            raise
        if job.status == JobStatus.DONE:
            # The events its documents joined are clustered again, here rather than by a worker.
            reason = tasks.events_settle_here(job)
            if reason:
                err.write(
                    f"doingoai: lỗi: {reason}. Các văn bản đã được nhập; sự kiện của chúng có thể xếp lại "
                    f"trên trang của đợt nhập số {job.pk}.\n"
                )
                failed += 1
        counts = {status: job.items.filter(status=status).count() for status in ItemStatus.values}
        for item in job.items.filter(status=ItemStatus.FAILED):
            err.write(f"doingoai: lỗi: {item.message}\n")
        failed += counts[ItemStatus.FAILED]
        self.stdout.write(
            f"Đã nhập {counts[ItemStatus.DONE]} văn bản mới, {counts[ItemStatus.DUPLICATE]} văn bản đã có, "
            f"{counts[ItemStatus.FAILED]} lỗi (imported {counts[ItemStatus.DONE]} new, "
            f"{counts[ItemStatus.DUPLICATE]} already in the library, {counts[ItemStatus.FAILED]} failed)."
        )
        if failed:
            raise SystemExit(1)
