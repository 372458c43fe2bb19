from __future__ import annotations

from dataclasses import dataclass

import pytest

from doingoai.accounts.scope import SYSTEM
from doingoai.directory import services
from doingoai.directory.models import Organization
from tests.django_fixtures import Units, _fast_password_hashing, client_for, make_user, units
from tests.library_fixtures import _ingest_at_once, ingest

__all__ = ["_fast_password_hashing", "_ingest_at_once", "client_for", "ingest", "make_user", "units"]


@dataclass
class Tree:
    """The test units, with a ministry and its mission, and the Fatherland Front."""

    units: Units
    ministry: Organization
    mission: Organization
    front: Organization


@pytest.fixture
def tree(units: Units) -> Tree:
    """Return the small unit tree plus the Ministry of Foreign Affairs (with a mission) and the Front."""
    ministry = services.organization_create(
        actor=SYSTEM, name="Bộ Ngoại giao", kind="central", abbreviation="BNG"
    )
    return Tree(
        units=units,
        ministry=ministry,
        mission=services.organization_create(
            actor=SYSTEM,
            name="Đại sứ quán Việt Nam tại Nhật Bản",
            kind="mission",
            parent=ministry,
            country="JP",
        ),
        front=services.organization_create(
            actor=SYSTEM,
            name="Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
            kind="central",
            abbreviation="UBTƯ MTTQ VN",
        ),
    )
