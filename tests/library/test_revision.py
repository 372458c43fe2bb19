"""The library's pages kept under the records revision follow every write and each reader's scope."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.directory.services import person_create
from doingoai.library import services
from doingoai.library.models import Document, DocumentEntity, Event, IngestJob, Revision
from doingoai.library.revision import LIBRARY, TABLES
from tests.django_fixtures import Units
from tests.library_fixtures import FESTIVAL_LOCAL, FESTIVAL_TTXVN, HANOI_REPORT, document_named

Ingest = Callable[..., IngestJob]
MakeUser = Callable[..., User]
ClientFor = Callable[[User], Client]


def _bumped(write: Callable[[], Any]) -> bool:
    before = LIBRARY.current()
    write()
    after = LIBRARY.current()
    assert before is not None and after is not None
    return after > before


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda: Document.objects.update(title="Khác"), id="queryset update"),
        pytest.param(lambda: Document.objects.update(is_published=False), id="a document unpublished"),
        pytest.param(lambda: DocumentEntity.objects.update(name="Người khác"), id="a name found"),
        pytest.param(lambda: Event.objects.update(summary={}), id="an event summary"),
        pytest.param(lambda: Event.objects.all().delete(), id="cascade from events"),
        pytest.param(lambda: Document.objects.all().delete(), id="documents deleted"),
    ],
)
def test_every_kind_of_write_raises_the_revision(ingest: Ingest, write: Callable[[], Any]) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    assert _bumped(write)


def test_the_triggers_are_in_place_after_migrate_and_can_be_laid_again(db: None) -> None:
    LIBRARY.ensure()  # idempotent: `migrate` lays them again each time
    assert LIBRARY.triggered_tables() == set(TABLES)


def test_reading_raises_nothing(ingest: Ingest, make_user: MakeUser, client_for: ClientFor) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    client = client_for(make_user("coordinator", None))
    event = Event.objects.get()
    pages = ("/thu-vien/", "/tim-kiem/?q=lễ hội", "/thu-vien/su-kien/", f"/thu-vien/su-kien/{event.pk}/")
    for address in pages:
        assert not _bumped(lambda address=address: client.get(address))


@pytest.mark.parametrize(
    "address",
    ["/thu-vien/", "/tim-kiem/?q=quang tri", "/thu-vien/su-kien/", "/thu-vien/?outlet=Báo Quảng Trị"],
)
def test_a_page_shows_a_new_document_at_once(
    ingest: Ingest, make_user: MakeUser, client_for: ClientFor, address: str
) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    client = client_for(make_user("coordinator", None))
    first = client.get(address).content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(address).content.decode()
    assert again == first or _same_but_token(again, first)
    # Kept: the second request reads the session, the user and the revision, not the library.
    assert not any("library_document" in q["sql"] for q in queries.captured_queries)
    ingest({"bqt.txt": FESTIVAL_LOCAL}, published=True)
    title = document_named("bqt.txt").title
    after = client.get(address).content.decode()
    assert after != first
    if "su-kien" not in address:
        assert title in after


def _same_but_token(a: str, b: str) -> bool:
    """Return whether two pages differ only in their CSRF tokens (the page around the body)."""
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    return token.sub("", a) == token.sub("", b)


def test_an_event_page_follows_a_deleted_document(
    ingest: Ingest, make_user: MakeUser, client_for: ClientFor
) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN, "bqt.txt": FESTIVAL_LOCAL}, published=True)
    client = client_for(make_user("coordinator", None))
    local = document_named("bqt.txt")
    event = local.membership.event
    page = f"/thu-vien/su-kien/{event.pk}/"
    assert local.title in client.get(page).content.decode()
    services.document_delete(actor=SYSTEM, document=local)
    response = client.get(page)
    assert response.status_code in (200, 301, 404)
    assert local.title not in response.content.decode()


def test_a_kept_page_is_not_shared_beyond_the_readers_scope(
    ingest: Ingest, units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    ingest({"hanoi.txt": HANOI_REPORT}, owner=units.ha_noi_union)
    coordinator = client_for(make_user("coordinator", None))
    hanoi = client_for(make_user("editor", units.ha_noi_union))
    quang_tri = client_for(make_user("editor", units.quang_tri))
    hidden = document_named("hanoi.txt").title
    for address in ("/thu-vien/", "/tim-kiem/?q=mong co", "/thu-vien/su-kien/"):
        # The coordinator fills the cache first; each editor still sees only what they may read.
        assert hidden in coordinator.get(address).content.decode()
        assert hidden not in quang_tri.get(address).content.decode()
        assert hidden in hanoi.get(address).content.decode()
    # An editor and a viewer of one unit read the same records but are offered different actions.
    viewer = client_for(make_user("viewer", units.quang_tri, username="xem.qt"))
    upload = "/thu-vien/tai-len/"
    assert upload in quang_tri.get("/thu-vien/").content.decode()
    assert upload not in viewer.get("/thu-vien/").content.decode()


def test_readers_who_read_only_published_documents_share_one_search_page(
    ingest: Ingest, units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    readers = [
        client_for(make_user("coordinator", None)),
        client_for(make_user("editor", units.quang_tri)),
        client_for(make_user("viewer", units.ha_noi)),
    ]
    address = "/tim-kiem/?q=Lao Bảo"
    link = f"/thu-vien/van-ban/{document_named('ttxvn.txt').pk}/"
    assert link in readers[0].get(address).content.decode()
    for reader in readers[1:]:
        with CaptureQueriesContext(connection) as queries:
            page = reader.get(address).content.decode()
        # Nothing is unpublished: each reads what the first did, and the search is not run again.
        assert not [q for q in queries.captured_queries if "search_fts" in q["sql"] or "vector_" in q["sql"]]
        assert link in page
    # A draft of Hà Nội's: its reader and the coordinator now read more than the published documents.
    ingest({"hanoi.txt": HANOI_REPORT}, owner=units.ha_noi)
    hidden = document_named("hanoi.txt").title
    search = "/tim-kiem/?q=mong co"
    assert hidden in readers[0].get(search).content.decode()
    assert hidden not in readers[1].get(search).content.decode()
    assert hidden in readers[2].get(search).content.decode()
    assert hidden not in readers[1].get(search).content.decode()


def test_readers_of_the_same_documents_share_the_results_but_not_the_officials_offered(
    ingest: Ingest, units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    # An official Hà Nội has not published: Hà Nội's readers read more officials, not more documents.
    official = person_create(
        actor=SYSTEM, owner_unit=units.ha_noi, full_name="Hồ Thị Lan", is_published=False
    )
    ha_noi = client_for(make_user("editor", units.ha_noi))
    quang_tri = client_for(make_user("editor", units.quang_tri))
    viewer = client_for(make_user("viewer", units.quang_tri, username="xem.qt"))
    address = "/tim-kiem/?q=Hồ Thị Lan"
    document = f"/thu-vien/van-ban/{document_named('ttxvn.txt').pk}/"
    official_page = reverse("directory:person_detail", args=[official.pk])
    first = ha_noi.get(address).content.decode()
    assert document in first and official_page in first
    with CaptureQueriesContext(connection) as queries:
        page = quang_tri.get(address).content.decode()
    # The results are Hà Nội's reader's, not searched again; the name is offered without the page
    # of an official Quảng Trị may not read.
    assert not [q for q in queries.captured_queries if "search_fts" in q["sql"] or "vector_" in q["sql"]]
    assert document in page and "?person=" in page
    assert official_page not in page
    # The list too: an editor and a viewer of one unit share it, and only the editor may upload.
    assert "/thu-vien/tai-len/" in quang_tri.get("/thu-vien/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        listed = viewer.get("/thu-vien/").content.decode()
    assert not [q for q in queries.captured_queries if "library_document" in q["sql"]]
    assert document in listed and "/thu-vien/tai-len/" not in listed


def test_a_document_s_body_and_an_event_s_page_are_shared_by_their_readers(
    ingest: Ingest, units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    ingest({"hanoi.txt": HANOI_REPORT}, owner=units.ha_noi)  # a draft: Hà Nội's readers read more
    document = document_named("ttxvn.txt")
    event = Event.objects.get(memberships__document=document)
    coordinator = client_for(make_user("coordinator", None))
    quang_tri = client_for(make_user("editor", units.quang_tri))
    viewer = client_for(make_user("viewer", units.quang_tri, username="xem.qt"))
    ha_noi = client_for(make_user("editor", units.ha_noi))
    pages = (f"/thu-vien/van-ban/{document.pk}/", f"/thu-vien/su-kien/{event.pk}/")
    for address in pages:
        assert coordinator.get(address).status_code == 200
    for reader, shared in ((quang_tri, (True, False)), (viewer, (True, True)), (ha_noi, (True, False))):
        for address, kept in zip(pages, shared, strict=True):
            with CaptureQueriesContext(connection) as queries:
                assert reader.get(address).status_code == 200
            # Kept: the event's members are not read again (the document's body reads its event).
            computed = any("library_eventmembership" in q["sql"] for q in queries.captured_queries)
            assert computed != kept, (address, computed)
    # The buttons stay each reader's own (outside the kept body): only an editor of the owning unit
    # may publish Hà Nội's draft.
    draft = f"/thu-vien/van-ban/{document_named('hanoi.txt').pk}/"
    assert "cong-bo" in ha_noi.get(draft).content.decode()
    assert quang_tri.get(draft).status_code == 404


def test_a_document_page_follows_its_publication_and_keeps_each_readers_buttons(
    ingest: Ingest, units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    ingest({"hanoi.txt": HANOI_REPORT}, owner=units.ha_noi_union)
    document = document_named("hanoi.txt")
    page = f"/thu-vien/van-ban/{document.pk}/"
    editor = client_for(make_user("editor", units.ha_noi_union))
    coordinator = client_for(make_user("coordinator", None))
    assert "Chưa công bố" in editor.get(page).content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = editor.get(page).content.decode()
    assert "Chưa công bố" in again
    # Kept: the analysis is not read again (only the document's row, for the heading).
    assert sum("library_eventmembership" in q["sql"] for q in queries.captured_queries) == 0
    services.document_publish(actor=SYSTEM, document=document, is_published=True)
    assert "Đã công bố" in editor.get(page).content.decode()
    # The form's token is the reader's own: each reader gets the buttons fresh.
    tokens = set()
    for reader in (editor, coordinator):
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', reader.get(page).content.decode())
        assert found is not None
        tokens.add(found.group(1))
    assert len(tokens) == 2


def test_nothing_is_kept_inside_a_transaction_that_may_roll_back(settings: Any, db: None) -> None:
    from doingoai import revisions

    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    keep = {"counters": [LIBRARY], "user": None, "parts": ["x"], "compute": compute}
    settings.REVISIONS_CACHE_IN_TRANSACTIONS = False  # as in a request, where tests' own transaction is not
    assert [revisions.cached("t", **keep), revisions.cached("t", **keep)] == [1, 2]
    settings.REVISIONS_CACHE_IN_TRANSACTIONS = True
    assert [revisions.cached("t", **keep), revisions.cached("t", **keep)] == [3, 3]


def test_a_page_kept_by_other_code_is_not_served_after_an_upgrade(
    monkeypatch: pytest.MonkeyPatch, db: None
) -> None:
    from doingoai import revisions

    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    keep = {"counters": [LIBRARY], "user": None, "parts": ["x"], "compute": compute}
    assert [revisions.cached("t", **keep), revisions.cached("t", **keep)] == [1, 1]
    # The cache outlives a restart; templates or views changed by an upgrade make a new stamp.
    monkeypatch.setattr(revisions, "code_stamp", lambda: "another installation")
    assert revisions.cached("t", **keep) == 2


def test_the_code_stamp_follows_a_changed_template(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import doingoai
    from doingoai import revisions

    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>một</p>", encoding="utf-8")
    monkeypatch.setattr(doingoai, "__file__", str(tmp_path / "__init__.py"))
    revisions.code_stamp.cache_clear()
    try:
        before = revisions.code_stamp()
        page.write_text("<p>hai, dài hơn</p>", encoding="utf-8")
        revisions.code_stamp.cache_clear()
        assert revisions.code_stamp() != before
    finally:
        revisions.code_stamp.cache_clear()


def test_a_new_database_starts_its_counter_at_random(db: None) -> None:
    # A database made again (the demo, a restore into a fresh one) must not count through the
    # values under which the shared cache kept the pages of the one before.
    starts = set()
    for _ in range(2):
        Revision.objects.all().delete()
        LIBRARY.ensure()
        starts.add(LIBRARY.current())
    assert 0 not in starts and len(starts) == 2


def test_a_kept_document_page_reads_the_document_without_its_analysis(
    ingest: Ingest, make_user: MakeUser, client_for: ClientFor
) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    client = client_for(make_user("coordinator", None))
    page = f"/thu-vien/van-ban/{document_named('ttxvn.txt').pk}/"
    first = client.get(page).content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(page).content.decode()
    assert again == first or _same_but_token(again, first)
    read = [q["sql"] for q in queries.captured_queries if 'FROM "library_document"' in q["sql"]]
    assert read
    assert not [sql for sql in read if '"analysis"' in sql or '"features"' in sql or '"text"' in sql]


def test_a_partner_unpublished_by_one_unit_is_not_offered_to_another_units_readers(
    ingest: Ingest, units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    from doingoai.analysis.text import entity_key
    from doingoai.directory.models import Organization
    from doingoai.directory.services import partner_create

    ingest({"ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    units_keys = set(Organization.objects.values_list("name_key", flat=True))
    named = [
        e.name
        for e in DocumentEntity.objects.filter(kind="organization").order_by("pk")
        if entity_key(e.name) not in units_keys
    ]
    assert named
    ha_noi = client_for(make_user("editor", units.ha_noi))
    quang_tri = client_for(make_user("editor", units.quang_tri))
    address = f"/tim-kiem/?q={named[0]}"
    ha_noi.get(address)
    quang_tri.get(address)
    # Hà Nội registers the partner, unpublished: the next search is computed again (the revision
    # follows the partners), and only Hà Nội's readers are offered its page.
    partner = partner_create(
        actor=SYSTEM, owner_unit=units.ha_noi, name=named[0], kind="ngo", country="JP", is_published=False
    )
    page = reverse("directory:partner_detail", args=[partner.pk])
    assert page in ha_noi.get(address).content.decode()
    assert page not in quang_tri.get(address).content.decode()


def test_a_table_no_longer_watched_loses_its_triggers_and_raises_nothing(db: None) -> None:
    # A version that watched one more table left triggers on it; the next `migrate` drops them.
    from dataclasses import replace

    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F

    def touch() -> None:
        ContentType.objects.update(model=F("model"))

    wider = replace(LIBRARY, tables=(*LIBRARY.tables, "django_content_type"))
    wider.ensure()
    assert "django_content_type" in LIBRARY.triggered_tables()
    assert _bumped(touch)
    LIBRARY.ensure()
    assert LIBRARY.triggered_tables() == set(TABLES)
    assert not _bumped(touch)
