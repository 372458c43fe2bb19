from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from doingoai.accounts.scope import SYSTEM
from doingoai.directory import selectors, services
from doingoai.directory.models import Organization
from tests.django_fixtures import Units


def test_unit_path_lists_its_ancestors(units: Units) -> None:
    assert units.quang_tri_union.path == f"/{units.quang_tri.pk}/{units.quang_tri_union.pk}/"
    ancestors = selectors.organization_ancestors(organization=units.quang_tri_union)
    assert ancestors == [units.quang_tri]


def test_moving_a_unit_rewrites_the_paths_below_it(units: Units) -> None:
    branch = services.organization_create(
        actor=SYSTEM, name="Ban Hữu nghị nhân dân", kind="province_department", parent=units.quang_tri_union
    )
    services.organization_move(actor=SYSTEM, organization=units.quang_tri_union, parent=units.vufo)
    branch.refresh_from_db()
    assert branch.path == f"/{units.vufo.pk}/{units.quang_tri_union.pk}/{branch.pk}/"


def test_a_unit_cannot_move_under_itself(units: Units) -> None:
    with pytest.raises(ValidationError) as info:
        services.organization_move(actor=SYSTEM, organization=units.quang_tri, parent=units.quang_tri_union)
    assert "parent" in info.value.message_dict


def test_search_matches_names_without_diacritics(units: Units) -> None:
    names = {u.name for u in selectors.organizations_list(user=SYSTEM, query="quang tri")}
    assert names == {"Ủy ban nhân dân tỉnh Quảng Trị", "Liên hiệp các tổ chức hữu nghị tỉnh Quảng Trị"}
    names = {u.name for u in selectors.organizations_list(user=SYSTEM, query="HỮU NGHỊ hà nội")}
    assert names == {"Liên hiệp các tổ chức hữu nghị thành phố Hà Nội"}
    assert [u.abbreviation for u in selectors.organizations_list(user=SYSTEM, query="vufo")] == ["VUFO"]


def test_units_filter_by_kind_and_province(units: Units) -> None:
    unions = selectors.organizations_list(user=SYSTEM, kind="friendship_union", province_code="01")
    assert [u.name for u in unions] == ["Liên hiệp các tổ chức hữu nghị thành phố Hà Nội"]


def test_invalid_country_code_is_rejected_naming_the_field(units: Units) -> None:
    with pytest.raises(ValidationError) as info:
        services.partner_create(
            actor=SYSTEM, owner_unit=units.vufo, name="Hội Bạn bè", kind="ngo", country="XX"
        )
    assert list(info.value.message_dict) == ["country"]
    assert "XX" in info.value.message_dict["country"][0]


def test_iati_identifier_with_spaces_is_rejected(units: Units) -> None:
    with pytest.raises(ValidationError) as info:
        services.partner_create(
            actor=SYSTEM,
            owner_unit=units.vufo,
            name="Quỹ Bạn bè",
            kind="ngo",
            country="jp",
            iati_identifier="JP 12",
        )
    assert "iati_identifier" in info.value.message_dict


def test_partner_country_is_stored_upper_case_and_named_in_vietnamese(units: Units) -> None:
    partner = services.partner_create(
        actor=SYSTEM,
        owner_unit=units.vufo,
        name="Hội Hữu nghị Nhật – Việt",
        kind="friendship_association",
        country="jp",
    )
    assert partner.country == "JP"
    assert partner.country_name == "Nhật Bản"


def test_province_code_outside_the_34_is_rejected(units: Units) -> None:
    with pytest.raises(ValidationError) as info:
        services.organization_create(actor=SYSTEM, name="Tỉnh cũ", kind="province", province_code="02")
    assert "province_code" in info.value.message_dict


def test_title_end_date_before_start_is_rejected(units: Units) -> None:
    person = services.person_create(actor=SYSTEM, owner_unit=units.vufo, full_name="Đặng Thị Lan")
    with pytest.raises(ValidationError) as info:
        services.position_add(
            actor=SYSTEM,
            person=person,
            title="Phó Chủ tịch",
            organization=units.vufo,
            start_date=dt.date(2024, 5, 1),
            end_date=dt.date(2023, 1, 1),
        )
    assert "end_date" in info.value.message_dict


