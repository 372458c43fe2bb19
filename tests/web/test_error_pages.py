"""Bad parameters and server errors are answered with pages in the user's language, not bare ones."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from doingoai.accounts.models import User
from doingoai.reporting import services as reporting_services
from tests.django_fixtures import Units

MakeUser = Callable[..., User]
ClientFor = Callable[[User], Client]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/bao-cao/bieu-mau/DNND-NAM/?year=9999", "Tham số “year” = 9999: năm phải từ 1900 đến 2100."),
        ("/bao-cao/bieu-mau/DNND-NAM/?year=1&format=xlsx", "Tham số “year” = 1: năm phải từ 1900 đến 2100."),
        ("/nhat-ky/?date_to=31/12/9999", "Ngày 31/12/9999: năm phải từ 1900 đến 2100."),
        ("/nhat-ky/?date_from=01/01/0001&format=xlsx", "Ngày 01/01/0001: năm phải từ 1900 đến 2100."),
    ],
)
def test_a_year_out_of_range_is_a_bad_parameter_named_in_words(
    url: str, expected: str, units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    from doingoai.accounts.scope import SYSTEM

    reporting_services.forms_load_package(actor=SYSTEM)
    response = client_for(make_user("coordinator", units.vufo)).get(url)
    assert response.status_code == 400
    page = response.content.decode()
    assert expected in page
    assert 'href="/dang-xuat/"' in page or "dang-xuat" in page  # the site's page, not a bare one


@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999"])
def test_odd_digits_in_a_number_parameter_are_not_a_server_error(
    value: str, units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    from doingoai.accounts.scope import SYSTEM

    reporting_services.forms_load_package(actor=SYSTEM)
    client = client_for(make_user("coordinator", units.vufo))
    for url in (
        f"/bao-cao/bieu-mau/DNND-NAM/?level={value}",
        f"/vien-tro/?year={value}",
        f"/vien-tro/du-an/?programme={value}",
        f"/vien-tro/xa.json?province={value}",
    ):
        assert client.get(url).status_code in (200, 400), url


def test_a_server_error_page_is_in_vietnamese(db: None) -> None:
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Lỗi hệ thống" in page and "Server Error" not in page


def test_a_long_search_is_answered_by_the_site(
    units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    """gunicorn lets request lines of up to 8,190 bytes through (`serve`); the search takes what it can."""
    from doingoai.web.serve import gunicorn_argv

    argv = gunicorn_argv(bind="127.0.0.1:8000", workers=1)
    assert argv[argv.index("--limit-request-line") + 1] == "8190"
    client = client_for(make_user("coordinator", units.vufo))
    query = "đối ngoại nhân dân " * 250  # about 5,000 characters
    assert client.get("/tim-kiem/", {"q": query}).status_code == 200
    assert client.get("/api/search", {"q": query}).status_code in (200, 422)


class _Log:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def warning(self, message: str, *args: object) -> None:
        self.lines.append(message % args)

    def debug(self, message: str, *args: object) -> None:
        self.lines.append(message % args)


def test_an_address_longer_than_gunicorn_reads_is_refused_with_the_sites_page_in_vietnamese(db: None) -> None:
    """gunicorn refuses a request line over 8,190 bytes before Django sees it; `serve`'s worker words it."""
    import socket

    from gunicorn.http.errors import LimitRequestLine

    from doingoai.web.gunicorn_worker import SiteWorker
    from doingoai.web.serve import gunicorn_argv

    argv = gunicorn_argv(bind="127.0.0.1:8000", workers=1)
    assert argv[argv.index("--worker-class") + 1] == "doingoai.web.gunicorn_worker.SiteWorker"
    worker = SiteWorker.__new__(SiteWorker)  # only its error answer is exercised, not a server
    worker.log = _Log()
    server_side, client_side = socket.socketpair()
    with server_side, client_side:
        worker.handle_error(None, server_side, ("127.0.0.1", 5000), LimitRequestLine(9000, 8190))
        server_side.close()
        answer = b""
        while chunk := client_side.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 414 ")
    assert b"Content-Type: text/html; charset=utf-8" in head
    assert int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0]) == len(body)
    page = body.decode()
    assert "Địa chỉ quá dài" in page and "8190" in page.replace(".", "")
    assert "URI Too Long" not in page
