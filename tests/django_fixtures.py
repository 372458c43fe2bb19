"""Fixtures of the web platform's tests: a small unit tree, one user per role, signed-in clients.

Each test folder of a Django app imports them in its conftest.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.accounts.services import user_create
from doingoai.directory import services
from doingoai.directory.models import Organization

PASSWORD = "mat-khau-thu-nghiem-1"


@dataclass
class Units:
    """A small tree: two provinces, each with its friendship union, and the national union."""

    vufo: Organization
    quang_tri: Organization
    quang_tri_union: Organization
    ha_noi: Organization
    ha_noi_union: Organization


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # The default hasher is slow on purpose; tests only need it to be correct.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def units(db: None) -> Units:
    """Return the unit tree, created through the services."""
    vufo = services.organization_create(
        actor=SYSTEM,
        name="Liên hiệp các tổ chức hữu nghị Việt Nam",
        kind="friendship_union",
        abbreviation="VUFO",
    )
    quang_tri = services.organization_create(
        actor=SYSTEM, name="Ủy ban nhân dân tỉnh Quảng Trị", kind="province", province_code="44"
    )
    ha_noi = services.organization_create(
        actor=SYSTEM, name="Ủy ban nhân dân thành phố Hà Nội", kind="province", province_code="01"
    )
    return Units(
        vufo=vufo,
        quang_tri=quang_tri,
        quang_tri_union=services.organization_create(
            actor=SYSTEM,
            name="Liên hiệp các tổ chức hữu nghị tỉnh Quảng Trị",
            kind="friendship_union",
            parent=quang_tri,
            province_code="44",
        ),
        ha_noi=ha_noi,
        ha_noi_union=services.organization_create(
            actor=SYSTEM,
            name="Liên hiệp các tổ chức hữu nghị thành phố Hà Nội",
            kind="friendship_union",
            parent=ha_noi,
            province_code="01",
        ),
    )


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    """Return a factory of users: make_user("editor", unit, username=...)."""

    def make(role: str, unit: Organization | None, username: str = "") -> User:
        name = username or f"{role}-{unit.pk if unit else 'none'}-{User.objects.count()}"
        return user_create(actor=SYSTEM, username=name, password=PASSWORD, role=role, unit=unit)

    return make


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    """Return a factory of test clients signed in as a given user."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


def signed_in_kept(client: Client) -> None:
    """Open a light page, so that the signed-in user is kept (`accounts.revision`) for the next.

    A test counting a page's queries counts the page's own; a write between two counts (a unit
    added, a sign-in) would otherwise read the user again in one of them only.
    """
    assert client.get("/tai-khoan/khoa-api/").status_code == 200
