"""The name filters find a part of a name among the distinct names, and follow every write to them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doingoai.library import selectors
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
        (EntityKind.PERSON, "cam tu", ["Trần Cẩm Tú"]),  # a part of a name
        (EntityKind.PERSON, "tu", ["Lê Thị Tú", "Trần Cẩm Tú"]),
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


def test_the_filter_follows_new_changed_and_deleted_names(names: list[DocumentEntity]) -> None:
    tu, le, _place = names
    DocumentEntity.objects.filter(pk=tu.pk).update(key="tran cam van")
    assert list(entities_naming(EntityKind.PERSON, "cam tu").values_list("pk", flat=True)) == []
    assert list(entities_naming(EntityKind.PERSON, "cam van").values_list("pk", flat=True)) == [tu.pk]
    DocumentEntity.objects.filter(pk=le.pk).delete()
    assert list(entities_naming(EntityKind.PERSON, "le thi").values_list("pk", flat=True)) == []


def test_a_broad_part_is_matched_by_the_database(
    names: list[DocumentEntity], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "NAME_KEYS_MATCHED_MAX", 1)
    assert sorted(entities_naming(EntityKind.PERSON, "tu").values_list("name", flat=True)) == [
        "Lê Thị Tú",
        "Trần Cẩm Tú",
    ]


def test_the_distinct_names_are_read_once_per_revision(names: list[DocumentEntity]) -> None:
    list(entities_naming(EntityKind.PERSON, "cam"))  # reads the distinct keys
    with CaptureQueriesContext(connection) as queries:
        list(entities_naming(EntityKind.PERSON, "tran"))
    assert not any("DISTINCT" in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize(
    "address",
    ["/tim-kiem/?q=lễ hội&person=không ai có tên này", "/thu-vien/?person=không ai có tên này"],
)
def test_a_name_no_document_holds_finds_nothing_without_an_error(
    names: list[DocumentEntity], make_user: Any, client_for: Any, address: str
) -> None:
    response = client_for(make_user("coordinator", None)).get(address)
    assert response.status_code == 200
    assert "Trần Cẩm Tú" not in response.content.decode()
