"""A province editor can neither read nor change another province's records: pages, API, search, export."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from doingoai.accounts.models import User
from doingoai.api.services import token_create
from doingoai.library import services
from doingoai.library.models import Document, IngestJob
from tests.django_fixtures import Units
from tests.library_fixtures import HANOI_REPORT, document_named

Ingest = Callable[..., IngestJob]
MakeUser = Callable[..., User]
ClientFor = Callable[[User], Client]
# A word only the Hà Nội report contains, typed without diacritics.
HANOI_WORD = "mong co"


@pytest.fixture
def hanoi_document(ingest: Ingest, units: Units) -> Document:
    ingest({"hanoi.txt": HANOI_REPORT}, owner=units.ha_noi_union)
    return document_named("hanoi.txt")


@pytest.fixture
def quang_tri_editor(make_user: MakeUser, units: Units) -> User:
    return make_user("editor", units.quang_tri, username="bientap.qt")


def _token_client(user: User) -> tuple[Client, dict[str, str]]:
    _token, secret = token_create(actor=user, user=user, name="thử nghiệm")
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_province_editor_cannot_read_other_province_unpublished_document(
    hanoi_document: Document, quang_tri_editor: User, client_for: ClientFor, make_user: MakeUser, units: Units
) -> None:
    pk = hanoi_document.pk
    event_pk = hanoi_document.membership.event.pk
    page = client_for(quang_tri_editor)
    # Pages: the document, its event, the list.
    assert page.get(f"/thu-vien/van-ban/{pk}/").status_code == 404
    assert page.get(f"/thu-vien/su-kien/{event_pk}/").status_code == 404
    assert "Mông Cổ" not in page.get("/thu-vien/").content.decode()
    assert "Mông Cổ" not in page.get("/thu-vien/su-kien/").content.decode()
    # Search, with and without diacritics.
    for query in (HANOI_WORD, "Mông Cổ"):
        results = page.get("/tim-kiem/", {"q": query}).content.decode()
        assert f"/thu-vien/van-ban/{pk}/" not in results
        assert "Không tìm thấy văn bản nào." in results
    # Exports.
    assert "Mông Cổ" not in page.get("/thu-vien/xuat.csv").content.decode()
    assert "Mông Cổ" not in page.get("/thu-vien/xuat.json", {"q": HANOI_WORD}).content.decode()
    # API with the editor's token.
    api, auth = _token_client(quang_tri_editor)
    assert api.get(f"/api/documents/{pk}", **auth).status_code == 404
    assert api.get(f"/api/events/{event_pk}", **auth).status_code == 404
    assert api.get("/api/documents", **auth).json()["count"] == 0
    assert api.get("/api/search", {"q": HANOI_WORD}, **auth).json()["count"] == 0
    assert api.get("/api/events", **auth).json()["count"] == 0

    # The same requests succeed for Hà Nội's own editor (the unit above the owning union), so
    # the refusals above are scope, not broken pages.
    hanoi_editor = make_user("editor", units.ha_noi)
    own = client_for(hanoi_editor)
    assert own.get(f"/thu-vien/van-ban/{pk}/").status_code == 200
    assert own.get(f"/thu-vien/su-kien/{event_pk}/").status_code == 200
    assert f"/thu-vien/van-ban/{pk}/" in own.get("/tim-kiem/", {"q": HANOI_WORD}).content.decode()
    assert "Mông Cổ" in own.get("/thu-vien/xuat.csv").content.decode()
    own_api, own_auth = _token_client(hanoi_editor)
    assert own_api.get(f"/api/documents/{pk}", **own_auth).status_code == 200
    assert own_api.get("/api/search", {"q": HANOI_WORD}, **own_auth).json()["count"] == 1


def test_province_editor_cannot_change_other_province_unpublished_document(
    hanoi_document: Document, quang_tri_editor: User, client_for: ClientFor
) -> None:
    pk = hanoi_document.pk
    page = client_for(quang_tri_editor)
    assert page.post(f"/thu-vien/van-ban/{pk}/cong-bo/", {"publish": "1"}).status_code == 404
    assert page.post(f"/thu-vien/van-ban/{pk}/xoa/").status_code == 404
    api, auth = _token_client(quang_tri_editor)
    assert (
        api.post(
            f"/api/documents/{pk}/publish",
            {"is_published": True, "version": 1},
            content_type="application/json",
            **auth,
        ).status_code
        == 404
    )
    assert api.delete(f"/api/documents/{pk}?version=1", **auth).status_code == 404
    with pytest.raises(PermissionDenied):
        services.document_publish(actor=quang_tri_editor, document=hanoi_document, is_published=True)
    with pytest.raises(PermissionDenied):
        services.document_delete(actor=quang_tri_editor, document=hanoi_document)
    hanoi_document.refresh_from_db()
    assert not hanoi_document.is_published


def test_province_editor_reads_but_cannot_change_other_province_published_document(
    ingest: Ingest, units: Units, quang_tri_editor: User, client_for: ClientFor
) -> None:
    ingest({"hanoi.txt": HANOI_REPORT}, owner=units.ha_noi, published=True)
    document = document_named("hanoi.txt")
    page = client_for(quang_tri_editor)
    detail = page.get(f"/thu-vien/van-ban/{document.pk}/").content.decode()
    assert "Mông Cổ" in detail
    assert "/xoa/" not in detail  # no buttons that would be refused
    assert page.post(f"/thu-vien/van-ban/{document.pk}/cong-bo/", {"publish": "0"}).status_code == 403
    assert page.post(f"/thu-vien/van-ban/{document.pk}/xoa/").status_code == 403
    api, auth = _token_client(quang_tri_editor)
    assert api.delete(f"/api/documents/{document.pk}?version=1", **auth).status_code == 403
    assert Document.objects.filter(pk=document.pk, is_published=True).exists()


def test_editor_publishes_and_deletes_own_unit_document(
    hanoi_document: Document, make_user: MakeUser, units: Units, client_for: ClientFor
) -> None:
    client = client_for(make_user("editor", units.ha_noi_union))
    client.post(f"/thu-vien/van-ban/{hanoi_document.pk}/cong-bo/", {"publish": "1"})
    hanoi_document.refresh_from_db()
    assert hanoi_document.is_published
    client.post(f"/thu-vien/van-ban/{hanoi_document.pk}/xoa/")
    assert not Document.objects.filter(pk=hanoi_document.pk).exists()


def test_event_page_shows_only_the_readable_outlets(
    ingest: Ingest, units: Units, quang_tri_editor: User, client_for: ClientFor
) -> None:
    from tests.library_fixtures import FESTIVAL_LOCAL, FESTIVAL_TTXVN

    ingest({"ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    # Hà Nội's unpublished copy of the local report joins the same event.
    ingest({"local.txt": FESTIVAL_LOCAL}, owner=units.ha_noi)
    event = document_named("ttxvn.txt").membership.event
    assert document_named("local.txt").membership.event == event
    page = client_for(quang_tri_editor).get(f"/thu-vien/su-kien/{event.pk}/").content.decode()
    assert "TTXVN" in page
    assert "Báo Quảng Trị" not in page
    assert "vô giá" not in page  # the hidden outlet's wording of the quote


def test_an_event_s_readable_members_are_joined_to_their_documents_not_listed_first(
    ingest: Ingest, units: Units, quang_tri_editor: User
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from doingoai.library import selectors
    from tests.library_fixtures import FESTIVAL_LOCAL, FESTIVAL_TTXVN

    ingest({"ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    ingest({"local.txt": FESTIVAL_LOCAL}, owner=units.ha_noi)
    event = document_named("ttxvn.txt").membership.event
    with CaptureQueriesContext(connection) as queries:
        members = selectors.event_get(user=quang_tri_editor, pk=event.pk).readable_memberships
    assert [m.document.file_name for m in members] == ["ttxvn.txt"]
    # A subquery of every readable document makes SQLite list them all before it reads the event's
    # few members (58 ms an event at 100,000 documents); the condition is on each member's document.
    membership_queries = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "library_eventmembership"')
    ]
    assert membership_queries
    assert not any("IN (SELECT" in sql for sql in membership_queries), membership_queries
