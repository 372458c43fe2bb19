"""API writes carry the version they were based on; an old version gets 409 with the change since."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.test import Client

from doingoai.accounts.models import User
from doingoai.api.services import token_create
from doingoai.library.models import Document, IngestJob
from tests.django_fixtures import Units
from tests.library_fixtures import FESTIVAL_LOCAL, document_named

Ingest = Callable[..., IngestJob]


def _auth(user: User) -> dict[str, str]:
    _token, secret = token_create(actor=user, user=user, name="thử")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_publish_based_on_an_old_version_is_refused_with_the_change(
    client: Client, units: Units, make_user: Callable[..., User], ingest: Ingest
) -> None:
    ingest({"bao.txt": FESTIVAL_LOCAL}, owner=units.quang_tri)
    document = document_named("bao.txt")
    auth = _auth(make_user("editor", units.quang_tri, username="bientap.api"))
    url = f"/api/documents/{document.pk}/publish"
    read = client.get(f"/api/documents/{document.pk}", **auth).json()
    assert read["version"] == 1

    first = client.post(url, json.dumps({"is_published": True, "version": 1}), "application/json", **auth)
    assert first.status_code == 200 and first.json()["version"] == 2
    second = client.post(url, json.dumps({"is_published": False, "version": 1}), "application/json", **auth)
    assert second.status_code == 409
    body = second.json()
    assert body["current_version"] == 2
    # An API call has no form whose input stays on the page: it is not told so.
    assert body["detail"].startswith("Người khác đã sửa bản ghi này") and "bấm Lưu" not in body["detail"]
    assert any("bientap.api" in line for line in body["changes"])
    assert Document.objects.get(pk=document.pk).is_published is True

    assert client.delete(f"/api/documents/{document.pk}?version=1", **auth).status_code == 409
    assert Document.objects.filter(pk=document.pk).exists()
    assert client.delete(f"/api/documents/{document.pk}?version=2", **auth).status_code == 204
    assert not Document.objects.filter(pk=document.pk).exists()


def test_a_write_without_a_version_is_refused_naming_the_field(
    client: Client, units: Units, make_user: Callable[..., User], ingest: Ingest
) -> None:
    ingest({"bao.txt": FESTIVAL_LOCAL}, owner=units.quang_tri)
    document = document_named("bao.txt")
    auth = _auth(make_user("editor", units.quang_tri))
    response = client.post(
        f"/api/documents/{document.pk}/publish",
        json.dumps({"is_published": True}),
        "application/json",
        **auth,
    )
    assert response.status_code == 422
    assert "version" in response.content.decode()
    assert client.delete(f"/api/documents/{document.pk}", **auth).status_code == 422


def test_the_document_page_refuses_a_publish_from_a_stale_page(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client], ingest: Ingest
) -> None:
    ingest({"bao.txt": FESTIVAL_LOCAL}, owner=units.quang_tri)
    document = document_named("bao.txt")
    client = client_for(make_user("editor", units.quang_tri))
    url = f"/thu-vien/van-ban/{document.pk}/cong-bo/"
    assert 'name="version" value="1"' in client.get(f"/thu-vien/van-ban/{document.pk}/").content.decode()
    client.post(url, {"publish": "1", "version": "1"})
    page = client.post(url, {"publish": "0", "version": "1"}, follow=True).content.decode()
    assert "Người khác đã sửa bản ghi này" in page
    # A button has no input to keep: the page does not speak of one, nor of a Save button.
    assert "Nội dung bạn nhập" not in page and "bấm Lưu" not in page
    assert Document.objects.get(pk=document.pk).is_published is True
