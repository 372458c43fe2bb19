"""A former province, district or commune typed in the unit search leads to today's province."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.analysis.admin_units import place_find
from doingoai.directory import selectors
from tests.django_fixtures import Units


@pytest.mark.parametrize(
    ("typed", "province", "commune", "former"),
    [
        ("Quảng Bình", "44", None, True),
        ("tỉnh Quảng Bình", "44", None, True),
        ("quang binh", "44", None, True),
        ("Thừa Thiên Huế", "46", None, True),
        ("Bình Dương", "79", None, True),
        ("huyện Lệ Thủy", "44", None, True),
        ("quận Hải Châu", "48", None, True),
        ("thị trấn Kiến Giang", "44", "Xã Lệ Thủy", True),
        ("Kiến Giang", "44", "Xã Lệ Thủy", True),  # not the former province Kiên Giang
        ("phường Đồng Hới", "44", "Phường Đồng Hới", False),
        ("Khánh Hoà", "56", None, False),
    ],
)
def test_a_place_name_leads_to_the_unit_in_force(
    typed: str, province: str, commune: str | None, former: bool
) -> None:
    place = place_find(typed)
    assert place is not None
    assert (place.text, place.province.code, place.former) == (typed, province, former)
    assert (place.commune.full_name if place.commune else None) == commune


@pytest.mark.parametrize("typed", ["Tân Lập", "xã Kiến Giang", "huyện Không Có", "Bộ Ngoại giao", ""])
def test_a_name_of_no_place_or_of_several_leads_nowhere(typed: str) -> None:
    assert place_find(typed) is None


def test_the_unit_search_reads_a_former_province_as_todays(units: Units) -> None:
    found = selectors.organizations_search(user=SYSTEM, query="Quảng Bình")
    assert found.place is not None and found.place.text == "Quảng Bình"
    assert {u.name for u in found.units} == {
        "Ủy ban nhân dân tỉnh Quảng Trị",
        "Liên hiệp các tổ chức hữu nghị tỉnh Quảng Trị",
    }
    # A name that names units is searched as a name, not as a place.
    assert selectors.organizations_search(user=SYSTEM, query="Quảng Trị").place is None


def test_the_unit_page_says_where_a_former_district_went(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    client = client_for(make_user("viewer", units.quang_tri))
    page = client.get("/danh-ba/", {"q": "huyện Lệ Thủy"}).content.decode()
    assert "“huyện Lệ Thủy” là đơn vị hành chính cũ, từ 01/07/2025 thuộc tỉnh Quảng Trị." in page
    assert "Liên hiệp các tổ chức hữu nghị tỉnh Quảng Trị" in page
    assert 'value="huyện Lệ Thủy"' in page  # the words typed stay in the box
    assert "Hà Nội</a>" not in page