def test_titles_over_time_keep_the_current_one_apart(units: Units) -> None:
    person = services.person_create(
        actor=SYSTEM, owner_unit=units.vufo, full_name="Đặng Thị Lan", is_published=True
    )
    old = services.position_add(
        actor=SYSTEM, person=person, title="Ủy viên", organization=units.vufo, start_date=dt.date(2019, 1, 1)
    )
    services.position_end(actor=SYSTEM, position=old, end_date=dt.date(2024, 4, 30))
    services.position_add(
        actor=SYSTEM,
        person=person,
        title="Phó Chủ tịch",
        organization=units.vufo,
        start_date=dt.date(2024, 5, 1),
    )
    listed = selectors.people_list(user=SYSTEM).get(pk=person.pk)
    assert [p.title for p in listed.current_positions] == ["Phó Chủ tịch"]
    assert [p.title for p in selectors.person_get(user=SYSTEM, pk=person.pk).positions.all()] == [
        "Phó Chủ tịch",
        "Ủy viên",
    ]


def test_people_found_in_documents_link_by_folded_name(units: Units) -> None:
    person = services.person_create(
        actor=SYSTEM, owner_unit=units.vufo, full_name="Phan Anh Hoà", is_published=True
    )
    assert person.name_key == "phan anh hoa"
    assert list(selectors.person_find_by_name(user=SYSTEM, name="Phan  Anh Hòa")) == [person]


def test_only_a_coordinator_creates_a_top_level_unit(units: Units, make_user: object) -> None:
    editor = make_user("editor", units.quang_tri)  # type: ignore[operator]
    with pytest.raises(ValidationError):
        services.organization_create(actor=editor, name="Đơn vị mới", kind="central")
    with pytest.raises(PermissionDenied):
        services.organization_create(
            actor=editor, name="Ban mới", kind="province_department", parent=units.ha_noi
        )
    created = services.organization_create(
        actor=editor, name="Ban Hợp tác quốc tế", kind="province_department", parent=units.quang_tri
    )
    assert Organization.objects.get(pk=created.pk).path.startswith(units.quang_tri.path)


@pytest.mark.parametrize(("value", "expected"), [("vufo", "vufo"), ("VUFO", "vufo"), ("  VuFo ", "vufo")])
def test_a_unit_is_found_by_its_abbreviation_in_any_case(units: Units, value: str, expected: str) -> None:
    assert selectors.organization_by_reference(value) == getattr(units, expected)


def test_a_unit_is_found_by_its_id_and_an_unknown_reference_gives_none(units: Units) -> None:
    assert selectors.organization_by_reference(str(units.ha_noi.pk)) == units.ha_noi
    assert selectors.organization_by_reference("KHONG-CO") is None
    assert selectors.organization_by_reference("999999") is None


def test_countries_are_offered_in_vietnamese_dictionary_order() -> None:
    from doingoai.directory.countries import country_choices

    names = [name for _code, name in country_choices()]
    # "Đ" between "D" and "E", "Ấn Độ" among the A's: not after "Z" by code point.
    assert names.index("Cuba") < names.index("Đan Mạch") < names.index("Đức") < names.index("Estonia")
    assert names.index("Ấn Độ") < names.index("Bỉ") < names.index("Zambia")


def test_units_are_listed_in_vietnamese_dictionary_order_by_the_database(units: Units) -> None:
    names = ("Hội Cựu chiến binh", "Đoàn Thanh niên", "Ủy ban Mặt trận", "Ban Dân vận", "Ưu tiên")
    for name in names:
        services.organization_create(actor=SYSTEM, name=name, kind="mass", parent=units.quang_tri)
    listed = selectors.organization_children(user=SYSTEM, organization=units.quang_tri)
    children = [o.name for o in listed if o.name in names]
    # By code point Đ, Ủ and Ư come after every other letter; in Vietnamese Đ follows D, Ư follows U.
    assert children == ["Ban Dân vận", "Đoàn Thanh niên", "Hội Cựu chiến binh", "Ủy ban Mặt trận", "Ưu tiên"]
    by_default = [o.name for o in Organization.objects.filter(parent=units.quang_tri, name__in=names)]
    assert by_default == children
