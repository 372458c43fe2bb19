"""The admin stores directory records as the pages do: NFC, single spaces, and the same refusals."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from django.test import Client

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.directory import services
from doingoai.directory.models import Organization, Person, Position
from tests.django_fixtures import Units


def _decomposed(text: str) -> str:
    """Return `text` as some keyboards and copied PDFs give it: letters and tone marks apart."""
    return unicodedata.normalize("NFD", text)


def _person_post(person: Person, **changes: Any) -> dict[str, Any]:
    form = {
        "full_name": person.full_name,
        "notes": person.notes,
        "telephone": person.telephone,
        "email": person.email,
        "owner_unit": person.owner_unit_id,
        "based_on_version": person.version,
        "positions-TOTAL_FORMS": "1",
        "positions-INITIAL_FORMS": "0",
        "positions-MIN_NUM_FORMS": "0",
        "positions-MAX_NUM_FORMS": "1000",
    }
    return {**form, **changes}


def test_a_title_typed_decomposed_and_double_spaced_in_the_admin_is_stored_as_the_page_stores_it(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    person = services.person_create(actor=SYSTEM, owner_unit=units.ha_noi, full_name="Phan Thị Thu")
    page_title = services.position_add(
        actor=SYSTEM, person=person, title=_decomposed("Phó  Chủ tịch "), organization=units.ha_noi
    ).title
    person.refresh_from_db()
    coordinator = client_for(make_user("coordinator", units.vufo, username="lan"))
    typed = {
        "positions-0-person": person.pk,
        "positions-0-title": _decomposed("Phó  Chủ   tịch"),
        "positions-0-organization": units.ha_noi_union.pk,
    }

    saved = coordinator.post(f"/quan-tri/directory/person/{person.pk}/change/", _person_post(person, **typed))

    assert saved.status_code == 302, saved.content.decode()[:2000]
    stored = Position.objects.get(person=person, organization=units.ha_noi_union).title
    assert stored == page_title == "Phó Chủ tịch"
    assert unicodedata.is_normalized("NFC", stored)


def test_a_title_ending_before_it_starts_is_refused_on_its_row_in_the_admin(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    person = services.person_create(actor=SYSTEM, owner_unit=units.ha_noi, full_name="Phan Thị Thu")
    coordinator = client_for(make_user("coordinator", units.vufo))
    typed = {
        "positions-0-person": person.pk,
        "positions-0-title": "Chủ tịch",
        "positions-0-organization": units.ha_noi.pk,
        "positions-0-start_date": "2026-05-01",
        "positions-0-end_date": "2026-04-30",
    }

    refused = coordinator.post(
        f"/quan-tri/directory/person/{person.pk}/change/", _person_post(person, **typed)
    )

    assert refused.status_code == 200
    assert "Ngày kết thúc phải sau ngày bắt đầu." in refused.content.decode()
    assert not Position.objects.filter(person=person).exists()


def test_an_official_and_a_partner_saved_in_the_admin_are_cleaned_and_checked_as_on_the_pages(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    person = services.person_create(actor=SYSTEM, owner_unit=units.ha_noi, full_name="Phan Thị Thu")
    partner = services.partner_create(
        actor=SYSTEM, owner_unit=units.vufo, name="Sakura Trust", kind="ngo", country="JP"
    )
    coordinator = client_for(make_user("coordinator", units.vufo))
    person_url = f"/quan-tri/directory/person/{person.pk}/change/"
    partner_url = f"/quan-tri/directory/partnerorganization/{partner.pk}/change/"
    partner_post = {
        "name": partner.name,
        "kind": "ngo",
        "country": "JP",
        "owner_unit": units.vufo.pk,
        "based_on_version": partner.version,
    }

    bad_phone = coordinator.post(person_url, _person_post(person, telephone="gọi thư ký"))
    bad_country = coordinator.post(partner_url, {**partner_post, "country": "zz"})
    assert bad_phone.status_code == 200 and "không phải số điện thoại" in bad_phone.content.decode()
    assert bad_country.status_code == 200 and "Mã quốc gia “zz” không hợp lệ" in bad_country.content.decode()
    named = coordinator.post(person_url, _person_post(person, full_name=_decomposed("Phan  Thị  Thư")))
    renamed = coordinator.post(
        partner_url, {**partner_post, "name": _decomposed("Quỹ  Sakura"), "name_vi": "Quỹ   Anh  Đào"}
    )

    assert named.status_code == 302 and renamed.status_code == 302
    person.refresh_from_db()
    partner.refresh_from_db()
    assert (person.full_name, person.telephone) == ("Phan Thị Thư", "")
    assert (partner.name, partner.name_vi, partner.country) == ("Quỹ Sakura", "Quỹ Anh Đào", "JP")
    assert unicodedata.is_normalized("NFC", person.full_name + partner.name)


def test_a_unit_the_services_refuse_is_refused_on_its_field_in_the_admin_not_by_an_error_page(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    unit = units.ha_noi
    coordinator = client_for(make_user("coordinator", units.vufo))
    coordinator.raise_request_exception = False
    url = f"/quan-tri/directory/organization/{unit.pk}/change/"
    post = {
        "name": unit.name,
        "abbreviation": "",
        "kind": unit.kind,
        "province_code": "01",
        "country": "",
        "based_on_version": unit.version,
    }

    answers = {
        "Mã tỉnh “99” không có trong 34 tỉnh": coordinator.post(url, {**post, "province_code": "99"}),
        "Mã quốc gia “zz” không hợp lệ": coordinator.post(url, {**post, "country": "zz"}),
        # Quảng Trị's name with a doubled space is Quảng Trị's name: two top-level units may not share it.
        "Đã có một đơn vị cùng tên": coordinator.post(
            url, {**post, "name": "Ủy ban nhân dân  tỉnh Quảng Trị"}
        ),
    }

    for said, answer in answers.items():
        assert answer.status_code == 200 and said in answer.content.decode()
    assert Organization.objects.get(pk=unit.pk).name == "Ủy ban nhân dân thành phố Hà Nội"
    assert Organization.objects.get(pk=unit.pk).province_code == "01"


def test_a_unit_changed_in_the_admin_is_logged_as_changed_there(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    from doingoai.audit.models import AuditEntry

    unit = units.ha_noi
    coordinator = client_for(make_user("coordinator", units.vufo))
    saved = coordinator.post(
        f"/quan-tri/directory/organization/{unit.pk}/change/",
        {
            "name": unit.name,
            "abbreviation": "UBND HN",
            "kind": unit.kind,
            "province_code": "01",
            "country": "",
            "based_on_version": unit.version,
        },
    )

    assert saved.status_code == 302
    entry = AuditEntry.objects.filter(object_id=str(unit.pk), action="update").latest("pk")
    assert entry.after["abbreviation"] == "UBND HN" and entry.via == "admin"


def test_an_official_or_a_partner_deleted_in_the_admin_logs_each_title_and_contact_deleted_with_them(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    from doingoai.audit.models import AuditEntry

    person = services.person_create(actor=SYSTEM, owner_unit=units.ha_noi, full_name="Phan Thị Thu")
    services.position_add(actor=SYSTEM, person=person, title="Chủ tịch", organization=units.ha_noi_union)
    partner = services.partner_create(
        actor=SYSTEM, owner_unit=units.vufo, name="Sakura Trust", kind="ngo", country="JP"
    )
    services.partner_contact_add(actor=SYSTEM, partner=partner, person_name="Sato Yuki")
    coordinator = client_for(make_user("coordinator", units.vufo, username="lan"))

    for url in (
        f"/quan-tri/directory/person/{person.pk}/delete/",
        f"/quan-tri/directory/partnerorganization/{partner.pk}/delete/",
    ):
        assert coordinator.post(url, {"post": "yes"}).status_code == 302

    deleted = AuditEntry.objects.filter(action="delete", actor_username="lan")
    assert sorted(deleted.values_list("content_type__model", "object_repr", "via")) == [
        ("partnercontact", "Sato Yuki (Sakura Trust)", "admin"),
        ("partnerorganization", "Sakura Trust", "admin"),
        ("person", "Phan Thị Thu", "admin"),
        ("position", "Chủ tịch, Liên hiệp các tổ chức hữu nghị thành phố Hà Nội", "admin"),
    ]
    assert not Person.objects.filter(pk=person.pk).exists()
