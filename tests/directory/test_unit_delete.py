"""Deleting a unit that still has users, officials or units below it: the admin names them, keeps it."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.audit.models import AuditEntry
from doingoai.directory import services
from doingoai.directory.models import Organization
from tests.django_fixtures import Units


def test_a_unit_with_a_user_and_an_official_is_kept_and_the_page_names_them(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    make_user("editor", units.quang_tri_union, username="bientap.lhhn.qt")
    services.person_create(actor=SYSTEM, owner_unit=units.quang_tri_union, full_name="Lê Văn Giữ")
    client = client_for(make_user("coordinator", None, username="dieuphoi.x"))
    url = f"/quan-tri/directory/organization/{units.quang_tri_union.pk}/delete/"

    page = client.get(url).content.decode()
    assert "không được cấp quyển" not in page and "không được cấp quyền" not in page
    assert "bientap.lhhn.qt" in page and "Lê Văn Giữ" in page

    response = client.post(url, {"post": "yes"})
    assert Organization.objects.filter(pk=units.quang_tri_union.pk).exists()
    assert "bientap.lhhn.qt" in response.content.decode()
    assert not AuditEntry.objects.filter(action="delete", content_type__model="organization").exists()


def test_an_empty_unit_is_deleted_and_logged(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    empty = services.organization_create(
        actor=SYSTEM, name="Ban trống", kind="province_department", parent=units.quang_tri
    )
    client = client_for(make_user("coordinator", None, username="dieuphoi.y"))
    response = client.post(f"/quan-tri/directory/organization/{empty.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Organization.objects.filter(pk=empty.pk).exists()
    entry = AuditEntry.objects.get(action="delete", content_type__model="organization")
    assert (entry.actor_username, entry.object_repr) == ("dieuphoi.y", "Ban trống")
