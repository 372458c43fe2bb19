"""The web pages against a hostile visitor: forged posts, script in data, and redirects off the site."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.directory import services
from doingoai.directory.models import PartnerOrganization
from tests.django_fixtures import PASSWORD, Units

OFFSITE = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "https:evil.example"]


def test_a_post_without_the_csrf_token_is_refused_and_writes_nothing(
    units: Units, make_user: Callable[..., User]
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("editor", units.quang_tri))
    form = {"name": "Hội giả mạo", "kind": "ngo", "country": "JP", "owner_unit": units.quang_tri.pk}
    assert client.post("/danh-ba/doi-tac/them/", form).status_code == 403
    assert not PartnerOrganization.objects.filter(name="Hội giả mạo").exists()


def test_a_form_sent_with_an_expired_token_gets_a_vietnamese_page_with_a_way_back(
    units: Units, make_user: Callable[..., User]
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("editor", units.quang_tri))
    form = {"name": "Hội cũ", "kind": "ngo", "country": "JP", "csrfmiddlewaretoken": "x" * 64}
    page = client.post("/danh-ba/doi-tac/them/", form, HTTP_REFERER="http://testserver/danh-ba/doi-tac/them/")
    body = page.content.decode()
    assert page.status_code == 403
    assert "Biểu mẫu đã hết hạn" in body and "CSRF" not in body and "Referer" not in body
    assert 'href="http://testserver/danh-ba/doi-tac/them/"' in body  # back to the form
    offsite = client.post("/danh-ba/doi-tac/them/", form, HTTP_REFERER="https://evil.example/")
    assert offsite.status_code == 403 and "evil.example" not in offsite.content.decode()


def test_script_in_a_record_is_shown_as_text(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    partner = services.partner_create(
        actor=SYSTEM,
        owner_unit=units.quang_tri,
        name='<script>alert("x")</script>',
        kind="ngo",
        country="JP",
        notes='<img src=x onerror="alert(1)">',
    )
    page = client_for(make_user("editor", units.quang_tri)).get(f"/danh-ba/doi-tac/{partner.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert '<script>alert("x")</script>' not in body and "&lt;script&gt;" in body
    assert "<img src=x" not in body


@pytest.mark.parametrize("target", OFFSITE)
def test_sign_in_never_redirects_off_the_site(
    target: str, units: Units, make_user: Callable[..., User]
) -> None:
    user = make_user("editor", units.quang_tri)
    response = Client().post(f"/dang-nhap/?next={target}", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@pytest.mark.django_db  # a choice made before signing in is kept in the session (accounts.services)
@pytest.mark.parametrize("target", OFFSITE)
def test_the_language_switch_never_redirects_off_the_site(target: str) -> None:
    response = Client().post("/ngon-ngu/", {"language": "en", "next": target})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
