"""The name filters find a part of a name through an index, and follow every write to the names."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doingoai.library.models import DocumentEntity, EntityKind, IngestJob
from doingoai.library.selectors import entities_naming
from tests.library_fixtures import FESTIVAL_TTXVN, document_named

Ingest = Callable[..., IngestJob]


@pytest.fixture
def names(ingest: Ingest) -> list[DocumentEntity]:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    document = document_named("ttxvn.txt")
    DocumentEntity.objects.filter(document=document).delete()
    return DocumentEntity.objects.bulk_create(
        [
            DocumentEntity(document=document, kind=EntityKind.PERSON, name="Trần Cẩm Tú", key="tran cam tu"),
            DocumentEntity(document=document, kind=EntityKind.PERSON, name="Lê Thị Tú", key="le thi tu"),
            DocumentEntity(document=document, kind=EntityKind.PLACE, name="Cẩm Lệ", key="cam le"),
        ]
    )


@pytest.mark.parametrize(
    ("kind", "typed", "found"),
    [
        (EntityKind.PERSON, "cam tu", ["Trần Cẩm Tú"]),  # a part of three letters or more
        (EntityKind.PERSON, "tu", ["Lê Thị Tú", "Trần Cẩm Tú"]),  # two letters: read without the index
        (EntityKind.PERSON, "tran cam tu", ["Trần Cẩm Tú"]),
        (EntityKind.PERSON, "cam le", []),  # a place's name is not a person's
        (EntityKind.PLACE, "cam", ["Cẩm Lệ"]),
        (EntityKind.PERSON, "nguyen", []),
    ],
)
def test_a_part_of_a_name_finds_the_names_holding_it(
    names: list[DocumentEntity], kind: str, typed: str, found: list[str]
) -> None:
    assert sorted(entities_naming(kind, typed).values_list("name", flat=True)) == found


def test_the_index_follows_new_changed_and_deleted_names(names: list[DocumentEntity]) -> None:
    tu, le, _place = names
    DocumentEntity.objects.filter(pk=tu.pk).update(key="tran cam van")
    assert list(entities_naming(EntityKind.PERSON, "cam tu").values_list("pk", flat=True)) == []
    assert list(entities_naming(EntityKind.PERSON, "cam van").values_list("pk", flat=True)) == [tu.pk]
    DocumentEntity.objects.filter(pk=le.pk).delete()
    assert list(entities_naming(EntityKind.PERSON, "le thi").values_list("pk", flat=True)) == []


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the trigram table is SQLite's; PostgreSQL uses pg_trgm"
)
def test_sqlite_reads_the_trigram_index_not_every_name(names: list[DocumentEntity]) -> None:
    with CaptureQueriesContext(connection) as queries:
        list(entities_naming(EntityKind.PERSON, "cam tu"))
    assert "library_entity_trigram" in queries.captured_queries[-1]["sql"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_postgresql_indexes_the_names_by_trigrams_where_pg_trgm_is_installed(db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            pytest.skip("pg_trgm is not available on this server")
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'document_entity_key_trigram'")
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition
