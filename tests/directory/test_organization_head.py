from __future__ import annotations

import datetime as dt

from doingoai.accounts.scope import SYSTEM
from doingoai.directory import services
from doingoai.directory.models import Organization, Position
from doingoai.directory.selectors import UnitHead, organization_head
from tests.django_fixtures import Units

DAY = dt.date(2026, 1, 5)


def _hold(
    name: str,
    title: str,
    unit: Organization,
    start: dt.date = dt.date(2025, 1, 1),
    end: dt.date | None = None,
    published: bool = True,
) -> Position:
    person = services.person_create(actor=SYSTEM, owner_unit=unit, full_name=name, is_published=published)
    return services.position_add(
        actor=SYSTEM, person=person, title=title, organization=unit, start_date=start, end_date=end
    )


def test_the_head_is_the_holder_of_the_units_own_head_title_on_the_day(units: Units, make_user) -> None:
    union = units.quang_tri_union
    assert organization_head(user=SYSTEM, organization=union, day=DAY) is None
    # Neither a deputy, nor the head of a part of the unit, nor someone else's unit's chairman.
    _hold("Đỗ Văn Khánh", "Phó Chủ tịch Liên hiệp các tổ chức hữu nghị", union)
    _hold("Trần Thị Hòa", "Trưởng ban Điều phối viện trợ nhân dân", union)
    _hold("Lê Văn Bình", "Chủ tịch Hội Hữu nghị Việt Nam - Lào", union)
    # A head who left before the day, or who starts after it.
    _hold("Hoàng Văn Cũ", "Chủ tịch", union, start=dt.date(2020, 1, 1), end=dt.date(2025, 6, 30))
    _hold("Vũ Thị Mới", "Chủ tịch", union, start=dt.date(2026, 3, 1))
    assert organization_head(user=SYSTEM, organization=union, day=DAY) is None
    _hold("Lê  Quang Đức", "Chủ tịch Liên hiệp các tổ chức hữu nghị", union, start=dt.date(2025, 7, 1))
    assert organization_head(user=SYSTEM, organization=union, day=DAY) == UnitHead("Chủ tịch", "Lê Quang Đức")
    _hold("Nguyễn Văn An", "chủ tịch ủy ban nhân dân tỉnh Quảng Trị", units.quang_tri)
    assert organization_head(user=SYSTEM, organization=units.quang_tri, day=DAY) == UnitHead(
        "chủ tịch", "Nguyễn Văn An"
    )


def test_a_head_the_user_may_not_read_is_not_named(units: Units, make_user) -> None:
    _hold("Phạm Ngọc Ánh", "Giám đốc", units.ha_noi_union, published=False)
    assert organization_head(user=SYSTEM, organization=units.ha_noi_union, day=DAY) is not None
    outsider = make_user("editor", units.quang_tri)
    assert organization_head(user=outsider, organization=units.ha_noi_union, day=DAY) is None
