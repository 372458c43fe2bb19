"""Two people edit the same partner or official: the second save is refused, showing the first change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.audit.concurrency import StaleEditError
from doingoai.directory import services
from doingoai.directory.models import Organization, PartnerOrganization, Person
from tests.django_fixtures import Units


def _partner_form(partner: PartnerOrganization, **changes: Any) -> dict[str, Any]:
    form = {
        "name": partner.name,
        "kind": partner.kind,
        "country": partner.country,
        "owner_unit": partner.owner_unit_id,
        "version": partner.version,
    }
    return {**form, **changes}


def test_the_second_of_two_partner_edits_is_refused_and_keeps_its_input(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    partner = services.partner_create(
        actor=SYSTEM, owner_unit=units.quang_tri, name="Hội Bạn bè Hokkaido", kind="ngo", country="JP"
    )
    url = reverse("directory:partner_edit", args=[partner.pk])
    an = client_for(make_user("editor", units.quang_tri, username="an"))
    binh = client_for(make_user("editor", units.quang_tri, username="binh"))
    opened_by_an = _partner_form(partner)  # both open the form on version 1
    opened_by_binh = _partner_form(partner)

    assert an.post(url, {**opened_by_an, "notes": "Gặp ngày 3/12"}).status_code == 302
    response = binh.post(url, {**opened_by_binh, "name": "Hội Bạn bè Hokkaido (Sapporo)"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Người khác đã sửa bản ghi này" in page
    assert "Nội dung bạn nhập vẫn còn dưới đây" in page  # the form kept Bình's input
    assert "an (" in page and "Gặp ngày 3/12" in page  # who changed what
    assert 'value="Hội Bạn bè Hokkaido (Sapporo)"' in page  # Bình's input is kept
    stored = PartnerOrganization.objects.get(pk=partner.pk)
    assert stored.notes == "Gặp ngày 3/12" and stored.name == "Hội Bạn bè Hokkaido"
    # Having seen the change, Bình saves again from the page, now based on the new version.
    assert f'name="version" value="{stored.version}"' in page
    again = binh.post(
        url, {**opened_by_binh, "name": "Hội Bạn bè Hokkaido (Sapporo)", "version": stored.version}
    )
    assert again.status_code == 302
    assert PartnerOrganization.objects.get(pk=partner.pk).name == "Hội Bạn bè Hokkaido (Sapporo)"


def test_the_second_of_two_official_edits_is_refused(units: Units, make_user: Callable[..., User]) -> None:
    person = services.person_create(actor=SYSTEM, owner_unit=units.ha_noi, full_name="Lưu Văn Đồng")
    editor = make_user("editor", units.ha_noi)
    first = Person.objects.get(pk=person.pk)
    second = Person.objects.get(pk=person.pk)
    services.person_update(
        actor=editor, person=first, full_name="Lưu Văn Đồng", notes="a", expected_version=1
    )
    with pytest.raises(StaleEditError) as caught:
        services.person_update(actor=editor, person=second, full_name="Lưu Văn Đông", expected_version=1)
    assert any("Ghi chú" in m or "ghi chú" in m for m in caught.value.messages)
    assert Person.objects.get(pk=person.pk).full_name == "Lưu Văn Đồng"


def test_a_refused_edit_names_the_person_who_changed_the_record(
    units: Units, make_user: Callable[..., User]
) -> None:
    person = services.person_create(actor=SYSTEM, owner_unit=units.ha_noi, full_name="Đỗ Thị Hà")
    editor = make_user("editor", units.ha_noi, username="dothiha.hn")
    editor.first_name, editor.last_name = "Hà", "Đỗ Thị"
    editor.save(update_fields=["first_name", "last_name"])
    first, second = Person.objects.get(pk=person.pk), Person.objects.get(pk=person.pk)
    services.person_update(actor=editor, person=first, full_name="Đỗ Thị Hà", notes="b", expected_version=1)
    with pytest.raises(StaleEditError) as caught:
        services.person_update(actor=editor, person=second, full_name="Đỗ Thị Hạ", expected_version=1)
    said = " ".join(caught.value.messages)
    assert editor.get_full_name() in said and "dothiha.hn" not in said


def _person_form(person: Person, **changes: Any) -> dict[str, Any]:
    form = {
        "full_name": person.full_name,
        "notes": person.notes,
        "owner_unit": person.owner_unit_id,
        "version": person.version,
    }
    return {**form, **changes}


def test_a_title_added_meanwhile_refuses_the_edit_of_the_official_and_names_it(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    person = services.person_create(actor=SYSTEM, owner_unit=units.ha_noi, full_name="Phan Thị Thu")
    an = client_for(make_user("editor", units.ha_noi, username="an"))
    binh = client_for(make_user("editor", units.ha_noi, username="binh"))
    opened_by_binh = _person_form(person)  # Bình opens the edit form first

    added = an.post(
        reverse("directory:position_add", args=[person.pk]),
        {"title": "Phó Chủ tịch", "organization": units.ha_noi_union.pk, "start_date": "01/03/2026"},
    )
    assert added.status_code == 302
    response = binh.post(
        reverse("directory:person_edit", args=[person.pk]), {**opened_by_binh, "notes": "Chủ tịch Hội"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Người khác đã sửa bản ghi này" in page
    assert (
        "an (" in page
        and "thêm chức danh “Phó Chủ tịch, Liên hiệp các tổ chức hữu nghị thành phố Hà Nội”" in page
    )
    assert Person.objects.get(pk=person.pk).notes == ""


def test_a_title_ended_meanwhile_refuses_the_edit_and_the_delete_of_the_page_shown_before(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    editor = make_user("editor", units.ha_noi, username="an")
    person = services.person_create(actor=SYSTEM, owner_unit=units.ha_noi, full_name="Phan Thị Thu")
    position = services.position_add(
        actor=editor, person=person, title="Chủ tịch", organization=units.ha_noi_union
    )
    person.refresh_from_db()
    opened = _person_form(person)
    client = client_for(editor)

    ended = client.post(
        reverse("directory:position_end", args=[person.pk, position.pk]),
        {"end_date": "30/06/2026", "version": person.version},
    )
    assert ended.status_code == 302
    edit = client.post(reverse("directory:person_edit", args=[person.pk]), {**opened, "notes": "Nghỉ hưu"})
    delete = client.post(
        reverse("directory:person_delete", args=[person.pk]), {"version": opened["version"]}, follow=True
    )

    said = edit.content.decode()
    assert "Người khác đã sửa bản ghi này" in said
    assert "đổi “Đến ngày” của chức danh “Chủ tịch, Liên hiệp các tổ chức hữu nghị thành phố Hà Nội”" in said
    assert "(trống) → 30/06/2026" in said
    assert "Người khác đã sửa bản ghi này" in delete.content.decode()
    assert Person.objects.filter(pk=person.pk, notes="").exists()


def test_a_title_and_a_note_changed_in_the_admin_refuse_an_edit_opened_before_and_are_both_told(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    editor = make_user("editor", units.ha_noi, username="binh")
    person = services.person_create(actor=SYSTEM, owner_unit=units.ha_noi, full_name="Phan Thị Thu")
    position = services.position_add(actor=editor, person=person, title="Ủy viên", organization=units.ha_noi)
    person.refresh_from_db()
    opened_by_binh = _person_form(person)
    coordinator = client_for(make_user("coordinator", units.vufo, username="lan"))
    admin_post = {
        "full_name": person.full_name,
        "notes": "Chuyển sang Liên hiệp",
        "owner_unit": units.ha_noi.pk,
        "based_on_version": person.version,
        "positions-TOTAL_FORMS": "1",
        "positions-INITIAL_FORMS": "1",
        "positions-MIN_NUM_FORMS": "0",
        "positions-MAX_NUM_FORMS": "1000",
        "positions-0-id": position.pk,
        "positions-0-person": person.pk,
        "positions-0-title": "Phó Chủ tịch",
        "positions-0-organization": units.ha_noi.pk,
    }

    saved = coordinator.post(f"/quan-tri/directory/person/{person.pk}/change/", admin_post)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    response = client_for(editor).post(
        reverse("directory:person_edit", args=[person.pk]), {**opened_by_binh, "notes": "Ủy viên"}
    )

    page = response.content.decode()
    assert "Người khác đã sửa bản ghi này" in page
    assert "lan (" in page and "đổi “Ghi chú”: (trống) → Chuyển sang Liên hiệp" in page
    assert "đổi “Chức danh” của chức danh “Phó Chủ tịch, Ủy ban nhân dân thành phố Hà Nội”" in page
    assert "Ủy viên → Phó Chủ tịch" in page


def test_a_contact_added_or_removed_meanwhile_refuses_the_edit_of_the_partner_and_names_it(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    partner = services.partner_create(
        actor=SYSTEM, owner_unit=units.quang_tri, name="Hội Bạn bè Hokkaido", kind="ngo", country="JP"
    )
    edit_url = reverse("directory:partner_edit", args=[partner.pk])
    an = client_for(make_user("editor", units.quang_tri, username="an"))
    binh = client_for(make_user("editor", units.quang_tri, username="binh"))
    opened_by_an = _partner_form(partner)  # An opens the edit form of the partner

    added = binh.post(
        f"/vien-tro/doi-tac/{partner.pk}/", {"person_name": "Sato Yuki", "email": "sato@hokkaido.example"}
    )
    assert added.status_code == 302
    response = an.post(edit_url, {**opened_by_an, "notes": "Gặp ngày 3/12"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Người khác đã sửa bản ghi này" in page
    assert "binh (" in page and "thêm đầu mối liên hệ của đối tác “Sato Yuki (Hội Bạn bè Hokkaido)”" in page
    assert PartnerOrganization.objects.get(pk=partner.pk).notes == ""

    # Seen the change, An opens the form again; Bình removes the contact before An saves.
    reopened = _partner_form(PartnerOrganization.objects.get(pk=partner.pk))
    contact = partner.contacts.get()
    removed = binh.post(f"/vien-tro/doi-tac/{partner.pk}/lien-he/{contact.pk}/xoa/")
    assert removed.status_code == 302
    again = an.post(edit_url, {**reopened, "notes": "Gặp ngày 3/12"}).content.decode()
    assert "Người khác đã sửa bản ghi này" in again
    assert "binh (" in again and "xóa đầu mối liên hệ của đối tác “Sato Yuki (Hội Bạn bè Hokkaido)”" in again
    assert PartnerOrganization.objects.get(pk=partner.pk).notes == ""


def test_a_title_ended_from_a_page_shown_before_its_end_date_was_given_is_refused_in_words(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    import datetime as dt

    person = services.person_create(actor=SYSTEM, owner_unit=units.ha_noi, full_name="Phan Thị Thu")
    position = services.position_add(
        actor=SYSTEM, person=person, title="Chủ tịch", organization=units.ha_noi_union
    )
    shown = Person.objects.get(pk=person.pk).version  # An's page shows the title open, with its button
    end_url = reverse("directory:position_end", args=[person.pk, position.pk])
    an = client_for(make_user("editor", units.ha_noi, username="an"))
    binh = client_for(make_user("editor", units.ha_noi, username="binh"))

    page_of_an = an.get(reverse("directory:person_detail", args=[person.pk])).content.decode()
    end_form = page_of_an.split(f'action="{end_url}"', 1)[1].split("</form>", 1)[0]
    assert f'name="version" value="{shown}"' in end_form  # what the 'Thôi giữ' button sends

    assert binh.post(end_url, {"end_date": "30/06/2026", "version": shown}).status_code == 302
    response = an.post(end_url, {"end_date": "31/12/2026", "version": shown}, follow=True)

    page = response.content.decode()
    assert "Người khác đã sửa bản ghi này" in page
    assert "binh (" in page and "đổi “Đến ngày” của chức danh “Chủ tịch," in page
    assert "(trống) → 30/06/2026" in page
    position.refresh_from_db()
    assert position.end_date == dt.date(2026, 6, 30)
    assert "Đã ghi ngày thôi giữ" not in page


def test_a_unit_moved_meanwhile_refuses_an_admin_edit_opened_before_and_names_the_move(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    unit = units.quang_tri_union
    opened_on = unit.version  # the coordinator opens the unit's change form
    services.organization_move(actor=SYSTEM, organization=unit, parent=units.vufo)
    coordinator = client_for(make_user("coordinator", units.vufo, username="lan"))

    response = coordinator.post(
        f"/quan-tri/directory/organization/{unit.pk}/change/",
        {
            "name": unit.name,
            "abbreviation": "LHHN-QT",
            "kind": unit.kind,
            "province_code": "44",
            "country": "",
            "based_on_version": opened_on,
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Người khác đã sửa bản ghi này" in page
    assert "Ủy ban nhân dân tỉnh Quảng Trị → Liên hiệp các tổ chức hữu nghị Việt Nam" in page
    assert Organization.objects.get(pk=unit.pk).abbreviation == ""


def test_a_title_still_open_after_another_change_keeps_the_refused_end_date_in_words(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    person = services.person_create(actor=SYSTEM, owner_unit=units.ha_noi, full_name="Phan Thị Thu")
    position = services.position_add(
        actor=SYSTEM, person=person, title="Chủ tịch", organization=units.ha_noi_union
    )
    shown = Person.objects.get(pk=person.pk).version  # An's page, 'Thôi giữ' with this version
    an = client_for(make_user("editor", units.ha_noi, username="an"))
    binh = client_for(make_user("editor", units.ha_noi, username="binh"))
    opened_by_binh = _person_form(Person.objects.get(pk=person.pk))
    assert (
        binh.post(
            reverse("directory:person_edit", args=[person.pk]), {**opened_by_binh, "notes": "Ghi chú mới"}
        ).status_code
        == 302
    )

    response = an.post(
        reverse("directory:position_end", args=[person.pk, position.pk]),
        {"end_date": "01/12/2026", "version": shown},
        follow=True,
    )

    page = response.content.decode()
    assert "Người khác đã sửa bản ghi này" in page
    assert "Ngày thôi giữ 01/12/2026 của “Chủ tịch” chưa được ghi" in page
    position.refresh_from_db()
    assert position.end_date is None


def test_a_title_ended_meanwhile_does_not_ask_for_the_refused_date_again(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    person = services.person_create(actor=SYSTEM, owner_unit=units.ha_noi, full_name="Phan Thị Thu")
    position = services.position_add(
        actor=SYSTEM, person=person, title="Chủ tịch", organization=units.ha_noi_union
    )
    shown = Person.objects.get(pk=person.pk).version
    end_url = reverse("directory:position_end", args=[person.pk, position.pk])
    an = client_for(make_user("editor", units.ha_noi, username="an"))
    binh = client_for(make_user("editor", units.ha_noi, username="binh"))
    assert binh.post(end_url, {"end_date": "30/06/2026", "version": shown}).status_code == 302

    page = an.post(end_url, {"end_date": "31/12/2026", "version": shown}, follow=True).content.decode()

    assert "Người khác đã sửa bản ghi này" in page
    assert "chưa được ghi" not in page
