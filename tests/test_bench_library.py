from __future__ import annotations

import datetime as dt

import pytest

from doingoai.accounts.scope import SYSTEM
from doingoai.aid.demo import aid_demo_load
from doingoai.aid.models import Transaction
from doingoai.bench_library import SHIFT_DAYS, Pool, documents_fill, pool_make, transactions_fill
from doingoai.directory.demo import directory_demo_load
from doingoai.library.models import (
    Document,
    DocumentEntity,
    DocumentKey,
    Event,
    EventMembership,
    TermStatistic,
)
from doingoai.search.models import SearchEntry
from doingoai.search.services import search_entry_values


@pytest.fixture(scope="module")
def pool() -> Pool:
    return pool_make(5, words=120)


@pytest.mark.django_db
def test_copies_are_stored_with_their_index_rows_facts_and_events(pool: Pool) -> None:
    assert documents_fill(pool, 12, batch=5) == 12
    documents = list(Document.objects.order_by("pk"))
    assert len(documents) == 12
    assert len({d.content_hash for d in documents}) == 12  # each copy has its own text
    # Copy c of an article is SHIFT_DAYS × c days before the article, and its title says which copy.
    first, copy = documents[0], documents[5]
    assert first.published - copy.published == dt.timedelta(days=SHIFT_DAYS)
    assert copy.title.endswith("(kỳ 1)")
    # The search index holds exactly the rows the search app computes for each document.
    entry = SearchEntry.objects.get(document=copy)
    assert (
        search_entry_values(title=copy.title, body=copy.text, word_spans=[]).items()
        >= {
            k: getattr(entry, k)
            for k in ("title_exact", "body_exact", "title_folded", "body_folded", "pairs")
        }.items()
    )
    assert SearchEntry.objects.count() == 12
    assert (
        DocumentEntity.objects.filter(document=copy).count()
        == DocumentEntity.objects.filter(document=first).count()
    )
    assert DocumentKey.objects.filter(document=copy).count() > 0
    # Every document is in one event, whose stored summary names its members in order.
    assert EventMembership.objects.count() == 12
    for event in Event.objects.all():
        members = list(event.memberships.order_by("position").values_list("document_id", flat=True))
        assert event.summary["documents"] == members
        assert event.document_count == len(members) == event.published_count
        assert event.founder_id == members[0]
    assert TermStatistic.objects.get(term="").documents == 12


@pytest.mark.django_db
def test_a_document_created_after_the_fill_gets_a_new_id(pool: Pool) -> None:
    documents_fill(pool, 5, batch=5)
    last_event = max(Event.objects.values_list("pk", flat=True))
    created = Document.objects.create(title="Sau khi nạp", text="Văn bản mới nhập.", content_hash="x" * 64)
    assert created.pk == max(Document.objects.exclude(pk=created.pk).values_list("pk", flat=True)) + 1
    assert Event.objects.create(founder=created).pk == last_event + 1


@pytest.mark.django_db
def test_transactions_are_copied_back_by_52_weeks_at_a_time_with_unique_natural_keys() -> None:
    aid_demo_load(actor=SYSTEM, units=directory_demo_load(actor=SYSTEM))
    base = {t.pk: t for t in Transaction.objects.all()}
    assert transactions_fill(len(base) * 3 + 1) == len(base) * 3 + 1
    copies = Transaction.objects.exclude(pk__in=base)
    assert copies.count() == len(base) * 3 + 1
    days = {t.date - dt.timedelta(weeks=52 * k) for t in base.values() for k in range(4)}
    assert {t.date for t in copies} <= days
    assert (
        len(
            {
                (t.project_id, t.transaction_type, t.date, t.provider_id, t.sequence)
                for t in Transaction.objects.all()
            }
        )
        == len(base) * 4 + 1
    )


@pytest.mark.django_db(transaction=True)
def test_statistics_are_gathered_for_postgresql_after_a_fill() -> None:
    from django.db import connection

    from doingoai.bench_library import statistics_gather

    if connection.vendor != "postgresql":
        pytest.skip("SQLite is left without ANALYZE, as the application leaves it")
    statistics_gather()
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'search_searchentry'")
        assert cursor.fetchone()[0] is not None
