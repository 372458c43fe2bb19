"""Events kept one document at a time: joining, leaving, stored summaries by scope, bounded reads."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.bench_corpus import corpus_generate
from doingoai.directory.models import Organization
from doingoai.events.grouping import Assignment
from doingoai.library import selectors, services
from doingoai.library.models import Document, Event, EventMembership, IngestJob
from tests.django_fixtures import Units, signed_in_kept
from tests.library_fixtures import FESTIVAL_LOCAL, FESTIVAL_TTXVN, HANOI_REPORT, document_named

Ingest = Callable[..., IngestJob]
MakeUser = Callable[..., User]
ClientFor = Callable[[User], Client]

# Generated reports of other events (other places, other days): the rest of a library.
OTHER_REPORTS = {f"{doc_id}.txt": text for doc_id, text in corpus_generate(12, seed=7, words=180)}


def _reads() -> int:
    return services.GROUPING_READS.documents


def test_a_new_report_joins_its_event_reading_only_the_candidates(ingest: Ingest) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN, "hanoi.txt": HANOI_REPORT, **OTHER_REPORTS}, published=True)
    festival = document_named("ttxvn.txt").membership.event
    events_before = Event.objects.count()
    before = _reads()
    ingest({"local.txt": FESTIVAL_LOCAL}, published=True)
    local = document_named("local.txt")
    assert local.membership.event == festival
    assert local.membership.position == 1
    assert Event.objects.count() == events_before
    # Of the 14 documents stored, only the festival's report was compared with the new one.
    assert _reads() - before == 1
    festival.refresh_from_db()
    assert festival.document_count == 2
    assert festival.summary["outlets"] == ["TTXVN", "Báo Quảng Trị"]
    assert festival.summary["differences"] >= 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plans")
def test_candidate_lookup_reads_only_the_window_of_each_key(ingest: Ingest) -> None:
    # A key's postings of every date would make an import slower as the library grows: each
    # lookup must be one range of days in the (key, day) index, or the undated documents.
    ingest({"ttxvn.txt": FESTIVAL_TTXVN, "hanoi.txt": HANOI_REPORT, **OTHER_REPORTS})
    with CaptureQueriesContext(connection) as queries:
        ingest({"local.txt": FESTIVAL_LOCAL})
    lookup = '"library_documentkey"."key" IN'
    lookups = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and lookup in q["sql"]]
    assert lookups
    for sql in lookups:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            plan = [row[-1] for row in cursor.fetchall() if "library_documentkey" in row[-1]]
        assert plan
        assert all("key=? AND day" in step for step in plan), plan


def test_deleting_a_report_regroups_only_its_event(ingest: Ingest) -> None:
    ingest(
        {
            "ttxvn.txt": FESTIVAL_TTXVN,
            "local.txt": FESTIVAL_LOCAL,
            "hanoi.txt": HANOI_REPORT,
            **OTHER_REPORTS,
        },
        published=True,
    )
    festival = document_named("ttxvn.txt").membership.event
    others = {e.pk: e.updated_at for e in Event.objects.exclude(pk=festival.pk)}
    before = _reads()
    with CaptureQueriesContext(connection) as queries:
        services.document_delete(actor=SYSTEM, document=document_named("ttxvn.txt"))
    # The one remaining member of the event was read again; no other document was.
    assert _reads() - before == 1
    local = document_named("local.txt")
    # The event keeps its address: the next report takes the founder's place.
    assert local.membership.event.pk == festival.pk
    festival.refresh_from_db()
    assert festival.founder == local
    assert festival.summary["outlets"] == ["Báo Quảng Trị"]
    assert festival.document_count == 1
    assert {e.pk: e.updated_at for e in Event.objects.exclude(pk=festival.pk)} == others
    # A bounded number of statements, whatever the library holds.
    assert len(queries) < 40


def test_deleting_the_last_report_of_an_event_removes_the_event(ingest: Ingest) -> None:
    ingest({"hanoi.txt": HANOI_REPORT, "ttxvn.txt": FESTIVAL_TTXVN})
    hanoi = document_named("hanoi.txt")
    event_pk = hanoi.membership.event.pk
    services.document_delete(actor=SYSTEM, document=hanoi)
    assert not Event.objects.filter(pk=event_pk).exists()
    assert Event.objects.count() == 1


def test_deleted_and_reimported_report_joins_its_event_again(ingest: Ingest) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN, "local.txt": FESTIVAL_LOCAL})
    festival = document_named("ttxvn.txt").membership.event
    services.document_delete(actor=SYSTEM, document=document_named("local.txt"))
    ingest({"local-again.txt": FESTIVAL_LOCAL})
    assert document_named("local-again.txt").membership.event == festival


def test_library_grouping_matches_a_replay_of_every_document(ingest: Ingest) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN, "hanoi.txt": HANOI_REPORT, **OTHER_REPORTS})
    ingest({"local.txt": FESTIVAL_LOCAL})
    incremental = {
        frozenset(EventMembership.objects.filter(event=e).values_list("document_id", flat=True))
        for e in Event.objects.all()
    }
    services.events_rebuild()
    rebuilt = {
        frozenset(EventMembership.objects.filter(event=e).values_list("document_id", flat=True))
        for e in Event.objects.all()
    }
    assert incremental == rebuilt


def test_regrouping_a_window_keeps_events_and_leaves_other_days_alone(ingest: Ingest) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN, "local.txt": FESTIVAL_LOCAL, "hanoi.txt": HANOI_REPORT})
    festival = document_named("ttxvn.txt").membership.event
    hanoi = document_named("hanoi.txt").membership.event
    hanoi_updated = hanoi.updated_at
    day = document_named("ttxvn.txt").anchor_date
    assert day is not None and day != document_named("hanoi.txt").anchor_date
    assert services.events_regroup_window(date_from=day, date_to=day) == 1
    assert document_named("local.txt").membership.event == festival
    hanoi.refresh_from_db()
    assert hanoi.updated_at == hanoi_updated


def test_regrouping_a_window_backwards_is_refused(db: None) -> None:
    with pytest.raises(services.LibraryError, match="Ngày kết thúc"):
        services.events_regroup_window(date_from=dt.date(2026, 3, 2), date_to=dt.date(2026, 3, 1))


@pytest.fixture
def mixed_event(ingest: Ingest, units: Units) -> Event:
    """Return an event of a published national report and an unpublished report of Quảng Trị."""
    ingest({"ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    ingest({"local.txt": FESTIVAL_LOCAL}, owner=units.quang_tri)
    event = document_named("ttxvn.txt").membership.event
    assert document_named("local.txt").membership.event == event
    return event


@pytest.mark.parametrize(
    ("role", "unit", "outlets"),
    [
        ("viewer", "ha_noi", ["TTXVN"]),
        ("viewer", "quang_tri", ["TTXVN", "Báo Quảng Trị"]),
        ("coordinator", None, ["TTXVN", "Báo Quảng Trị"]),
    ],
)
def test_event_summary_shows_only_the_outlets_a_reader_may_read(
    mixed_event: Event, units: Units, make_user: MakeUser, role: str, unit: str | None, outlets: list[str]
) -> None:
    owner: Organization | None = getattr(units, unit) if unit else None
    user = make_user(role, owner)
    [summary] = selectors.events_summaries(user=user, events=list(selectors.events_list(user=user)))
    assert summary.id == mixed_event.pk
    assert summary.outlets == outlets
    assert len(summary.documents) == len(outlets)
    # The quote difference is only there when both reports are read.
    assert (summary.differences > 0) == (len(outlets) == 2)


def test_event_of_unpublished_reports_is_listed_only_in_their_units_scope(
    ingest: Ingest, units: Units, make_user: MakeUser
) -> None:
    ingest({"local.txt": FESTIVAL_LOCAL}, owner=units.quang_tri)
    assert selectors.events_list(user=make_user("viewer", units.quang_tri)).count() == 1
    assert selectors.events_list(user=make_user("viewer", units.ha_noi)).count() == 0


def test_publishing_a_report_updates_the_public_summary(mixed_event: Event, units: Units) -> None:
    mixed_event.refresh_from_db()
    assert mixed_event.public_summary["outlets"] == ["TTXVN"]
    local = document_named("local.txt")
    services.document_publish(actor=SYSTEM, document=local, is_published=True)
    mixed_event.refresh_from_db()
    assert mixed_event.public_summary["outlets"] == ["TTXVN", "Báo Quảng Trị"]
    assert mixed_event.published_count == 2


def _events_stored(count: int) -> None:
    """Store `count` one-document events directly (their documents are never analysed)."""
    documents = Document.objects.bulk_create(
        Document(
            title=f"Tin số {i}",
            source="TTXVN",
            text=f"Tin số {i}",
            content_hash=f"{i:064d}",
            is_published=True,
            published=dt.date(2025, 1, 1) + dt.timedelta(days=i),
        )
        for i in range(count)
    )
    events = Event.objects.bulk_create(
        Event(
            founder=d,
            date=d.published,
            document_count=1,
            published_count=1,
            summary={"title": d.title, "date": str(d.published), "outlets": ["TTXVN"], "documents": [d.pk]},
            public_summary={
                "title": d.title,
                "date": str(d.published),
                "outlets": ["TTXVN"],
                "documents": [d.pk],
            },
        )
        for d in documents
    )
    EventMembership.objects.bulk_create(
        EventMembership(event=e, document=d, position=0) for e, d in zip(events, documents, strict=True)
    )


def test_api_event_pages_are_bounded_and_cost_the_same_whatever_their_size(
    db: None, units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    _events_stored(130)
    client = client_for(make_user("viewer", units.quang_tri))
    # What is kept per library revision (who owns unpublished records) is read by the first request.
    client.get("/api/events?limit=1")
    with CaptureQueriesContext(connection) as small:
        page = client.get("/api/events?limit=2").json()
    assert page["count"] == 130
    assert [e["title"] for e in page["items"]] == ["Tin số 129", "Tin số 128"]
    assert page["items"][0]["outlets"] == ["TTXVN"]
    assert page["items"][0]["differences_count"] == 0
    with CaptureQueriesContext(connection) as large:
        page = client.get("/api/events?limit=100").json()
    assert len(page["items"]) == 100
    assert len(large) == len(small)
    # Past the documented maximum page size, the answer names the parameter instead.
    too_many = client.get("/api/events?limit=1000")
    assert too_many.status_code == 422 and "limit" in too_many.content.decode()
    with CaptureQueriesContext(connection) as documents:
        client.get("/api/documents?limit=20")
    assert len(small) <= len(documents) + 1


def test_event_list_page_costs_the_same_for_a_unit_reader_with_unpublished_reports(
    mixed_event: Event, ingest: Ingest, units: Units, make_user: MakeUser, client_for: ClientFor
) -> None:
    client = client_for(make_user("viewer", units.quang_tri))
    signed_in_kept(client)
    with CaptureQueriesContext(connection) as one:
        assert "Báo Quảng Trị" in client.get("/thu-vien/su-kien/").content.decode()
    ingest({"hanoi.txt": HANOI_REPORT, **dict(list(OTHER_REPORTS.items())[:3])}, owner=units.quang_tri)
    signed_in_kept(client)
    with CaptureQueriesContext(connection) as more:
        page = client.get("/thu-vien/su-kien/").content.decode()
    assert "Mông Cổ" in page
    assert len(more) == len(one)


def test_events_rebuild_command_regroups_the_library_and_a_window(ingest: Ingest) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    ingest({"ttxvn.txt": FESTIVAL_TTXVN, "local.txt": FESTIVAL_LOCAL, "hanoi.txt": HANOI_REPORT})
    out = StringIO()
    call_command("events_rebuild", stdout=out)
    assert out.getvalue().strip() == "2 sự kiện."
    day = str(document_named("hanoi.txt").anchor_date)
    call_command("events_rebuild", "--from", day, "--to", day, stdout=out)
    assert out.getvalue().strip().endswith("1 sự kiện.")
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command("events_rebuild", "--from", "20/3/2026", "--to", day)


def test_a_merge_decided_by_grouping_moves_the_other_events_reports_into_the_survivor(
    ingest: Ingest, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN, "hanoi.txt": HANOI_REPORT}, published=True)
    festival = document_named("ttxvn.txt").membership.event
    hanoi = document_named("hanoi.txt").membership.event
    assert festival != hanoi
    assign = services.event_assign

    def assign_and_merge(*args: Any, **kwargs: Any) -> Assignment:
        # Grouping found the new report to link the festival and the Hà Nội report's event.
        return dataclasses.replace(assign(*args, **kwargs), merged=(str(hanoi.pk),))

    monkeypatch.setattr(services, "event_assign", assign_and_merge)
    ingest({"local.txt": FESTIVAL_LOCAL}, published=True)
    assert not Event.objects.filter(pk=hanoi.pk).exists()
    members = list(
        EventMembership.objects.filter(event=festival)
        .order_by("position")
        .values_list("document__file_name", flat=True)
    )
    assert members == ["ttxvn.txt", "hanoi.txt", "local.txt"]
    festival.refresh_from_db()
    assert festival.document_count == 3


def test_a_report_without_a_date_needs_close_words_to_join_an_event_of_published_reports(
    ingest: Callable[..., Any], seeds_dir: Path
) -> None:
    # The two seed reports of the 30/12/2025 conference (one names no year, hence no date) and
    # the sample on a friendship union's own conference ten days later: alike in topic, not one event.
    sample = Path(__file__).resolve().parents[2] / "src/doingoai/samples/articles"
    vufo = "2026-01-09-ha-noi-lien-hiep-trien-khai-nhiem-vu.txt"
    ingest({vufo: (sample / vufo).read_text(encoding="utf-8")}, published=True)
    seeds = sorted(seeds_dir.glob("*.txt"))[:2]
    for seed in seeds:  # one at a time, as two imports arrive
        ingest({seed.name: seed.read_text(encoding="utf-8")}, published=True)
    event_of = {
        name: document_named(name).membership.event_id for name in (vufo, seeds[0].name, seeds[1].name)
    }
    assert event_of[seeds[0].name] == event_of[seeds[1].name]
    assert event_of[vufo] != event_of[seeds[0].name]


def test_reports_grouping_moves_out_leave_with_their_memberships_and_the_founder_passes_on(
    ingest: Ingest, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN, "local.txt": FESTIVAL_LOCAL}, published=True)
    festival = document_named("ttxvn.txt").membership.event
    assert document_named("local.txt").membership.event == festival
    ttxvn = document_named("ttxvn.txt")
    assign = services.event_assign

    def assign_and_move(*args: Any, **kwargs: Any) -> Assignment:
        # Grouping put the new report with the festival and found its founder not to belong there.
        found = assign(*args, **kwargs)
        return dataclasses.replace(
            found, event=str(festival.pk), created=False, moved=((str(ttxvn.pk), "e9"),), started=("e9",)
        )

    monkeypatch.setattr(services, "event_assign", assign_and_move)
    ingest({"hanoi.txt": HANOI_REPORT}, published=True)
    festival.refresh_from_db()
    assert festival.founder == document_named("local.txt")
    assert list(
        EventMembership.objects.filter(event=festival)
        .order_by("position")
        .values_list("document__file_name", flat=True)
    ) == ["local.txt", "hanoi.txt"]
    assert festival.document_count == 2
    started = document_named("ttxvn.txt").membership.event
    assert started != festival and started.founder == ttxvn and started.document_count == 1


def test_a_report_moved_to_an_existing_event_joins_it_after_its_reports(
    ingest: Ingest, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest(
        {"ttxvn.txt": FESTIVAL_TTXVN, "local.txt": FESTIVAL_LOCAL, "hanoi.txt": HANOI_REPORT}, published=True
    )
    festival = document_named("ttxvn.txt").membership.event
    hanoi = document_named("hanoi.txt").membership.event
    assert festival != hanoi
    local = document_named("local.txt")
    assign = services.event_assign

    def assign_and_move(*args: Any, **kwargs: Any) -> Assignment:
        found = assign(*args, **kwargs)
        return dataclasses.replace(
            found, event=str(festival.pk), created=False, moved=((str(local.pk), str(hanoi.pk)),)
        )

    monkeypatch.setattr(services, "event_assign", assign_and_move)
    ingest({"again.txt": FESTIVAL_TTXVN.replace("Quảng Trị", "Quảng Trị,", 1)}, published=True)
    assert list(
        EventMembership.objects.filter(event=hanoi)
        .order_by("position")
        .values_list("document__file_name", flat=True)
    ) == ["hanoi.txt", "local.txt"]
    hanoi.refresh_from_db()
    festival.refresh_from_db()
    assert hanoi.document_count == 2 and festival.document_count == 2


def test_an_undated_report_is_looked_for_where_it_was_imported(ingest: Ingest) -> None:
    # The local report arrives without its date line, after Hà Nội's report of May: the last dated
    # import places it, and its lead's "Ngày 20/3", with no year, moves it to the last 20 March
    # before that. So it is compared with that week's reports and joins TTXVN's report of it.
    ingest({"ttxvn.txt": FESTIVAL_TTXVN, **OTHER_REPORTS}, published=True)
    ingest({"hanoi.txt": HANOI_REPORT}, published=True)
    hanoi = document_named("hanoi.txt")
    ingest({"local.txt": FESTIVAL_LOCAL.replace("date 2026-03-21\n", "", 1)}, published=True)
    local = document_named("local.txt")
    assert local.published is None and local.anchor_date is None
    assert hanoi.published == dt.date(2026, 5, 4)
    assert local.features["placed"] == "2026-03-20"
    assert set(local.grouping_keys.values_list("day", flat=True)) == {dt.date(2026, 3, 20)}
    assert local.membership.event == document_named("ttxvn.txt").membership.event
    keys = list(local.grouping_keys.values_list("key", flat=True))
    months_later = dt.date(2026, 3, 20) + dt.timedelta(days=90)
    assert local.membership.event_id not in services._candidate_events(keys, months_later, exclude=0)
    assert local.membership.event_id in services._candidate_events(keys, dt.date(2026, 3, 20), exclude=0)


def test_an_undated_report_without_a_day_in_its_lead_is_placed_at_the_last_dated_import(
    ingest: Ingest,
) -> None:
    ingest({"hanoi.txt": HANOI_REPORT}, published=True)
    hanoi = document_named("hanoi.txt")
    text = FESTIVAL_LOCAL.replace("date 2026-03-21\n", "", 1).replace("Sáng 20/3, ", "", 1)
    ingest({"local.txt": text}, published=True)
    local = document_named("local.txt")
    assert local.anchor_date is None
    assert local.features["placed"] == hanoi.published.isoformat()


def test_an_undated_report_imported_after_its_event_joins_it(ingest: Ingest) -> None:
    ingest(OTHER_REPORTS, published=True)
    ingest({"ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    ingest({"local.txt": FESTIVAL_LOCAL.replace("date 2026-03-21\n", "", 1)}, published=True)
    local = document_named("local.txt")
    assert local.published is None
    assert local.membership.event == document_named("ttxvn.txt").membership.event


EVAL_ARTICLES = Path(__file__).resolve().parents[2] / "eval" / "events" / "articles"


def _relief_apart(ingest: Ingest, monkeypatch: pytest.MonkeyPatch) -> dict[str, Document]:
    """Import two flood-relief reports of one day and two of another province, each its own event.

    The import's own grouping is given thresholds out of reach, as if each report had arrived with
    too little in common with the others; settling uses the project's configuration.
    """
    apart = dataclasses.replace(services.DEFAULT_CONFIG, threshold=2.0, threshold_singleton=2.0)
    monkeypatch.setattr(services, "DEFAULT_CONFIG", apart)
    names = ("a052", "a053", "a056", "a057")
    ingest(
        {f"{n}.txt": (EVAL_ARTICLES / f"{n}.txt").read_text(encoding="utf-8") for n in names}, published=True
    )
    monkeypatch.undo()
    docs = {n: document_named(f"{n}.txt") for n in names}
    assert len({d.membership.event_id for d in docs.values()}) == 4
    return docs


def _window(docs: dict[str, Document]) -> tuple[dt.date, dt.date]:
    days = [d.anchor_date for d in docs.values() if d.anchor_date is not None]
    return min(days), max(days)


def test_settling_a_window_joins_the_reports_the_pass_left_apart(
    ingest: Ingest, monkeypatch: pytest.MonkeyPatch
) -> None:
    from doingoai.library.models import EventRedirect

    docs = _relief_apart(ingest, monkeypatch)
    events_before = {n: d.membership.event_id for n, d in docs.items()}
    first, last = _window(docs)
    # Two events take in a report each (written again); the two others are deleted.
    assert services.events_settle_window(date_from=first, date_to=last) == 2
    after = {n: document_named(f"{n}.txt").membership.event for n in docs}
    assert after["a052"] == after["a053"] != after["a056"] == after["a057"]
    # Each group keeps the row of its first report's event; the other rows' addresses follow.
    assert after["a052"].pk == events_before["a052"]
    assert after["a056"].pk == events_before["a056"]
    assert EventRedirect.objects.get(pk=events_before["a053"]).event_id == after["a052"].pk
    assert EventRedirect.objects.get(pk=events_before["a057"]).event_id == after["a056"].pk
    assert after["a052"].document_count == after["a056"].document_count == 2
    assert Event.objects.count() == 2


def test_settling_again_writes_nothing(ingest: Ingest, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _relief_apart(ingest, monkeypatch)
    first, last = _window(docs)
    services.events_settle_window(date_from=first, date_to=last)
    stamps = dict(Event.objects.values_list("pk", "updated_at"))
    with CaptureQueriesContext(connection) as queries:
        assert services.events_settle_window(date_from=first, date_to=last) == 0
    assert dict(Event.objects.values_list("pk", "updated_at")) == stamps
    assert not [q for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]


def test_settling_computes_again_when_the_events_changed_meanwhile(
    ingest: Ingest, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _relief_apart(ingest, monkeypatch)
    first, last = _window(docs)
    computed = []
    regrouped = services._regrouped

    def regrouped_then_deleted(events: Any, **kwargs: Any) -> Any:
        plan = regrouped(events, **kwargs)
        computed.append(plan)
        if len(computed) == 1:
            # Someone deletes a report while the first settling computes: what it decided is
            # stale and must not be written.
            services.document_delete(actor=SYSTEM, document=document_named("a057.txt"))
        return plan

    monkeypatch.setattr(services, "_regrouped", regrouped_then_deleted)
    services.events_settle_window(date_from=first, date_to=last)
    assert len(computed) == 2
    assert not Document.objects.filter(file_name="a057.txt").exists()
    after = {n: document_named(f"{n}.txt").membership.event_id for n in ("a052", "a053", "a056")}
    assert after["a052"] == after["a053"] != after["a056"]


def test_a_finished_import_settles_the_events_of_its_days(
    ingest: Ingest, monkeypatch: pytest.MonkeyPatch
) -> None:
    from doingoai.library import tasks

    docs = _relief_apart(ingest, monkeypatch)
    job = IngestJob.objects.latest("pk")
    first, last = _window(docs)
    assert services.job_settle_windows(job) == [(first, first + dt.timedelta(days=6))]
    assert last <= first + dt.timedelta(days=6)
    tasks.events_settle_enqueue(job=job)  # what a job's task does once the job is done
    assert len({document_named(f"{n}.txt").membership.event_id for n in docs}) == 2


def test_an_import_job_task_settles_once_done(
    db: None, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    from doingoai.library import tasks
    from doingoai.library.sources import Source

    settled: list[int] = []
    monkeypatch.setattr(services, "events_settle_job", lambda *, job: settled.append(job.pk) or 0)
    job = services.ingest_job_create(
        actor=SYSTEM, sources=[Source(name="hanoi.txt", text=HANOI_REPORT)], label="t", owner_unit=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        tasks.ingest_job_start(actor=SYSTEM, job=job)
    job.refresh_from_db()
    assert job.status == "done"
    assert settled == [job.pk]


def test_a_rebuild_settles_the_library_week_by_week(ingest: Ingest, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _relief_apart(ingest, monkeypatch)
    # The rebuild's own pass joins nothing either; the settling after it joins what belongs.
    apart = dataclasses.replace(services.DEFAULT_CONFIG, threshold=2.0, threshold_singleton=2.0)
    monkeypatch.setattr(services, "DEFAULT_CONFIG", apart)
    assert services.events_rebuild() == 2
    after = {n: document_named(f"{n}.txt").membership.event_id for n in docs}
    assert after["a052"] == after["a053"] != after["a056"] == after["a057"]
