from __future__ import annotations

from tests.django_fixtures import _fast_password_hashing, client_for, make_user, units
from tests.reporting.conftest import cycle, partners, project_factory, rates

__all__ = [
    "_fast_password_hashing",
    "client_for",
    "cycle",
    "make_user",
    "partners",
    "project_factory",
    "rates",
    "units",
]
