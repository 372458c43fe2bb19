from __future__ import annotations

from tests.django_fixtures import _fast_password_hashing, client_for, make_user, units
from tests.library_fixtures import _ingest_at_once, ingest

__all__ = ["_fast_password_hashing", "_ingest_at_once", "client_for", "ingest", "make_user", "units"]
