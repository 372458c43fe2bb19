"""API tokens expire, and a new password revokes the tokens made before it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from doingoai.accounts.models import User
from doingoai.api.models import ApiToken
from doingoai.api.services import token_create, token_user
from tests.django_fixtures import Units

MakeUser = Callable[..., User]


@pytest.fixture
def viewer(make_user: MakeUser, units: Units) -> User:
    return make_user("viewer", units.quang_tri)


def _auth(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_token_expires_after_the_configured_number_of_days(viewer: User, settings: object) -> None:
    settings.API_TOKEN_DAYS = 30  # type: ignore[attr-defined]
    made = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    token, secret = token_create(actor=viewer, user=viewer, name="báo cáo", now=made)
    assert token.expires_at == made + dt.timedelta(days=30)
    assert token_user(secret, now=made + dt.timedelta(days=29)) == viewer
    assert token_user(secret, now=made + dt.timedelta(days=30, seconds=1)) is None


def test_an_expired_token_is_refused_by_the_api(client: Client, viewer: User) -> None:
    token, secret = token_create(actor=viewer, user=viewer, name="báo cáo")
    assert client.get("/api/organizations", **_auth(secret)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    refused = client.get("/api/organizations", **_auth(secret))
    assert refused.status_code == 401 and "đã hết hạn" in refused.json()["detail"]


def test_changing_the_password_revokes_earlier_tokens(client: Client, viewer: User) -> None:
    _old, old_secret = token_create(actor=viewer, user=viewer, name="cũ")
    viewer.set_password("mat-khau-moi-hoan-toan-2")
    viewer.save()
    assert client.get("/api/organizations", **_auth(old_secret)).status_code == 401
    assert ApiToken.objects.get(pk=_old.pk).revoked_at is not None
    _new, new_secret = token_create(actor=viewer, user=viewer, name="mới")
    assert client.get("/api/organizations", **_auth(new_secret)).status_code == 200


def test_the_token_page_shows_each_tokens_expiry(
    viewer: User, client_for: Callable[[User], Client], settings: object
) -> None:
    settings.API_TOKEN_DAYS = 90  # type: ignore[attr-defined]
    token, _secret = token_create(actor=viewer, user=viewer, name="báo cáo")
    page = client_for(viewer).get("/tai-khoan/khoa-api/").content.decode()
    assert token.expires_at is not None
    assert timezone.localtime(token.expires_at).strftime("%d/%m/%Y") in page
    assert "90" in page
