from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doingoai.accounts.scope import SYSTEM
from doingoai.library import selectors
from doingoai.library.models import Document


def _assert_served_by(sql: str, plan_holds: str, index: str, columns: str) -> None:
    """Assert that SQLite plans `sql` through `index`; on PostgreSQL, that the index exists.

    PostgreSQL plans a tiny table by a scan, so there only the index's columns are checked.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert plan_holds in plan, plan
        else:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
            assert columns in cursor.fetchone()[0]


@pytest.mark.django_db
def test_outlet_filter_reads_each_outlet_once_whatever_the_number_of_documents() -> None:
    for n in range(6):
        Document.objects.create(
            title=f"Bài {n}",
            source=["Báo Nhân Dân", "Thông tấn xã Việt Nam", ""][n % 3],
            text=f"Nội dung bài {n}.",
            content_hash=f"{n:064d}",
            is_published=True,
        )
    with CaptureQueriesContext(connection) as queries:
        outlets = selectors.outlets_list(user=SYSTEM)
    assert outlets == ["Báo Nhân Dân", "Thông tấn xã Việt Nam"]
    # Two outlets, two rows: the documents' own order must not enter the DISTINCT.
    with connection.cursor() as cursor:
        cursor.execute(queries.captured_queries[-1]["sql"])
        assert len(cursor.fetchall()) == 2


@pytest.mark.parametrize("reader", ["coordinator", "province editor"])
def test_outlets_are_read_from_their_index_not_from_the_documents(
    reader: str, make_user: Any, units: Any
) -> None:
    Document.objects.create(title="Bài", source="Báo Nhân Dân", text="Nội dung.", content_hash="0" * 64)
    user = SYSTEM if reader == "coordinator" else make_user("editor", units.quang_tri)
    with CaptureQueriesContext(connection) as queries:
        selectors.outlets_list(user=user)
    # The whole table (texts included) is never read to list a few dozen outlets, not even for a
    # reader who sees the published documents and their unit's.
    _assert_served_by(
        queries.captured_queries[-1]["sql"],
        "COVERING INDEX document_source_scope",
        "document_source_scope",
        "(source, is_published, owner_unit_id)",
    )


@pytest.mark.django_db
def test_outlet_filter_is_kept_until_a_document_is_written() -> None:
    Document.objects.create(
        title="Bài", source="Báo Nhân Dân", text="Nội dung.", content_hash="1" * 64, is_published=True
    )
    assert selectors.outlets_list(user=SYSTEM) == ["Báo Nhân Dân"]
    with CaptureQueriesContext(connection) as queries:
        assert selectors.outlets_list(user=SYSTEM) == ["Báo Nhân Dân"]
    # Kept: only the revision is read again, not the documents' outlets.
    assert not any("DISTINCT" in q["sql"] for q in queries.captured_queries)
    Document.objects.create(
        title="Bài khác", source="Báo Quân đội Nhân dân", text="Nội dung khác.", content_hash="2" * 64
    )
    assert selectors.outlets_list(user=SYSTEM) == ["Báo Nhân Dân", "Báo Quân đội Nhân dân"]


@pytest.mark.parametrize("reader", ["coordinator, nothing unpublished", "province editor"])
def test_a_published_only_reader_s_events_are_counted_from_an_index(
    reader: str, make_user: Any, units: Any
) -> None:
    from doingoai.library.models import Event

    document = Document.objects.create(
        title="Bài", source="Báo Nhân Dân", text="Nội dung.", content_hash="3" * 64, is_published=True
    )
    Event.objects.create(founder=document, document_count=1, published_count=1)
    user = SYSTEM if reader.startswith("coordinator") else make_user("editor", units.quang_tri)
    events = selectors.events_list(user=user)
    with CaptureQueriesContext(connection) as queries:
        assert events.count() == 1
    sql = queries.captured_queries[-1]["sql"]
    assert "published_count" in sql and "IN (SELECT" not in sql, sql
    # Not a scan of the events and their summaries (141 ms at 83,000 events; 1.5 ms by the index).
    _assert_served_by(sql, "INDEX event_published_count", "event_published_count", "(published_count)")
