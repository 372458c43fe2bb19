from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doingoai.accounts.scope import SYSTEM
from doingoai.library import selectors
from doingoai.library.models import Document


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
