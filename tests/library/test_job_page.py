"""An import's page tells each item's state the same way as the job's."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from doingoai.accounts.models import User
from doingoai.library import services
from doingoai.library.models import IngestJob, ItemStatus, JobStatus
from doingoai.library.sources import Source
from tests.django_fixtures import Units

STALE = services.JOB_STALE_AFTER * 2
NOW = dt.timedelta(0)


def _states(page: str) -> tuple[str, list[str]]:
    """Return the job's state and each item's, as the page shows them."""
    job = re.search(r'<small id="job-status">([^<]*)</small>', page)
    assert job is not None
    return job.group(1), re.findall(r'<td class="item-state">([^<]*)</td>', page)


@pytest.mark.parametrize(
    ("status", "beat_age", "job_state", "item_states"),
    [
        # The job runs: the first pending item is the one being processed, the others wait.
        (JobStatus.RUNNING, NOW, "Đang xử lý", ["Đã nhập", "Đang xử lý", "Chờ đến lượt"]),
        # Queued, nothing started: every pending item waits with the job.
        (JobStatus.PENDING, NOW, "Đang chờ", ["Đã nhập", "Đang chờ", "Đang chờ"]),
        # Its worker died (no progress for long): nothing is processing any more.
        (JobStatus.RUNNING, STALE, "Bị gián đoạn", ["Đã nhập", "Chưa xử lý", "Chưa xử lý"]),
        (JobStatus.INTERRUPTED, NOW, "Bị gián đoạn", ["Đã nhập", "Chưa xử lý", "Chưa xử lý"]),
        (JobStatus.FAILED, NOW, "Thất bại", ["Đã nhập", "Chưa xử lý", "Chưa xử lý"]),
    ],
)
def test_pending_items_show_a_state_consistent_with_their_job(
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    units: Units,
    status: str,
    beat_age: dt.timedelta,
    job_state: str,
    item_states: list[str],
) -> None:
    editor = make_user("editor", units.quang_tri)
    job = services.ingest_job_create(
        actor=editor,
        sources=[Source(f"{n}.txt", f"Tin số {n} về hợp tác hữu nghị.") for n in range(3)],
        label="ba-tin",
        owner_unit=units.quang_tri,
    )
    job.items.filter(position=0).update(status=ItemStatus.DONE)
    IngestJob.objects.filter(pk=job.pk).update(status=status, heartbeat_at=timezone.now() - beat_age)
    client = client_for(editor)
    page = client.get(f"/thu-vien/dot-nhap/{job.pk}/").content.decode()
    assert _states(page) == (job_state, item_states)
    # The list of imports says the same of the job as its page.
    listed = re.search(
        r"ba-tin</a></td>\s*<td>([^<]*)</td>", client.get("/thu-vien/dot-nhap/").content.decode()
    )
    assert listed is not None and listed.group(1) == job_state


def test_a_viewer_is_told_why_the_list_of_imports_is_empty(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    # The list holds the imports of the units one edits: a viewer of a unit that has imported
    # sees none, and is told why rather than "no imports yet".
    editor = make_user("editor", units.quang_tri)
    services.ingest_job_create(
        actor=editor,
        sources=[Source("a.txt", "Tin về hợp tác hữu nghị.")],
        label="mot-tin",
        owner_unit=units.quang_tri,
    )
    viewer_page = client_for(make_user("viewer", units.quang_tri)).get("/thu-vien/dot-nhap/").content.decode()
    assert "Chưa có đợt nhập nào." not in viewer_page and "chỉ được xem" in viewer_page
    assert "mot-tin" in client_for(editor).get("/thu-vien/dot-nhap/").content.decode()
