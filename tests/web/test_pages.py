from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.audit.models import AuditEntry
from doingoai.directory import services
from doingoai.directory.models import PartnerOrganization, Person
from tests.django_fixtures import Units

MakeUser = Callable[..., User]
ClientFor = Callable[[User], Client]


@pytest.fixture
def hanoi_partner(units: Units) -> PartnerOrganization:
    return services.partner_create(
        actor=SYSTEM, owner_unit=units.ha_noi_union, name="Friends of Hanoi Schools", kind="ngo", country="AU"
    )


def _partner_post(partner: PartnerOrganization, **changes: Any) -> dict[str, Any]:
    data = {
        "name": partner.name,
        "name_vi": partner.name_vi,
        "abbreviation": partner.abbreviation,
        "kind": partner.kind,
        "country": partner.country,
        "iati_identifier": partner.iati_identifier,
        "website": partner.website,
        "notes": partner.notes,
        "owner_unit": partner.owner_unit_id,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_anonymous_visitor_is_sent_to_the_login_page(client: Client, units: Units) -> None:
    response = client.get("/danh-ba/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_province_editor_cannot_read_other_province_unpublished_page(
    units: Units, hanoi_partner: PartnerOrganization, make_user: MakeUser, client_for: ClientFor
) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    assert client.get(f"/danh-ba/doi-tac/{hanoi_partner.pk}/").status_code == 404
    listing = client.get("/danh-ba/doi-tac/").content.decode()
    assert "Friends of Hanoi Schools" not in listing
    home = client_for(make_user("editor", units.ha_noi)).get(f"/danh-ba/doi-tac/{hanoi_partner.pk}/")
    assert home.status_code == 200


def test_province_editor_cannot_change_other_province_through_the_page(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    published = services.partner_create(
        actor=SYSTEM,
        owner_unit=units.ha_noi,
        name="Hanoi Sister Cities",
        kind="ngo",
        country="FR",
        is_published=True,
    )
    client = client_for(make_user("editor", units.quang_tri))
    assert client.get(f"/danh-ba/doi-tac/{published.pk}/sua/").status_code == 403
    response = client.post(
        f"/danh-ba/doi-tac/{published.pk}/sua/", _partner_post(published, name="Đã bị sửa")
    )
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.name == "Hanoi Sister Cities"


def test_editor_cannot_move_a_record_to_another_province(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    own = services.partner_create(
        actor=SYSTEM, owner_unit=units.quang_tri, name="Quang Tri Peace Fund", kind="ngo", country="US"
    )
    client = client_for(make_user("editor", units.quang_tri))
    response = client.post(f"/danh-ba/doi-tac/{own.pk}/sua/", _partner_post(own, owner_unit=units.ha_noi.pk))
    assert response.status_code == 200  # the form refuses a unit outside the editor's scope
    assert "owner_unit" in response.context["form"].errors
    own.refresh_from_db()
    assert own.owner_unit == units.quang_tri


def test_viewer_cannot_open_the_edit_pages(units: Units, make_user: MakeUser, client_for: ClientFor) -> None:
    own = services.partner_create(
        actor=SYSTEM, owner_unit=units.quang_tri, name="Quang Tri Fund", kind="ngo", country="US"
    )
    client = client_for(make_user("viewer", units.quang_tri))
    assert client.get(f"/danh-ba/doi-tac/{own.pk}/").status_code == 200
    assert client.get(f"/danh-ba/doi-tac/{own.pk}/sua/").status_code == 403
    assert client.get("/danh-ba/can-bo/them/").status_code == 403
    assert (
        client.post("/danh-ba/can-bo/them/", {"full_name": "X", "owner_unit": units.quang_tri.pk}).status_code
        == 403
    )
    assert not Person.objects.exists()


def test_editor_creates_a_person_and_the_change_is_logged(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    editor = make_user("editor", units.quang_tri)
    response = client_for(editor).post(
        "/danh-ba/can-bo/them/", {"full_name": "  Hoàng   Thị Mai ", "owner_unit": units.quang_tri_union.pk}
    )
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/danh-ba/can-bo/{person.pk}/"
    assert person.full_name == "Hoàng Thị Mai"
    entry = AuditEntry.objects.get(object_id=str(person.pk), content_type__model="person")
    assert entry.actor == editor
    assert entry.after["full_name"] == "Hoàng Thị Mai"


def test_form_errors_name_the_field_in_vietnamese(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    response = client.post(
        "/danh-ba/doi-tac/them/",
        {
            "name": "Good Friends",
            "kind": "ngo",
            "country": "JP",
            "iati_identifier": "JP 1",
            "owner_unit": units.quang_tri.pk,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mã tổ chức IATI: Mã IATI có dạng TIỀNTỐ-SỐ" in page
    assert not PartnerOrganization.objects.exists()


def test_coordinator_sees_every_unpublished_record(
    units: Units, hanoi_partner: PartnerOrganization, make_user: MakeUser, client_for: ClientFor
) -> None:
    client = client_for(make_user("coordinator", units.vufo))
    assert "Friends of Hanoi Schools" in client.get("/danh-ba/doi-tac/").content.decode()


def test_unit_list_finds_names_typed_without_diacritics(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    client = client_for(make_user("viewer", units.quang_tri))
    found = client.get("/danh-ba/", {"q": "lien hiep quang tri"})
    assert [u.name for u in found.context["page"]] == ["Liên hiệp các tổ chức hữu nghị tỉnh Quảng Trị"]
    assert "Liên hiệp các tổ chức hữu nghị tỉnh Quảng Trị</a>" in found.content.decode()
    filtered = client.get("/danh-ba/", {"kind": "province", "province": "01"})
    assert [u.name for u in filtered.context["page"]] == ["Ủy ban nhân dân thành phố Hà Nội"]


def _many_records(units: Units, count: int) -> None:
    for i in range(count):
        unit = units.quang_tri_union if i % 2 else units.ha_noi_union
        services.partner_create(
            actor=SYSTEM, owner_unit=unit, name=f"Partner {i}", kind="ngo", country="DE", is_published=True
        )
        person = services.person_create(
            actor=SYSTEM, owner_unit=unit, full_name=f"Người {i}", is_published=True
        )
        services.position_add(actor=SYSTEM, person=person, title="Chuyên viên", organization=unit)
        services.organization_create(actor=SYSTEM, name=f"Chi hội {i}", kind="mass", parent=unit)


@pytest.mark.parametrize("url", ["/danh-ba/", "/danh-ba/doi-tac/", "/danh-ba/can-bo/", "/nhat-ky/", "/"])
def test_list_pages_run_a_fixed_number_of_queries(
    url: str, units: Units, make_user: MakeUser, client_for: ClientFor, django_assert_max_num_queries: Any
) -> None:
    _many_records(units, 30)
    client = client_for(make_user("coordinator", units.vufo))
    # Session, user and unit, then a handful per list: the count must not grow with the rows.
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200


def test_person_page_shows_titles_over_time(units: Units, make_user: MakeUser, client_for: ClientFor) -> None:
    import datetime as dt

    person = services.person_create(
        actor=SYSTEM, owner_unit=units.vufo, full_name="Tạ Quốc Bảo", is_published=True
    )
    services.position_add(
        actor=SYSTEM,
        person=person,
        title="Trưởng ban",
        organization=units.vufo,
        start_date=dt.date(2021, 3, 1),
        end_date=dt.date(2024, 2, 29),
    )
    page = client_for(make_user("viewer", units.ha_noi)).get(f"/danh-ba/can-bo/{person.pk}/").content.decode()
    assert "Trưởng ban" in page
    assert "01/03/2021" in page and "29/02/2024" in page


def test_logout_needs_a_post(units: Units, make_user: MakeUser, client_for: ClientFor) -> None:
    client = client_for(make_user("viewer", units.quang_tri))
    assert client.get("/dang-xuat/").status_code == 405
    assert client.post("/dang-xuat/").status_code == 302
    assert client.get("/").status_code == 302


def test_opening_an_action_address_shows_a_vietnamese_page_not_a_blank_one(
    make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    # A bookmarked or reloaded "delete" address is answered 405; Django's own answer is empty.
    client = client_for(make_user("editor", units.quang_tri))
    response = client.get("/thu-vien/van-ban/1/xoa/")
    page = response.content.decode()
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "Không mở trực tiếp được địa chỉ này" in page and "Về trang chủ" in page
    assert "script-src" in response["Content-Security-Policy"]


def test_the_api_keeps_its_own_answer_to_a_wrong_method(
    make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    response = client_for(make_user("editor", units.quang_tri)).delete("/api/search?q=lao")
    assert response.status_code == 405
    assert "Không mở trực tiếp" not in response.content.decode()


def test_a_directory_filter_typed_wrong_is_named_and_the_other_filters_kept(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    client = client_for(make_user("viewer", units.ha_noi))
    narrowed = client.get("/danh-ba/", {"q": "hữu nghị"}).context["page"].paginator.count
    everything = client.get("/danh-ba/").context["page"].paginator.count
    assert 0 < narrowed < everything
    response = client.get("/danh-ba/", {"q": "hữu nghị", "kind": "x", "province": "abc"})
    assert response.context["page"].paginator.count == narrowed
    errors = response.content.decode().split('id="filter-errors"')[1].split("</div>")[0]
    assert "Loại" in errors and "Tỉnh, thành phố" in errors and "không được áp dụng" in errors
