"""A province editor removes an official, and closes a title the official no longer holds, on the site."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.test import Client

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.audit.models import AuditEntry
from doingoai.directory import services
from doingoai.directory.models import Person, Position
from tests.django_fixtures import Units

MakeUser = Callable[..., User]


def test_an_editor_deletes_an_official_of_their_unit_and_it_is_logged(
    units: Units, make_user: MakeUser, client_for: Callable[[User], Client]
) -> None:
    person = services.person_create(actor=SYSTEM, owner_unit=units.quang_tri_union, full_name="Lê Văn Rời")
    services.position_add(
        actor=SYSTEM, person=person, title="Chuyên viên", organization=units.quang_tri_union
    )
    client = client_for(make_user("editor", units.quang_tri, username="bientap.xoa"))
    assert f"/danh-ba/can-bo/{person.pk}/xoa/" in client.get(f"/danh-ba/can-bo/{person.pk}/").content.decode()

    response = client.post(f"/danh-ba/can-bo/{person.pk}/xoa/", {"version": person.version})
    assert response.status_code == 302 and response["Location"] == "/danh-ba/can-bo/"
    assert not Person.objects.filter(pk=person.pk).exists() and not Position.objects.exists()
    deleted = AuditEntry.objects.filter(action="delete", actor_username="bientap.xoa")
    assert {e.content_type.model for e in deleted} == {"person", "position"}
    assert deleted.get(content_type__model="person").before["full_name"] == "Lê Văn Rời"


def test_a_deletion_based_on_an_old_page_or_outside_the_unit_is_refused(
    units: Units, make_user: MakeUser, client_for: Callable[[User], Client]
) -> None:
    person = services.person_create(actor=SYSTEM, owner_unit=units.quang_tri, full_name="Trần Văn Ở")
    shown = person.version
    services.person_update(actor=SYSTEM, person=person, full_name="Trần Văn Ở", notes="mới sửa")
    client = client_for(make_user("editor", units.quang_tri, username="bientap.cu"))
    response = client.post(f"/danh-ba/can-bo/{person.pk}/xoa/", {"version": shown}, follow=True)
    assert "Người khác đã sửa bản ghi này" in response.content.decode()
    assert Person.objects.filter(pk=person.pk).exists()

    other = client_for(make_user("editor", units.ha_noi, username="bientap.hn"))
    published = services.person_create(
        actor=SYSTEM, owner_unit=units.quang_tri, full_name="Công Khai", is_published=True
    )
    assert other.post(f"/danh-ba/can-bo/{published.pk}/xoa/", {"version": 1}).status_code == 403
    viewer = client_for(make_user("viewer", units.quang_tri, username="xem.xoa"))
    assert viewer.post(f"/danh-ba/can-bo/{published.pk}/xoa/", {"version": 1}).status_code == 403
    assert Person.objects.filter(pk=published.pk).exists()


def test_an_editor_closes_a_title_with_a_vietnamese_date(
    units: Units, make_user: MakeUser, client_for: Callable[[User], Client]
) -> None:
    person = services.person_create(actor=SYSTEM, owner_unit=units.quang_tri, full_name="Hồ Văn Chuyển")
    position = services.position_add(
        actor=SYSTEM,
        person=person,
        title="Phó Chủ tịch",
        organization=units.quang_tri,
        start_date=dt.date(2021, 5, 1),
    )
    client = client_for(make_user("editor", units.quang_tri, username="bientap.td"))
    url = f"/danh-ba/can-bo/{person.pk}/chuc-danh/{position.pk}/ket-thuc/"
    shown = Person.objects.get(pk=person.pk).version  # the page's form carries it

    refused = client.post(url, {"end_date": "30/04/2020", "version": shown}, follow=True).content.decode()
    assert "Ngày thôi giữ “Phó Chủ tịch”: Ngày kết thúc phải sau ngày bắt đầu." in refused
    position.refresh_from_db()
    assert position.end_date is None

    page = client.post(url, {"end_date": "30/06/2025", "version": shown}, follow=True).content.decode()
    position.refresh_from_db()
    assert position.end_date == dt.date(2025, 6, 30)
    assert "30/06/2025" in page
    entry = AuditEntry.objects.filter(content_type__model="position", action="update").latest("pk")
    assert entry.actor_username == "bientap.td" and entry.after["end_date"] == "2025-06-30"
