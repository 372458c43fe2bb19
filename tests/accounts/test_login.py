from __future__ import annotations

from collections.abc import Callable

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
