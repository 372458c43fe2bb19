from __future__ import annotations

from tests.reporting.conftest import cycle, partners, project_factory, rates
from tests.django_fixtures import _fast_password_hashing, client_for, make_user, units

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
