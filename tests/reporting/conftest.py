from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.reporting import services
from doingoai.reporting.models import Report
from doingoai.reporting.periods import period_parse
from tests.aid.conftest import partners, project_factory, rates
from tests.django_fixtures import Units, _fast_password_hashing, client_for, make_user, units

__all__ = [
    "_fast_password_hashing",
    "client_for",
    "make_user",
    "partners",
    "project_factory",
    "rates",
    "units",
]

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ANNUAL = "DNND-NAM"
QUARTERLY = "VTPCP-QUY"


def at(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    """Return an aware moment in Vietnam."""
    return dt.datetime(year, month, day, hour, tzinfo=VN)


# A complete annual report that passes every rule.
ANNUAL_VALUES = {
    "doan_ra": "4",
    "doan_vao": "6",
    "doan_vao_cap_bo_truong": "2",
    "su_kien": "12",
    "hoi_huu_nghi": "3",
    "hoi_huu_nghi_moi": "1",
    "co_ke_hoach": "true",
    "muc_do": "dat",
    "ket_qua": "Đón sáu đoàn, tổ chức mười hai sự kiện giao lưu.",
    "ton_tai": "Kinh phí còn hạn hẹp.",
    "phuong_huong": "Mở rộng giao lưu thanh niên.",
}


@dataclass
class Cycle:
    """The forms, the 2025 annual assignments of the test units, and their people."""

    units: Units
    qt_editor: User
    qt_union_editor: User
    hn_editor: User
    vufo_reviewer: User
    coordinator: User

    def open(
        self, unit: Any, period: str = "2025", form: str = ANNUAL, now: dt.datetime | None = None
    ) -> Report:
        """Open the unit's report as the system."""
        return services.report_open(
            actor=SYSTEM, form_code=form, unit=unit, period=period_parse(period), now=now or at(2026, 1, 2)
        )


@pytest.fixture
def cycle(units: Units, make_user: Callable[..., User]) -> Cycle:
    services.forms_load_package(actor=SYSTEM)
    for unit in (units.quang_tri, units.ha_noi, units.vufo):
        services.assignment_create(
            actor=SYSTEM,
            form_code=ANNUAL,
            unit=unit,
            start_date=dt.date(2024, 1, 1),
            due_days=15,
            review_unit=units.vufo if unit != units.vufo else None,
        )
    for unit in (units.quang_tri_union, units.ha_noi_union):
        services.assignment_create(
            actor=SYSTEM, form_code=ANNUAL, unit=unit, start_date=dt.date(2024, 1, 1), due_days=15
        )
    return Cycle(
        units=units,
        qt_editor=make_user("editor", units.quang_tri, username="bientap.qt"),
        qt_union_editor=make_user("editor", units.quang_tri_union, username="bientap.lhhn.qt"),
        hn_editor=make_user("editor", units.ha_noi, username="bientap.hn"),
        vufo_reviewer=make_user("editor", units.vufo, username="duyet.vufo"),
        coordinator=make_user("coordinator", units.vufo, username="dieuphoi"),
    )


def version_of(report: Report) -> str:
    """Return the version of `report` as stored now, as its entry and review pages carry it."""
    return str(Report.objects.values_list("version", flat=True).get(pk=report.pk))
