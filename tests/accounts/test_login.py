from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.backends import ModelBackend
from django.test import Client

from doingoai.accounts.models import User
from tests.django_fixtures import PASSWORD, Units

MakeUser = Callable[..., User]


def _login(client: Client, username: str, password: str, address: str = "10.0.0.1") -> object:
    return client.post("/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_right_password_signs_in(units: Units, make_user: MakeUser) -> None:
    make_user("viewer", units.quang_tri, username="xem")
    client = Client()
    response = _login(client, "xem", PASSWORD)
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert client.get("/").status_code == 200


def test_wrong_password_gets_a_vietnamese_message(units: Units, make_user: MakeUser) -> None:
    make_user("viewer", units.quang_tri, username="xem")
    response = _login(Client(), "xem", "sai")
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()  # type: ignore[attr-defined]


def test_five_failures_lock_the_user_even_with_the_right_password(units: Units, make_user: MakeUser) -> None:
    make_user("viewer", units.quang_tri, username="xem")
    client = Client()
    for _ in range(5):
        _login(client, "xem", "doan-mo")
    response = _login(client, "xem", PASSWORD)
    page = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "Tài khoản tạm khóa vì đăng nhập sai nhiều lần. Vui lòng thử lại sau 15 phút." in page
    assert client.get("/").status_code == 302


def test_the_lock_applies_to_one_address_only(units: Units, make_user: MakeUser) -> None:
    make_user("viewer", units.quang_tri, username="xem")
    for _ in range(5):
        _login(Client(), "xem", "doan-mo", address="10.0.0.9")
    assert _login(Client(), "xem", PASSWORD, address="10.0.0.2").status_code == 302  # type: ignore[attr-defined]


def test_a_successful_sign_in_forgets_earlier_failures(units: Units, make_user: MakeUser) -> None:
    make_user("viewer", units.quang_tri, username="xem")
    for _ in range(4):
        _login(Client(), "xem", "doan-mo")
    assert _login(Client(), "xem", PASSWORD).status_code == 302  # type: ignore[attr-defined]
    for _ in range(4):
        _login(Client(), "xem", "doan-mo")
    assert _login(Client(), "xem", PASSWORD).status_code == 302  # type: ignore[attr-defined]


def test_admin_sign_in_is_throttled_too(units: Units, make_user: MakeUser) -> None:
    make_user("administrator", units.vufo, username="quantri")
    client = Client()
    for _ in range(5):
        client.post("/quan-tri/login/", {"username": "quantri", "password": "sai"}, REMOTE_ADDR="10.0.0.3")
    response = client.post(
        "/quan-tri/login/", {"username": "quantri", "password": PASSWORD}, REMOTE_ADDR="10.0.0.3"
    )
    assert "Tài khoản tạm khóa" in response.content.decode()


def test_login_page_is_in_vietnamese(db: None) -> None:
    page = Client().get("/dang-nhap/").content.decode()
    assert "Tên đăng nhập" in page and "Mật khẩu" in page
    assert '<html lang="vi">' in page


def test_thirty_attempts_in_flight_at_once_reach_the_password_check_only_five_times(
    units: Units, make_user: MakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each password check starts the next attempt before it answers, as thirty parallel requests would."""
    make_user("viewer", units.quang_tri, username="xem")
    checked: list[str] = []
    results: list[int] = []
    passwords = ["doan-mo"] * 29 + [PASSWORD]
    original = ModelBackend.authenticate

    def slow_check(self: ModelBackend, request: object, **credentials: Any) -> Any:
        checked.append(credentials.get("password", ""))
        if len(results) + len(checked) < len(passwords):
            _fire()  # another request arrives while this hash is being computed
        return original(self, request, **credentials)

    def _fire() -> None:
        index = len(results) + len(checked)
        response = _login(Client(), "xem", passwords[index] if index < len(passwords) else "doan-mo")
        results.append(response.status_code)  # type: ignore[attr-defined]

    monkeypatch.setattr(ModelBackend, "authenticate", slow_check)
    while len(results) + len(checked) < len(passwords):
        _fire()
    assert len(checked) == 5
    assert 302 not in results  # the right password, sent 30th, does not get in


def test_the_client_address_comes_from_the_trusted_proxy_header_when_configured(
    units: Units, make_user: MakeUser, settings: Any
) -> None:
    make_user("viewer", units.quang_tri, username="xem")
    settings.LOGIN_CLIENT_ADDRESS_HEADER = "X-Forwarded-For"

    def via_proxy(client_address: str, password: str) -> Any:
        return Client().post(
            "/dang-nhap/",
            {"username": "xem", "password": password},
            REMOTE_ADDR="10.0.0.254",
            HTTP_X_FORWARDED_FOR=f"203.0.113.77, {client_address}",
        )

    for _ in range(5):
        via_proxy("198.51.100.6", "doan-mo")
    # An attacker behind the same proxy does not lock out the real user at another address.
    assert via_proxy("198.51.100.7", PASSWORD).status_code == 302
    assert "Tài khoản tạm khóa" in via_proxy("198.51.100.6", PASSWORD).content.decode()


def test_without_the_setting_a_forwarded_header_is_ignored(units: Units, make_user: MakeUser) -> None:
    make_user("viewer", units.quang_tri, username="xem")
    for i in range(5):
        Client().post(
            "/dang-nhap/",
            {"username": "xem", "password": "doan-mo"},
            REMOTE_ADDR="10.0.0.8",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{i}",
        )
    assert "Tài khoản tạm khóa" in _login(Client(), "xem", PASSWORD, address="10.0.0.8").content.decode()  # type: ignore[attr-defined]


def test_one_address_trying_many_user_names_is_locked_out(
    units: Units, make_user: MakeUser, settings: Any
) -> None:
    settings.LOGIN_SPRAY_USERNAMES_ALLOWED = 10
    make_user("viewer", units.quang_tri, username="xem")
    for i in range(10):
        _login(Client(), f"nguoi-{i}", "Mua-He-2026", address="10.0.0.66")
    response = _login(Client(), "xem", PASSWORD, address="10.0.0.66")
    assert "quá nhiều tài khoản" in response.content.decode()  # type: ignore[attr-defined]
    assert _login(Client(), "xem", PASSWORD, address="10.0.0.67").status_code == 302  # type: ignore[attr-defined]


def _signed_in_after_choosing(language: str | None, username: str) -> Client:
    """Return a browser that chose `language` on the sign-in page (None: chose nothing), then signed in."""
    client = Client()
    if language is not None:
        client.post("/ngon-ngu/", {"language": language, "next": "/dang-nhap/"})
    assert _login(client, username, PASSWORD).status_code == 302  # type: ignore[attr-defined]
    return client


def test_english_chosen_before_signing_in_becomes_the_users_language(
    units: Units, make_user: MakeUser
) -> None:
    user = make_user("viewer", units.quang_tri, username="xem")
    client = _signed_in_after_choosing("en", "xem")
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page and "Sign out" in page
    user.refresh_from_db()
    assert user.language == "en"
    # Their next browser, without the cookie, opens in the language they chose.
    fresh = Client()
    fresh.force_login(user)
    assert "Sign out" in fresh.get("/").content.decode()


def test_vietnamese_chosen_before_signing_in_replaces_a_stored_english(
    units: Units, make_user: MakeUser
) -> None:
    user = make_user("viewer", units.quang_tri, username="xem")
    User.objects.filter(pk=user.pk).update(language="en")
    client = _signed_in_after_choosing("vi", "xem")
    assert "Đăng xuất" in client.get("/").content.decode()
    user.refresh_from_db()
    assert user.language == "vi"


def test_a_user_who_chose_nothing_before_signing_in_keeps_their_language(
    units: Units, make_user: MakeUser
) -> None:
    user = make_user("viewer", units.quang_tri, username="xem")
    User.objects.filter(pk=user.pk).update(language="en")
    client = _signed_in_after_choosing(None, "xem")
    assert "Sign out" in client.get("/").content.decode()
    user.refresh_from_db()
    assert user.language == "en"


def test_a_failed_sign_in_stores_no_language(units: Units, make_user: MakeUser) -> None:
    user = make_user("viewer", units.quang_tri, username="xem")
    client = Client()
    client.post("/ngon-ngu/", {"language": "en", "next": "/dang-nhap/"})
    assert _login(client, "xem", "sai").status_code == 200  # type: ignore[attr-defined]
    user.refresh_from_db()
    assert user.language == ""


def test_a_language_cookie_left_by_someone_else_is_not_stored_at_sign_in(
    units: Units, make_user: MakeUser
) -> None:
    # A shared computer: the previous person chose English and signed out; the cookie stays. The
    # next person's own choice is not replaced by it: only a choice made before this sign-in is.
    make_user("viewer", units.quang_tri, username="xem")
    other = make_user("viewer", units.quang_tri, username="xem2")
    User.objects.filter(pk=other.pk).update(language="vi")
    client = _signed_in_after_choosing("en", "xem")
    client.post("/dang-xuat/")
    assert _login(client, "xem2", PASSWORD).status_code == 302  # type: ignore[attr-defined]
    other.refresh_from_db()
    assert other.language == "vi"
