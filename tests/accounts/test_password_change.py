"""Every user changes their own password on the site; it is logged, and old sessions and keys end."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from doingoai.accounts.models import User
from doingoai.api.services import token_create, token_user
from doingoai.audit.models import AuditEntry
from tests.django_fixtures import PASSWORD, Units

MakeUser = Callable[..., User]
NEW = "Mat-khau-moi-2026!"


def _signed_in(user: User) -> Client:
    client = Client()
    assert client.post("/dang-nhap/", {"username": user.username, "password": PASSWORD}).status_code == 302
    return client


def test_a_viewer_changes_their_password_and_the_old_one_stops_working(
    units: Units, make_user: MakeUser
) -> None:
    viewer = make_user("viewer", units.quang_tri, username="xem.mk")
    client, other_session = _signed_in(viewer), _signed_in(viewer)
    _token, secret = token_create(actor=viewer, user=viewer, name="Báo cáo tự động")
    assert "/tai-khoan/mat-khau/" in client.get("/").content.decode()  # the menu leads there

    response = client.post(
        "/tai-khoan/mat-khau/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    assert client.get("/danh-ba/").status_code == 200  # this session stays signed in
    assert other_session.get("/danh-ba/").status_code == 302  # the other one is signed out
    assert token_user(secret) is None
    viewer.refresh_from_db()
    assert viewer.check_password(NEW)
    entry = AuditEntry.objects.filter(content_type__model="user", object_id=str(viewer.pk)).latest("pk")
    assert (entry.action, entry.actor_username) == ("update", "xem.mk")
    assert "password" not in (entry.after or {}) and NEW not in str(entry.after)
    assert entry.after is not None and entry.before is not None
    assert entry.after["password_changed_at"] != entry.before["password_changed_at"]


def test_a_wrong_current_password_is_named_and_nothing_changes(units: Units, make_user: MakeUser) -> None:
    editor = make_user("editor", units.quang_tri, username="bientap.mk")
    client = _signed_in(editor)
    response = client.post(
        "/tai-khoan/mat-khau/",
        {"old_password": "sai-mat-khau", "new_password1": NEW, "new_password2": NEW},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mật khẩu cũ" in page and "Old password" not in page
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


def test_a_password_changed_on_the_admins_own_page_is_logged_too(units: Units, make_user: MakeUser) -> None:
    admin_user = make_user("administrator", units.vufo, username="quantri.mk")
    client = _signed_in(admin_user)
    response = client.post(
        "/quan-tri/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    admin_user.refresh_from_db()
    assert admin_user.check_password(NEW)
    entry = AuditEntry.objects.filter(content_type__model="user", object_id=str(admin_user.pk)).latest("pk")
    assert (entry.action, entry.actor_username) == ("update", "quantri.mk")
    assert NEW not in str(entry.after) and "password" not in (entry.after or {})
    assert entry.after["password_changed_at"] != entry.before["password_changed_at"]


def test_the_errors_say_what_is_wrong_without_naming_their_field_twice(
    units: Units, make_user: MakeUser
) -> None:
    import re
    from html import unescape

    editor = make_user("editor", units.quang_tri, username="bientap.mk2")
    response = _signed_in(editor).post(
        "/tai-khoan/mat-khau/",
        {"old_password": "sai-mat-khau", "new_password1": NEW, "new_password2": NEW + "x"},
    )
    errors = [unescape(e) for e in re.findall(r'<p class="error">([^<]*)</p>', response.content.decode())]
    assert "Mật khẩu cũ: Không đúng với mật khẩu bạn đang dùng. Hãy nhập lại." in errors
    assert "Xác nhận mật khẩu mới: Không khớp với mật khẩu mới đã nhập ở trên." in errors
    for error in errors:
        label, _, message = error.partition(": ")
        assert label.casefold() not in message.casefold(), error
