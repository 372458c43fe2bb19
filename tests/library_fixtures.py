"""Fixtures of the library, search and API tests: short articles written for the tests, ingested."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from doingoai.directory.models import Organization
from doingoai.library import services
from doingoai.library.models import Document, IngestJob
from doingoai.library.sources import Source

ARTICLES = Path(__file__).resolve().parent / "library_articles"


def _article(name: str) -> str:
    return (ARTICLES / name).read_text(encoding="utf-8")


# Written for the tests: two outlets' reports of one event, which word a quote differently, and
# an unrelated report.
FESTIVAL_TTXVN = _article("festival-ttxvn.txt")

FESTIVAL_LOCAL = _article("festival-bao-quang-tri.txt")

HANOI_REPORT = _article("hanoi-mong-co.txt")


IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _ingest_at_once(settings: Any) -> None:
    # Pages queue imports for a worker process on a server; tests need them done on return.
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def ingest(db: None) -> Callable[..., IngestJob]:
    """Return a function that imports texts for a unit (None: the shared library) and runs the job."""

    def run(
        texts: dict[str, str],
        *,
        owner: Organization | None = None,
        published: bool = False,
        actor: Any = None,
    ) -> IngestJob:
        from doingoai.accounts.scope import SYSTEM

        job = services.ingest_job_create(
            actor=actor or SYSTEM,
            sources=[Source(name=name, text=text) for name, text in texts.items()],
            label="tests",
            owner_unit=owner,
            is_published=published,
        )
        return services.ingest_job_run(job=job)

    return run


def document_named(name: str) -> Document:
    """Return the document imported from the text called `name`."""
    return Document.objects.get(file_name=name)
