"""Administration is separate from data: an administrator reads unit data only through a data role."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from doingoai.accounts import scope, services
from doingoai.accounts.models import Role, User
from doingoai.accounts.scope import SYSTEM
from doingoai.audit.models import AuditEntry
from doingoai.directory import selectors
from doingoai.directory import services as directory
from tests.django_fixtures import Units

MakeUser = Callable[..., User]


def test_an_administrator_without_a_data_role_reads_no_unpublished_records(
    units: Units, make_user: MakeUser
) -> None:
    directory.person_create(actor=SYSTEM, owner_unit=units.vufo, full_name="Đỗ Thị Kín", is_published=False)
    directory.person_create(actor=SYSTEM, owner_unit=units.vufo, full_name="Lý Văn Công", is_published=True)
    admin = make_user("administrator", units.vufo)
    assert {p.full_name for p in selectors.people_list(user=admin)} == {"Lý Văn Công"}
    assert not scope.unit_can_edit(admin, units.vufo)


def test_another_administrator_grants_a_data_role_and_it_is_logged(units: Units, make_user: MakeUser) -> None:
    directory.person_create(actor=SYSTEM, owner_unit=units.vufo, full_name="Đỗ Thị Kín", is_published=False)
    admin = make_user("administrator", units.vufo, username="quantri.a")
    other = make_user("administrator", units.vufo, username="quantri.b")
    with pytest.raises(PermissionDenied):
        services.user_data_role_grant(actor=admin, user=admin, data_role="viewer")
    services.user_data_role_grant(actor=other, user=admin, data_role="viewer")
    admin.refresh_from_db()
    assert admin.data_role_granted_by == other
    assert {p.full_name for p in selectors.people_list(user=admin)} == {"Đỗ Thị Kín"}
    assert not scope.unit_can_edit(admin, units.vufo)
    entry = AuditEntry.objects.filter(object_id=str(admin.pk), actor=other).latest("id")
    assert entry.before is not None and entry.after is not None
    assert (entry.before["data_role"], entry.after["data_role"]) == ("", "viewer")
    services.user_data_role_grant(actor=other, user=admin, data_role="editor")
    assert scope.unit_can_edit(User.objects.get(pk=admin.pk), units.vufo)


def test_an_administrator_cannot_promote_itself_to_national_coordinator(
    units: Units, make_user: MakeUser, client_for: Callable[[User], Client]
) -> None:
    admin = make_user("administrator", units.vufo, username="quantri.a")
    with pytest.raises(PermissionDenied):
        services.user_update(actor=admin, user=admin, role=Role.COORDINATOR, unit=None)
    client = client_for(admin)
    page = client.get(f"/quan-tri/accounts/user/{admin.pk}/change/").content.decode()
    assert 'name="role"' not in page and 'name="data_role"' not in page
    client.post(
        f"/quan-tri/accounts/user/{admin.pk}/change/",
        {
            "username": admin.username,
            "role": Role.COORDINATOR,
            "data_role": "editor",
            "unit": units.vufo.pk,
            "is_active": "on",
            "date_joined_0": "01/01/2026",
            "date_joined_1": "08:00:00",
        },
    )
    admin.refresh_from_db()
    assert admin.role == Role.ADMINISTRATOR and admin.data_role == ""


def test_the_audit_log_is_read_through_the_scope_of_its_records(
    units: Units, make_user: MakeUser, client_for: Callable[[User], Client]
) -> None:
    directory.person_create(
        actor=SYSTEM, owner_unit=units.ha_noi, full_name="Kha Văn Mật", is_published=False
    )
    directory.person_create(actor=SYSTEM, owner_unit=units.quang_tri, full_name="Hồ Thị Riêng")
    directory.person_create(
        actor=SYSTEM, owner_unit=units.ha_noi, full_name="Tô Văn Chung", is_published=True
    )
    editor = make_user("editor", units.quang_tri, username="bientap.qt")
    admin = make_user("administrator", units.vufo, username="quantri.c")

    editor_page = client_for(editor).get("/nhat-ky/").content.decode()
    assert "Hồ Thị Riêng" in editor_page and "Tô Văn Chung" in editor_page
    assert "Kha Văn Mật" not in editor_page
    assert "quantri.c" not in editor_page  # accounts are administration, not unit data

    admin_page = client_for(admin).get("/nhat-ky/").content.decode()
    assert "Kha Văn Mật" not in admin_page and "Hồ Thị Riêng" not in admin_page
    assert "Tô Văn Chung" in admin_page and "bientap.qt" in admin_page
    admin_screen = client_for(admin).get("/quan-tri/audit/auditentry/").content.decode()
    assert "Kha Văn Mật" not in admin_screen

    coordinator_page = client_for(make_user("coordinator", None)).get("/nhat-ky/").content.decode()
    assert "Kha Văn Mật" in coordinator_page


def test_an_administrator_cannot_make_an_api_key_for_someone_else(
    units: Units, make_user: MakeUser, client_for: Callable[[User], Client]
) -> None:
    """A key made for a coordinator by an administrator would let the administrator act as one."""
    from doingoai.api.models import ApiToken
    from doingoai.api.services import token_create, token_revoke

    admin = make_user("administrator", units.vufo, username="quantri.k")
    coordinator = make_user("coordinator", None, username="dieuphoi.k")
    with pytest.raises(PermissionDenied):
        token_create(actor=admin, user=coordinator, name="hộ")
    client = client_for(admin)
    assert client.get("/quan-tri/api/apitoken/add/").status_code == 403
    response = client.post("/quan-tri/api/apitoken/add/", {"user": coordinator.pk, "name": "hộ"})
    assert response.status_code == 403 and not ApiToken.objects.exists()
    # The owner makes it; the administrator may still find and revoke it.
    token, _secret = token_create(actor=coordinator, user=coordinator, name="của tôi")
    assert client.get("/quan-tri/api/apitoken/").status_code == 200
    token_revoke(actor=admin, token=token)
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_password_set_in_the_admin_is_logged_with_who_and_when_never_the_password(
    units: Units, make_user: MakeUser, client_for: Callable[[User], Client]
) -> None:
    from doingoai.audit.display import entries_shown

    admin = make_user("administrator", units.vufo, username="quantri.p")
    user = make_user("viewer", units.quang_tri, username="xem.p")
    response = client_for(admin).post(
        f"/quan-tri/accounts/user/{user.pk}/password/",
        {"password1": "Mat-khau-moi-2026", "password2": "Mat-khau-moi-2026", "usable_password": "true"},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(content_type__model="user", object_id=str(user.pk)).latest("pk")
    assert (entry.action, entry.actor_username) == ("update", "quantri.p")
    assert "password" not in (entry.after or {}) and "Mat-khau-moi-2026" not in str(entry.after)
    (shown,) = entries_shown([entry])
    assert [c.label for c in shown.changes] == ["Đổi mật khẩu lúc"]


def test_the_admin_lists_write_times_dd_mm_yyyy(
    units: Units, make_user: MakeUser, client_for: Callable[[User], Client]
) -> None:
    import re

    admin = make_user("administrator", units.vufo, username="quantri.t")
    page = client_for(admin).get("/quan-tri/accounts/user/").content.decode()
    assert re.search(r">\d{2}/\d{2}/\d{4} \d{2}:\d{2}<", page)  # the last sign-in
    assert "tháng" not in page.split('id="result_list"')[1].split("</table>")[0]


def test_a_full_name_is_kept_family_name_first_and_the_admin_says_which_part_is_which(
    units: Units, make_user: MakeUser, client_for: Callable[[User], Client]
) -> None:
    # "Nguyễn Thị Lan": the family and middle names, then the given name. Stored so, shown so
    # (Django joins first_name and last_name in that order), and labelled so in the admin, where
    # Django's own labels ("Tên" over first_name, "Họ" over last_name) had the parts the other way.
    person = services.user_create(
        actor=SYSTEM,
        username="lan.nt",
        password="Mat-khau-dai-2026",
        role="viewer",
        unit=units.vufo,
        full_name="Nguyễn Thị Lan",
    )
    assert (person.first_name, person.last_name, person.get_full_name()) == (
        "Nguyễn Thị",
        "Lan",
        "Nguyễn Thị Lan",
    )
    admin = make_user("administrator", units.vufo, username="quantri.b")
    page = client_for(admin).get(f"/quan-tri/accounts/user/{person.pk}/change/").content.decode()
    family = page.index('for="id_first_name"')
    assert "Họ và tên đệm" in page[family : family + 80] and 'value="Nguyễn Thị"' in page
    given = page.index('for="id_last_name"')
    assert "Tên" in page[given : given + 40] and "Họ" not in page[given : given + 40]


def test_the_admin_refuses_an_editor_without_a_unit_and_a_data_role_for_another_role(
    units: Units, make_user: MakeUser, client_for: Callable[[User], Client]
) -> None:
    """The user screens keep the services' rule: an editor has a unit, only administrators a data role."""
    client = client_for(make_user("administrator", units.vufo, username="quantri.r"))
    response = client.post(
        "/quan-tri/accounts/user/add/",
        {
            "username": "bientap.khong.don.vi",
            "password1": "Mat-khau-moi-2026",
            "password2": "Mat-khau-moi-2026",
            "usable_password": "true",
            "role": Role.EDITOR,
        },
    )
    assert response.status_code == 200
    assert "phải thuộc một đơn vị" in response.content.decode()
    assert not User.objects.filter(username="bientap.khong.don.vi").exists()

    viewer = make_user("viewer", units.quang_tri, username="xem.r")
    response = client.post(
        f"/quan-tri/accounts/user/{viewer.pk}/change/",
        {
            "username": viewer.username,
            "role": Role.VIEWER,
            "data_role": "editor",
            "unit": units.quang_tri.pk,
            "is_active": "on",
            "date_joined_0": "01/01/2026",
            "date_joined_1": "08:00:00",
        },
    )
    assert response.status_code == 200
    assert "Chỉ quản trị viên cần quyền dữ liệu" in response.content.decode()
    viewer.refresh_from_db()
    assert viewer.data_role == "" and not scope.unit_can_edit(viewer, units.quang_tri)


