"""A database still busy after the wait gives the user a "try again" answer, never a server error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client

# Every view module is imported before a selector is patched, so that none binds the patched one.
import doingoai.web.urls  # noqa: F401
from doingoai.accounts.models import User
from doingoai.api.services import token_create
from doingoai.library import selectors
from tests.django_fixtures import Units


def _locked(*args: Any, **kwargs: Any) -> Any:
    raise OperationalError("database is locked")


def test_page_says_the_system_is_busy_with_retry_after(
    monkeypatch: pytest.MonkeyPatch,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    units: Units,
) -> None:
    monkeypatch.setattr(selectors, "documents_find", _locked)
    response = client_for(make_user("viewer", units.quang_tri)).get("/thu-vien/?q=hoi")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "Hệ thống đang bận. Xin thử lại sau ít giây" in page
    assert 'href="/thu-vien/?q=hoi"' in page
    assert "database is locked" not in page


def test_api_answers_503_in_json(
    monkeypatch: pytest.MonkeyPatch, make_user: Callable[..., User], units: Units
) -> None:
    viewer = make_user("viewer", units.quang_tri)
    _token, secret = token_create(actor=viewer, user=viewer, name="x")
    monkeypatch.setattr(selectors, "documents_find", _locked)
    response = Client().get("/api/documents", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 503
    assert response.json()["detail"].startswith("Hệ thống đang bận.")


def test_other_errors_are_not_disguised_as_busy(
    monkeypatch: pytest.MonkeyPatch,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    units: Units,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("hỏng")

    monkeypatch.setattr(selectors, "documents_find", broken)
    with pytest.raises(ValueError):
        client_for(make_user("viewer", units.quang_tri)).get("/thu-vien/")
