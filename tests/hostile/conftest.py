"""The hostile-input corpus: every class of bad input, through the real entry points.

Each test module takes one class (numbers and dates, encodings, damaged and oversized files, API
and page parameters, spreadsheet formulas, currencies) and sends it through the command line,
the upload forms (Django's test client) and the API. Large files are made at test time.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.aid.conftest import partners, project_factory, rates
from tests.django_fixtures import _fast_password_hashing, client_for, make_user, units
from tests.library_fixtures import IMMEDIATE_TASKS

__all__ = [
    "_fast_password_hashing",
    "client_for",
    "make_user",
    "partners",
    "project_factory",
    "rates",
    "units",
]


@pytest.fixture(autouse=True)
def _ingest_now(settings: Any) -> None:
    # Pages queue imports for a worker process on a server; here they run at once.
    settings.TASKS = IMMEDIATE_TASKS
