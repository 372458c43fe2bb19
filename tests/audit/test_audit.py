from __future__ import annotations

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.test import Client

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.audit.models import AuditAction, AuditEntry
from doingoai.directory import services
from doingoai.directory.models import PartnerOrganization
from tests.django_fixtures import Units

MakeUser = Callable[..., User]
ClientFor = Callable[[User], Client]


def _entries(obj: Model) -> list[AuditEntry]:
    kind = ContentType.objects.get_for_model(obj)
    return list(AuditEntry.objects.filter(content_type=kind, object_id=str(obj.pk)).order_by("id"))


def test_service_update_logs_who_and_the_values_before_and_after(units: Units, make_user: MakeUser) -> None:
    editor = make_user("editor", units.quang_tri)
    person = services.person_create(actor=editor, owner_unit=units.quang_tri, full_name="Trương Văn Bình")
    services.person_update(actor=editor, person=person, full_name="Trương Văn Bình An", is_published=True)
    created, updated = _entries(person)
    assert (created.action, created.before, created.after["full_name"]) == ("create", None, "Trương Văn Bình")
    assert updated.action == AuditAction.UPDATE
    assert updated.actor == editor and updated.actor_username == editor.username
    assert (
        updated.before["full_name"] == "Trương Văn Bình"
        and updated.after["full_name"] == "Trương Văn Bình An"
    )
    assert updated.before["is_published"] is False and updated.after["is_published"] is True
    assert ("full_name", "Trương Văn Bình", "Trương Văn Bình An") in updated.changed_fields()


def test_delete_keeps_the_values_before_and_no_after(units: Units, make_user: MakeUser) -> None:
    editor = make_user("editor", units.quang_tri)
    partner = services.partner_create(
        actor=editor, owner_unit=units.quang_tri, name="Gone Fund", kind="ngo", country="NZ"
    )
    pk = partner.pk
    services.partner_delete(actor=editor, partner=partner)
    entry = AuditEntry.objects.get(
        content_type__model="partnerorganization", object_id=str(pk), action="delete"
    )
    assert entry.before["name"] == "Gone Fund" and entry.before["country"] == "NZ"
    assert entry.after is None
    assert entry.object_repr == "Gone Fund"


def test_system_changes_are_logged_without_an_account(units: Units) -> None:
    entry = AuditEntry.objects.filter(object_id=str(units.vufo.pk), content_type__model="organization").get()
    assert entry.actor is None and entry.actor_username == ""
    assert entry.after["path"] == f"/{units.vufo.pk}/"


def test_passwords_never_reach_the_log(units: Units, make_user: MakeUser) -> None:
    user = make_user("viewer", units.quang_tri)
    entry = AuditEntry.objects.get(content_type__model="user", object_id=str(user.pk))
    assert "password" not in entry.after
    assert entry.after["role"] == "viewer"


def test_admin_change_is_logged_with_before_and_after(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    coordinator = make_user("coordinator", units.vufo)
    partner = services.partner_create(
        actor=SYSTEM,
        owner_unit=units.vufo,
        name="Old Name Trust",
        kind="ngo",
        country="GB",
        iati_identifier="GB-CHC-1",
    )
    client = client_for(coordinator)
    response = client.post(
        f"/quan-tri/directory/partnerorganization/{partner.pk}/change/",
        {
            "name": "New Name Trust",
            "name_vi": "Quỹ Tên Mới",
            "abbreviation": "",
            "kind": "ngo",
            "country": "GB",
            "iati_identifier": "GB-CHC-1",
            "website": "",
            "notes": "",
            "owner_unit": units.vufo.pk,
            "is_published": "on",
            "based_on_version": partner.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(
        content_type__model="partnerorganization", object_id=str(partner.pk), via="admin"
    )
    assert entry.actor == coordinator and entry.action == "update"
    assert entry.before["name"] == "Old Name Trust" and entry.after["name"] == "New Name Trust"
    partner.refresh_from_db()
    assert partner.name_key == "new name trust quy ten moi"


def test_admin_delete_is_logged(units: Units, make_user: MakeUser, client_for: ClientFor) -> None:
    partner = services.partner_create(
        actor=SYSTEM, owner_unit=units.vufo, name="Short Lived", kind="ngo", country="IE"
    )
    client = client_for(make_user("coordinator", units.vufo))
    response = client.post(f"/quan-tri/directory/partnerorganization/{partner.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not PartnerOrganization.objects.filter(pk=partner.pk).exists()
    entry = AuditEntry.objects.get(
        content_type__model="partnerorganization", object_id=str(partner.pk), action="delete"
    )
    assert entry.via == "admin" and entry.before["name"] == "Short Lived"


def test_admin_creates_units_through_the_services(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    client = client_for(make_user("coordinator", units.vufo))
    response = client.post(
        "/quan-tri/directory/organization/add/",
        {
            "name": "Ban Đối ngoại",
            "abbreviation": "",
            "kind": "province_department",
            "parent": units.quang_tri.pk,
            "province_code": "44",
            "country": "",
        },
    )
    assert response.status_code == 302
    created = units.quang_tri.children.get(name="Ban Đối ngoại")
    assert created.path == f"{units.quang_tri.path}{created.pk}/"
    assert _entries(created)[0].action == "create" and len(_entries(created)) == 1


def test_audit_page_opens_for_every_role_and_shows_what_its_scope_allows(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    services.person_create(actor=SYSTEM, owner_unit=units.vufo, full_name="Mai Xuân Thu")
    services.person_create(actor=SYSTEM, owner_unit=units.vufo, full_name="Cao Văn Mở", is_published=True)
    for role, unit in (
        ("editor", units.quang_tri),
        ("viewer", units.quang_tri),
        ("administrator", units.vufo),
    ):
        page = client_for(make_user(role, unit)).get("/nhat-ky/")
        assert page.status_code == 200
        assert "Cao Văn Mở" in page.content.decode()
        assert "Mai Xuân Thu" not in page.content.decode()
    assert "Mai Xuân Thu" in client_for(make_user("viewer", units.vufo)).get("/nhat-ky/").content.decode()
    assert (
        client_for(make_user("coordinator", units.vufo)).get("/quan-tri/audit/auditentry/").status_code == 200
    )


def test_the_log_cannot_be_edited_in_the_admin(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    entry = AuditEntry.objects.first()
    client = client_for(make_user("administrator", units.vufo))
    assert client.post(f"/quan-tri/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_administrator_can_pick_a_unit_for_a_user(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    client = client_for(make_user("administrator", units.vufo))
    response = client.get(
        "/quan-tri/autocomplete/",
        {"app_label": "accounts", "model_name": "user", "field_name": "unit", "term": "quang tri"},
    )
    assert response.status_code == 200
    assert client.get(f"/quan-tri/directory/organization/{units.vufo.pk}/change/").status_code == 200
    assert (
        client.post(f"/quan-tri/directory/organization/{units.vufo.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