def test_a_data_role_ends_when_its_holder_stops_being_an_administrator(
    units: Units, make_user: MakeUser
) -> None:
    admin = make_user("administrator", units.quang_tri, username="quantri.d")
    other = make_user("administrator", units.vufo, username="quantri.e")
    services.user_data_role_grant(actor=other, user=admin, data_role="editor")
    services.user_update(actor=other, user=admin, role=Role.VIEWER, unit=units.quang_tri)
    admin.refresh_from_db()
    assert (admin.data_role, admin.data_role_granted_by) == ("", None)
    assert not scope.unit_can_edit(admin, units.quang_tri)


def test_only_a_superuser_makes_or_changes_an_account_that_reads_everything(
    units: Units, make_user: MakeUser, client_for: Callable[[User], Client]
) -> None:
    # An administrator who could create a coordinator, or set a coordinator's password, could sign
    # in as one and read every unit's unpublished records: those accounts are a superuser's to manage.
    admin = make_user("administrator", units.vufo, username="quantri.c")
    coordinator = make_user("coordinator", units.vufo, username="dieuphoi.c")
    editor = make_user("editor", units.quang_tri, username="bientap.c")
    with pytest.raises(PermissionDenied):
        services.user_create(
            actor=admin, username="dp.moi", password="Mat-khau-dai-2026", role="coordinator", unit=None
        )
    with pytest.raises(PermissionDenied):
        services.user_update(actor=admin, user=editor, role=Role.COORDINATOR, unit=None)
    with pytest.raises(PermissionDenied):
        services.user_update(actor=admin, user=coordinator, role=Role.VIEWER, unit=units.vufo)
    services.user_update(actor=admin, user=editor, role=Role.VIEWER, unit=units.quang_tri)  # below: allowed

    client = client_for(admin)
    assert client.get(f"/quan-tri/accounts/user/{coordinator.pk}/password/").status_code == 403
    shown = client.get(f"/quan-tri/accounts/user/{coordinator.pk}/change/").content.decode()
    assert "dieuphoi.c" in shown and "/password/" not in shown  # read only, no button to a refusal
    assert "/password/" in client.get(f"/quan-tri/accounts/user/{editor.pk}/change/").content.decode()
    answer = client.post(
        f"/quan-tri/accounts/user/{coordinator.pk}/password/",
        {"password1": "Mat-khau-moi-2026", "password2": "Mat-khau-moi-2026"},
    )
    assert answer.status_code == 403
    coordinator.refresh_from_db()
    assert coordinator.check_password("Mat-khau-moi-2026") is False
    added = client.post(
        "/quan-tri/accounts/user/add/",
        {
            "username": "dp.moi",
            "password1": "Mat-khau-dai-2026",
            "password2": "Mat-khau-dai-2026",
            "role": "coordinator",
        },
    )
    assert added.status_code == 200 and "Chỉ quản trị viên cấp cao nhất" in added.content.decode()
    assert not User.objects.filter(username="dp.moi").exists()

    root = make_user("administrator", units.vufo, username="goc")
    root.is_superuser = True
    root.save()
    services.user_update(actor=root, user=coordinator, role=Role.COORDINATOR, unit=None)
    assert client_for(root).get(f"/quan-tri/accounts/user/{coordinator.pk}/password/").status_code == 200
