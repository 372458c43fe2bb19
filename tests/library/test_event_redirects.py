"""The address of an event that grouping merged away leads to the event that took in its reports."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.bench_corpus import corpus_generate
from doingoai.events.grouping import Assignment
from doingoai.library import services
from doingoai.library.models import Event, IngestJob
from tests.django_fixtures import Units
from tests.library_fixtures import FESTIVAL_LOCAL, FESTIVAL_TTXVN, HANOI_REPORT, document_named

Ingest = Callable[..., IngestJob]
MakeUser = Callable[..., User]
ClientFor = Callable[[User], Client]

OTHER = dict(corpus_generate(2, seed=11, words=160))
(OTHER_A, OTHER_A_TEXT), (OTHER_B, OTHER_B_TEXT) = ((f"{k}.txt", v) for k, v in OTHER.items())


def _merge_next(monkeypatch: pytest.MonkeyPatch, *, into: Event | None, absorbed: Event) -> None:
    """Make grouping put the next report into `into` (None: where it belongs), absorbing `absorbed`."""
    assign = services.event_assign

    def assign_and_merge(*args: Any, **kwargs: Any) -> Assignment:
        decided = assign(*args, **kwargs)
        if into is not None:
            decided = dataclasses.replace(decided, event=str(into.pk), created=False)
        return dataclasses.replace(decided, merged=(str(absorbed.pk),))

    monkeypatch.setattr(services, "event_assign", assign_and_merge)


@pytest.fixture
def merged(ingest: Ingest, monkeypatch: pytest.MonkeyPatch) -> tuple[int, Event]:
    """Return the id of the Hà Nội report's event, merged away, and the festival that took it in."""
    ingest({"ttxvn.txt": FESTIVAL_TTXVN, "hanoi.txt": HANOI_REPORT}, published=True)
    festival = document_named("ttxvn.txt").membership.event
    hanoi = document_named("hanoi.txt").membership.event
    _merge_next(monkeypatch, into=None, absorbed=hanoi)
    ingest({"local.txt": FESTIVAL_LOCAL}, published=True)
    monkeypatch.undo()
    assert not Event.objects.filter(pk=hanoi.pk).exists()
    assert document_named("hanoi.txt").membership.event == festival
    return hanoi.pk, festival


def test_merged_event_page_redirects_to_the_event_that_took_in_its_reports(
    merged: tuple[int, Event], units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    old, festival = merged
    client = client_for(make_user("viewer", units.ha_noi))
    response = client.get(f"/thu-vien/su-kien/{old}/")
    assert response.status_code == 301
    assert response["Location"] == f"/thu-vien/su-kien/{festival.pk}/"
    page = client.get(f"/thu-vien/su-kien/{old}/", follow=True)
    assert page.status_code == 200
    assert "Báo Quảng Trị" in page.content.decode()
    # The Word brief of the old event (a link kept in a report) leads to the new one's too.
    brief = client.get(f"/bao-cao/tong-ket/su-kien/{old}/tom-tat.docx")
    assert brief.status_code == 301
    assert brief["Location"].endswith(f"/su-kien/{festival.pk}/tom-tat.docx")


def test_api_answers_a_merged_event_with_301_and_the_new_id(
    merged: tuple[int, Event], units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    old, festival = merged
    client = client_for(make_user("viewer", units.ha_noi))
    response = client.get(f"/api/events/{old}")
    assert response.status_code == 301
    assert response["Location"] == f"/api/events/{festival.pk}"
    body = response.json()
    assert body["event_id"] == festival.pk
    assert body["url"] == f"/api/events/{festival.pk}"
    assert f"#{festival.pk}" in body["detail"]
    followed = client.get(f"/api/events/{old}", follow=True)
    assert followed.status_code == 200
    assert followed.json()["id"] == festival.pk
    schema = client.get("/api/openapi.json").json()
    assert "301" in schema["paths"]["/api/events/{event_id}"]["get"]["responses"]


def test_an_event_merged_twice_leads_straight_to_the_last_survivor(
    merged: tuple[int, Event],
    ingest: Ingest,
    monkeypatch: pytest.MonkeyPatch,
    client_for: ClientFor,
    units: Units,
    make_user: MakeUser,
) -> None:
    old, festival = merged
    ingest({OTHER_A: OTHER_A_TEXT}, published=True)
    other = document_named(OTHER_A).membership.event
    _merge_next(monkeypatch, into=other, absorbed=festival)
    ingest({OTHER_B: OTHER_B_TEXT}, published=True)
    assert document_named("hanoi.txt").membership.event == other
    client = client_for(make_user("viewer", units.ha_noi))
    for gone in (old, festival.pk):
        response = client.get(f"/thu-vien/su-kien/{gone}/")
        assert (response.status_code, response["Location"]) == (301, f"/thu-vien/su-kien/{other.pk}/")


def test_merged_event_is_not_found_for_a_reader_who_may_not_read_the_survivor(
    ingest: Ingest, monkeypatch: pytest.MonkeyPatch, units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN, "hanoi.txt": HANOI_REPORT}, owner=units.quang_tri)
    hanoi = document_named("hanoi.txt").membership.event
    _merge_next(monkeypatch, into=None, absorbed=hanoi)
    ingest({"local.txt": FESTIVAL_LOCAL}, owner=units.quang_tri)
    outsider = client_for(make_user("viewer", units.ha_noi))
    assert outsider.get(f"/thu-vien/su-kien/{hanoi.pk}/").status_code == 404
    assert outsider.get(f"/api/events/{hanoi.pk}").status_code == 404
    insider = client_for(make_user("viewer", units.quang_tri))
    assert insider.get(f"/thu-vien/su-kien/{hanoi.pk}/").status_code == 301


def test_rebuilding_the_events_keeps_every_old_address(
    merged: tuple[int, Event], units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    old, festival = merged
    services.events_rebuild()
    assert not Event.objects.filter(pk=festival.pk).exists()
    client = client_for(make_user("viewer", units.ha_noi))
    # Rebuilt without the forced merge, the Hà Nội report is an event of its own again.
    hanoi_now = document_named("hanoi.txt").membership.event
    festival_now = document_named("ttxvn.txt").membership.event
    assert hanoi_now != festival_now
    location = {pk: client.get(f"/thu-vien/su-kien/{pk}/")["Location"] for pk in (festival.pk, old)}
    assert location[festival.pk] == f"/thu-vien/su-kien/{festival_now.pk}/"
    # The merged-away id followed the founder of its event, the Hà Nội report.
    assert location[old] == f"/thu-vien/su-kien/{hanoi_now.pk}/"


def test_an_event_whose_last_report_is_deleted_is_not_found(
    merged: tuple[int, Event], units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    old, festival = merged
    for name in ("ttxvn.txt", "hanoi.txt", "local.txt"):
        services.document_delete(actor=SYSTEM, document=document_named(name))
    client = client_for(make_user("viewer", units.ha_noi))
    assert client.get(f"/thu-vien/su-kien/{old}/").status_code == 404
    assert client.get(f"/thu-vien/su-kien/{festival.pk}/").status_code == 404
