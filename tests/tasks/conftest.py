from __future__ import annotations

from dataclasses import dataclass

import pytest

from doingoai.accounts.scope import SYSTEM
from doingoai.directory import services
from doingoai.directory.models import Organization
from doingoai.tasks.models import Task
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


def task_made(tree: Tree, **changes: object) -> Task:
    """Make a task as the system: the ministry leads, Quảng Trị helps, VUFO assigns, due 31/12/2026."""
    import datetime as dt

    from doingoai.tasks import services as task_services

    values: dict[str, object] = {
        "actor": SYSTEM,
        "text": "Tổ chức diễn đàn nhân dân biên giới",
        "lead_unit": tree.ministry,
        "deadline": dt.date(2026, 12, 31),
        "coordinating_units": [tree.units.quang_tri],
        "issuer_unit": tree.units.vufo,
    }
    values.update(changes)
    return task_services.task_create(**values)  # type: ignore[arg-type]
