from __future__ import annotations

import pytest

from doingoai.accounts.scope import SYSTEM
from doingoai.directory import services
from doingoai.directory.selectors import organization_by_name
from tests.django_fixtures import Units


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bộ Ngoại giao", "Bộ Ngoại giao"),
        ("bo ngoai giao", "Bộ Ngoại giao"),
        ("  Bộ   Ngoại giao ", "Bộ Ngoại giao"),
        ("BNG", "Bộ Ngoại giao"),
        ("vufo", "Liên hiệp các tổ chức hữu nghị Việt Nam"),
        ("Mặt trận Tổ quốc Việt Nam", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"),
        ("Liên hiệp các tổ chức hữu nghị", None),  # the national union and two provincial ones
        ("các cơ quan, tổ chức, địa phương", None),
        ("tỉnh", None),
        ("", None),
    ],
)
def test_a_body_named_in_text_resolves_to_one_unit_or_none(
    units: Units, text: str, expected: str | None
) -> None:
    services.organization_create(actor=SYSTEM, name="Bộ Ngoại giao", kind="central", abbreviation="BNG")
    services.organization_create(
        actor=SYSTEM,
        name="Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
        kind="central",
        abbreviation="UBTƯ MTTQ VN",
    )
    found = organization_by_name(text)
    assert (found.name if found else None) == expected
