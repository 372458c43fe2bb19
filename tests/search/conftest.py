from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection

from doingoai.search.rum import rum_forget, rum_indexes_drop, rum_ready
from tests.django_fixtures import _fast_password_hashing, client_for, make_user, units
from tests.library_fixtures import _ingest_at_once, ingest

__all__ = ["_fast_password_hashing", "_ingest_at_once", "client_for", "ingest", "make_user", "units"]


@pytest.fixture
def gin_ranking(db: None) -> Iterator[None]:
    """Rank through GIN on PostgreSQL, as a server without the RUM extension does.

    The indexes are dropped inside the test's transaction, so they are back for the next test.
    """
    rum_indexes_drop(connection)
    rum_ready(connection)  # looked up now, so the test counts only the search's own queries
    yield
    rum_forget(connection)


@pytest.fixture(params=["rum", "gin"])
def ranking_path(request: pytest.FixtureRequest, db: None) -> Iterator[str]:
    """Run a test on each way PostgreSQL may rank (RUM where installed, GIN); once on SQLite."""
    if connection.vendor != "postgresql":
        if request.param == "gin":
            pytest.skip("SQLite ranks through FTS5 only: one run is enough")
        yield "fts5"
        return
    if request.param == "gin":
        rum_indexes_drop(connection)
    if not rum_ready(connection) and request.param == "rum":
        pytest.skip("the RUM extension is not installed on this PostgreSQL server (postgresql-15-rum)")
    yield request.param
    rum_forget(connection)
